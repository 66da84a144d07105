"""Chapter 4's explanatory figures, drawn from numbers the library computed."""

from __future__ import annotations

import itertools

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
