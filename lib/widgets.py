"""Widgets that work with or without a kernel: sliders that look up precomputed frames.

A `LookupFigure` holds every frame its sliders can reach, computed by the library when
the chapter executes. The front end (lookup_figure.js) only looks frames up and draws
them, so the widget behaves the same live in Jupyter and in the static HTML book.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import anywidget
import numpy as np
import traitlets

HERE = Path(__file__).parent


def _numbers(values) -> list:
    """Plain floats with 6 significant digits (None for NaN/inf): small, stable JSON."""
    return [float(f"{v:.6g}") if np.isfinite(v) else None for v in np.asarray(values, dtype=float).ravel()]


def line(
    x, y, color: str, label: str | None = None, width: float = 2, dash: str | None = None, panel: int = 0
):
    """A polyline through the points (x, y) of one panel."""
    return {"type": "line", "x": _numbers(x), "y": _numbers(y), "color": color, "label": label,
            "width": width, "dash": dash, "panel": panel}  # fmt: skip


def point(x: float, y: float, color: str, r: float = 5, panel: int = 0):
    """A dot at (x, y)."""
    return {
        "type": "point",
        "x": _numbers([x])[0],
        "y": _numbers([y])[0],
        "color": color,
        "r": r,
        "panel": panel,
    }


def bars(x, y, color, label: str | None = None, panel: int = 0, barwidth: float = 0.8):
    """Vertical bars from 0 to y at positions x; `color` may be one colour or one per bar."""
    return {"type": "bars", "x": _numbers(x), "y": _numbers(y), "color": color, "label": label,
            "panel": panel, "barwidth": barwidth}  # fmt: skip


def image(href: str, x: float, y: float, width: float, height: float, panel: int = 0):
    """A picture (a data URL) covering [x, x + width] × [y, y + height] in data units."""
    return {"type": "image", "href": href, "x": x, "y": y, "width": width, "height": height, "panel": panel}


def text(x: float, y: float, words: str, color: str = "#222", panel: int = 0, anchor: str = "middle"):
    """A short text at (x, y)."""
    return {"type": "text", "x": x, "y": y, "text": words, "color": color, "panel": panel, "anchor": anchor}


def panel(xlabel: str = "", ylabel: str = "", xlim=(0, 1), ylim=(0, 1), **options) -> dict:
    """One drawing area: axis labels and limits; options: title, width, height, xticks, axes."""
    return {"xlabel": xlabel, "ylabel": ylabel, "xlim": _numbers(xlim), "ylim": _numbers(ylim), **options}


class LookupFigure(anywidget.AnyWidget):
    """Sliders (`controls`) that choose a precomputed frame of marks and readouts.

    controls:  [{"label": str, "values": [str, ...]}], one slider each
    panels:    drawing areas made with `panel(...)`
    base:      marks drawn in every frame (a curve, a background)
    shared:    {key: [marks]}: marks that many frames draw; a frame names them by key
    frames:    {"i,j,…": {"marks": [mark or key, ...], "readout": [[label, text], ...]}},
               one per combination of slider positions
    selection: the slider positions, one index per control
    """

    _esm = HERE / "lookup_figure.js"
    _css = HERE / "lookup_figure.css"
    title = traitlets.Unicode("").tag(sync=True)
    controls = traitlets.List().tag(sync=True)
    panels = traitlets.List().tag(sync=True)
    base = traitlets.List().tag(sync=True)
    shared = traitlets.Dict().tag(sync=True)
    frames = traitlets.Dict().tag(sync=True)
    selection = traitlets.List().tag(sync=True)

    @classmethod
    def build(
        cls,
        title: str,
        controls: Sequence[tuple[str, Sequence]],
        panels: Sequence[dict],
        frame: Callable[..., tuple[list, list]],
        base: Sequence[dict] = (),
        start: Sequence[int] | None = None,
        shared: dict[str, list] | None = None,
    ) -> LookupFigure:
        """Compute frame(*indices) -> (marks, readout) for every combination of slider positions.

        A mark may be a key of `shared`, standing for the marks stored there once.
        """
        sizes = [len(values) for _, values in controls]
        frames = {}
        for indices in itertools.product(*(range(n) for n in sizes)):
            marks, readout = frame(*indices)
            unknown = [m for m in marks if isinstance(m, str) and m not in (shared or {})]
            if unknown:
                raise ValueError(f"frame {indices} names marks {unknown} that are not in `shared`")
            frames[",".join(map(str, indices))] = {
                "marks": list(marks),
                "readout": [list(r) for r in readout],
            }
        return cls(
            title=title,
            controls=[{"label": label, "values": [str(v) for v in values]} for label, values in controls],
            panels=list(panels),
            base=list(base),
            shared=dict(shared or {}),
            frames=frames,
            selection=list(start) if start is not None else [0] * len(controls),
        )

    def select(self, *indices: int) -> LookupFigure:
        """Move the sliders, as a reader would; returns the widget."""
        if len(indices) != len(self.controls):
            raise ValueError(f"expected {len(self.controls)} slider positions, got {len(indices)}")
        for index, control in zip(indices, self.controls, strict=True):
            if not 0 <= index < len(control["values"]):
                raise ValueError(
                    f"{control['label']} has positions 0 … {len(control['values']) - 1}, got {index}"
                )
        self.selection = list(indices)
        return self

    @property
    def frame(self) -> dict:
        """The frame the sliders show now."""
        return self.frames[",".join(map(str, self.selection))]

    @property
    def readout(self) -> dict:
        """The numbers the reader sees now, label → text."""
        return dict(self.frame["readout"])

    def __repr__(self) -> str:
        return f"LookupFigure({self.title!r}, {len(self.frames)} frames)"

    @property
    def plain_text(self) -> str:
        """What a notebook shows in place of the figure before its cell has run: what to do."""
        return (
            f"Interactive figure {self.title!r}: run this cell (or the whole notebook) to use it here; "
            "the published book shows it without a kernel."
        )

    def _repr_mimebundle_(self, **kwargs):
        # The text/plain form is stored in the notebook beside the widget view and is all a
        # notebook shows before the cell has run (and all nbval compares): say what to do, with
        # no memory address. ipywidgets would cut a longer repr at 110 characters.
        bundle = super()._repr_mimebundle_(**kwargs)  # (data, metadata), or data alone, or None
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict) and "text/plain" in data:
            data["text/plain"] = self.plain_text
        return bundle
