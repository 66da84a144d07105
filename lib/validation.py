"""Checks that turn bad input into a clear error saying what was expected."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .network import Network


def check_sizes(sizes: list[int]) -> list[int]:
    """Layer sizes n_0 … n_L: at least two layers, each a positive integer."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list of layer sizes such as [784, 16, 16, 10], got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got sizes={list(sizes)}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"layer sizes must be integers, got {n!r} in {list(sizes)}")
        if n < 1:
            raise ValueError(f"layer sizes must be positive, got {n} in {list(sizes)}")
    return [int(n) for n in sizes]


def as_float_array(values, name: str, dtype: np.dtype) -> np.ndarray:
    """`values` as a finite float array, or a TypeError/ValueError naming `name`."""
    array = np.asarray(values)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be an array of numbers, got dtype {array.dtype}")
    array = array.astype(dtype, copy=False)
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); expected finite numbers")
    return array


def check_input(net: Network, X) -> np.ndarray:
    """X as an (n_0, m) array: one column per example. A 1-D x is one example."""
    X = as_float_array(X, "the input X", net.dtype)
    n_0 = net.sizes[0]
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[0] != n_0:
        hint = ""
        if X.ndim == 2 and X.shape[1] == n_0:
            hint = " It looks like examples are rows: pass X.T (the book stacks examples as columns)."
        raise ValueError(
            f"expected input X with {n_0} rows (one column per example, shape ({n_0}, m)), "
            f"got shape {X.shape}.{hint}"
        )
    return X


def check_batch(net: Network, X, Y) -> tuple[np.ndarray, np.ndarray]:
    """X as (n_0, m) and targets Y as (n_L, m): the same m examples, one per column."""
    X = check_input(net, X)
    Y = as_float_array(Y, "the targets Y", net.dtype)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    expected = (net.sizes[-1], X.shape[1])
    if Y.shape != expected:
        raise ValueError(
            f"targets Y must have shape {expected} (n_L = {expected[0]} rows, one column for "
            f"each of the {expected[1]} examples in X), got shape {Y.shape}"
        )
    return X, Y


def check_labels(labels, k: int) -> np.ndarray:
    """Integer labels in 0 … k−1, as a 1-D array."""
    labels = np.asarray(labels)
    if not np.issubdtype(labels.dtype, np.integer):
        if (
            np.issubdtype(labels.dtype, np.floating)
            and np.all(np.isfinite(labels))
            and np.all(labels == np.round(labels))
        ):
            labels = labels.astype(int)
        else:
            raise TypeError(f"labels must be whole numbers 0 … {k - 1}, got dtype {labels.dtype}")
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array, one label per example, got shape {labels.shape}")
    outside = labels[(labels < 0) | (labels >= k)]
    if outside.size:
        raise ValueError(
            f"labels must be in 0 … {k - 1}; found {outside.size} outside that range, "
            f"e.g. {outside[:5].tolist()}"
        )
    return labels
