"""Gradients by central differences, the independent check on backpropagation."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .network import Network
from .validation import check_batch

# A parameter is named ("W", l, j, k) for w⁽ˡ⁾_jk or ("b", l, j) for b⁽ˡ⁾_j.
Param = tuple


def all_params(net: Network) -> list[Param]:
    """Every parameter's name, in the order of `net.get_flat()`."""
    names = []
    for l in range(1, net.L + 1):
        names += [("W", l, j, k) for j, k in np.ndindex(*net.W[l].shape)]
        names += [("b", l, j) for j in range(net.sizes[l])]
    return names


def _locate(net: Network, param: Param) -> tuple[np.ndarray, tuple]:
    """The array holding `param` and its index there, checking the name on the way."""
    kind, l, *index = param
    if kind == "W" and len(index) == 2:
        net.get_weight(l, *index)
        return net.W[l], tuple(index)
    if kind == "b" and len(index) == 1:
        net.get_bias(l, *index)
        return net.b[l], (index[0], 0)
    raise ValueError(f"a parameter is ('W', l, j, k) or ('b', l, j), got {param!r}")


def numerical_gradient(
    net: Network, X, Y, *, eps: float = 1e-6, params: Iterable[Param] | None = None
) -> np.ndarray:
    """∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε for each parameter θ: two cost evaluations each.

    `params` lists the parameters to differentiate (all of them, in flat order, if None).
    The network is left exactly as it was.
    """
    X, Y = check_batch(net, X, Y)
    params = all_params(net) if params is None else list(params)
    gradient = np.empty(len(params))
    for i, param in enumerate(params):
        array, index = _locate(net, param)
        saved = array[index]
        array[index] = saved + eps
        cost_plus = net.cost(X, Y)
        array[index] = saved - eps
        cost_minus = net.cost(X, Y)
        array[index] = saved
        gradient[i] = (cost_plus - cost_minus) / (2 * eps)
    return gradient


def backprop_gradient(net: Network, X, Y, params: Iterable[Param] | None = None) -> np.ndarray:
    """The backpropagation gradient, flattened in the same order as `numerical_gradient`."""
    grads = net.backprop(X, Y)
    if params is None:
        return np.concatenate([g.ravel() for l in range(1, net.L + 1) for g in (grads.W[l], grads.b[l])])
    values = []
    for kind, l, *index in params:
        values.append(grads.W[l][tuple(index)] if kind == "W" else grads.b[l][index[0], 0])
    return np.array(values)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖): near 1e-8 or below when two gradients agree in float64."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
