"""Computation graphs of `Value`s: paths, the backward pass step by step, forward mode, pictures.

Chapter 6 reads a computation as a graph whose nodes are operations and whose edges carry
local derivatives. This module walks such graphs the ways the chapter compares: the sum over
paths, the backward pass one node at a time (and with the two classic bugs: `=` instead of
`+=`, and a wrong visiting order), and forward mode, one pass per input, counting the
multiply-adds each needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl

from .autodiff import Value, topological_order
from .errors import BackpropTypeError, BackpropValueError
from .plots import COLORS
from .validation import check_real, describe


def _check_output(output) -> Value:
    if not isinstance(output, Value):
        raise BackpropTypeError(f"output must be a Value, got {describe(output)}")
    return output


def _check_leaf(output: Value, leaf) -> Value:
    if not isinstance(leaf, Value):
        raise BackpropTypeError(f"leaf must be a Value, got {describe(leaf)}")
    if not any(node is leaf for node in topological_order(output)):
        raise BackpropValueError("leaf is not part of the graph: output does not depend on it")
    return leaf


def name(node: Value) -> str:
    """A node's label, or its operation if it has none."""
    return node.label or node.op or "input"


# Size and paths ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GraphSize:
    """nodes: Values in the graph; inputs: those with no parents; edges: (parent, child) links."""

    nodes: int
    inputs: int
    edges: int


def graph_size(output: Value) -> GraphSize:
    """How many nodes, inputs and edges the graph of `output` has (an edge per local derivative)."""
    order = topological_order(_check_output(output))
    return GraphSize(len(order), sum(not n.parents for n in order), sum(len(n.parents) for n in order))


def paths(output: Value, leaf: Value) -> list[list[tuple[Value, float]]]:
    """Every path from `leaf` to `output`: a list of (node, local derivative of the edge into it).

    A node that uses the same parent twice (x · x) has two edges, so two paths pass through it.
    """
    _check_leaf(_check_output(output), leaf)
    found: list[list[tuple[Value, float]]] = []

    def walk(node: Value, suffix: list[tuple[Value, float]]) -> None:
        if node is leaf:
            found.append(suffix)
            return
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            walk(parent, [(node, local), *suffix])

    walk(output, [])
    return found


def path_product(path: list[tuple[Value, float]]) -> float:
    """The product of the local derivatives along one path."""
    product = 1.0
    for _, local in path:
        product *= local
    return product


def count_paths(output: Value, leaf: Value) -> int:
    """The number of paths from `leaf` to `output`, counted without listing them."""
    _check_leaf(_check_output(output), leaf)
    counts: dict[int, int] = {}
    for node in topological_order(output):
        counts[id(node)] = 1 if node is leaf else sum(counts[id(p)] for p in node.parents)
    return counts[id(output)]


# The backward pass, one node at a time ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One visit of the backward pass.

    node:          the node visited
    grad:          its grad when visited (∂output/∂node if the order is right)
    contributions: (parent, local derivative, local × grad) for every edge into the node
    grads:         every node's grad after the visit, by position in the topological order
                   (None for a node that has received nothing yet)
    """

    node: Value
    grad: float
    contributions: list[tuple[Value, float, float]]
    grads: list[float | None]


def backward_steps(
    output: Value, *, accumulate: bool = True, order: Sequence[Value] | None = None
) -> list[Step]:
    """Run the backward pass of `output` and record every visit; leaves the grads set.

    accumulate=False writes `parent.grad = …` instead of `parent.grad += …` (the classic bug);
    `order` visits the nodes in that order instead of reverse topological order.
    """
    nodes = topological_order(_check_output(output))
    visit = list(reversed(nodes)) if order is None else list(order)
    if order is not None and sorted(map(id, visit)) != sorted(map(id, nodes)):
        raise BackpropValueError("order must list every node of the graph exactly once")
    position = {id(n): i for i, n in enumerate(nodes)}
    for node in nodes:
        node.grad = 0.0
    reached: list[float | None] = [None] * len(nodes)
    output.grad = 1.0
    reached[position[id(output)]] = 1.0
    steps = []
    for node in visit:
        contributions = []
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            amount = local * node.grad
            if accumulate:
                parent.grad += amount
            else:
                parent.grad = amount
            reached[position[id(parent)]] = parent.grad
            contributions.append((parent, local, amount))
        steps.append(Step(node, node.grad, contributions, list(reached)))
    return steps


def breadth_first_order(output: Value) -> list[Value]:
    """Nodes in the order a breadth-first search from the output meets them: not always topological."""
    order, seen, frontier = [], {id(_check_output(output))}, [output]
    while frontier:
        order.extend(frontier)
        following = []
        for node in frontier:
            for parent in node.parents:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    following.append(parent)
        frontier = following
    return order


# Forward mode, and the work of each mode ------------------------------------------------------------


@dataclass(frozen=True)
class ForwardMode:
    """d output / d leaf by one forward-mode pass, and the multiply-adds the pass took."""

    derivative: float
    multiply_adds: int


def forward_mode(output: Value, leaf: Value) -> ForwardMode:
    """Carry d(node)/d(leaf) forward through the graph, in topological order.

    Each node's tangent is Σ over its parents of local derivative × the parent's tangent: one
    multiply-add per edge. One pass gives the derivative with respect to one input only.
    """
    _check_leaf(_check_output(output), leaf)
    tangent: dict[int, float] = {}
    work = 0
    for node in topological_order(output):
        if node is leaf:
            tangent[id(node)] = 1.0
            continue
        total = 0.0
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            total += local * tangent[id(parent)]
            work += 1
        tangent[id(node)] = total
    return ForwardMode(tangent[id(output)], work)


def reverse_mode_work(output: Value) -> int:
    """Run `output.backward()` and return its multiply-adds: one per edge, for every input at once."""
    output = _check_output(output)
    output.backward()
    return graph_size(output).edges


# The running example: one hidden neuron that feeds two outputs ---------------------------------------

# Positions (column, row) of the example's nodes, for the widget and the static figure.
NEURON_LAYOUT = {
    "x": (0, 0.35),
    "w": (0, 1.65),
    "z": (1, 1),
    "a": (2, 1),
    "u₀": (3, 0),
    "e₀": (4, 0),
    "s₀": (5, 0),
    "u₁": (3, 2),
    "s₁": (5, 2),
    "C": (6, 1),
}


def neuron_graph(x: float, w: float) -> Value:
    """C = (1.5 a − 1)² + (−2 a)² with a = σ(w x): one hidden neuron feeding two outputs.

    The miniature of chapter 4's hidden layer: the activation a is used by both outputs,
    u₀ = 1.5 a with target 1 and u₁ = −2 a with target 0, so its gradient is the sum of two
    contributions. Every node is labelled as the chapter names it.
    """
    x = Value(check_real(x, "x"), label="x")
    w = Value(check_real(w, "w"), label="w")
    z = w * x
    a = z.sigmoid()
    u0 = 1.5 * a
    e0 = u0 - 1
    s0 = e0**2
    u1 = -2 * a
    s1 = u1**2
    cost = s0 + s1
    for node, label in [(z, "z"), (a, "a"), (u0, "u₀"), (e0, "e₀"), (s0, "s₀"), (u1, "u₁"), (s1, "s₁")]:
        node.label = label
    cost.label = "C"
    return cost


def layout(output: Value) -> dict[int, tuple[float, float]]:
    """Positions for a drawing: column = the longest path from an input, rows spread evenly."""
    order = topological_order(_check_output(output))
    column: dict[int, int] = {}
    for node in order:
        column[id(node)] = 1 + max((column[id(p)] for p in node.parents), default=-1)
    rows: dict[int, list[Value]] = {}
    for node in order:
        rows.setdefault(column[id(node)], []).append(node)
    positions = {}
    for c, members in rows.items():
        for r, node in enumerate(members):
            positions[id(node)] = (float(c), r - (len(members) - 1) / 2)
    return positions


def draw_graph(
    ax,
    output: Value,
    positions: dict | None = None,
    *,
    grads: bool = True,
    title: str | None = None,
    spacing: tuple[float, float] = (2.0, 1.0),
) -> None:
    """Draw the graph of `output`: a box per node with its name, operation, value and (if
    `grads`) its grad in green, and each arrow labelled with its local derivative.

    `positions` maps labels (or node ids) to (column, row); by default `layout(output)`.
    Columns are `spacing[0]` apart and rows `spacing[1]`, in the axes' units; row 0 is on top. The
    boxes are sized for a figure about 10 × 4 inches for seven columns and three rows.
    """
    order = topological_order(_check_output(output))
    automatic = layout(output)
    where = {}
    for node in order:
        if positions and node.label in positions:
            column, row = positions[node.label]
        elif positions and id(node) in positions:
            column, row = positions[id(node)]
        else:
            column, row = automatic[id(node)]
        where[id(node)] = (column * spacing[0], row * spacing[1])
    half_w, half_h = 0.66, 0.3 if grads else 0.22
    for node in order:
        x1, y1 = where[id(node)]
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            x0, y0 = where[id(parent)]
            ax.annotate(
                "",
                (x1 - half_w, y1),
                (x0 + half_w, y0),
                arrowprops={
                    "arrowstyle": "->",
                    "color": COLORS["neutral"],
                    "lw": 1,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )
            ax.text(
                (x0 + half_w + x1 - half_w) / 2,
                (y0 + y1) / 2,
                f"{local:+.3f}",
                ha="center",
                va="center",
                fontsize=7.5,
                color=COLORS["neutral"],
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
            )
    for node in order:
        x, y = where[id(node)]
        face = COLORS["cost"] if node is output else (COLORS["neutral"] if not node.parents else "white")
        ax.add_patch(
            mpl.patches.FancyBboxPatch(
                (x - half_w, y - half_h),
                2 * half_w,
                2 * half_h,
                boxstyle="round,pad=0.02",
                fc=face,
                alpha=0.15 if face != "white" else 1.0,
                ec=COLORS["ink"],
                lw=0.8,
            )
        )
        heading = name(node) if not node.parents or not node.label else f"{node.label} = {node.op}"
        top = y - (0.14 if grads else 0.08)  # the y axis points down: row 0 is drawn on top
        ax.text(x, top, heading, ha="center", va="center", fontsize=8.5)
        ax.text(x, top + 0.14, f"{node.data:.3f}", ha="center", va="center", fontsize=8.5)
        if grads:
            ax.text(
                x,
                top + 0.28,
                f"∂ {node.grad:+.3f}",
                ha="center",
                va="center",
                fontsize=8.5,
                color=COLORS["gradient"],
            )
    xs = [p[0] for p in where.values()]
    ys = [p[1] for p in where.values()]
    ax.set(xlim=(min(xs) - half_w - 0.05, max(xs) + half_w + 0.05), ylim=(max(ys) + 0.45, min(ys) - 0.45))
    ax.axis("off")
    if title:
        ax.set_title(title)
