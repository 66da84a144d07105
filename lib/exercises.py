"""Checkers for the exercises: run the reader's function and name the likely mistake.

Each checker compares the reader's function with a reference solution on a few cases.
When they differ it also compares the answer with plausible wrong solutions (a missing
σ′, a sum where a mean is due …) and says which mistake the answer matches.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: passed or not, and a message for the reader."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return ("✓ " if self.passed else "✗ ") + self.message


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong solution and the sentence that explains it."""

    solution: Callable
    explanation: str


def _show(value) -> str:
    array = np.asarray(value, dtype=float)
    if array.size == 1:
        return f"{float(array.ravel()[0]):.6g}"
    return np.array2string(array, precision=4, suppress_small=True, threshold=12)


def _same(got, expected, rtol: float) -> bool:
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(expected) and np.allclose(got, expected, rtol=rtol, atol=1e-12)


def check(
    name: str,
    candidate: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
) -> Feedback:
    """Run `candidate` and `reference` on every case (a tuple of arguments) and compare."""
    if not callable(candidate):
        return Feedback(False, f"pass the function itself, e.g. check(…, {name}), not {candidate!r}")
    for args in cases:
        try:
            got = candidate(*copy.deepcopy(args))
        except NotImplementedError:
            return Feedback(
                False, f"{name} is not written yet: replace the `raise NotImplementedError` line."
            )
        except Exception as error:  # the reader's code may fail in any way; report it
            return Feedback(False, f"{name} raised {type(error).__name__}: {error}")
        expected = reference(*copy.deepcopy(args))
        if _same(got, expected, rtol):
            continue
        if got is None:
            return Feedback(False, f"{name} returned None: did you forget `return`?")
        if np.shape(got) != np.shape(expected):
            return Feedback(
                False, f"{name} returned shape {np.shape(got)}, expected shape {np.shape(expected)}."
            )
        message = f"{name}: expected {_show(expected)}, got {_show(got)}."
        for mistake in mistakes:
            if _same(got, mistake.solution(*copy.deepcopy(args)), rtol):
                return Feedback(False, f"{message} {mistake.explanation}")
        return Feedback(False, message)
    return Feedback(True, f"{name} agrees with the reference on all {len(cases)} test cases.")


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


# Chapter 1 -----------------------------------------------------------------------


def check_quadratic_cost(quadratic_cost: Callable) -> Feedback:
    """quadratic_cost(a, y) → C_x = Σ_j (a_j − y_j)² for one example (two vectors of 10)."""
    return check(
        "quadratic_cost",
        quadratic_cost,
        lambda a, y: np.sum((a - y) ** 2),
        _cases_outputs(seed=1, n_examples=None),
        [
            Mistake(
                lambda a, y: np.mean((a - y) ** 2), "You averaged over the 10 outputs; C_x adds them up."
            ),
            Mistake(lambda a, y: 0.5 * np.sum((a - y) ** 2), "That is half of C_x: the book's C_x has no ½."),
            Mistake(lambda a, y: np.sum(a - y), "The differences must be squared before adding them."),
            Mistake(
                lambda a, y: np.sum(np.abs(a - y)), "You added absolute differences; square them instead."
            ),
            Mistake(lambda a, y: np.sqrt(np.sum((a - y) ** 2)), "You took the square root (a distance)."),
        ],
    )


def check_average_cost(average_cost: Callable) -> Feedback:
    """average_cost(A, Y) → C = (1/n) Σ_x C_x, examples as the n columns of A and Y."""
    return check(
        "average_cost",
        average_cost,
        lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=0)),
        _cases_outputs(seed=2, n_examples=7),
        [
            Mistake(
                lambda A, Y: np.sum((A - Y) ** 2), "You added the costs of all examples; C is their mean."
            ),
            Mistake(
                lambda A, Y: np.mean((A - Y) ** 2),
                "You averaged over outputs and examples; average over examples only (sum over outputs).",
            ),
            Mistake(
                lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=1)),
                "You summed over the examples (axis 1) and averaged over outputs: the axes are swapped. "
                "Each column is one example.",
            ),
        ],
    )


def check_cross_entropy(cross_entropy: Callable) -> Feedback:
    """cross_entropy(P, labels) → −(1/n) Σ_x log P[label_x, x], P's columns are probabilities."""

    def cases():
        rng = np.random.default_rng(3)
        out = []
        for n in (1, 5, 8):
            P = rng.dirichlet(np.ones(10), size=n).T
            out.append((P, rng.integers(0, 10, size=n)))
        return out

    def pick(P, labels):
        return P[labels, np.arange(len(labels))]

    return check(
        "cross_entropy",
        cross_entropy,
        lambda P, labels: -np.mean(np.log(pick(P, labels))),
        cases(),
        [
            Mistake(
                lambda P, l: np.mean(np.log(pick(P, l))),
                "The sign is wrong: minimise minus the log-likelihood.",
            ),
            Mistake(
                lambda P, l: -np.sum(np.log(pick(P, l))), "You added over examples; the cost is the mean."
            ),
            Mistake(
                lambda P, l: -np.mean(np.sum(np.log(P), axis=0)),
                "You took the log of every output; only the probability of the correct label counts.",
            ),
            Mistake(
                lambda P, l: -np.mean(np.log10(pick(P, l))), "Use the natural logarithm np.log, not log10."
            ),
            Mistake(
                lambda P, l: -np.log(np.prod(pick(P, l))) / len(l),
                "Right formula, but you multiplied the probabilities first: take logs before multiplying, "
                "or the product underflows.",
            ),
        ],
    )


# Chapter 2 -----------------------------------------------------------------------


def check_gradient_step(gradient_step: Callable) -> Feedback:
    """gradient_step(theta, gradient, eta) → θ − η ∇C, a new array (θ left unchanged)."""
    rng = np.random.default_rng(4)
    cases = [(rng.normal(size=n), rng.normal(size=n), eta) for n, eta in ((2, 0.1), (5, 0.5), (13, 3.0))]
    return check(
        "gradient_step",
        gradient_step,
        lambda theta, g, eta: theta - eta * g,
        cases,
        [
            Mistake(lambda theta, g, eta: theta + eta * g, "You stepped uphill: subtract the gradient."),
            Mistake(lambda theta, g, eta: theta - g, "You forgot the learning rate η."),
            Mistake(lambda theta, g, eta: theta - g / eta, "Multiply the gradient by η; do not divide."),
            Mistake(lambda theta, g, eta: -eta * g, "That is only the step; add it to θ."),
        ],
    )


def check_central_difference(derivative: Callable) -> Feedback:
    """derivative(f, x, eps) → (f(x + ε) − f(x − ε)) / 2ε."""
    cases = [(np.sin, 0.7, 1e-2), (np.exp, -0.3, 1e-2), (lambda t: t**3 - 2 * t, 1.5, 1e-2)]
    return check(
        "derivative",
        derivative,
        lambda f, x, eps: (f(x + eps) - f(x - eps)) / (2 * eps),
        cases,
        [
            Mistake(
                lambda f, x, eps: (f(x + eps) - f(x)) / eps,
                "That is the one-sided (forward) difference; the central one uses f(x + ε) and f(x − ε).",
            ),
            Mistake(
                lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps,
                "The two points are 2ε apart: divide by 2ε, not ε.",
            ),
            Mistake(
                lambda f, x, eps: (f(x) - f(x - eps)) / eps,
                "That is the backward difference; the central one uses f(x + ε) and f(x − ε).",
            ),
        ],
        rtol=1e-9,
    )
