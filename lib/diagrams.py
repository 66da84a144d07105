"""The book's explanatory diagrams, drawn from numbers the library computed."""

from __future__ import annotations

import itertools

import matplotlib.colors as mpl_colors
import matplotlib.pyplot as plt
import numpy as np

from .activations import sigmoid, sigmoid_prime
from .plots import COLORS


def _signed_bars(ax, values: np.ndarray, width: float = 0.6) -> None:
    values = np.asarray(values, dtype=float)
    positions = np.arange(len(values))
    ax.bar(positions, np.maximum(values, 0), width=width, color=COLORS["up"], label="up")
    ax.bar(positions, np.minimum(values, 0), width=width, color=COLORS["down"], label="down")
    ax.axhline(0, color=COLORS["ink"], linewidth=0.8)


def draw_wish_to_delta(z: np.ndarray, a: np.ndarray, wish_a: np.ndarray):
    """From the wished change of each output activation to the wished change of its weighted input.

    z, a: the output layer's z⁽ᴸ⁾ and a⁽ᴸ⁾ for one example; wish_a = −∂C_x/∂a⁽ᴸ⁾. Left: the
    sigmoid with each output neuron at (z_j, a_j) and its tangent, slope σ′(z_j). Right, top to
    bottom: the wish for a_j, the slope σ′(z_j), and their product, the wish for z_j, which is
    −δ⁽ᴸ⁾_j. Returns the figure.
    """
    z, a, wish_a = (np.asarray(v, dtype=float).ravel() for v in (z, a, wish_a))
    slope = sigmoid_prime(z)
    fig = plt.figure(figsize=(10, 4.8))
    grid = fig.add_gridspec(3, 2, width_ratios=[1, 1.25], hspace=0.8, wspace=0.25)
    curve = fig.add_subplot(grid[:, 0])
    bars = [fig.add_subplot(grid[r, 1]) for r in range(3)]

    zs = np.linspace(min(-6.0, z.min() - 0.5), max(6.0, z.max() + 0.5), 400)
    curve.plot(zs, sigmoid(zs), color=COLORS["neutral"], linewidth=1.5)
    for d in range(len(z)):
        half = 0.9
        curve.plot([z[d] - half, z[d] + half], [a[d] - slope[d] * half, a[d] + slope[d] * half],
                   color=COLORS["gradient"], linewidth=2)  # fmt: skip
        curve.plot(z[d], a[d], "o", color=COLORS["ink"], markersize=4)
        curve.annotate(str(d), (z[d], a[d]), textcoords="offset points", xytext=(-9, 4), fontsize=8)
    curve.set(xlabel="weighted input $z_j$", ylabel=r"activation $a_j = \sigma(z_j)$",
              title="each output on the sigmoid, with its slope", ylim=(-0.1, 1.1))  # fmt: skip

    _signed_bars(bars[0], wish_a)
    bars[0].set_title(r"wished change of $a_j$:  $-\partial C_x/\partial a_j$", fontsize=10)
    bars[1].bar(np.arange(len(z)), slope, width=0.6, color=COLORS["gradient"])
    bars[1].set(ylim=(0, 0.25))
    bars[1].set_title(r"times the slope $\sigma'(z_j)$", fontsize=10)
    _signed_bars(bars[2], wish_a * slope)
    bars[2].set_title(r"wished change of $z_j$:  $-\delta^{(L)}_j$", fontsize=10)
    for ax in bars:
        ax.set_xticks(range(len(z)))
        ax.set_xlim(-0.6, len(z) - 0.4)
    bars[2].set_xlabel("output neuron $j$ (digit)")
    bars[0].legend(loc="upper left", bbox_to_anchor=(1, 1.1), fontsize=8)
    return fig


def draw_paths(ax, sizes: list[int], l: int, j: int, k: int) -> int:
    """A small network with the weight w⁽ˡ⁾_jk and every path from it to the cost.

    Neurons are circles, layer 0 on the left; every connection is a thin grey line, the weight
    w⁽ˡ⁾_jk a thick vermillion one, and the connections on the paths from neuron j of layer l
    to the output green. Returns the number of paths.
    """

    dx = 1.6  # horizontal distance between layers

    def place(layer: int, neuron: int) -> tuple[float, float]:
        return dx * layer, (sizes[layer] - 1) / 2 - neuron

    for layer in range(1, len(sizes)):
        for to, frm in itertools.product(range(sizes[layer]), range(sizes[layer - 1])):
            on_path = layer > l and (layer - 1 > l or frm == j)
            (x0, y0), (x1, y1) = place(layer - 1, frm), place(layer, to)
            if on_path:
                ax.plot([x0, x1], [y0, y1], color=COLORS["gradient"], linewidth=1.8, zorder=1)
            else:
                ax.plot([x0, x1], [y0, y1], color=COLORS["neutral"], linewidth=0.5, alpha=0.4, zorder=0)
    (x0, y0), (x1, y1) = place(l - 1, k), place(l, j)
    ax.plot([x0, x1], [y0, y1], color=COLORS["path"], linewidth=3.5, zorder=2)
    ax.text((x0 + x1) / 2 + 0.12, (y0 + y1) / 2 + 0.12, rf"$w^{{({l})}}_{{{j}{k}}}$", ha="left",
            va="bottom", color=COLORS["path"], fontsize=12)  # fmt: skip
    for layer, size in enumerate(sizes):
        for neuron in range(size):
            ax.add_patch(plt.Circle(place(layer, neuron), 0.13, facecolor="white",
                                    edgecolor=COLORS["ink"], zorder=3))  # fmt: skip
        ax.text(dx * layer, -max(sizes) / 2 - 0.2, f"layer {layer}", ha="center", fontsize=9)
    top = (max(sizes) - 1) / 2
    cost_x = dx * len(sizes) - 0.5
    for neuron in range(sizes[-1]):
        x, y = place(len(sizes) - 1, neuron)
        ax.plot([x, cost_x], [y, 0], color=COLORS["gradient"], linewidth=1.8, zorder=1)
    ax.add_patch(plt.Circle((cost_x, 0), 0.25, color="white", zorder=3))
    ax.add_patch(plt.Circle((cost_x, 0), 0.25, color=COLORS["cost"], alpha=0.3, zorder=3))
    ax.text(cost_x, 0, "$C_x$", ha="center", va="center", fontsize=11, zorder=4)
    ax.set(xlim=(-0.4, cost_x + 0.4), ylim=(-top - 1.0, top + 0.5), aspect="equal")
    ax.axis("off")
    return int(np.prod(sizes[l + 1 :]))


def sample_pixels(x: np.ndarray, count: int = 16) -> np.ndarray:
    """`count` pixel indices of a digit to stand for the 784 input neurons in a drawing: every
    other one inked, the rest blank, in image order (top row first)."""
    x = np.asarray(x, dtype=float).ravel()
    inked, blank = np.flatnonzero(x > 0.2), np.flatnonzero(x <= 0.2)
    half = count // 2
    chosen = np.concatenate([inked[np.linspace(0, len(inked) - 1, count - half).astype(int)],
                             blank[np.linspace(0, len(blank) - 1, half).astype(int)]])  # fmt: skip
    return np.sort(np.unique(chosen))


def _layer_positions(size: int, x: float, span: float) -> np.ndarray:
    ys = np.linspace(span / 2, -span / 2, size) if size > 1 else np.zeros(1)
    return np.column_stack([np.full(size, x), ys])


def _mix(color: str, amount: float) -> tuple:
    """`color` blended into white: amount 0 is white, 1 the colour itself."""
    rgb = np.array(mpl_colors.to_rgb(color))
    return tuple(1 - amount * (1 - rgb))


def draw_network(ax, net, x: np.ndarray, y: np.ndarray | None = None, wishes: bool = False, pixels=None):
    """The digit network as 3Blue1Brown draws it, from the real network's numbers.

    Columns are layers: a sample of the 784 input pixels (`pixels`, default `sample_pixels`),
    both hidden layers and the ten outputs. Forward (`wishes=False`): each neuron is shaded by
    its activation a (white 0, dark 1) and each connection by what it carries forward,
    w_jk·a_k (red positive, blue negative, the stronger the darker). Backward (`wishes=True`,
    with the wanted output y): each neuron is coloured by the change the example wishes for
    its activation, −∂C_x/∂a (vermillion up, blue down), and each connection by the share of
    that wish it carries back, w_jk × the wish for z_j; the connections from the pixels show
    the wished changes of those first-layer weights. Returns the network's guess.
    """
    x = np.asarray(x, dtype=float).ravel()
    pixels = sample_pixels(x) if pixels is None else np.asarray(pixels)
    seen = net.forward(x.reshape(-1, 1))
    a = [seen.a[0][pixels, 0]] + [seen.a[l][:, 0] for l in range(1, net.L + 1)]
    columns = [0.0, 3.0, 6.0, 9.0]
    spans = [9.0, 9.0, 9.0, 6.0]
    places = [_layer_positions(len(a[l]), columns[l], spans[l]) for l in range(net.L + 1)]
    if wishes:
        if y is None:
            raise ValueError("the backward drawing needs the wanted output y")
        grad = net.backprop(x.reshape(-1, 1), np.asarray(y, dtype=float).reshape(-1, 1))
        wish_a = [None] + [-grad.grad_a[l][:, 0] for l in range(1, net.L + 1)]
        wish_z = [None] + [-grad.delta[l][:, 0] for l in range(1, net.L + 1)]
    for l in range(1, net.L + 1):
        W = net.W[l][:, pixels] if l == 1 else net.W[l]
        if wishes:  # what each connection carries back: w_jk × wish for z_j; first layer: −δ_j x_k
            flow = W * wish_z[l][:, None] if l > 1 else wish_z[1][:, None] * a[0][None, :]
        else:
            flow = W * a[l - 1][None, :]
        scale = np.max(np.abs(flow)) or 1.0
        for j, k in itertools.product(range(flow.shape[0]), range(flow.shape[1])):
            strength = abs(flow[j, k]) / scale
            if strength < 0.03:
                continue
            up, down = (COLORS["up"], COLORS["down"]) if wishes else ("#B2182B", "#2166AC")
            color = up if flow[j, k] > 0 else down
            (x0, y0), (x1, y1) = places[l - 1][k], places[l][j]
            width = 0.4 + 2.2 * strength
            ax.plot([x0, x1], [y0, y1], color=color, alpha=0.1 + 0.75 * strength, linewidth=width, zorder=1)
    for l in range(net.L + 1):
        if wishes and l > 0:
            size = np.max(np.abs(wish_a[l])) or 1.0
            faces = [_mix(COLORS["up" if v > 0 else "down"], min(abs(v) / size, 1.0)) for v in wish_a[l]]
        else:
            faces = [_mix(COLORS["ink"], float(np.clip(v, 0, 1))) for v in a[l]]
        for (px, py), face in zip(places[l], faces, strict=True):
            circle = plt.Circle((px, py), 0.2, facecolor=face, edgecolor=COLORS["ink"], lw=0.8, zorder=3)
            ax.add_patch(circle)
    guess = int(np.argmax(a[net.L]))
    for digit, (px, py) in enumerate(places[net.L]):
        value = wish_a[net.L][digit] if wishes else a[net.L][digit]
        shown = f"{value:+.2f}" if wishes else f"{value:.2f}"
        text = f"{digit}   {'0.00' if abs(value) < 0.005 else shown}"
        bold = digit == guess if not wishes else bool(y[digit] == 1)
        ax.text(px + 0.4, py, text, va="center", fontsize=11, fontweight="bold" if bold else None)
    # The image itself, left of its sampled pixels.
    ax.imshow(x.reshape(28, 28), cmap="gray_r", vmin=0, vmax=1, extent=(-3.6, -1.2, -1.2, 1.2), zorder=2)
    frame = plt.Rectangle((-3.6, -1.2), 2.4, 2.4, fill=False, edgecolor=COLORS["neutral"], linewidth=0.8)
    ax.add_patch(frame)
    ax.annotate("", (-0.45, 0), (-1.05, 0), arrowprops={"arrowstyle": "-|>", "color": COLORS["neutral"]})
    top = spans[0] / 2 + 1.0
    titles = [
        f"input\n{len(pixels)} of {net.sizes[0]} pixels",
        f"hidden layer 1\n{net.sizes[1]} neurons",
        f"hidden layer 2\n{net.sizes[2]} neurons",
        f"output\n{net.sizes[3]} neurons",
    ]
    for column, title in zip(columns, titles, strict=True):
        ax.text(column, top, title, ha="center", va="center", fontsize=11, linespacing=1.3)
    ax.text(columns[0], -spans[0] / 2 - 0.6, "⋮", ha="center", va="center", fontsize=13)
    ax.set(xlim=(-3.8, columns[-1] + 2.1), ylim=(-spans[0] / 2 - 1.0, top + 0.7), aspect="equal")
    ax.axis("off")
    return guess


def draw_path_graph(ax, sizes: list[int], l: int, j: int, k: int, path: tuple[int, ...] | None = None) -> int:
    """The computation graph from the weight w⁽ˡ⁾_jk to the cost C_x, one node per quantity.

    Every arrow is one local derivative (∂z/∂w = a, ∂a/∂z = σ′(z), ∂z/∂a = w, ∂C_x/∂a); the
    paths from the weight to the cost are green, and one of them (`path`: the neuron it passes
    in each later layer, default the first) is vermillion with its slopes written on it.
    Returns the number of paths.
    """
    L = len(sizes) - 1
    later = list(range(l + 1, L + 1))
    path = tuple(path) if path is not None else (0,) * len(later)
    dx = 1.45
    columns = {"w": 0.0}
    nodes = {("w",): (0.0, 0.0)}
    x = dx
    for layer in [l, *later]:
        count = 1 if layer == l else sizes[layer]
        ys = np.linspace((count - 1) / 2, -(count - 1) / 2, count) * (1.05 if count > 2 else 1.5)
        for kind in ("z", "a"):
            for n, y in enumerate(ys):
                nodes[(kind, layer, j if layer == l else n)] = (x, float(y))
            columns[(kind, layer)] = x
            x += dx
    nodes[("C",)] = (x, 0.0)

    def label(node) -> str:
        if node[0] == "w":
            return f"$w^{{({l})}}_{{{j}{k}}}$"
        if node[0] == "C":
            return "$C_x$"
        kind, layer, n = node
        return f"${kind}^{{({layer})}}_{{{n}}}$"

    chosen = [(l, j), *zip(later, path, strict=True)]

    def on_path(a, b) -> bool:
        neurons = {(node[1], node[2]) for node in (a, b) if node[0] in ("z", "a")}
        return neurons <= set(chosen)

    edges = [(("w",), ("z", l, j), f"$a^{{({l - 1})}}_{{{k}}}$")]
    previous = [("a", l, j)]
    edges.append((("z", l, j), ("a", l, j), f"$\\sigma'(z^{{({l})}}_{{{j}}})$"))
    for layer in later:
        for src in previous:
            for n in range(sizes[layer]):
                edges.append((src, ("z", layer, n), f"$w^{{({layer})}}_{{{n}{src[2]}}}$"))
        for n in range(sizes[layer]):
            edges.append((("z", layer, n), ("a", layer, n), f"$\\sigma'(z^{{({layer})}}_{{{n}}})$"))
        previous = [("a", layer, n) for n in range(sizes[layer])]
    for src in previous:
        edges.append((src, ("C",), f"$\\partial C_x/\\partial a^{{({L})}}_{{{src[2]}}}$"))

    for a, b, slope in edges:
        (x0, y0), (x1, y1) = nodes[a], nodes[b]
        special = on_path(a, b)
        color = COLORS["path"] if special else COLORS["gradient"]
        rise = (y1 - y0) * 0.3 / (x1 - x0)  # start and end on the circles' edges
        style = {"arrowstyle": "-|>", "color": color, "lw": 2.2 if special else 1.0,
                 "alpha": 1.0 if special else 0.55, "shrinkA": 0, "shrinkB": 0}  # fmt: skip
        ax.annotate("", (x1 - 0.3, y1 - rise), (x0 + 0.3, y0 + rise), arrowprops=style, zorder=1)
        if special:
            box = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.22, slope, ha="center", va="bottom", fontsize=10,
                    color=COLORS["path"], zorder=4, bbox=box)  # fmt: skip
    for node, (px, py) in nodes.items():
        face = {"w": _mix(COLORS["path"], 0.25), "C": _mix(COLORS["cost"], 0.3)}.get(node[0], "white")
        circle = plt.Circle((px, py), 0.29, facecolor=face, edgecolor=COLORS["ink"], linewidth=0.9, zorder=3)
        ax.add_patch(circle)
        ax.text(px, py, label(node), ha="center", va="center", fontsize=10, zorder=4)
    top = max(py for _, py in nodes.values()) + 0.75
    ax.set(xlim=(-0.5, x + 0.5), ylim=(-top, top), aspect="equal")
    ax.axis("off")
    return int(np.prod([sizes[layer] for layer in later]))
