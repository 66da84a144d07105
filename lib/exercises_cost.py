"""Checkers for the exercises of chapter 1, the cost: quadratic cost, average cost, cross-entropy."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .exercises_feedback import Exercise, Feedback, Mistake, Number


def _cases_outputs(seed: int, n_examples: int | None) -> list[tuple]:
    """Output/target pairs like the digit network's: a in (0, 1)^10, y one-hot."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(3):
        shape = (10,) if n_examples is None else (10, n_examples)
        a = rng.uniform(0.02, 0.98, size=shape)
        labels = rng.integers(0, 10, size=1 if n_examples is None else n_examples)
        y = np.zeros(shape)
        if n_examples is None:
            y[labels[0]] = 1.0
        else:
            y[labels, np.arange(n_examples)] = 1.0
        cases.append((a, y))
    return cases


def _unchanged_advice(argument: str, minus: str) -> str:
    return (
        f"changed the array `{argument}` it was given: `{argument} -= …` (or `{argument}[…] = …`) writes "
        f"into the caller's array. Compute `{minus}`, a new array, instead."
    )


QUADRATIC_COST = Exercise(
    name="quadratic_cost",
    reference=lambda a, y: np.sum((a - y) ** 2),
    cases=_cases_outputs(seed=1, n_examples=None),
    form=lambda a, y: Number(label="C_x"),
    mistakes=[
        Mistake(lambda a, y: np.mean((a - y) ** 2), "You averaged over the 10 outputs; C_x adds them up."),
        Mistake(lambda a, y: 0.5 * np.sum((a - y) ** 2), "That is half of C_x: the book's C_x has no ½."),
        Mistake(lambda a, y: np.sum(a - y), "The differences must be squared before adding them."),
        Mistake(lambda a, y: np.sum(np.abs(a - y)), "You added absolute differences; square them instead."),
        Mistake(lambda a, y: np.sqrt(np.sum((a - y) ** 2)), "You took the square root (a distance)."),
        Mistake(lambda a, y: np.sum(a - y) ** 2, "You squared the sum; square each difference, then add."),
        Mistake(lambda a, y: (a - y) ** 2, "Those are the 10 squared differences: add them up."),
    ],
    protected={
        0: _unchanged_advice("a", "a - y"),
        1: _unchanged_advice("y", "a - y"),
    },
)


AVERAGE_COST = Exercise(
    name="average_cost",
    reference=lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=0)),
    cases=_cases_outputs(seed=2, n_examples=7),
    form=lambda A, Y: Number(label="C"),
    mistakes=[
        Mistake(lambda A, Y: np.sum((A - Y) ** 2), "You added the costs of all examples; C is their mean."),
        Mistake(
            lambda A, Y: np.mean((A - Y) ** 2),
            "You averaged over outputs and examples; average over examples only (sum over outputs).",
        ),
        Mistake(
            lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=1)),
            "You divided by 10, the number of outputs (the rows; len(A) counts rows): average over the "
            "examples, the columns, n = A.shape[1].",
        ),
        Mistake(
            lambda A, Y: np.mean(np.sum(A - Y, axis=0)), "The differences must be squared before adding them."
        ),
        Mistake(lambda A, Y: np.sum((A - Y) ** 2, axis=0), "That is one cost per example: C is their mean."),
        Mistake(
            lambda A, Y: np.mean((A - Y) ** 2, axis=1),
            "That is one number per output: add over the outputs (axis 0), then average over the examples.",
        ),
    ],
    protected={
        0: _unchanged_advice("A", "A - Y"),
        1: _unchanged_advice("Y", "A - Y"),
    },
)


def _cross_entropy_cases() -> list[tuple]:
    rng = np.random.default_rng(3)
    out = []
    for n in (1, 5, 8):
        P = rng.dirichlet(np.ones(10), size=n).T
        out.append((P, rng.integers(0, 10, size=n)))
    return out


def _pick(P, labels):
    return P[labels, np.arange(len(labels))]


def _one_hot(labels, k=10):
    Y = np.zeros((k, len(labels)))
    Y[labels, np.arange(len(labels))] = 1.0
    return Y


CROSS_ENTROPY = Exercise(
    name="cross_entropy",
    reference=lambda P, labels: -np.mean(np.log(_pick(P, labels))),
    cases=_cross_entropy_cases(),
    form=lambda P, labels: Number(label="C"),
    mistakes=[
        Mistake(
            lambda P, l: np.mean(np.log(_pick(P, l))), "The sign is wrong: minimise minus the log-likelihood."
        ),
        Mistake(lambda P, l: -np.sum(np.log(_pick(P, l))), "You added over examples; the cost is the mean."),
        Mistake(
            lambda P, l: -np.mean(np.sum(np.log(P), axis=0)),
            "You took the log of every output; only the probability of the correct label counts.",
        ),
        Mistake(lambda P, l: -np.mean(np.log10(_pick(P, l))), "Use the natural logarithm np.log, not log10."),
        Mistake(
            lambda P, l: -np.mean(np.log(P[l])),
            "P[labels] picks whole rows of P; take one entry per column, P[labels, np.arange(n)]: the "
            "probability example x gives its own label.",
        ),
        Mistake(
            lambda P, l: -np.mean(_one_hot(l) * np.log(P)),
            "You averaged over all 10 × n entries of Y ⊙ log P; average over the n examples only.",
        ),
        Mistake(
            lambda P, l: -np.log(_pick(P, l)),
            "That is one cost per example, −log P[label_x, x]: the cost is their mean.",
        ),
    ],
    protected={0: _unchanged_advice("P", "np.log(P[…])")},
)


def check_quadratic_cost(quadratic_cost: Callable) -> Feedback:
    """quadratic_cost(a, y) → C_x = Σ_j (a_j − y_j)² for one example (two vectors of 10)."""
    return QUADRATIC_COST.check(quadratic_cost)


def check_average_cost(average_cost: Callable) -> Feedback:
    """average_cost(A, Y) → C = (1/n) Σ_x C_x, examples as the n columns of A and Y."""
    return AVERAGE_COST.check(average_cost)


def check_cross_entropy(cross_entropy: Callable) -> Feedback:
    """cross_entropy(P, labels) → −(1/n) Σ_x log P[label_x, x], P's columns are probabilities."""
    return CROSS_ENTROPY.check(cross_entropy)
