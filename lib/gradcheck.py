"""Gradients by central differences, the independent check on backpropagation."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .errors import BackpropValueError, NotFiniteError
from .network import Network
from .validation import (
    check_array,
    check_batch,
    check_network,
    check_real,
    check_same_shape,
    type_error,
)

# A parameter is named ("W", l, j, k) for w⁽ˡ⁾_jk or ("b", l, j) for b⁽ˡ⁾_j.
Param = tuple
PARAM_FORM = "a parameter name ('W', l, j, k) or ('b', l, j)"


def all_params(net: Network) -> list[Param]:
    """Every parameter's name, in the order of `net.get_flat()`."""
    check_network(net)
    names = []
    for l in range(1, net.L + 1):
        names += [("W", l, j, k) for j, k in np.ndindex(*net.W[l].shape)]
        names += [("b", l, j) for j in range(net.sizes[l])]
    return names


def _locate(net: Network, param: Param) -> tuple[str, int, tuple]:
    """ "W" or "b", the layer l and the index of `param` in W⁽ˡ⁾ or b⁽ˡ⁾, checking the name on the way."""
    if not isinstance(param, (tuple, list)) or not param or not isinstance(param[0], str):
        raise type_error("each parameter", PARAM_FORM, param)
    kind, *address = param
    if kind == "W" and len(address) == 3:
        net.get_weight(*address)  # checks l, j and k
        l, j, k = (int(i) for i in address)
        return "W", l, (j, k)
    if kind == "b" and len(address) == 2:
        net.get_bias(*address)
        l, j = (int(i) for i in address)
        return "b", l, (j, 0)
    raise BackpropValueError(f"each parameter must be {PARAM_FORM}, got {param!r}")


def _check_params(net: Network, params) -> list[tuple[str, int, tuple]]:
    """The located names of the parameters (all of them, in flat order, for None)."""
    if params is None:
        params = all_params(net)
    if isinstance(params, (str, bytes, np.ndarray, dict, set, frozenset)) or not isinstance(params, Iterable):
        # A set or dict has no order the gradient could follow; an array would turn l, j, k into strings.
        raise type_error("params", f"a list of parameter names, each {PARAM_FORM}, or None", params)
    if isinstance(params, tuple) and params and isinstance(params[0], str):
        raise type_error(
            "params", "a list of parameter names", params, f"For one parameter pass [{params!r}]"
        )
    return [_locate(net, param) for param in params]


def numerical_gradient(
    net: Network, X, Y, *, eps: float = 1e-6, params: Iterable[Param] | None = None
) -> np.ndarray:
    """∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε for each parameter θ: two cost evaluations each.

    `params` lists the parameters to differentiate (all of them, in flat order, if None).
    The network is left exactly as it was.
    """
    check_network(net)
    X, Y = check_batch(net, X, Y)
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    located = _check_params(net, params)
    gradient = np.empty(len(located))
    with np.errstate(over="ignore", invalid="ignore"):
        for i, (kind, l, index) in enumerate(located):
            array = net.W[l] if kind == "W" else net.b[l]
            gradient[i] = _central_difference(net, X, Y, array, index, eps)
    if not np.all(np.isfinite(gradient)):
        raise NotFiniteError(
            f"the central differences are not all finite: the cost overflowed for eps = {eps:g}; "
            f"use a smaller eps (such as 1e-6) or scale the inputs X"
        )
    return gradient


def _central_difference(net: Network, X, Y, array: np.ndarray, index: tuple, eps: float) -> float:
    saved = array[index]
    try:
        array[index] = saved + eps
        cost_plus, moved_up = net._cost(X, Y), array[index] != saved
        array[index] = saved - eps
        cost_minus, moved_down = net._cost(X, Y), array[index] != saved
    finally:
        array[index] = saved
    if not (moved_up and moved_down):  # ε below the spacing of floats near θ: both costs equal
        raise BackpropValueError(
            f"eps = {eps:g} is too small to change a parameter of value {float(saved):g} in {array.dtype}; "
            f"the difference would be 0. Use a larger eps, such as 1e-6 (float64) or 1e-3 (float32)"
        )
    return (cost_plus - cost_minus) / (2 * eps)


def backprop_gradient(net: Network, X, Y, params: Iterable[Param] | None = None) -> np.ndarray:
    """The backpropagation gradient, flattened in the same order as `numerical_gradient`."""
    check_network(net)
    located = None if params is None else _check_params(net, params)
    grads = net.backprop(X, Y)
    if located is None:
        flat = np.concatenate([g.ravel() for l in range(1, net.L + 1) for g in (grads.W[l], grads.b[l])])
    else:
        flat = np.array([(grads.W if kind == "W" else grads.b)[l][index] for kind, l, index in located])
    if not np.all(np.isfinite(flat)):
        raise NotFiniteError(
            "the backpropagation gradient is not all finite: the numbers overflowed; scale the inputs X "
            "or set smaller parameters"
        )
    return flat


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖): near 1e-8 or below when two gradients agree in float64."""
    a, b = check_array(a, "a").astype(float), check_array(b, "b").astype(float)
    check_same_shape(a, b, "a", "b")
    with np.errstate(over="ignore", invalid="ignore"):
        scale = np.linalg.norm(a) + np.linalg.norm(b)
        if not np.isfinite(scale):  # the norms overflowed: the same ratio, after scaling both down
            top = max(np.max(np.abs(a)), np.max(np.abs(b)))
            a, b = a / top, b / top
            scale = np.linalg.norm(a) + np.linalg.norm(b)
        return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
