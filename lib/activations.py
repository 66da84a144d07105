"""Activation functions σ and their derivatives σ′, numerically stable for any z."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), exact for any z.

    For very negative z, e^(−z) overflows to infinity and 1/(1 + ∞) is exactly 0, the right
    limit, so the overflow is expected and silenced rather than avoided (which costs time).
    """
    e = np.negative(z)
    with np.errstate(over="ignore"):
        e = np.exp(e, out=e) if e.ndim else np.exp(e)
    e += 1.0
    return np.reciprocal(e, out=e) if e.ndim else 1.0 / e


def sigmoid_prime(z: np.ndarray) -> np.ndarray:
    """σ′(z) = σ(z)(1 − σ(z)); never larger than 1/4."""
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_prime_from_output(a: np.ndarray) -> np.ndarray:
    """σ′(z) written with a = σ(z): a(1 − a), with no σ to compute again."""
    s = np.subtract(1.0, a)
    s *= a
    return s


def relu(z: np.ndarray) -> np.ndarray:
    """ReLU(z) = max(0, z)."""
    return np.maximum(z, 0.0)


def relu_prime(z: np.ndarray) -> np.ndarray:
    """ReLU′(z): 1 where z > 0, else 0 (the value at exactly 0 is a convention)."""
    return (np.asarray(z) > 0).astype(np.asarray(z).dtype)


def linear(z: np.ndarray) -> np.ndarray:
    """The identity: a linear neuron passes its weighted input through."""
    return np.asarray(z)


def linear_prime(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over axis 0 (each column is one example), safe for large z."""
    # Subtracting the column maximum leaves softmax unchanged and keeps exp ≤ 1.
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """∂C/∂z from ∂C/∂a through softmax: the Jacobian diag(a) − a aᵀ applied per column."""
    return a * (grad_a - np.sum(grad_a * a, axis=0, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation by name, with the rule that carries ∂C/∂a back to ∂C/∂z."""

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray] | None
    # σ′ written in terms of the output a = σ(z), when that is cheaper than from z.
    derivative_from_output: Callable[[np.ndarray], np.ndarray] | None = None

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self.function(z)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """∂C/∂z given ∂C/∂a: σ′(z) ⊙ ∂C/∂a for elementwise σ, the Jacobian for softmax."""
        if self.derivative is None:
            return softmax_backward(a, grad_a)
        slope = self.derivative_from_output(a) if self.derivative_from_output else self.derivative(z)
        return np.multiply(slope, grad_a, out=slope) if isinstance(slope, np.ndarray) else slope * grad_a


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, sigmoid_prime_from_output),
    "relu": Activation("relu", relu, relu_prime),
    "linear": Activation("linear", linear, linear_prime),
    "softmax": Activation("softmax", softmax, None),
}


def get_activation(name: str) -> Activation:
    """The activation called `name`; a ValueError lists the known names otherwise."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]
