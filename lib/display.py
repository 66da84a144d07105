"""Results shown as tables: HTML in the book and in Jupyter, aligned plain text everywhere else.

A `Table` holds strings that the chapter formats itself, so its HTML and its plain text show
the same digits: strict nbval compares both, and both are facts, not two roundings.

    table(["m", "steps per epoch"], [["100", "40"], ["10", "400"]], caption="…")

shown as the last expression of a cell. Columns whose cells all look like numbers are
right-aligned. `notes` are lines printed under the table, in the same output.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_NUMBER = re.compile(r"^[\s(]*[+\-−]?[\d.,]+(e[+\-−]?\d+)?%?[)\s]*$|^[—–-]$", re.IGNORECASE)


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


class Table:
    """A table of strings with a header row, an optional caption and notes under it."""

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        caption: str | None = None,
        notes: Sequence[str] = (),
        align: str | None = None,
    ):
        self.header = [str(h) for h in header]
        self.rows = [[str(cell) for cell in row] for row in rows]
        widths = {len(row) for row in self.rows}
        if widths - {len(self.header)}:
            raise ValueError(f"every row needs {len(self.header)} cells, got rows of {sorted(widths)}")
        self.caption = caption
        self.notes = [str(n) for n in notes]
        if align is None:
            align = "".join(
                "r" if self.rows and all(_is_number(row[c]) for row in self.rows) else "l"
                for c in range(len(self.header))
            )
        if len(align) != len(self.header) or set(align) - {"l", "r"}:
            raise ValueError(f"align needs one 'l' or 'r' per column, got {align!r}")
        self.align = align

    def text(self) -> str:
        """The plain-text form: aligned columns under a caption."""
        columns = list(zip(self.header, *self.rows, strict=True))
        widths = [max(len(cell) for cell in column) for column in columns]

        def line(cells: Sequence[str]) -> str:
            padded = [
                cell.rjust(w) if a == "r" else cell.ljust(w)
                for cell, w, a in zip(cells, widths, self.align, strict=True)
            ]
            return "  ".join(padded).rstrip()

        lines = [self.caption] if self.caption else []
        lines += [line(self.header), "  ".join("-" * w for w in widths)]
        lines += [line(row) for row in self.rows]
        return "\n".join(lines + self.notes)

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text())

    def _repr_html_(self) -> str:
        def cell(tag: str, text: str, a: str) -> str:
            kind = ' class="num"' if a == "r" else ""
            return f"<{tag}{kind}>{html.escape(text)}</{tag}>"

        parts = ['<div class="book-table-box"><table class="book-table">']
        if self.caption:
            parts.append(f"<caption>{html.escape(self.caption)}</caption>")
        header = "".join(cell("th", h, a) for h, a in zip(self.header, self.align, strict=True))
        parts.append(f"<thead><tr>{header}</tr></thead><tbody>")
        for row in self.rows:
            parts.append("<tr>" + "".join(cell("td", c, a) for c, a in zip(row, self.align, strict=True)))
            parts.append("</tr>")
        parts.append("</tbody></table></div>")
        parts += [f'<p class="book-table-note">{html.escape(note)}</p>' for note in self.notes]
        return "".join(parts)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    caption: str | None = None,
    notes: Sequence[str] = (),
    align: str | None = None,
) -> Table:
    """A `Table`: shown as HTML in the book, as aligned text in a terminal or a test."""
    return Table(header, rows, caption=caption, notes=notes, align=align)
