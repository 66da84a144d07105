"""Re-execute the book's notebooks in place, storing outputs and widget state.

    python tools/execute_notebooks.py             # every chapter in book/
    python tools/execute_notebooks.py book/01_cost.ipynb

Run it after changing lib/ or a chapter; strict nbval then compares against what it stored.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parent.parent / "book"

# The kernels run with one BLAS thread, as under the tests (see conftest.py): the chapters'
# timings then mean the same thing on every machine, and nothing fights for cores.
SINGLE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}

# The kernelspec exactly as JupyterLab writes it when it opens a notebook (ipykernel's display
# name): a chapter stored with "Python 3" is marked modified the moment it opens.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path) -> float:
    """Execute one notebook from its own folder and write it back; returns the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute(env={**os.environ, **SINGLE_THREAD})
    seconds = time.perf_counter() - start
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(notebook, path)
    return seconds


def main(arguments: list[str]) -> None:
    paths = [Path(a).resolve() for a in arguments] or sorted(BOOK.glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: executed in {execute(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
