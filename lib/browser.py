"""Where the library runs: natively, or in a web browser (Pyodide, the book's JupyterLite site).

In the browser the library behaves as natively except where a computation would take far too
long in WebAssembly or needs the network; there it says so, in a note under the cell.
"""

from __future__ import annotations

import sys


def in_browser() -> bool:
    """True inside Pyodide (Python compiled to WebAssembly, running in a web page)."""
    return sys.platform == "emscripten"


def adapt() -> None:
    """What the library changes when it is imported in the browser; nothing natively."""
    if not in_browser():
        return
    from tqdm import std

    # WebAssembly has no threads: no progress-bar monitor thread (and no warning that it failed).
    std.tqdm.monitor_interval = 0


def note(message: str) -> None:
    """Say under the running cell that the browser version does something differently."""
    print(f"In the browser: {message}")
