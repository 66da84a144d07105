"""Activation functions σ and their derivatives σ′, numerically stable for any z."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .validation import check_array, check_choice, check_same_shape, value_error

# The public functions check their argument and call the unchecked ones below them; the network's
# forward and backward passes call the unchecked ones directly, on arrays checked once per batch.


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), exact for any finite z (a number or an array)."""
    return _sigmoid(check_array(z, "z"))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # For very negative z, e^(−z) overflows to infinity and 1/(1 + ∞) is exactly 0, the right
    # limit, so the overflow is expected and silenced rather than avoided (which costs time).
    e = np.negative(z)
    with np.errstate(over="ignore"):
        e = np.exp(e, out=e) if e.ndim else np.exp(e)
    e += 1.0
    return np.reciprocal(e, out=e) if e.ndim else 1.0 / e


def _sigmoid_into(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    # The same four operations as _sigmoid, each writing into `out` (which may be z itself), and
    # without an np.errstate of its own: the training step's caller silences the overflow once.
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def sigmoid_prime(z: np.ndarray) -> np.ndarray:
    """σ′(z) = σ(z)(1 − σ(z)); never larger than 1/4."""
    return _sigmoid_prime(check_array(z, "z"))


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1.0 - s)


def sigmoid_prime_from_output(a: np.ndarray) -> np.ndarray:
    """σ′(z) written with a = σ(z): a(1 − a), with no σ to compute again."""
    return _sigmoid_prime_from_output(_check_output(a, "sigmoid_prime(z)"))


def _sigmoid_prime_from_output(a: np.ndarray) -> np.ndarray:
    s = np.subtract(1.0, a)
    s *= a
    return s


def _sigmoid_backward_into(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray, out: np.ndarray) -> np.ndarray:
    # σ′(z) ⊙ ∂C/∂a = a(1 − a) ⊙ ∂C/∂a, in the order of Activation.backward (the same bits)
    np.subtract(1.0, a, out=out)
    out *= a
    out *= grad_a
    return out


def _check_output(a, instead: str) -> np.ndarray:
    """An activation a = σ(z) or softmax(z): finite numbers in [0, 1]."""
    a = check_array(a, "a")
    if a.size and (a.min() < 0 or a.max() > 1):
        raise value_error(
            "a",
            "an activation σ(z) or softmax(z), in [0, 1]",
            f"values from {a.min():.6g} to {a.max():.6g}",
            f"Pass the output a, not the weighted input z; for z use {instead}",
        )
    return a


def relu(z: np.ndarray) -> np.ndarray:
    """ReLU(z) = max(0, z)."""
    return _relu(check_array(z, "z"))


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def relu_prime(z: np.ndarray) -> np.ndarray:
    """ReLU′(z): 1 where z > 0, else 0 (the value at exactly 0 is a convention)."""
    return _relu_prime(check_array(z, "z"))


def _relu_prime(z: np.ndarray) -> np.ndarray:
    return (np.asarray(z) > 0).astype(np.asarray(z).dtype)


def _relu_into(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0, out=out)


def _relu_backward_into(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray, out: np.ndarray) -> np.ndarray:
    # ∂C/∂a where z > 0, else 0: multiplying by the mask gives the same signed zeros as backward.
    # The mask is read from a = max(z, 0), positive exactly where z is, which the step may keep
    # in place of z.
    return np.multiply(grad_a, a > 0, out=out)


def linear(z: np.ndarray) -> np.ndarray:
    """The identity: a linear neuron passes its weighted input through."""
    return check_array(z, "z")


def _linear(z: np.ndarray) -> np.ndarray:
    return np.asarray(z)


def linear_prime(z: np.ndarray) -> np.ndarray:
    """The slope of the identity: 1 everywhere."""
    return _linear_prime(check_array(z, "z"))


def _linear_prime(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over axis 0 (each column is one example; a vector is one example), safe for large z."""
    z = check_array(z, "z", ndim=(1, 2))
    if z.shape[0] == 0:
        raise value_error("z", "at least one row (one weighted input per output neuron)", f"shape {z.shape}")
    # z − max z can overflow to −∞ for z spanning more than the float range; e^(−∞) = 0 is right.
    with np.errstate(over="ignore"):
        return _softmax(z)


def _softmax(z: np.ndarray) -> np.ndarray:
    # Subtracting the column maximum leaves softmax unchanged and keeps exp ≤ 1.
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """∂C/∂z from ∂C/∂a through softmax: the Jacobian diag(a) − a aᵀ applied per column."""
    a = _check_output(a, "softmax(z) first")
    grad_a = check_array(grad_a, "grad_a")
    if a.ndim not in (1, 2):
        raise value_error("a", "a 1-D or 2-D array (one column per example)", f"shape {a.shape}")
    check_same_shape(a, grad_a, "a", "grad_a")
    return _softmax_backward(a, grad_a)


def _softmax_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    return a * (grad_a - np.sum(grad_a * a, axis=0, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation by name, with the rule that carries ∂C/∂a back to ∂C/∂z.

    Its methods do not check their arguments: they are the network's inner loop, and the network
    checks each batch once, at the boundary of the public call. `into` and `backward_into` compute
    the same numbers as calling it and `backward`, written into an array the training step
    allocated once; they leave numpy's overflow warnings to the caller.
    """

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray] | None
    # σ′ written in terms of the output a = σ(z), when that is cheaper than from z.
    derivative_from_output: Callable[[np.ndarray], np.ndarray] | None = None
    # σ(z) into out, and σ′(z) ⊙ ∂C/∂a into out, when they can be computed there with no temporary.
    function_into: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    backward_function_into: Callable[..., np.ndarray] | None = None

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self.function(z)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """∂C/∂z given ∂C/∂a: σ′(z) ⊙ ∂C/∂a for elementwise σ, the Jacobian for softmax."""
        if self.derivative is None:
            return _softmax_backward(a, grad_a)
        slope = self.derivative_from_output(a) if self.derivative_from_output else self.derivative(z)
        return np.multiply(slope, grad_a, out=slope) if isinstance(slope, np.ndarray) else slope * grad_a

    def into(self, z: np.ndarray, out: np.ndarray) -> np.ndarray:
        """σ(z) written into `out`."""
        if self.function_into is not None:
            return self.function_into(z, out)
        out[...] = self.function(z)
        return out

    def backward_into(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray, out: np.ndarray) -> np.ndarray:
        """backward(z, a, grad_a) written into `out` (which may be grad_a itself)."""
        if self.backward_function_into is not None:
            return self.backward_function_into(z, a, grad_a, out)
        out[...] = self.backward(z, a, grad_a)
        return out


ACTIVATIONS = {
    "sigmoid": Activation(
        "sigmoid", _sigmoid, _sigmoid_prime, _sigmoid_prime_from_output, _sigmoid_into, _sigmoid_backward_into
    ),
    "relu": Activation("relu", _relu, _relu_prime, None, _relu_into, _relu_backward_into),
    "linear": Activation("linear", _linear, _linear_prime),
    "softmax": Activation("softmax", _softmax, None),
}


def get_activation(name: str, argument: str = "activation") -> Activation:
    """The activation called `name`; an error lists the known names otherwise."""
    return ACTIVATIONS[check_choice(name, argument, ACTIVATIONS, "activation")]
