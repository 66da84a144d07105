"""Checkers for the exercises of chapter 2, gradient descent: one step, a central difference."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .exercises_feedback import Array, Exercise, Feedback, Mistake, Number


def _step_cases() -> list[tuple]:
    rng = np.random.default_rng(4)
    return [(rng.normal(size=n), rng.normal(size=n), eta) for n, eta in ((2, 0.1), (5, 0.5), (13, 3.0))]


def _in_place(theta, g, eta):
    theta -= eta * g
    return theta


GRADIENT_STEP = Exercise(
    name="gradient_step",
    reference=lambda theta, g, eta: theta - eta * g,
    cases=_step_cases(),
    form=lambda theta, g, eta: Array(theta.shape, label="θ", what="the shape of theta"),
    mistakes=[
        Mistake(lambda theta, g, eta: theta + eta * g, "You stepped uphill: subtract the gradient."),
        Mistake(lambda theta, g, eta: theta - g, "You forgot the learning rate η."),
        Mistake(lambda theta, g, eta: theta - g / eta, "Multiply the gradient by η; do not divide."),
        Mistake(lambda theta, g, eta: -eta * g, "That is only the step; add it to θ."),
        Mistake(lambda theta, g, eta: theta - eta**2 * g, "The step is η ∇C: η once, not squared."),
        Mistake(lambda theta, g, eta: theta, "θ came back unchanged: return θ − η ∇C."),
    ],
    protected={
        0: "changed the array `theta` it was given; the exercise asks for a new array and θ left "
        "unchanged. `theta -= eta * gradient` overwrites the caller's θ; `theta - eta * gradient` "
        "makes a new array.",
        1: "changed the array `gradient` it was given; compute the step into a new array.",
    },
)


def _difference_cases() -> list[tuple]:
    return [(np.sin, 0.7, 1e-2), (np.exp, -0.3, 1e-2), (_cubic, 1.5, 1e-2)]


def _cubic(t):
    return t**3 - 2 * t


EXACT = {np.sin: np.cos, np.exp: np.exp, _cubic: lambda t: 3 * t**2 - 2}


CENTRAL_DIFFERENCE = Exercise(
    name="derivative",
    reference=lambda f, x, eps: (f(x + eps) - f(x - eps)) / (2 * eps),
    cases=_difference_cases(),
    form=lambda f, x, eps: Number(label="the derivative"),
    mistakes=[
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
        Mistake(
            lambda f, x, eps: (f(x + eps) - f(x - eps)) / 2 * eps,
            "Operator precedence: `… / 2 * eps` divides by 2 and then multiplies by ε; write `/ (2 * eps)`.",
        ),
        Mistake(
            lambda f, x, eps: f(x + eps) - f(x - eps),
            "That is the change in f; divide it by the distance 2ε between the two points.",
        ),
        Mistake(
            lambda f, x, eps: EXACT[f](x),
            "That is (almost) the exact derivative f′(x), not the central difference with the ε "
            "given: use the argument `eps` as ε.",
        ),
    ],
    rtol=1e-9,
)


def check_gradient_step(gradient_step: Callable) -> Feedback:
    """gradient_step(theta, gradient, eta) → θ − η ∇C, a new array (θ left unchanged)."""
    return GRADIENT_STEP.check(gradient_step)


def check_central_difference(derivative: Callable) -> Feedback:
    """derivative(f, x, eps) → (f(x + ε) − f(x − ε)) / 2ε."""
    return CENTRAL_DIFFERENCE.check(derivative)
