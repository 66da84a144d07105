"""Checkers for the exercises of chapter 5, stochastic gradient descent: steps per epoch, one epoch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .exercises_feedback import Array, Exercise, Feedback, Mistake, WholeNumber

STEPS_PER_EPOCH = Exercise(
    name="steps_per_epoch",
    reference=lambda n, m: -(-n // m),
    cases=[(4000, 100), (4000, 1), (4000, 3), (50000, 64), (10, 20)],
    form=lambda n, m: WholeNumber(
        label="the number of steps",
        hint="A number of steps is a whole number: return an int (n / m and np.ceil give floats; "
        "math.ceil(n / m) and -(-n // m) give ints).",
    ),
    context=lambda n, m: f" (n = {n}, m = {m})",
    mistakes=[
        Mistake(lambda n, m: n // m, "The last, smaller mini-batch is a step too: round up, not down."),
        Mistake(
            lambda n, m: n // m + 1,
            "n // m + 1 is one step too many when m divides n: round n / m up, with math.ceil(n / m) "
            "or -(-n // m).",
        ),
        Mistake(lambda n, m: n, "That is the number of examples, not of mini-batches."),
        Mistake(
            lambda n, m: -(-m // n),
            "n and m are swapped: n is the number of examples, m the size of a mini-batch.",
        ),
    ],
)


def _linear_problem(seed: int):
    """Per-example gradients of a least-squares problem: the order of steps changes the answer."""
    rng = np.random.default_rng(seed)
    A, b = rng.normal(size=(23, 3)), rng.normal(size=23)

    def per_example_gradients(theta, indices):
        residual = A[indices] @ theta - b[indices]
        return 2 * residual[:, None] * A[indices]

    return per_example_gradients


def _epoch_variant(
    theta,
    per_example_gradients,
    n,
    m,
    eta,
    rng,
    *,
    shuffle=True,
    keep_last=True,
    mean=True,
    stale=False,
    batches="split",
):
    """One epoch of mini-batch SGD, with switchable mistakes."""
    theta = np.array(theta, dtype=float)
    start_theta = theta.copy()
    if batches == "whole":
        return theta - eta * per_example_gradients(theta, rng.permutation(n)).mean(axis=0)
    if batches == "choice":
        steps = -(-n // m)
        chosen = [rng.choice(n, size=m, replace=False) for _ in range(steps)]
    else:
        order = rng.permutation(n) if shuffle else np.arange(n)
        stop = n if keep_last else n - n % m
        chosen = [order[start : min(start + m, stop)] for start in range(0, stop, m)]
    for batch in chosen:
        g = per_example_gradients(start_theta if stale else theta, batch)
        theta = theta - eta * (g.mean(axis=0) if mean else g.sum(axis=0))
    return theta


def _epoch_cases() -> list[tuple]:
    return [
        (np.zeros(3), _linear_problem(s), 23, m, 0.05, np.random.default_rng(s)) for s, m in ((1, 5), (2, 4))
    ]


SGD_EPOCH = Exercise(
    name="sgd_epoch",
    reference=lambda theta, f, n, m, eta, rng: _epoch_variant(theta, f, n, m, eta, rng),
    cases=_epoch_cases(),
    form=lambda theta, f, n, m, eta, rng: Array(theta.shape, label="θ", what="the shape of theta"),
    context=lambda theta, f, n, m, eta, rng: f" (n = {n}, m = {m}, η = {eta:g})",
    mistakes=[
        Mistake(
            lambda *a: _epoch_variant(*a, shuffle=False),
            "The examples were taken in their stored order: shuffle them with rng.permutation(n) "
            "at the start of every epoch.",
        ),
        Mistake(
            lambda *a: _epoch_variant(*a, keep_last=False),
            "The last, smaller mini-batch was dropped: with n = 23 and m = 5 the epoch has 5 steps, "
            "the last one on 3 examples.",
        ),
        Mistake(
            lambda *a: _epoch_variant(*a, mean=False),
            "You added the per-example gradients; the step uses their mean (the gradient of the "
            "average cost over the mini-batch).",
        ),
        Mistake(
            lambda *a: _epoch_variant(*a, stale=True),
            "Every step used gradients computed at the starting θ; compute each mini-batch's "
            "gradient at the current θ, after the steps before it.",
        ),
        Mistake(
            lambda *a: _epoch_variant(*a, batches="whole"),
            "That is one step with the whole data set (full-batch gradient descent); an epoch of "
            "mini-batch SGD takes one step per mini-batch of m.",
        ),
        Mistake(
            lambda *a: _epoch_variant(*a, batches="choice"),
            "You drew a fresh random mini-batch for every step; an epoch shuffles once, "
            "order = rng.permutation(n), and takes the mini-batches in turn, so that every example "
            "is used exactly once.",
        ),
        Mistake(
            lambda theta, *rest: np.array(theta, dtype=float),
            "θ came back unchanged: assign each step, theta = theta − η · (mean gradient).",
        ),
    ],
    repeatable="sgd_epoch gave two different answers for the same arguments and the same `rng`: "
    "draw the order from the generator it is given, order = rng.permutation(n), not from np.random "
    "(the global generator) or a new one, so that a seed reproduces the epoch.",
)


def check_steps_per_epoch(steps_per_epoch: Callable) -> Feedback:
    """steps_per_epoch(n, m) → how many mini-batches of m make one pass over n examples."""
    return STEPS_PER_EPOCH.check(steps_per_epoch)


def check_sgd_epoch(sgd_epoch: Callable) -> Feedback:
    """sgd_epoch(theta, per_example_gradients, n, m, eta, rng) → θ after one epoch of mini-batch SGD.

    Shuffle with `order = rng.permutation(n)`, split `order` into mini-batches of m (the last
    may be smaller), and for each take a step with the mean of
    `per_example_gradients(theta, batch)` (one row per example of the batch).
    """
    return SGD_EPOCH.check(sgd_epoch)
