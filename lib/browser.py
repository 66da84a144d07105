"""Where the library runs: natively, or in a web browser (Pyodide, the book's JupyterLite site).

In the browser the library behaves as natively except where a computation would take far too
long in WebAssembly or needs the network; there it says so, in a note under the cell.
"""

from __future__ import annotations

import sys


def in_browser() -> bool:
    """True inside Pyodide (Python compiled to WebAssembly, running in a web page)."""
    return sys.platform == "emscripten"
