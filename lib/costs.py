"""Cost functions: the cost C_x of one example and the output error δ⁽ᴸ⁾ = ∂C_x/∂z⁽ᴸ⁾."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import Activation, _check_output
from .errors import NotFiniteError
from .validation import check_array, check_choice, check_distributions, check_same_shape, value_error

# As in activations.py, the public functions check their arguments and call unchecked twins,
# which the network's inner loop uses directly.


def _check_pair(a, y, name_a: str = "a") -> tuple[np.ndarray, np.ndarray]:
    """a (or z) and y: finite arrays of one shape, a vector for one example or one column per example."""
    a = check_array(a, name_a, ndim=(1, 2))
    y = check_array(y, "y", ndim=(1, 2))
    check_same_shape(a, y, name_a, "y")
    return a, y


def _check_finite_cost(cost: np.ndarray, what: str) -> np.ndarray:
    if not np.all(np.isfinite(cost)):
        raise NotFiniteError(f"{what} overflowed to infinity: the values of a and y are too large")
    return cost


def quadratic(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """C_x = Σ_j (a_j − y_j)² for each column (example) of `a`."""
    a, y = _check_pair(a, y)
    with np.errstate(over="ignore"):
        return _check_finite_cost(_quadratic(a, y), "the quadratic cost")


def _quadratic(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.sum((a - y) ** 2, axis=0)


def _quadratic_into(a: np.ndarray, y: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    # _quadratic's operations (x ** 2 is np.square), each into an array allocated once
    np.subtract(a, y, out=scratch)
    np.square(scratch, out=scratch)
    return np.add.reduce(scratch, axis=0, out=out)


def cross_entropy(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """C_x = −Σ_j y_j log a_j for each column: minus the log-probability of the right label.

    `a` holds probabilities (in [0, 1]) and every column of `y` is a probability distribution.
    C_x is infinite, and rightly so, where a_j = 0 for a y_j > 0.
    """
    a, y = _check_pair(_check_output(a, "softmax(z), or cross_entropy_from_logits(z, y)"), y)
    check_distributions(y, "y")
    return _cross_entropy(a, y)


def _cross_entropy(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    # 0 · log 0 is taken as 0: a class with y_j = 0 adds nothing (the product 0 · (−∞) is NaN,
    # computed and then discarded by np.where, so its warning is silenced too).
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(y > 0, y * np.log(a), 0.0), axis=0)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z) per column, exact even where softmax itself rounds to 0."""
    z = check_array(z, "z", ndim=(1, 2))
    if z.shape[0] == 0:
        raise value_error("z", "at least one row (one weighted input per output neuron)", f"shape {z.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        result = _log_softmax(z)
    if not np.all(np.isfinite(result)):
        raise NotFiniteError("log softmax overflowed: the entries of a column of z are too far apart")
    return result


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z_max = np.max(z, axis=0, keepdims=True)
    return z - z_max - np.log(np.sum(np.exp(z - z_max), axis=0, keepdims=True))


def cross_entropy_from_logits(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cross-entropy of softmax(z) against y, computed from the weighted inputs z."""
    z, y = _check_pair(z, y, "z")
    if z.shape[0] == 0:
        raise value_error("z", "at least one row (one weighted input per output neuron)", f"shape {z.shape}")
    check_distributions(y, "y")
    with np.errstate(over="ignore", invalid="ignore"):
        return _check_finite_cost(_cross_entropy_from_logits(z, y), "the cross-entropy")


def _cross_entropy_from_logits(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    return -np.sum(y * _log_softmax(z), axis=0)


@dataclass(frozen=True)
class Cost:
    """A cost by name: C_x per example and δ⁽ᴸ⁾ for a given output activation.

    Like Activation, it does not check its arguments: the network checks each batch once.
    """

    name: str
    per_example: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # δ⁽ᴸ⁾ from (z, a, y, the output activation, ∂C_x/∂a as `gradient` computed it)
    output_error: Callable[[np.ndarray, np.ndarray, np.ndarray, Activation, np.ndarray], np.ndarray]
    # The training step's version: δ⁽ᴸ⁾ written into an array allocated once, and Σ_x C_x of the
    # batch from what δ⁽ᴸ⁾ needs anyway (see output_error_into).
    output_error_and_cost: Callable[..., float]
    # per_example written into arrays allocated once, where that saves temporaries (see per_example_into)
    per_example_function_into: Callable[..., np.ndarray] | None = None

    def per_example_into(
        self, z: np.ndarray, a: np.ndarray, y: np.ndarray, out: np.ndarray, scratch
    ) -> np.ndarray:
        """per_example(z, a, y) written into `out` (one number per column); `scratch`, of the shape
        of a, may be overwritten. The same operations, so the same numbers."""
        if self.per_example_function_into is not None:
            return self.per_example_function_into(a, y, out, scratch)
        out[...] = self.per_example(z, a, y)
        return out

    def output_error_into(
        self, z: np.ndarray, a: np.ndarray, y: np.ndarray, activation: Activation, out: np.ndarray, scratch
    ) -> float:
        """δ⁽ᴸ⁾ written into `out`; returns Σ_x C_x over the batch. `scratch` is a C-contiguous
        array of the shape of a that it may overwrite.

        The sum is the batch's cost times m, in the dtype of a: it is what training records as
        History.step_cost and checks for NaN and infinity, so it must turn non-finite exactly when
        the cost does. Overflow warnings are left to the caller.
        """
        return self.output_error_and_cost(z, a, y, activation, out, scratch)


def quadratic_gradient(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂C_x/∂a for the quadratic cost: 2(a − y)."""
    a, y = _check_pair(a, y)
    with np.errstate(over="ignore"):
        return _check_finite_cost(_quadratic_gradient(a, y), "the gradient 2(a − y)")


def _quadratic_gradient(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 2.0 * (a - y)


def cross_entropy_gradient(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂C_x/∂a for the cross-entropy: −y/a (zero where y is zero, infinite where a is 0 and y is not)."""
    a, y = _check_pair(_check_output(a, "softmax(z)"), y)
    check_distributions(y, "y")
    return _cross_entropy_gradient(a, y)


def _cross_entropy_gradient(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    # −y/a overflows to −∞ where a is a denormal: the true value, too large for a float.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(y > 0, -y / a, 0.0)


def _quadratic_output_error(z, a, y, activation, grad_a):
    return activation.backward(z, a, grad_a)


def _cross_entropy_output_error(z, a, y, activation, grad_a):
    # For softmax with cross-entropy the Jacobian and the log cancel: δ⁽ᴸ⁾ = a − y, because every
    # column of y sums to 1 (the network refuses other targets for this cost).
    return a - y


def _quadratic_output_error_and_cost(z, a, y, activation: Activation, out: np.ndarray, scratch) -> float:
    # δ⁽ᴸ⁾ = 2(a − y) ⊙ σ′(z), and the cost Σ_x ‖a − y‖² from the same residual a − y, by one dot
    # product instead of squares, sums per example and a mean (the sum comes in another order, so it
    # may differ from cost() in the last bit; a NaN or ∞ anywhere in a − y makes it NaN or ∞ all the same).
    residual = np.subtract(a, y, out=scratch)
    total = float(np.vdot(residual, residual))
    residual *= 2.0
    activation.backward_into(z, a, residual, out)
    return total


def _cross_entropy_output_error_and_cost(z, a, y, activation: Activation, out: np.ndarray, scratch) -> float:
    np.subtract(a, y, out=out)
    return float(np.sum(_cross_entropy_from_logits(z, y)))  # n_L × m numbers: small next to the step


COSTS = {
    "quadratic": Cost(
        "quadratic",
        lambda z, a, y: _quadratic(a, y),
        _quadratic_gradient,
        _quadratic_output_error,
        _quadratic_output_error_and_cost,
        _quadratic_into,
    ),
    "cross_entropy": Cost(
        "cross_entropy",
        lambda z, a, y: _cross_entropy_from_logits(z, y),
        _cross_entropy_gradient,
        _cross_entropy_output_error,
        _cross_entropy_output_error_and_cost,
    ),
}


def get_cost(name: str, argument: str = "cost") -> Cost:
    """The cost called `name`; an error lists the known names otherwise."""
    return COSTS[check_choice(name, argument, COSTS, "cost")]
