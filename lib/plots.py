"""The book's figure style and colours, shared by matplotlib figures and the widgets."""

from __future__ import annotations

import base64
import io
import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

# Okabe–Ito colours: distinguishable with every common form of colour blindness. A chapter that
# names a colour in its prose names it as below ("vermillion", not "orange" or "red").
COLORS = {
    "cost": "#0072B2",  # blue: the cost (C, or C_x of the one example a chapter follows)
    "example": "#E69F00",  # orange: the cost C_x of one example beside the average C
    "path": "#D55E00",  # vermillion: where the learner is, paths, markers
    "gradient": "#009E73",  # green: derivatives, tangents, slopes σ′
    "second": "#CC79A7",  # purple: a second series to compare
    "neutral": "#7F7F7F",  # grey: reference lines
    "ink": "#222222",
    # Signed changes (wished nudges): vermillion up, blue down, the same two hues as red and
    # blue in the signed pictures (DIVERGING). A figure of nudges draws no cost curve, so blue
    # means only "down" there.
    "up": "#D55E00",
    "down": "#0072B2",
}
CYCLE = [COLORS[k] for k in ("cost", "path", "gradient", "example", "second", "neutral")]
DIVERGING = "RdBu_r"  # nudges and weights: red up, blue down, white zero
GREYS = "gray_r"  # digit images: ink is dark


def use_book_style() -> None:
    """Set matplotlib's defaults to the book's style (call once at the top of a chapter)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "axes.prop_cycle": mpl.cycler(color=CYCLE),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 10,
            "axes.titlesize": 11,
            "legend.frameon": False,
            "image.cmap": GREYS,
        }
    )


def panels(n: int, size: tuple[float, float] = (3.4, 2.8)) -> list:
    """n axes, each in a figure of its own: a figure of n panels that the book lays out side by
    side on a wide screen and one under the other on a phone (cell tag "panels")."""
    return [plt.subplots(figsize=size)[1] for _ in range(n)]


def _log_label(value: float, _position=None) -> str:
    exponent = math.floor(math.log10(value) + 1e-9)
    mantissa = round(value / 10**exponent, 6)
    if -3 <= exponent <= 4:
        text = f"{value:,.{max(0, -exponent)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    power = f"10^{{{exponent}}}"
    return f"${power}$" if mantissa == 1 else f"${mantissa:g}\\times{power}$"


def log_axis(ax, which: str = "y") -> None:
    """Ticks of a log axis that read: plain numbers (0.2, 0.5, 1, 2) from 0.001 to 10,000 and
    powers of ten beyond; 1, 2 and 5 per decade on a short axis, powers of ten on a long one;
    no labels on the minor ticks, which crowd and overlap. Call it after drawing."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    low, high = sorted(ax.get_ylim() if which == "y" else ax.get_xlim())
    decades = math.log10(high / low)
    subs = (1.0, 2.0, 3.0, 5.0) if decades < 1 else (1.0, 2.0, 5.0) if decades <= 3.5 else (1.0,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(_log_label))
    axis.set_minor_locator(LogLocator(base=10, subs=np.arange(2, 10)))
    axis.set_minor_formatter(NullFormatter())


def _picture(ax, values: np.ndarray, title: str | None, fontsize: float, **style):
    """A 28×28 picture with no ticks or grid, as the book draws all images."""
    image = ax.imshow(np.asarray(values).reshape(28, 28), **style)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.spines[:].set_visible(False)
    if title:
        ax.set_title(title, fontsize=fontsize)
    return image


def show_digit(ax, x: np.ndarray, title: str | None = None) -> None:
    """Draw one flattened 28×28 image as grey levels, ink dark."""
    _picture(ax, x, title, mpl.rcParams["axes.titlesize"], cmap=GREYS, vmin=0, vmax=1)


def show_signed_image(ax, values: np.ndarray, title: str | None = None, limit: float | None = None):
    """Draw a 28×28 array of signed values (weights, nudges): red positive, blue negative."""
    limit = float(np.max(np.abs(values))) if limit is None else limit
    return _picture(ax, values, title, 9, cmap=DIVERGING, vmin=-limit, vmax=limit)


def png_data_url(figure) -> str:
    """A matplotlib figure as a PNG data URL, for the widgets' backgrounds; closes the figure."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(figure)
    return _data_url(buffer)


def array_data_url(values: np.ndarray, cmap: str = DIVERGING, limit: float | None = None) -> str:
    """A 2-D array as a tiny PNG (one pixel per entry) coloured with `cmap`, as a data URL."""
    values = np.asarray(values, dtype=float)
    if cmap == GREYS:
        low, high = 0.0, 1.0
    else:
        high = float(np.nanmax(np.abs(values))) if limit is None else limit
        high = high or 1.0
        low = -high
    rgba = mpl.colormaps[cmap]((values - low) / (high - low))
    buffer = io.BytesIO()
    plt.imsave(buffer, rgba, format="png", metadata={"Software": None})
    return _data_url(buffer)


def _data_url(png: io.BytesIO) -> str:
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()


def draw_chain(ax, values: list[float], weights: list[float], backward: list[float] | None = None) -> None:
    """The single-node chain x → h_1 → … → h_L → C as circles joined by arrows labelled w_i.

    `values` are h_0 … h_L, and optionally the cost C after them, written under the circles.
    With `backward` (∂C/∂h_0 … ∂C/∂h_L), a second row of vermillion arrows runs from the cost
    back to the input, each node labelled with the derivative the backward pass reached there.
    """
    n, d, radius = len(weights), 1.5, 0.32  # nodes, distance between nodes, circle radius
    names = ["$x$"] + [f"$h_{{{i}}}$" for i in range(1, n + 1)] + ["$C$"]
    for i, name in enumerate(names):
        color = COLORS["cost"] if i == n + 1 else COLORS["neutral"]  # the cost in its colour, neurons grey
        ax.add_patch(mpl.patches.Circle((i * d, 0), radius, color=color, alpha=0.15 if i <= n else 0.25))
        ax.text(i * d, 0.0, name, ha="center", va="center", fontsize=16)
        if i < len(values):
            ax.text(i * d, -0.55, f"{values[i]:.3f}", ha="center", va="center", fontsize=12)
        if i > 0:
            label = f"$w_{{{i}}} = {weights[i - 1]:g}$" if i <= n else f"$(h_{{{n}}} - y)^2$"
            arrow = {"arrowstyle": "-|>", "color": COLORS["ink"], "lw": 1.3, "shrinkA": 0, "shrinkB": 0}
            ax.annotate("", ((i - 0.5) * d + 0.28, 0), ((i - 0.5) * d - 0.28, 0), arrowprops=arrow)
            ax.text((i - 0.5) * d, 0.45, label, ha="center", va="center", fontsize=12)
    ax.text(-0.55, -0.55, "forward", ha="right", va="center", fontsize=11, color=COLORS["neutral"])
    bottom = -0.85
    if backward is not None:
        row = -1.35
        for i in range(n + 1):
            arrow = {"arrowstyle": "-|>", "color": COLORS["path"], "lw": 1.6, "shrinkA": 0, "shrinkB": 0}
            middle = (i + 0.5) * d
            ax.annotate("", (middle - 0.3, row + 0.38), (middle + 0.3, row + 0.38), arrowprops=arrow)
            ax.text(i * d, row, f"{backward[i]:+.4f}", ha="center", va="center", fontsize=12,
                    color=COLORS["path"])  # fmt: skip
        ax.text((n + 1) * d, row, "$\\partial C/\\partial h_i$", ha="center", va="center", fontsize=13,
                color=COLORS["path"])  # fmt: skip
        ax.text(-0.55, row, "backward", ha="right", va="center", fontsize=11, color=COLORS["path"])
        bottom = row - 0.3
    ax.set(xlim=(-1.75, (n + 1) * d + 0.5), ylim=(bottom, 0.7), aspect="equal")
    ax.axis("off")


def draw_descent(
    ax, ws, bs, surface: np.ndarray, path: np.ndarray, title: str, markers: bool = False
) -> None:
    """A path of (w, b) points over the filled contours of a two-parameter cost (log scale)."""
    ax.contourf(ws, bs, np.log10(surface), levels=18, cmap="Blues_r")
    style = {"marker": "o", "markersize": 2.5} if markers else {}
    ax.plot(path[:, 0], path[:, 1], color=COLORS["path"], linewidth=1, **style)
    ax.plot(path[-1, 0], path[-1, 1], "o", color=COLORS["path"])
    ax.set(title=title, xlabel="weight $w$", xlim=(ws[0], ws[-1]), ylim=(bs[0], bs[-1]))
