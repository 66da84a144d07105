"""A computation graph whose backward pass the reader steps through, with or without a kernel.

`GraphFigure` draws a small graph of `Value`s as boxes and arrows. Sliders choose the inputs
and the step of the backward pass; every node shows its value and, once the backward pass has
reached it, its gradient. As with `LookupFigure`, every frame is computed by the library when
the chapter executes, and the front end (graph_figure.js) only looks numbers up and draws
them, so the widget behaves the same live in Jupyter and in the static HTML book.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import anywidget
import numpy as np
import traitlets

from .autodiff import Value, topological_order
from .errors import BackpropValueError
from .graphs import backward_steps

HERE = Path(__file__).parent


def _number(value: float) -> float:
    """A float with 6 significant digits, and never −0.0: small JSON that JavaScript reads the same."""
    return float(f"{value:.6g}") + 0.0


def signed(value: float) -> str:
    """+0.1234 / -0.1234: how the widget writes a gradient (graph_figure.js writes it the same way)."""
    return f"{'-' if value < 0 else '+'}{abs(value):.4f}"


class GraphFigure(anywidget.AnyWidget):
    """A graph of Values, and its backward pass one node at a time.

    nodes:     [{"name", "op", "x", "y"}]: each node, with its position (column, row)
    edges:     [{"source", "target"}]: parent → child, as node indices
    order:     node indices in the order the backward pass visits them
    controls:  [{"label", "values"}]: one slider per input; the last slider is the step
    frames:    {"i,j,…": {"values": [...], "locals": [...], "grads": [[...] per step]}}, one per
               setting of the inputs; grads[s][n] is node n's grad after s visits (None if it
               has received nothing yet)
    watch:     node indices whose gradients the readout lists (the inputs)
    selection: the slider positions: one per input, then the step
    """

    _esm = HERE / "graph_figure.js"
    _css = HERE / "graph_figure.css"
    title = traitlets.Unicode("").tag(sync=True)
    nodes = traitlets.List().tag(sync=True)
    edges = traitlets.List().tag(sync=True)
    order = traitlets.List().tag(sync=True)
    controls = traitlets.List().tag(sync=True)
    frames = traitlets.Dict().tag(sync=True)
    watch = traitlets.List().tag(sync=True)
    selection = traitlets.List().tag(sync=True)

    @classmethod
    def build(
        cls,
        title: str,
        make: Callable[..., Value],
        controls: Sequence[tuple[str, Sequence[float]]],
        positions: dict[str, tuple[float, float]],
        start: Sequence[int] | None = None,
    ) -> GraphFigure:
        """Run make(*inputs) and its backward pass for every combination of the controls' values.

        `make` returns the output Value of a graph whose nodes all have labels, the same graph
        for every input; `positions` maps each label to (column, row).
        """
        combinations = list(itertools.product(*(range(len(values)) for _, values in controls)))
        first = topological_order(make(*(values[0] for _, values in controls)))
        labels = [node.label for node in first]
        if len(set(labels)) != len(labels) or not all(labels) or set(labels) - set(positions):
            raise BackpropValueError(f"every node needs its own label and a position; got labels {labels}")
        index = {label: i for i, label in enumerate(labels)}
        edges = [
            {"source": index[parent.label], "target": index[node.label]}
            for node in first
            for parent in node.parents
        ]
        frames = {}
        for combination in combinations:
            output = make(*(values[i] for i, (_, values) in zip(combination, controls, strict=True)))
            nodes = topological_order(output)
            if [n.label for n in nodes] != labels:
                raise BackpropValueError("make must build the same graph for every input")
            steps = backward_steps(output)
            grads = [[None] * len(nodes)] + [
                [None if g is None else _number(g) for g in step.grads] for step in steps
            ]
            grads[0][len(nodes) - 1] = None  # before the first visit, not even the output's grad is set
            frames[",".join(map(str, combination))] = {
                "values": [_number(n.data) for n in nodes],
                "locals": [_number(local) for n in nodes for local in n.local_grads],
                "grads": grads,
            }
        visits = [index[step.node.label] for step in steps]
        return cls(
            title=title,
            nodes=[
                {"name": n.label, "op": n.op, "x": positions[n.label][0], "y": positions[n.label][1]}
                for n in first
            ],
            edges=edges,
            order=visits,
            controls=[{"label": label, "values": [f"{v:g}" for v in values]} for label, values in controls]
            + [{"label": "backward step", "values": [str(s) for s in range(len(first) + 1)]}],
            frames=frames,
            watch=[i for i, n in enumerate(first) if not n.parents],
            selection=list(start) if start is not None else [0] * (len(controls) + 1),
        )

    def select(self, *indices: int) -> GraphFigure:
        """Move the sliders, as a reader would: one position per input, then the step."""
        if len(indices) != len(self.controls):
            raise BackpropValueError(f"expected {len(self.controls)} slider positions, got {len(indices)}")
        for i, control in zip(indices, self.controls, strict=True):
            if (
                isinstance(i, bool)
                or not isinstance(i, (int, np.integer))
                or not 0 <= i < len(control["values"])
            ):
                raise BackpropValueError(
                    f"{control['label']} has positions 0 … {len(control['values']) - 1}, got {i!r}"
                )
        self.selection = [int(i) for i in indices]
        return self

    @property
    def readout(self) -> dict[str, str]:
        """What the reader sees under the graph now, label → text (graph_figure.js writes the same)."""
        *inputs, step = self.selection
        frame = self.frames[",".join(map(str, inputs))]
        grads = frame["grads"][step]
        rows = {"step": f"{step} of {len(self.nodes)}"}
        if step == 0:
            rows["visiting"] = "none yet: the forward pass is done"
            rows["its gradient"] = "—"
            rows["sends to its inputs"] = "—"
        else:
            visited = self.order[step - 1]
            node = self.nodes[visited]
            rows["visiting"] = node["name"] + (f" = {node['op']}" if node["op"] else " (an input)")
            rows["its gradient"] = f"∂C/∂{node['name']} = {signed(grads[visited])}"
            sent = []
            for e, edge in enumerate(self.edges):
                if edge["target"] == visited:
                    parent = self.nodes[edge["source"]]["name"]
                    local, mine = frame["locals"][e], grads[visited]
                    sent.append(f"{parent} += {signed(local)} × {signed(mine)}")
            rows["sends to its inputs"] = "; ".join(sent) or "nothing: it is an input"
        for n in self.watch:
            g = grads[n]
            label = f"∂C/∂{self.nodes[n]['name']}"
            rows[label] = "not reached yet" if g is None else signed(g) + ("" if self.final(n) else " so far")
        rows["C"] = f"{frame['values'][len(self.nodes) - 1]:.4f}"
        return rows

    def final(self, n: int) -> bool:
        """Whether node n's gradient is complete at the current step: every node using it was visited."""
        visited = set(self.order[: self.selection[-1]])
        users = [edge["target"] for edge in self.edges if edge["source"] == n]
        if not users:  # the output: complete once the backward pass has set it to 1
            return self.selection[-1] > 0
        return all(user in visited for user in users)

    def __repr__(self) -> str:
        return f"GraphFigure({self.title!r}, {len(self.nodes)} nodes, {len(self.frames)} input settings)"


def backward_explorer(make: Callable[..., Value], controls, positions, start=None, title=None) -> GraphFigure:
    """The chapter's widget: pick the inputs, then step through the backward pass of make(*inputs)."""
    return GraphFigure.build(
        title or "The backward pass, one node at a time: pick the inputs, then step",
        make,
        controls,
        positions,
        start,
    )
