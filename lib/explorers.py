"""The chapters' interactive figures, built from the library as LookupFigure widgets."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .chain import chain_network
from .descent import cost_surface, descent_path
from .gradcheck import numerical_gradient
from .landscape import wiggle_weight
from .network import Network
from .nudges import nudges, tile
from .plots import COLORS, GREYS, array_data_url, png_data_url
from .training import steps_per_epoch
from .widgets import LookupFigure, bars, image, line, panel, point

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def weight_name(l: int, j: int, k: int) -> str:
    """w⁽ˡ⁾_jk written as text, e.g. w⁽¹⁾[3, 406]."""
    return f"w⁽{str(l).translate(SUPERSCRIPTS)}⁾[{j}, {k}]"


def ref(key: str, **style) -> dict:
    """A frame's reference to the shared marks `key`, restyled (color, width, opacity, dash,
    label, escape) or, with upto=n and end=True, cut after point n with a dot there."""
    return {"ref": key, **style}


def _limits(curves: list[np.ndarray], pad: float = 0.05) -> tuple[float, float]:
    low = min(float(np.min(c)) for c in curves)
    high = max(float(np.max(c)) for c in curves)
    margin = (high - low) * pad or 1.0
    return low - margin, high + margin


def weight_explorer(
    net: Network,
    X,
    Y,
    weights: list[tuple[int, int, int]],
    example: int = 0,
    span: float = 4.0,
    points: int = 41,
) -> LookupFigure:
    """Pick one of `weights` by (l, j, k), nudge it by Δw, and watch C_x and C.

    Every curve is computed here, for every weight and every nudge on a grid of `points`
    values in [−span, span] around the weight's current value.
    """
    nudges = np.linspace(-span, span, points)
    curves = []
    for l, j, k in weights:
        values = net.get_weight(l, j, k) + nudges
        average, single = wiggle_weight(net, X, Y, l, j, k, values, example)
        curves.append((values, single, average))
    n = X.shape[1]

    shared = {
        f"weight {w}": [
            line(nudges, single, COLORS["example"], panel=0),
            line(nudges, average, COLORS["cost"], panel=1),
        ]
        for w, (_, single, average) in enumerate(curves)
    }

    def frame(w: int, i: int):
        values, single, average = curves[w]
        marks = [
            f"weight {w}",
            point(nudges[i], single[i], COLORS["path"], panel=0),
            point(nudges[i], average[i], COLORS["path"], panel=1),
        ]
        readout = [
            ["weight", weight_name(*weights[w])],
            ["w", f"{values[i]:.3f}"],
            ["C_x (this example)", f"{single[i]:.4f}"],
            [f"C (average over {n:,} examples)", f"{average[i]:.4f}"],
        ]
        return marks, readout

    x_range = (-span, span)
    # One vertical scale for every weight, so that a weight that hardly matters draws a flat line.
    panels = [
        panel("nudge Δw", "cost C_x of one example", x_range, _limits([c[1] for c in curves]),
              title="one example"),
        panel("nudge Δw", "average cost C", x_range, _limits([c[2] for c in curves]),
              title=f"average over {n:,} examples"),
    ]  # fmt: skip
    return LookupFigure.build(
        "Wiggle one weight",
        [("weight", [weight_name(*w) for w in weights]), ("nudge Δw", [f"{d:+.1f}" for d in nudges])],
        panels,
        frame,
        start=[0, points // 2],
        shared=shared,
    )


def contour_image(surface: np.ndarray, ws, bs, levels: int = 18) -> str:
    """The cost surface as filled contours on a borderless PNG spanning exactly ws × bs."""
    figure = plt.figure(figsize=(4.2, 3.3))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.contourf(ws, bs, np.log10(surface), levels=levels, cmap="Blues_r", alpha=0.85)
    ax.contour(ws, bs, np.log10(surface), levels=levels, colors="white", linewidths=0.5)
    ax.set_xlim(ws[0], ws[-1])
    ax.set_ylim(bs[0], bs[-1])
    ax.axis("off")
    return png_data_url(figure)


def learning_rate_explorer(
    net: Network,
    X,
    Y,
    start: tuple[float, float],
    etas,
    steps: int,
    ws,
    bs,
    more_starts=(),
    selected: tuple[int, ...] | None = None,
    minimum: tuple[float, float] | None = None,
) -> LookupFigure:
    """Gradient descent on a two-parameter cost: choose η and the number of steps, see the path.

    With `more_starts`, a third slider chooses the starting point among `start` and those, and
    a click or a drag in the picture picks the nearest one. `selected` gives the sliders'
    first positions (default: the first η, every step, the first start); `minimum`, if given,
    is drawn as a white dot.
    """
    surface = cost_surface(net, X, Y, ws, bs)
    starts = [tuple(map(float, start))] + [tuple(map(float, p)) for p in more_starts]
    paths = {(e, p): descent_path(net, X, Y, q, eta, steps) for e, eta in enumerate(etas)
             for p, q in enumerate(starts)}  # fmt: skip
    background = image(contour_image(surface, ws, bs), ws[0], bs[0], ws[-1] - ws[0], bs[-1] - bs[0])
    base = [background]
    if minimum is not None:
        base.append(point(*minimum, "white", r=6))
    shared = {f"path {e} {p}": [line(path[:, 0], path[:, 1], COLORS["path"], width=1.8)]
              for (e, p), path in paths.items()}  # fmt: skip

    def frame(e: int, s: int, p: int = 0):
        path = paths[(e, p)]
        shown = min(s, len(path) - 1)
        w, b, cost = path[shown]
        status = "" if shown == s else " (diverged: numbers too large to draw)"
        readout = [
            ["η", f"{etas[e]:g}"],
            ["steps taken", f"{shown}{status}"],
            ["w", f"{w:.3f}"],
            ["b", f"{b:.3f}"],
            ["C(w, b)", f"{cost:.4g}"],
        ]
        return [ref(f"path {e} {p}", upto=shown, end=True)], readout

    controls = [("learning rate η", [f"{eta:g}" for eta in etas]), ("steps", list(range(steps + 1)))]
    options = {}
    if len(starts) > 1:
        controls.append(("start (w, b)", [f"({w:g}, {b:g})" for w, b in starts]))
        options["pick"] = {"control": 2, "points": [list(q) for q in starts]}
    figure_panel = panel("weight w", "bias b", (ws[0], ws[-1]), (bs[0], bs[-1]), width=460, height=360,
                         basis=420, max_width=620, **options)  # fmt: skip
    return LookupFigure.build(
        "Gradient descent on C(w, b): choose η and the number of steps",
        controls,
        [figure_panel],
        frame,
        base=base,
        start=list(selected) if selected is not None else [0, steps] + [0] * (len(starts) > 1),
        shared=shared,
    )


def tangent_explorer(ws, bs, x: float, y: float, span: float = 3.0, points: int = 31) -> LookupFigure:
    """Wiggle one weight w_i of a single-node chain: the cost C and its tangent of slope ∂C/∂w_i.

    The slope comes from the library's backpropagation on the chain as a network one
    neuron wide; the readout also shows a central difference, computed independently.
    """
    net = chain_network(ws, bs)
    X, Y = np.array([[x]]), np.array([[y]])
    nudges = np.linspace(-span, span, points)
    curves = []
    for i in range(1, len(ws) + 1):
        values = ws[i - 1] + nudges
        costs, slopes, differences = [], [], []
        for value in values:
            net.set_weight(i, 0, 0, value)
            costs.append(net.cost(X, Y))
            slopes.append(net.backprop(X, Y).W[i][0, 0])
            differences.append(numerical_gradient(net, X, Y, params=[("W", i, 0, 0)])[0])
        net.set_weight(i, 0, 0, ws[i - 1])
        curves.append((values, np.array(costs), np.array(slopes), np.array(differences)))
    low, high = _limits([c[1] for c in curves], pad=0.15)
    half = span / 4
    shared = {f"node {i}": [line(c[0], c[1], COLORS["cost"])] for i, c in enumerate(curves)}

    def frame(node: int, k: int):
        values, costs, slopes, differences = curves[node]
        w, cost, slope = values[k], costs[k], slopes[k]
        marks = [
            f"node {node}",
            line(
                [w - half, w + half], [cost - slope * half, cost + slope * half], COLORS["gradient"], width=3
            ),
            point(w, cost, COLORS["path"]),
        ]
        readout = [
            ["node i", str(node + 1)],
            ["w_i", f"{w:.3f}"],
            ["cost C", f"{cost:.5f}"],
            ["∂C/∂w_i by backprop", f"{slope:+.5f}"],
            ["∂C/∂w_i by central differences", f"{differences[k]:+.5f}"],
        ]
        return marks, readout

    x_range = (min(c[0][0] for c in curves), max(c[0][-1] for c in curves))
    # One vertical scale for every node (the first nodes' curves are flatter: section 3.7); the
    # horizontal axis follows the weight chosen.
    tangent_panel = panel("weight w_i", "cost C", x_range, (low, high), width=480, height=300, basis=420,
                          max_width=640, autoscale="x")  # fmt: skip
    return LookupFigure.build(
        "Wiggle one weight of the chain: the cost and its tangent",
        [("node i", list(range(1, len(ws) + 1))), ("nudge Δw_i", [f"{d:+.1f}" for d in nudges])],
        [tangent_panel],
        frame,
        start=[0, points // 2],
        shared=shared,
    )


def _signed_colors(values) -> list[str]:
    return [COLORS["up"] if v >= 0 else COLORS["down"] for v in np.asarray(values)]


def nudge_explorer(net: Network, X, Y, examples: list[int], selected: int = 0) -> LookupFigure:
    """Choose a training image and see the nudges it asks of each layer of a 784-…-10 network.

    Output and hidden nudges are bars (vermillion up, blue down) on axes that follow the image
    chosen; the nudges to the weights into the first hidden layer are drawn as one 28 × 28
    picture per hidden neuron. `selected` is the image shown first.
    """
    found = [nudges(net, X[:, i], Y[:, i]) for i in examples]
    n_hidden = net.sizes[1]
    columns = int(np.ceil(np.sqrt(n_hidden)))
    mosaics = [tile(f.weights[1], columns) for f in found]
    tallest = {
        l: max(float(np.max(np.abs(f.activations[l]))) for f in found) * 1.1 for l in range(1, net.L + 1)
    }
    digits = [("output layer: wished change", net.L)] + [
        (f"hidden layer {l}: wished change", l) for l in range(net.L - 1, 0, -1)
    ]
    panels = [panel(axes=False, xlim=(0, 28), ylim=(0, 28), width=150, height=150, title="the image")]
    for title, l in digits:
        n = net.sizes[l]
        ticks = [[k, str(k)] for k in range(n)] if n <= 10 else [[k, str(k)] for k in range(0, n, 5)]
        panels.append(panel("neuron", "nudge", (-0.7, n - 0.3), (-tallest[l], tallest[l]), title=title,
                            width=300, height=190, xticks=ticks, basis=280, autoscale="symmetric",
                            min_span=0.02))  # fmt: skip
    grid_h, grid_w = mosaics[0].shape
    panels.append(panel(axes=False, xlim=(0, grid_w), ylim=(0, grid_h), width=200, height=200,
                        title="nudges to W⁽¹⁾, one per neuron"))  # fmt: skip
    predictions = net.predict(X[:, examples])

    def frame(e: int):
        f = found[e]
        marks = [image(array_data_url(X[:, examples[e]].reshape(28, 28), cmap=GREYS), 0, 0, 28, 28, panel=0)]
        for p, (_, l) in enumerate(digits, start=1):
            values = f.activations[l]
            marks.append(bars(range(len(values)), values, _signed_colors(values), panel=p))
        marks.append(image(array_data_url(mosaics[e]), 0, 0, grid_w, grid_h, panel=len(panels) - 1))
        label = int(np.argmax(f.target))
        readout = [
            ["training example", str(examples[e])],
            ["label", str(label)],
            ["network's guess", str(int(predictions[e]))],
            ["its cost C_x", f"{float(np.sum((f.output - f.target) ** 2)):.4f}"],
            ["wished change of the label's output", f"{f.activations[net.L][label]:+.4f}"],
        ]
        return marks, readout

    return LookupFigure.build(
        "What one training image asks of each layer",
        [("training image", [f"#{i}" for i in examples])],
        panels,
        frame,
        start=[selected],
    )


# Colours of the runs compared in chapter 5 (the chosen run is vermillion): one per batch size,
# and one per learning rate, in order.
BATCH_COLORS = {None: COLORS["neutral"], 100: COLORS["cost"], 10: COLORS["second"], 1: COLORS["gradient"]}
ETA_SHADES = ["#56B4E9"] + [COLORS[k] for k in ("cost", "gradient", "second", "example", "neutral")]


def batch_size_explorer(
    curves: dict,
    batch_sizes: list,
    etas: list,
    n: int,
    y_max: float = 1.2,
    best: dict | None = None,
    selected: tuple[int, ...] | None = None,
) -> LookupFigure:
    """Choose a batch size and a learning rate; see the training curve that run produced.

    `curves[(batch_size, eta)]` are `experiments.Curve`s computed beforehand (the training
    cost every few hundred examples); full batch is batch size None. A run that diverged ends
    in a marker at the top of the chart where its numbers stopped. With `best` ({batch size:
    the curve chosen for it}), a third slider overlays the runs to compare with: the other
    learning rates of the batch size chosen, or the best run of every batch size.
    """
    reference = curves[(batch_sizes[0], etas[0])]
    x_max = float(reference.examples[-1])
    name = {m: "full batch" if m is None else f"m = {m}" for m in batch_sizes}
    shared = {
        f"run {b} {e}": [line(curves[(m, eta)].examples, curves[(m, eta)].cost, COLORS["path"], width=3)]
        for b, m in enumerate(batch_sizes)
        for e, eta in enumerate(etas)
    }
    comparisons = ["nothing", "the other learning rates", "the best run of each batch size"]

    def overlay(b: int, e: int, c: int) -> list:
        m = batch_sizes[b]
        if c == 1:
            return [
                ref(f"run {b} {k}", color=ETA_SHADES[k % len(ETA_SHADES)], width=1.5, escape="✕",
                    label=f"η = {eta:g}" + (" (diverged)" if curves[(m, eta)].diverged else ""))
                for k, eta in enumerate(etas)
                if k != e
            ]  # fmt: skip
        if c == 2:
            chosen = [(bb, etas.index(best[m].eta)) for bb, m in enumerate(batch_sizes)]
            return [ref(f"run {bb} {ee}", color=BATCH_COLORS.get(batch_sizes[bb], COLORS["neutral"]),
                        width=1.5, label=f"{name[batch_sizes[bb]]}, best η = {etas[ee]:g}")
                    for bb, ee in chosen if (bb, ee) != (b, e)]  # fmt: skip
        return []

    def frame(b: int, e: int, c: int = 0):
        curve = curves[(batch_sizes[b], etas[e])]
        history = curve.history
        final = curve.cost[-1]
        this = f"{name[batch_sizes[b]]}, η = {etas[e]:g}"
        marks = overlay(b, e, c) + [ref(f"run {b} {e}", label=this if c else None, escape="diverged")]
        readout = [
            ["batch size m", "full batch" if batch_sizes[b] is None else str(batch_sizes[b])],
            ["learning rate η", f"{etas[e]:g}"],
            ["steps per epoch", f"{steps_per_epoch(n, batch_sizes[b]):,}"],
            ["training cost at the end", f"{final:.4f}" if np.isfinite(final) else "diverged"],
            ["test accuracy at the end", f"{history.test_accuracy[-1]:.3f}" if np.isfinite(final) else "—"],
        ]
        return marks, readout

    controls = [
        ("batch size m", ["full batch" if m is None else m for m in batch_sizes]),
        ("learning rate η", [f"{eta:g}" for eta in etas]),
    ]
    if best is not None:
        controls.append(("compare with", comparisons))
    first = [len(batch_sizes) - 2, len(etas) // 2] + [0] * (best is not None)
    curve_panel = panel("examples processed", "training cost C", (0, x_max), (0, y_max), width=560,
                        height=320, basis=420, max_width=760)  # fmt: skip
    return LookupFigure.build(
        "Training curves: choose the batch size and the learning rate",
        controls,
        [curve_panel],
        frame,
        start=list(selected) if selected is not None else first,
        shared=shared,
    )
