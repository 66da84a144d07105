"""Checks that turn bad input into a clear error naming the argument, what was given and what was expected."""

from __future__ import annotations

import difflib
import inspect
import math
import numbers
import os
import sys
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from .errors import BackpropTypeError, BackpropValueError, UnscaledInputWarning

if TYPE_CHECKING:
    from .network import Network

# The largest network the library builds: 10⁹ parameters are 8 GB in float64. Beyond that a typo
# in `sizes` (an extra zero) would make numpy try to allocate terabytes, or the machine swap.
MAX_PARAMETERS = 10**9
# The most steps one call runs: at a few microseconds a step, 10⁹ steps are hours. An epoch count
# of 10³⁰ is a typo, and it would otherwise hang rather than fail.
MAX_STEPS = 10**9
# MNIST's images: 28 × 28 = 784 pixels, stored as whole numbers 0 … 255 before scaling.
PIXELS = 784


# Describing what was given ------------------------------------------------------------------


def describe(value) -> str:
    """A short description of `value` for an error message: its value and, for scalars, its type."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if value is None:
        return "None"
    if isinstance(value, int) and value.bit_length() > 200:  # repr of a huge int is long, or refused
        return f"an integer of about {int(value.bit_length() * math.log10(2))} digits (an int)"
    text = repr(float(value)) if isinstance(value, np.floating) else repr(value)  # 0.5, not np.float64(0.5)
    if len(text) > 60:
        text = text[:57] + "..."
    kind = type(value).__name__
    return f"{text} ({'an' if kind[0] in 'aeiou' else 'a'} {kind})"


def _with_hint(message: str, hint: str) -> str:
    return f"{message}. {hint}" if hint else message


def type_error(name: str, expected: str, value, hint: str = "") -> BackpropTypeError:
    """'`name` must be `expected`, got …': the error for a value of the wrong type."""
    return BackpropTypeError(_with_hint(f"{name} must be {expected}, got {describe(value)}", hint))


def value_error(name: str, expected: str, given: str, hint: str = "") -> BackpropValueError:
    """'`name` must be `expected`, got `given`': the error for a value out of range or of the wrong shape."""
    return BackpropValueError(_with_hint(f"{name} must be {expected}, got {given}", hint))


# Scalars ---------------------------------------------------------------------------------


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def _range_text(kind: str, low, high, low_open: bool = False) -> str:
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind} {'>' if low_open else '≥'} {low}"
    return kind if high is None else f"{kind} ≤ {high}"


def check_int(value, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """A whole number (Python or numpy int, not a bool or a float) in low … high."""
    expected = _range_text("an integer", low, high)
    if _is_bool(value) or not isinstance(value, (int, np.integer)):
        hint = ""
        if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
            hint = f"Pass the integer {int(value)}"
        raise type_error(name, expected, value, hint)
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise value_error(name, expected, describe(value) if abs(value) > 10**60 else str(value))
    return value


def check_real(
    value, name: str, *, low: float | None = None, high: float | None = None, low_open: bool = False
) -> float:
    """A finite real number (int or float, not a bool, a string or a complex number) as a float.

    low_open=True excludes `low` itself (for "η > 0").
    """
    expected = _range_text("a finite number", low, high, low_open)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()  # a 0-d array is a number in disguise
    if _is_bool(value) or not isinstance(value, numbers.Real):
        hint = (
            "Take the real part (np.real) if the imaginary part is zero" if isinstance(value, complex) else ""
        )
        raise type_error(name, expected, value, hint)
    try:
        number = float(value)
    except OverflowError:
        raise value_error(name, expected, f"{describe(value)}, too large for a float") from None
    if not math.isfinite(number) or (low is not None and (number < low or (low_open and number == low))):
        raise value_error(name, expected, repr(number))
    if high is not None and number > high:
        raise value_error(name, expected, repr(number))
    return number


def check_seed(seed, name: str = "seed") -> int:
    """A seed for numpy's generator: a whole number ≥ 0 (every random choice in the book is seeded)."""
    return check_int(seed, name, low=0)


def check_bool(value, name: str) -> bool:
    """True or False (a numpy bool too), not a number or a string that merely looks true."""
    if not _is_bool(value):
        raise type_error(name, "True or False", value)
    return bool(value)


def check_callable(
    value, name: str, allow_none: bool = True, arguments: int | None = None
) -> Callable | None:
    """A function (or None where allowed) that can be called with `arguments` positional arguments."""
    if value is None and allow_none:
        return value
    expected = "a function" + (f" of {arguments} arguments" if arguments is not None else "")
    if not callable(value):
        raise type_error(name, expected + (" or None" if allow_none else ""), value)
    if arguments is not None:
        try:
            inspect.signature(value).bind(*[None] * arguments)
        except TypeError:
            raise type_error(name, expected, value, f"Its signature is {inspect.signature(value)}") from None
        except ValueError:  # a builtin without a signature: it will have to do
            pass
    return value


def check_choice(value, name: str, choices: Iterable[str], what: str) -> str:
    """One of the names in `choices`; a near miss ('Sigmoid', 'cross-entropy') gets a suggestion."""
    choices = sorted(choices)
    if not isinstance(value, str):
        raise type_error(name, f"the name of {what}, one of {choices}", value)
    if value not in choices:
        close = difflib.get_close_matches(value.lower().replace("-", "_").replace(" ", "_"), choices, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise BackpropValueError(f"unknown {what} {value!r} for {name}; expected one of {choices}.{hint}")
    return value


def check_network(net, name: str = "net") -> Network:
    """A Network (not, say, its list of weights or a PyTorch model)."""
    from .network import Network  # here, not at the top: network.py imports this module

    if not isinstance(net, Network):
        raise type_error(name, "a backprop Network", net)
    return net


def check_pair(value, name: str, what: str = "two numbers") -> tuple[float, float]:
    """Two finite numbers, as a tuple or list or array of length 2."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, (tuple, list)):
        raise type_error(name, f"a pair of {what}", value)
    if len(value) != 2:
        raise value_error(name, f"a pair of {what}", f"{len(value)} values: {describe(value)}")
    return check_real(value[0], f"{name}[0]"), check_real(value[1], f"{name}[1]")


# Arrays ----------------------------------------------------------------------------------


def as_float_array(values, name: str, dtype: np.dtype = np.float64, *, allow_bool: bool = True) -> np.ndarray:
    """`values` as a finite float array of `dtype`, or an error naming `name` and saying why not.

    Booleans are read as 0 and 1 where `allow_bool` (a binary image is fine data); complex numbers,
    strings, None and Python objects are refused rather than silently converted or truncated.
    """
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise type_error(name, "an array of numbers", values)
    try:
        array = np.asarray(values)
    except (ValueError, TypeError) as error:  # ragged nested lists, objects numpy cannot read
        raise BackpropTypeError(
            f"{name} must be an array of numbers, got {describe(values)} that numpy cannot read as one "
            f"({error}). Are some rows longer than others?"
        ) from None
    kind = array.dtype.kind
    if kind == "c":
        raise BackpropTypeError(
            f"{name} must be an array of real numbers, got complex numbers (dtype {array.dtype}). "
            f"Take the real part with np.real if the imaginary part is zero"
        )
    if kind == "b" and not allow_bool:
        raise BackpropTypeError(f"{name} must be an array of numbers, got booleans (dtype bool)")
    if kind not in "biuf":
        what = (
            "Python objects (None, strings, or integers too large for numpy?)"
            if kind == "O"
            else "non-numbers"
        )
        raise BackpropTypeError(f"{name} must be an array of numbers, got {what} (dtype {array.dtype})")
    with np.errstate(over="ignore"):  # 1e300 in float32 is ∞: reported below, by name
        converted = array.astype(dtype, copy=False)
    if kind == "f":
        _check_finite(array, converted, name)
    return converted


def _check_finite(original: np.ndarray, converted: np.ndarray, name: str) -> None:
    # A finite sum means every value is finite, and a sum is several times faster than
    # np.isfinite(…).all(); only when it is not (NaN, ∞, or an overflow of huge values) look closer.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(converted.sum()):
            return
    finite = np.isfinite(converted)
    if finite.all():
        return
    bad = int(finite.size - np.count_nonzero(finite))
    if np.isfinite(original).all():  # finite before the cast: too large for float32
        raise BackpropValueError(
            f"{name} has {bad} value(s) too large for {converted.dtype} (largest |value| "
            f"{np.max(np.abs(original)):.3g}, the limit is {np.finfo(converted.dtype).max:.3g})"
        )
    first = np.unravel_index(int(np.argmin(finite)), finite.shape) if finite.ndim else ()
    where = f", the first at index {tuple(int(i) for i in first)}" if first else ""
    raise BackpropValueError(
        f"{name} contains {bad} NaN or infinite value(s){where}: {float(converted[first])!r}; "
        f"expected finite numbers"
    )


def check_vector(values, name: str, *, size: int | None = None, nonempty: bool = True) -> np.ndarray:
    """A 1-D array of finite floats (a list, a tuple or an array), of `size` entries if given."""
    array = as_float_array(values, name, allow_bool=False)
    if array.ndim != 1:
        hint = f"Pass {name}.ravel()" if array.ndim == 2 and 1 in array.shape else ""
        raise value_error(name, "a 1-D list or array of numbers", f"shape {array.shape}", hint)
    if size is not None and array.size != size:
        hint = f"Pass {name}.ravel()" if np.size(values) == size else ""
        raise value_error(name, f"a vector of {size} numbers", f"{array.size}", hint)
    if nonempty and array.size == 0:
        raise value_error(name, "a non-empty list or array of numbers", "an empty one")
    return array


def check_array(
    values, name: str, *, ndim: tuple[int, ...] | None = None, nonempty: bool = False
) -> np.ndarray:
    """An array (or a single number) of finite floats, with one of the allowed numbers of dimensions.

    Integer arrays become float64; float32 stays float32, so the functions keep the caller's precision.
    """
    dtype = (
        values.dtype
        if isinstance(values, (np.ndarray, np.floating)) and values.dtype.kind == "f"
        else np.float64
    )
    array = as_float_array(values, name, dtype, allow_bool=False)
    if ndim is not None and array.ndim not in ndim:
        expected = " or ".join(f"{d}-D" for d in ndim)
        raise value_error(name, f"a {expected} array", f"shape {array.shape}")
    if nonempty and array.size == 0:
        raise value_error(name, "a non-empty array", f"shape {array.shape}")
    return array


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Two arrays of the same shape: numpy would otherwise broadcast them into a silently wrong result."""
    if a.shape == b.shape:
        return
    hint = ""
    if a.ndim == 2 and b.shape == a.shape[::-1]:
        hint = f"It looks like one of them has examples as rows: pass {name_b}.T"
    elif a.ndim == 2 and a.shape[1] == 1 and b.shape == (a.shape[0],):
        hint = f"Pass {name_b}.reshape(-1, 1) to make it one column"
    elif a.ndim == 2 and b.ndim == 1 and b.shape == (a.shape[1],) and _looks_like_labels(b, a.shape[0]):
        hint = f"It looks like {name_b} holds labels: pass one_hot({name_b}, k={a.shape[0]})"
    raise value_error(name_b, f"of the same shape as {name_a}, {a.shape}", f"shape {b.shape}", hint)


def _looks_like_labels(values: np.ndarray, k: int) -> bool:
    """Whole numbers in 0 … k−1 (with k > 1): labels where one-hot targets were due."""
    return (
        k > 1
        and values.size > 0
        and bool(np.all(values == np.round(values)))
        and values.min() >= 0
        and values.max() < k
    )


# The network's inputs, targets and labels -------------------------------------------------


def check_sizes(sizes) -> list[int]:
    """Layer sizes n_0 … n_L: at least two layers, each a positive integer, of a size that fits in memory."""
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()
    if not isinstance(sizes, (list, tuple)):
        raise type_error("sizes", "a list of layer sizes such as [784, 16, 16, 10]", sizes)
    if len(sizes) < 2:
        raise BackpropValueError(
            f"a network needs at least an input and an output layer, got sizes={list(sizes)}; "
            f"expected a list such as [784, 16, 16, 10]"
        )
    for n in sizes:
        if _is_bool(n) or not isinstance(n, (int, np.integer)):
            hint = ""
            if isinstance(n, (float, np.floating)) and math.isfinite(n) and float(n).is_integer():
                hint = f" Pass the integer {int(n)}."
            raise BackpropTypeError(
                f"layer sizes must be integers, got {describe(n)} in {list(sizes)}.{hint}"
            )
        if n < 1:
            raise BackpropValueError(f"layer sizes must be positive, got {n} in {list(sizes)}")
    sizes = [int(n) for n in sizes]
    n_params = sum(n * (n_prev + 1) for n_prev, n in zip(sizes[:-1], sizes[1:], strict=True))
    if n_params > MAX_PARAMETERS:
        raise BackpropValueError(
            f"sizes={sizes} would make a network of {n_params:.3g} parameters ({8 * n_params / 1e9:.3g} GB); "
            f"the library builds at most {MAX_PARAMETERS:.0e}. Is a layer size mistyped?"
        )
    return sizes


def check_input(net: Network, X, name: str = "X") -> np.ndarray:
    """X as an (n_0, m) array with m ≥ 1: one column per example. A 1-D x is one example."""
    original = X
    X = as_float_array(X, f"the input {name}", net.dtype)
    n_0 = net.sizes[0]
    if X.ndim == 1:
        if X.size != n_0 and n_0 == 1:
            raise BackpropValueError(
                f"expected input {name} with 1 row (one column per example, shape (1, m)), got a 1-D array "
                f"of {X.size} numbers. For {X.size} examples of this one-input network pass "
                f"{name}.reshape(1, -1)"
            )
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[0] != n_0:
        raise BackpropValueError(
            f"expected input {name} with {n_0} rows (one column per example, shape ({n_0}, m)), "
            f"got shape {np.shape(original)}.{_input_hint(X, n_0, name)}"
        )
    if X.shape[1] == 0:
        raise value_error(f"the input {name}", "at least one example (column)", f"shape {X.shape}")
    warn_if_unscaled(X, name)
    return X


def _input_hint(X: np.ndarray, n_0: int, name: str) -> str:
    if X.ndim == 2 and X.shape[1] == n_0:
        return f" It looks like examples are rows: pass {name}.T (the book stacks examples as columns)."
    if X.ndim == 3 and X.shape[1] * X.shape[2] == n_0:
        return f" It looks like a stack of images: pass {name}.reshape(len({name}), -1).T."
    if X.ndim == 3 and X.shape[0] * X.shape[1] == n_0:
        return f" It looks like a stack of images: pass {name}.reshape({n_0}, -1)."
    return ""


def warn_if_unscaled(X: np.ndarray, name: str = "X") -> None:
    """Warn when X looks like raw MNIST pixels: 784 rows of whole numbers 0 … 255, the largest above 1.

    The rule is narrow on purpose: the book's inputs are in [0, 1], and its other inputs (the
    line-fitting problem's x, random test data) are not 784 wide or not whole numbers. The first
    example is looked at first, so that scaled data (its first image at most 1) costs nothing more.
    """
    if X.shape[0] != PIXELS or X.size == 0 or X[:, 0].max() <= 1:
        return
    top = X.max()
    if not 1 < top <= 255 or X.min() < 0 or not np.all(np.mod(X, 1) == 0):
        return
    warnings.warn(
        f"the input {name} looks like raw pixel values (whole numbers up to {top:g}); the networks "
        f"expect them scaled to [0, 1]: pass {name} / 255",
        UnscaledInputWarning,
        stacklevel=_caller_level(),
    )


def _caller_level() -> int:
    """The stacklevel of the first caller outside the library, so that a warning points at its line."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_LIBRARY):
        frame, level = frame.f_back, level + 1
    return level


_LIBRARY = os.path.dirname(os.path.abspath(__file__)) + os.sep


def check_targets(net: Network, Y, m: int, name: str = "Y") -> np.ndarray:
    """Targets Y as an (n_L, m) array, one column per example; for cross-entropy, distributions."""
    original = Y
    Y = as_float_array(Y, f"the targets {name}", net.dtype)
    k = net.sizes[-1]
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    expected = (k, m)
    if Y.shape != expected:
        shape = np.shape(original)
        raise BackpropValueError(
            f"targets {name} must have shape {expected} (n_L = {k} rows, one column for each of the {m} "
            f"examples in X), got shape {shape}.{_target_hint(np.asarray(original), k, m, name)}"
        )
    if net.cost_function.name == "cross_entropy":
        check_distributions(Y, name)
    return Y


def _target_hint(Y: np.ndarray, k: int, m: int, name: str) -> str:
    if Y.shape in ((m,), (1, m)) and _looks_like_labels(Y.astype(float), k):
        return (
            f" It looks like labels: pass one_hot({name}, k={k}) (one-hot targets, one column per example)."
        )
    if Y.shape == (m, k):
        return f" It looks like examples are rows: pass {name}.T (the book stacks examples as columns)."
    return ""


def check_distributions(Y: np.ndarray, name: str = "Y") -> None:
    """Cross-entropy targets: every column a probability distribution, entries ≥ 0 summing to 1.

    Other targets are refused rather than trained on: δ⁽ᴸ⁾ = a − y, the gradient of softmax with
    cross-entropy, holds only when each column of y sums to 1, and negative entries make the cost
    unbounded below.
    """
    Y = Y.reshape(-1, 1) if Y.ndim == 1 else Y
    if Y.size == 0:
        return
    expected = (
        f"the cross-entropy cost needs targets {name} whose columns are probability distributions "
        f"(entries ≥ 0 that sum to 1, such as one_hot(labels))"
    )
    negative = Y < 0
    if negative.any():
        row, column = np.argwhere(negative)[0]
        raise BackpropValueError(
            f"{expected}; got {int(negative.sum())} negative entries, e.g. {Y[row, column]:.6g} "
            f"in row {row}, column {column}"
        )
    sums = Y.sum(axis=0, dtype=np.float64)
    tolerance = max(1e-6, 100 * np.finfo(Y.dtype).eps)
    off = np.flatnonzero(np.abs(sums - 1) > tolerance)
    if off.size:
        raise BackpropValueError(
            f"{expected}; got {off.size} column(s) that do not sum to 1, e.g. column {off[0]} sums to "
            f"{sums[off[0]]:.6g}. Divide each column by its sum, or use cost='quadratic'"
        )


def check_batch(net: Network, X, Y) -> tuple[np.ndarray, np.ndarray]:
    """X as (n_0, m) and targets Y as (n_L, m): the same m ≥ 1 examples, one per column."""
    X = check_input(net, X)
    return X, check_targets(net, Y, X.shape[1])


def check_example(net: Network, x, y) -> tuple[np.ndarray, np.ndarray]:
    """One example: its input x (n_0 numbers) and target y (n_L numbers), as 1-D float64 arrays."""
    x = _one_column(as_float_array(x, "the example x"), net.sizes[0], "x", "input")
    y = _one_column(as_float_array(y, "the target y"), net.sizes[-1], "y", "target")
    warn_if_unscaled(x.reshape(-1, 1), "x")
    if net.cost_function.name == "cross_entropy":
        check_distributions(y, "y")
    return x, y


def _one_column(values: np.ndarray, n: int, name: str, what: str) -> np.ndarray:
    if values.shape in ((n,), (n, 1)):
        return values.reshape(n)
    hint = ""
    if values.ndim == 2 and values.shape[0] == n:
        hint = f"It looks like several examples: pick one column, {name}[:, i]"
    elif values.ndim == 0 and what == "target" and n > 1 and _looks_like_labels(values, n):
        hint = f"It looks like a label: pass one_hot([{values.item():g}], k={n})[:, 0]"
    raise value_error(f"the {what} {name} of one example", f"{n} numbers, shape ({n},) or ({n}, 1)",
                      f"shape {values.shape}", hint)  # fmt: skip


def check_labels(labels, k: int, name: str = "labels", m: int | None = None) -> np.ndarray:
    """Integer labels in 0 … k−1, as a 1-D int array; exactly m of them if m is given."""
    if labels is None or isinstance(labels, (str, bytes, dict, set)):
        raise type_error(name, f"whole numbers 0 … {k - 1}, one label per example", labels)
    try:
        array = np.asarray(labels)
    except (ValueError, TypeError):
        raise type_error(
            name, f"a list of whole numbers 0 … {k - 1}", labels, "Are some rows longer?"
        ) from None
    kind = array.dtype.kind
    if kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        _check_label_range(array, k, name)  # before the cast, which would wrap 1e300 around
        array = array.astype(np.int64)
    elif kind not in "iu":
        raise BackpropTypeError(
            f"{name} must be whole numbers 0 … {k - 1}, got dtype {array.dtype}{_first_non_whole(array)}"
        )
    if array.ndim != 1:
        raise BackpropValueError(
            f"{name} must be a 1-D array, one label per example, got shape {array.shape}."
            f"{_labels_hint(array, name)}"
        )
    _check_label_range(array, k, name)
    if m is not None and array.size != m:
        raise BackpropValueError(f"got {array.size} {name} for {m} examples; expected one label per example")
    return array


def _check_label_range(array: np.ndarray, k: int, name: str) -> None:
    outside = array[(array < 0) | (array >= k)]
    if outside.size:
        raise BackpropValueError(
            f"{name} must be in 0 … {k - 1}; found {outside.size} outside that range, "
            f"e.g. {outside[:5].tolist()}"
        )


def _first_non_whole(array: np.ndarray) -> str:
    if array.dtype.kind == "f" and array.size:
        bad = array.ravel()[~(np.isfinite(array.ravel()) & (array.ravel() == np.round(array.ravel())))]
        return f", e.g. {float(bad[0])!r}" if bad.size else ""
    return ""


def _labels_hint(array: np.ndarray, name: str) -> str:
    if array.ndim == 0:
        return f" For one label pass [{array.item()}]."
    if array.ndim == 2 and array.shape[0] > 1 and array.shape[1] > 1:
        return f" It looks like one-hot targets: pass np.argmax({name}, axis=0)."
    if array.ndim == 2 and 1 in array.shape:
        return f" Pass {name}.ravel()."
    return ""


def check_finite_result(value: float, what: str, hint: str) -> float:
    """A computed number that must be finite: overflow from huge inputs or parameters is an error."""
    if not math.isfinite(value):
        raise BackpropValueError(f"{what} is {value} (not a finite number). {hint}")
    return value
