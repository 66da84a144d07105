"""How much slower strict nbval of a chapter gets when other jobs load every core.

    python benchmarks/loaded_machine.py                        # chapters 2 and 5
    python benchmarks/loaded_machine.py book/03_chain_rule.ipynb --threads 1

Each chapter is tested quietly, then while one load process per core multiplies matrices
with numpy (as another test run or a training job would). It is measured with the BLAS
thread count the tests use (1, set in conftest.py) and, for comparison, with one thread per
core, which is what an unset OPENBLAS_NUM_THREADS gives. The target: at most 3× the quiet
time with the tests' setting.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [
    ROOT / "book" / "02_gradient_descent.ipynb",
    ROOT / "book" / "05_stochastic_gradient_descent.ipynb",
]
TIMEOUT = 900


def load(stop: multiprocessing.Event) -> None:
    """Keep one core busy with BLAS work until told to stop."""
    import numpy as np

    a = np.random.default_rng(0).standard_normal((400, 400))
    while not stop.is_set():
        a = np.tanh(a @ a.T / 400)


def strict_nbval(chapter: Path, threads: int) -> float:
    """Seconds for `pytest <chapter>` (strict nbval) with the given BLAS thread count."""
    env = {**os.environ, **{name: str(threads) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(chapter)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"strict nbval of {chapter.name} failed:\n{result.stdout.decode()[-2000:]}")
    return time.perf_counter() - start


def loaded(chapter: Path, threads: int, processes: int) -> float:
    stop = multiprocessing.Event()
    workers = [multiprocessing.Process(target=load, args=(stop,)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    try:
        return strict_nbval(chapter, threads)
    finally:
        stop.set()
        for worker in workers:
            worker.join()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("chapters", nargs="*", type=Path, default=CHAPTERS)
    parser.add_argument("--threads", nargs="+", type=int, default=[1, os.cpu_count()])
    args = parser.parse_args()
    cores = os.cpu_count()
    print(f"{cores} cores; load: {cores} processes multiplying 400×400 matrices with numpy")
    print(f"{'chapter':34} {'BLAS threads':>12} {'quiet s':>8} {'loaded s':>9} {'slowdown':>9}")
    for chapter in args.chapters:
        for threads in args.threads:
            quiet = strict_nbval(chapter, threads)
            busy = loaded(chapter, threads, cores)
            print(
                f"{chapter.name:34} {threads:12d} {quiet:8.1f} {busy:9.1f} {busy / quiet:8.1f}×", flush=True
            )


if __name__ == "__main__":
    main()
