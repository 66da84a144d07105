"""Cost functions: the cost C_x of one example and the output error δ⁽ᴸ⁾ = ∂C_x/∂z⁽ᴸ⁾."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import Activation


def quadratic(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """C_x = Σ_j (a_j − y_j)² for each column (example) of `a`."""
    return np.sum((a - y) ** 2, axis=0)


def cross_entropy(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """C_x = −Σ_j y_j log a_j for each column: minus the log-probability of the right label."""
    with np.errstate(divide="ignore"):
        log_a = np.log(a)
    # 0 · log 0 is taken as 0: a class with y_j = 0 adds nothing.
    return -np.sum(np.where(y > 0, y * log_a, 0.0), axis=0)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z) per column, exact even where softmax itself rounds to 0."""
    z_max = np.max(z, axis=0, keepdims=True)
    return z - z_max - np.log(np.sum(np.exp(z - z_max), axis=0, keepdims=True))


def cross_entropy_from_logits(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cross-entropy of softmax(z) against y, computed from the weighted inputs z."""
    return -np.sum(y * log_softmax(z), axis=0)


@dataclass(frozen=True)
class Cost:
    """A cost by name: C_x per example and δ⁽ᴸ⁾ for a given output activation."""

    name: str
    per_example: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # δ⁽ᴸ⁾ from (z, a, y, the output activation, ∂C_x/∂a as `gradient` computed it)
    output_error: Callable[[np.ndarray, np.ndarray, np.ndarray, Activation, np.ndarray], np.ndarray]


def quadratic_gradient(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂C_x/∂a for the quadratic cost: 2(a − y)."""
    return 2.0 * (a - y)


def cross_entropy_gradient(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂C_x/∂a for the cross-entropy: −y/a (zero where y is zero)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, -y / a, 0.0)


def _quadratic_output_error(z, a, y, activation, grad_a):
    return activation.backward(z, a, grad_a)


def _cross_entropy_output_error(z, a, y, activation, grad_a):
    # For softmax with cross-entropy the Jacobian and the log cancel: δ⁽ᴸ⁾ = a − y.
    return a - y


COSTS = {
    "quadratic": Cost(
        "quadratic", lambda z, a, y: quadratic(a, y), quadratic_gradient, _quadratic_output_error
    ),
    "cross_entropy": Cost(
        "cross_entropy",
        lambda z, a, y: cross_entropy_from_logits(z, y),
        cross_entropy_gradient,
        _cross_entropy_output_error,
    ),
}


def get_cost(name: str) -> Cost:
    """The cost called `name`; a ValueError lists the known names otherwise."""
    if not isinstance(name, str) or name not in COSTS:
        raise ValueError(f"unknown cost {name!r}; expected one of {sorted(COSTS)}")
    return COSTS[name]
