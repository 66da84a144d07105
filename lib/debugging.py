"""A per-layer gradient check: the first δ⁽ˡ⁾ or gradient of a backward pass that departs from
finite differences, in the order backpropagation computes them.

A whole-network gradient check says *that* a backward pass is wrong. This one says *where*:
it walks the layers from L down to 1, as backpropagation does, and at each layer compares
δ⁽ˡ⁾, ∂C/∂b⁽ˡ⁾ and ∂C/∂W⁽ˡ⁾ with central differences. Everything computed before the first
departure is right, so the bug is in the line that computes that quantity (or in what it
reads). The debugging lab after chapter 4 uses it to find ten subtly broken backward passes.

    report = check_layers(backward, net, X, Y)
    report.first            # ("delta", 2): δ⁽²⁾ is the first quantity that departs, or None
    print(report)           # a table, layer by layer, with orders of magnitude, not digits

`backward(net, X, Y)` returns (delta, grad_W, grad_b), three lists indexed by the layer l
(index 0 unused, as in net.W), or the library's Gradients (net.backprop(X, Y)), or only
(grad_W, grad_b), as exercise 4.6 does; then the δ's are not checked.
δ⁽ˡ⁾ = ∂C_x/∂z⁽ˡ⁾ is of each example's cost C_x, one column per example; the gradients are of
the average cost C over the batch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .gradcheck import numerical_gradient, relative_error
from .network import Network

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
QUANTITIES = ("delta", "b", "W")  # the order backpropagation computes them in, at each layer
TOLERANCE = 1e-6  # central differences with ε = 1e-6 agree with a right backward pass to ~1e-9


def symbol(quantity: str, l: int) -> str:
    """δ⁽²⁾, ∂C/∂b⁽²⁾ or ∂C/∂W⁽²⁾."""
    layer = f"⁽{str(l).translate(SUPERSCRIPTS)}⁾"
    return {"delta": f"δ{layer}", "b": f"∂C/∂b{layer}", "W": f"∂C/∂W{layer}"}[quantity]


def numerical_deltas(net: Network, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6) -> list:
    """δ⁽ˡ⁾ = ∂C_x/∂z⁽ˡ⁾ by central differences: nudge z⁽ˡ⁾_j and run the rest of the network.

    Each example's cost depends only on its own column, so one nudge of row j of z⁽ˡ⁾ gives
    that entry's derivative for every example at once. Index 0 of the list is None.
    """
    fp = net.forward(X)
    deltas = [None]
    for l in range(1, net.L + 1):
        delta = np.empty_like(fp.z[l])
        for j in range(net.sizes[l]):
            costs = []
            for sign in (1.0, -1.0):
                z = fp.z[l].copy()
                z[j] += sign * eps
                costs.append(_cost_from(net, l, z, Y))
            delta[j] = (costs[0] - costs[1]) / (2 * eps)
        deltas.append(delta)
    return deltas


def _cost_from(net: Network, l: int, z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """C_x of every example when layer l's weighted inputs are z: the forward pass from layer l on."""
    a = net.activations[l](z)
    for k in range(l + 1, net.L + 1):
        z = net.W[k] @ a + net.b[k]
        a = net.activations[k](z)
    return net.cost_function.per_example(z, a, Y)


def numerical_gradients(net: Network, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6) -> tuple:
    """∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ of the average cost by central differences, as lists indexed by l."""
    flat = numerical_gradient(net, X, Y, eps=eps)
    grad_W, grad_b, start = [None], [None], 0
    for l in range(1, net.L + 1):
        for params, grads in ((net.W, grad_W), (net.b, grad_b)):
            size = params[l].size
            grads.append(flat[start : start + size].reshape(params[l].shape))
            start += size
    return grad_W, grad_b


@dataclass(frozen=True)
class Row:
    """One quantity of one layer: how far the reader's value is from the finite differences."""

    layer: int
    quantity: str  # "delta", "b" or "W"
    error: float | None  # relative error ‖got − fd‖ / (‖got‖ + ‖fd‖); None when it cannot be compared
    problem: str = ""  # why it cannot be compared (missing, wrong shape), or what its numbers show

    @property
    def ok(self) -> bool:
        return self.error is not None and self.error <= TOLERANCE

    @property
    def name(self) -> str:
        return symbol(self.quantity, self.layer)


def magnitude(error: float) -> str:
    """A relative error as every machine prints it: 'below 1e-6', or one significant digit."""
    if error <= TOLERANCE:
        return "below 1e-6"
    if error >= 0.095:
        return f"{error:.1g}"
    mantissa, exponent = f"{error:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


@dataclass(frozen=True)
class LayerReport:
    """The per-layer check of one backward pass, rows in the order backpropagation computes them."""

    rows: tuple

    @property
    def first(self) -> tuple[str, int] | None:
        """(quantity, layer) of the first quantity that departs from finite differences, or None."""
        for row in self.rows:
            if not row.ok:
                return row.quantity, row.layer
        return None

    @property
    def passed(self) -> bool:
        return self.first is None

    def __bool__(self) -> bool:
        return self.passed

    def summary(self) -> str:
        """One sentence: all agree, or the first quantity that departs and by how much."""
        if self.passed:
            return "Every δ⁽ˡ⁾ and gradient agrees with finite differences (relative errors below 1e-6)."
        row = next(r for r in self.rows if not r.ok)
        detail = row.problem or f"relative error {magnitude(row.error)}"
        if row is self.rows[0]:
            where = "It is the first quantity backpropagation computes"
        else:
            where = "Everything backpropagation computes before it agrees"
        return (
            f"The first departure is {row.name}, at layer {row.layer}: {detail}. {where}: look at the "
            f"line that computes {row.name}, and at what that line reads."
        )

    def __repr__(self) -> str:
        lines = ["layer  quantity   relative error   verdict"]
        marked = False
        for row in self.rows:
            verdict = "agrees" if row.ok else "DEPARTS"
            if not row.ok and not marked:
                verdict += "   ← the first departure"
                marked = True
            error = "—" if row.error is None else magnitude(row.error)
            lines.append(f"{row.layer:>5}  {row.name:<9}  {error:<15}  {verdict}")
            if row.problem and not row.ok:
                lines.append(f"{'':>5}  {'':<9}  {row.problem}")
        return "\n".join(lines + ["", self.summary()])


def _unpack(result, net: Network) -> tuple[list | None, list, list]:
    """(delta, grad_W, grad_b) from three lists, from (grad_W, grad_b) (then delta is None, not
    checked), or from the library's Gradients."""
    if hasattr(result, "delta") and hasattr(result, "W") and hasattr(result, "b"):
        return list(result.delta), list(result.W), list(result.b)
    if isinstance(result, (list, tuple)) and len(result) in (2, 3):
        parts = [_by_layer(part, net) for part in result]
        return tuple(parts) if len(parts) == 3 else (None, *parts)
    raise TypeError(
        "the backward pass must return (delta, grad_W, grad_b) or (grad_W, grad_b), lists indexed by "
        f"the layer l (index 0 unused, or left out), or net.backprop(X, Y); got {type(result).__name__}"
    )


def _by_layer(values, net: Network) -> list:
    """A list indexed by l: one with L entries (layers 1 … L) gets None put in front."""
    values = list(values) if isinstance(values, (list, tuple)) else values
    if isinstance(values, list) and len(values) == net.L:
        return [None] + values
    return values


def _compare(l: int, quantity: str, got, expected: np.ndarray) -> Row:
    if not isinstance(got, list) or len(got) <= l or got[l] is None:
        return Row(l, quantity, None, "it is missing (None was returned in its place)")
    value = np.asarray(got[l], dtype=float)
    if value.shape != expected.shape:
        return Row(l, quantity, None, f"its shape is {value.shape}, not {expected.shape}")
    error = relative_error(value, expected)
    problem = ""
    if error > TOLERANCE:
        problem = _pattern(value, expected)
    return Row(l, quantity, error, problem)


def _pattern(value: np.ndarray, expected: np.ndarray) -> str:
    """What the numbers show, when they show something simple: all zero, or one ratio throughout."""
    if not np.any(value):
        return "every entry is 0"
    nonzero = np.abs(expected) > 1e-9 * np.max(np.abs(expected))
    if np.any(nonzero):
        ratios = value[nonzero] / expected[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-5) and np.allclose(value[~nonzero], 0, atol=1e-12):
            return f"every entry is {ratios[0]:.3g} × the finite difference"
    return ""


def check_layers(
    backward: Callable, net: Network, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6
) -> LayerReport:
    """Compare a backward pass with finite differences, quantity by quantity, from layer L down to 1.

    `backward(net, X, Y)` returns (delta, grad_W, grad_b) indexed by the layer, or Gradients.
    The network is left as it was; a backward pass that changes it is reported.
    """
    before = [p.copy() for p in net.parameters()]
    result = backward(net, X, Y)
    changed = any(not np.array_equal(p, q) for p, q in zip(before, net.parameters(), strict=True))
    if changed:
        raise ValueError("the backward pass changed the network's weights or biases; it must only read them")
    delta, grad_W, grad_b = _unpack(result, net)
    fd_delta = numerical_deltas(net, X, Y, eps) if delta is not None else None
    fd_W, fd_b = numerical_gradients(net, X, Y, eps)
    rows = []
    for l in range(net.L, 0, -1):
        if delta is not None:
            rows.append(_compare(l, "delta", delta, fd_delta[l]))
        rows.append(_compare(l, "b", grad_b, fd_b[l]))
        rows.append(_compare(l, "W", grad_W, fd_W[l]))
    return LayerReport(tuple(rows))


def agreement_figure(passes: list[tuple[str, Callable, Network]], X: np.ndarray, Y: np.ndarray):
    """A widget: choose a backward pass and see, quantity by quantity, how many digits it shares
    with finite differences. `passes` lists (name, backward, network) to choose from."""
    from .plots import COLORS
    from .widgets import LookupFigure, bars, line, panel

    reports = [(name, check_layers(backward, net, X, Y)) for name, backward, net in passes]
    rows = reports[0][1].rows
    ticks = [[i, symbol(r.quantity, r.layer).replace("∂C/∂", "")] for i, r in enumerate(rows)]

    def digits(row: Row) -> float:
        """−log₁₀ of the relative error, 0 for a missing or misshapen quantity, at most 12."""
        if row.error is None or row.error >= 1:
            return 0.0
        return float(min(12.0, -math.log10(max(row.error, 1e-300))))

    def frame(i: int):
        name, report = reports[i]
        heights = [digits(r) for r in report.rows]
        colors = [COLORS["gradient"] if r.ok else COLORS["path"] for r in report.rows]
        first = report.first
        readout = [
            ["backward pass", name],
            ["first departure", "none" if first is None else f"{symbol(*first)} (layer {first[1]})"],
        ]
        return [bars(range(len(heights)), heights, colors)], readout

    threshold = line([-0.5, len(rows) - 0.5], [6, 6], COLORS["neutral"], "agreement needed", dash="4 3")
    return LookupFigure.build(
        "Digits shared with finite differences, in the order backpropagation computes them",
        [("backward pass", [name for name, _ in reports])],
        [
            panel(
                "quantity (layer L first)",
                "digits of agreement",
                (-0.6, len(rows) - 0.4),
                (0, 12),
                xticks=ticks,
                width=520,
                height=260,
            )
        ],
        frame,
        base=[threshold],
    )
