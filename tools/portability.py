"""Re-execute the chapters as other machines would and list every stored output that changes.

    python tools/portability.py                      # every chapter, every variant
    python tools/portability.py book/05_*.ipynb --variants nehalem perturbed

Strict nbval proves the stored outputs on this machine. A reader's machine may round
differently: another BLAS kernel, another SIMD path for exp and tanh, another thread count.
Long training runs can amplify such a last-bit difference into another trajectory, so a
printed number must not depend on it. Each variant below executes a copy of every chapter
the way one such machine would and compares its text outputs with the stored ones, as strict
nbval does. The `perturbed` variants go further: they multiply every initial parameter by
1 + 1e-12·ξ, far more than any rounding difference, so a number that survives them has a
margin.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parent.parent / "book"

# Multiplies every parameter a Network draws by 1 + 1e-12·ξ, ξ standard normal from `seed`.
PERTURB = """\
import numpy as _np
from backprop.network import Network as _Network

_initialise = _Network.initialise
_noise = _np.random.default_rng({seed})


def _perturbed(self, seed):
    _initialise(self, seed)
    for p in self.parameters():
        p *= 1 + 1e-12 * _noise.standard_normal(p.shape)


_Network.initialise = _perturbed
"""

# numpy's SIMD dispatch without AVX2/AVX-512: the exp, log and tanh of an older CPU.
OLD_SIMD = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"

VARIANTS: dict[str, tuple[dict[str, str], str | None]] = {
    "two-threads": ({"OPENBLAS_NUM_THREADS": "2"}, None),
    "nehalem": ({"OPENBLAS_CORETYPE": "Nehalem"}, None),
    "sandybridge": ({"OPENBLAS_CORETYPE": "Sandybridge"}, None),
    "old-simd": ({"OPENBLAS_CORETYPE": "Nehalem", "NPY_DISABLE_CPU_FEATURES": OLD_SIMD}, None),
    "perturbed": ({}, PERTURB.format(seed=1)),
    "perturbed-2": ({}, PERTURB.format(seed=2)),
}

COMPARED = ("text/plain", "text/html", "text/latex", "text/markdown")


def text_outputs(cell) -> list[str]:
    """What strict nbval compares: streams and text data, images and widget views left out."""
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            # How a cell's prints are cut into stream messages depends on timing: join them.
            if texts and texts[-1].startswith(f"{output.name}: "):
                texts[-1] += output.text
            else:
                texts.append(f"{output.name}: {output.text}")
        elif output.output_type == "error":
            texts.append(f"error: {output.ename}: {output.evalue}")
        elif "data" in output:
            if "application/vnd.jupyter.widget-view+json" in output.data:
                continue
            texts += [f"{kind}: {output.data[kind]}" for kind in COMPARED if kind in output.data]
    return texts


def ignored(cell) -> bool:
    tags = cell.metadata.get("tags", [])
    return "nbval-ignore-output" in tags or "nbval-skip" in tags


def run_variant(path: Path, variant: str) -> list[str]:
    """Execute a copy of the chapter under the variant; one line per cell whose text changed."""
    env, prelude = VARIANTS[variant]
    stored = nbformat.read(path, as_version=4)
    notebook = nbformat.read(path, as_version=4)
    if prelude:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(prelude))
    client = NotebookClient(
        notebook,
        timeout=900,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env={**os.environ, "OPENBLAS_NUM_THREADS": "1", **env})
    cells = notebook.cells[1:] if prelude else notebook.cells
    changes = []
    for index, (before, after) in enumerate(zip(stored.cells, cells, strict=True)):
        if before.cell_type != "code" or ignored(before):
            continue
        old, new = text_outputs(before), text_outputs(after)
        if old != new:
            changes.append(f"{path.name} cell {index} [{variant}]:\n{difference(old, new)}")
    return changes


def difference(old: list[str], new: list[str]) -> str:
    old_lines, new_lines = "\n".join(old).splitlines(), "\n".join(new).splitlines()
    lines = [f"    - {a}\n    + {b}" for a, b in zip(old_lines, new_lines, strict=False) if a != b]
    if len(old_lines) != len(new_lines):
        lines.append(f"    ({len(old_lines)} lines stored, {len(new_lines)} now)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=list(VARIANTS))
    parser.add_argument(
        "--jobs", type=int, default=2, help="chapters executed at once (one BLAS thread each)"
    )
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted(BOOK.glob("*.ipynb"))
    jobs = [(path, variant) for variant in args.variants for path in paths]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run_variant, *zip(*jobs, strict=True)))
    changes = [line for result in results for line in result]
    print("\n".join(changes) or "every stored output reproduced")
    print(
        f"{len(jobs)} executions ({len(paths)} chapters × {len(args.variants)} variants) "
        f"in {time.perf_counter() - start:.0f} s; {len(changes)} cell(s) changed"
    )
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main())
