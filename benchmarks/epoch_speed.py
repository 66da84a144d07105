"""Seconds per epoch of the book's library, against the classic per-example loop and PyTorch.

    python benchmarks/epoch_speed.py                   # measure and print the table
    python benchmarks/epoch_speed.py --update-readme   # and write it into README.md

MNIST-shaped data (784 inputs, 10 classes, 50,000 examples, seeded), sigmoid layers and the
quadratic cost. PyTorch is timed when it is installed (benchmarks/requirements.txt).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import re
import time
from pathlib import Path

import numpy as np

from backprop import Network, one_hot, train
from backprop.landscape import WeightWiggle

N = 50_000
SMALL = 10_000  # the slowest configurations are timed on this many examples and scaled to N
ARCHITECTURES = [[784, 30, 10], [784, 16, 16, 10]]
BATCH_SIZES = [1, 10, 100, None]
README = Path(__file__).resolve().parent.parent / "README.md"

try:
    import torch
except ImportError:
    torch = None


def mnist_shaped(n: int = N, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((784, n)), one_hot(rng.integers(0, 10, n))


# The classic per-example loop, in the style of the online book's network.py ----------


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class ClassicLoop:
    """Backpropagation one example at a time, summing the gradients of a mini-batch."""

    def __init__(self, net: Network) -> None:
        self.weights = [w.astype(np.float64) for w in net.W[1:]]
        self.biases = [b.astype(np.float64) for b in net.b[1:]]

    def epoch(self, X, Y, m, eta, rng) -> None:
        n = X.shape[1]
        order = rng.permutation(n) if m < n else np.arange(n)
        for k in range(0, n, m):
            batch = order[k : k + m]
            nabla_w = [np.zeros(w.shape) for w in self.weights]
            nabla_b = [np.zeros(b.shape) for b in self.biases]
            for i in batch:
                delta_w, delta_b = self.backprop(X[:, [i]], Y[:, [i]])
                nabla_w = [nw + dw for nw, dw in zip(nabla_w, delta_w, strict=True)]
                nabla_b = [nb + db for nb, db in zip(nabla_b, delta_b, strict=True)]
            self.weights = [w - (eta / len(batch)) * nw for w, nw in zip(self.weights, nabla_w, strict=True)]
            self.biases = [b - (eta / len(batch)) * nb for b, nb in zip(self.biases, nabla_b, strict=True)]

    def backprop(self, x, y):
        activation, activations, zs = x, [x], []
        for w, b in zip(self.weights, self.biases, strict=True):
            zs.append(w @ activation + b)
            activation = sigmoid(zs[-1])
            activations.append(activation)
        delta = 2 * (activations[-1] - y) * activations[-1] * (1 - activations[-1])
        delta_w, delta_b = [None] * len(self.weights), [None] * len(self.weights)
        delta_w[-1], delta_b[-1] = delta @ activations[-2].T, delta
        for layer in range(2, len(self.weights) + 1):
            a = activations[-layer]
            delta = (self.weights[-layer + 1].T @ delta) * a * (1 - a)
            delta_w[-layer], delta_b[-layer] = delta @ activations[-layer - 1].T, delta
        return delta_w, delta_b


def check_library_equals_loop() -> float:
    """Max |difference| of all parameters after 40 steps of the library and of the loop (float64)."""
    X, Y = mnist_shaped(400, seed=1)
    net = Network([784, 16, 16, 10], seed=3)
    loop = ClassicLoop(net)
    train(net, X, Y, epochs=1, eta=3.0, batch_size=10, seed=5)
    loop.epoch(X, Y, 10, 3.0, np.random.default_rng(5))
    pairs = list(zip(net.W[1:] + net.b[1:], loop.weights + loop.biases, strict=True))
    return max(float(np.max(np.abs(a - b))) for a, b in pairs)


# Timing ---------------------------------------------------------------------------------


def library_epoch(sizes, m, dtype, X, Y, epochs=5) -> float:
    net = Network(sizes, seed=0, dtype=dtype)
    history = train(net, X, Y, epochs=epochs, eta=0.1, batch_size=m, seed=0)
    return float(np.min(np.diff(history.seconds)))


def loop_epoch(sizes, m, X, Y) -> float:
    loop = ClassicLoop(Network(sizes, seed=0))
    start = time.perf_counter()
    loop.epoch(X, Y, m or X.shape[1], 0.1, np.random.default_rng(0))
    return time.perf_counter() - start


def torch_epoch(sizes, m, dtype, X, Y, epochs=5) -> float | None:
    if torch is None:
        return None
    torch.manual_seed(0)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.Sigmoid()]
    kind = torch.float32 if dtype == np.float32 else torch.float64
    model = torch.nn.Sequential(*layers).to(kind)
    inputs, targets = torch.from_numpy(X.T.astype(dtype)), torch.from_numpy(Y.T.astype(dtype))
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
    n, size = inputs.shape[0], m or inputs.shape[0]
    generator, times = torch.Generator().manual_seed(0), []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(n, generator=generator) if size < n else None
        for k in range(0, n, size):
            batch = order[k : k + size] if order is not None else slice(None)
            loss = ((model(inputs[batch]) - targets[batch]) ** 2).sum(dim=1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        times.append(time.perf_counter() - start)
    return min(times)


def gemm_rate(dtype) -> float:
    """Sustained matrix-product rate in FLOP/s: best of five 784 × 784 by 784 × 4,000 products."""
    rng = np.random.default_rng(0)
    A, B = rng.random((784, 784)).astype(dtype), rng.random((784, 4000)).astype(dtype)
    best = min(_timed(lambda: A @ B) for _ in range(5))
    return 2 * 784 * 784 * 4000 / best


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def epoch_flops(sizes, n: int = N) -> float:
    """Forward products, weight gradients and the error sent back to every hidden layer."""
    products = [a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    return 2 * n * (2 * sum(products) + sum(products[1:]))


def slider_move_ms() -> float:
    """Median time of the average cost of 784-16-16-10 over 10,000 examples after one
    first-layer weight changes (the widgets' worst case)."""
    X, Y = mnist_shaped(10_000, seed=2)
    wiggle = WeightWiggle(Network([784, 16, 16, 10], seed=0), X, Y, 1, 3, 400)
    times = [_timed(lambda v=v: wiggle.cost(v)) for v in np.linspace(-3, 3, 201)]
    return 1000 * float(np.median(times))


def classic_run(dtype, X, Y) -> float:
    """784-30-10, η = 3, batch 10, 30 epochs over 50,000 examples: training seconds."""
    history = train(Network([784, 30, 10], seed=0, dtype=dtype), X, Y, epochs=30, eta=3.0, batch_size=10)
    return history.seconds[-1]


# The report ------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        names = re.findall(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = names[0] if names else cpu
    except OSError:
        pass
    import os

    versions = f"Python {platform.python_version()}, numpy {np.__version__}"
    versions += f", torch {torch.__version__}" if torch is not None else ", torch not installed"
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}; {versions}"


def ratio(a, b) -> str:
    return "–" if a is None or b is None else f"{a / b:.2f}"


def seconds(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def run() -> str:
    difference = check_library_equals_loop()
    if difference > 1e-12:
        raise SystemExit(f"the library and the loop disagree by {difference:.2e} after 40 steps; not timing")
    X, Y = mnist_shaped()
    rates = {np.float64: gemm_rate(np.float64), np.float32: gemm_rate(np.float32)}
    rows, measured = [], {}
    for sizes in ARCHITECTURES:
        for m in BATCH_SIZES:
            scale = N / SMALL if m == 1 else 1.0  # batch 1 is timed on SMALL examples
            Xs, Ys = (X[:, :SMALL], Y[:, :SMALL]) if m == 1 else (X, Y)
            loop = loop_epoch(sizes, m, X[:, :SMALL], Y[:, :SMALL]) * N / SMALL
            lib64 = library_epoch(sizes, m, np.float64, Xs, Ys) * scale
            lib32 = library_epoch(sizes, m, np.float32, Xs, Ys) * scale
            repeats = 1 if m == 1 else 2 if m == 10 else 5  # PyTorch at batch 10 takes seconds an epoch
            torch64 = torch_epoch(sizes, m, np.float64, Xs, Ys, epochs=repeats)
            torch32 = torch_epoch(sizes, m, np.float32, Xs, Ys, epochs=repeats)
            torch64, torch32 = (None if t is None else t * scale for t in (torch64, torch32))
            bound = epoch_flops(sizes) / rates[np.float32]
            measured[(tuple(sizes), m)] = (loop, lib32, torch32, bound)
            rows.append(
                f"| {'-'.join(map(str, sizes))} | {m or 'full'} | {seconds(loop)} | {seconds(lib64)} | "
                f"{seconds(lib32)} | {seconds(torch64)} | {seconds(torch32)} | {ratio(loop, lib32)} | "
                f"{ratio(lib32, torch32)} | {ratio(lib64, torch64)} | {ratio(lib32, bound)} |"
            )
    slider = slider_move_ms()
    classic64, classic32 = classic_run(np.float64, X, Y), classic_run(np.float32, X, Y)
    header = (
        "| network | batch | loop f64 | library f64 | library f32 | PyTorch f64 | PyTorch f32 "
        "| loop ÷ library f32 | library ÷ PyTorch f32 | library ÷ PyTorch f64 | library f32 ÷ bound |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {machine()}.",
        "",
        "Seconds per epoch over 50,000 MNIST-shaped examples (batch 1 and the loop are timed on 10,000 "
        "examples and scaled; the other times are the best of five epochs, two for PyTorch at batch 10). "
        "Before timing, the library "
        f"and the loop agreed to {difference:.1e} in every parameter after 40 steps (float64).",
        "",
        header,
        *rows,
        "",
        f"- numpy matrix products: {rates[np.float64] / 1e9:.0f} GFLOP/s in float64, "
        f"{rates[np.float32] / 1e9:.0f} GFLOP/s in float32; the bound is an epoch's products at the "
        "float32 rate.",
        f"- one slider move (average cost of 784-16-16-10 over 10,000 examples after a first-layer weight "
        f"changes): median {slider:.2f} ms.",
        f"- the classic run (784-30-10, η = 3, batch 10, 30 epochs over 50,000 examples): "
        f"{classic64:.1f} s in float64, {classic32:.1f} s in float32.",
    ]
    return "\n".join(lines) + "\n\n" + verdicts(measured, slider, classic64, classic32)


def verdicts(measured, slider, classic64, classic32) -> str:
    """Each target of the speed issue, for 784-30-10, with the measured value."""
    key = (784, 30, 10)
    checks = []
    for m, want in ((10, 8), (100, 25)):
        loop, lib32, *_ = measured[(key, m)]
        checks.append(
            (f"library f32 ≥ {want}× faster than the loop at batch {m}", loop / lib32, loop / lib32 >= want)
        )
    for m, limit in ((10, 0.5), (100, 0.5), (None, 1.0)):
        _, lib32, torch32, _ = measured[(key, m)]
        if torch32 is not None:
            checks.append(
                (
                    f"library f32 ≤ {limit}× PyTorch f32 at batch {m or 'full'}",
                    lib32 / torch32,
                    lib32 / torch32 <= limit,
                )
            )
    for m in (100, None):
        _, lib32, _, bound = measured[(key, m)]
        checks.append(
            (
                f"library f32 within 2.5× of the bound at batch {m or 'full'}",
                lib32 / bound,
                lib32 / bound <= 2.5,
            )
        )
    checks.append(("slider move median ≤ 2 ms", slider, slider <= 2))
    checks.append(("classic run ≤ 15 s (float64)", classic64, classic64 <= 15))
    checks.append(("classic run ≤ 15 s (float32)", classic32, classic32 <= 15))
    return "\n".join(
        f"- {'met' if ok else 'NOT met'}: {name} (measured {value:.2f})" for name, value, ok in checks
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    report = run()
    print(report)
    if parser.parse_args().update_readme:
        text = README.read_text()
        start, end = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
        if start not in text:
            raise SystemExit(f"README.md has no {start} … {end} section")
        before, rest = text.split(start)
        README.write_text(before + start + "\n" + report + "\n" + end + rest.split(end)[1])


if __name__ == "__main__":
    main()
