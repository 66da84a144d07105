"""Seconds per epoch of the book's library against hand-tuned numpy, the classic loop and PyTorch.

    python benchmarks/epoch_speed.py                   # measure and print the report
    python benchmarks/epoch_speed.py --update-readme   # and write it between README.md's markers
    python benchmarks/epoch_speed.py --threads 2 --rounds 7
    python benchmarks/epoch_speed.py --quick           # 784-30-10 only, two rounds: for trying changes

What runs, on MNIST-shaped data (784 inputs, 10 classes, 50,000 seeded examples laid out as
load_mnist() returns them), sigmoid layers and the quadratic cost:

- the library, through `train()`: its epochs as History.seconds counts them, and the wall time of
  the whole call (checks, setup and all);
- a hand-tuned numpy reference written here: buffers allocated once, every operation writing into
  them, η/m folded into δ⁽ᴸ⁾; what numpy alone can do;
- the classic per-example loop as the online book's network.py writes it (float64, examples
  pre-split into column vectors), timed on 10,000 examples and scaled;
- PyTorch on the CPU, if installed (benchmarks/requirements.txt), with as many threads as numpy;
- at full batch, the two matrix products with the input alone (W⁽¹⁾X and δ⁽¹⁾Xᵀ): numpy's floor.

Every implementation runs in this one process with the same number of BLAS threads (1 unless
--threads says otherwise). They take turns, an epoch each, round after round, so that a machine
shared with other jobs slows them alike. Times are CPU seconds (process time), which other jobs
inflate far less than the wall clock (the wall-clock ratios are printed too); a time is the min and
the median over the rounds, and a ratio divides two times measured in the same rounds. Before
timing, the references, the loop and PyTorch must end with the library's parameters after an epoch
from the same start in the same order (the reference with the library's arithmetic bit for bit).
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import itertools
import os
import platform
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from backprop import Network, one_hot, train
from backprop.landscape import WeightWiggle

try:
    import torch
except ImportError:
    torch = None

N = 50_000
SMALL = 10_000  # batch 1 and the classic loop are timed on this many examples and scaled to N
ETA = 0.1
ARCHITECTURES = [[784, 30, 10], [784, 16, 16, 10]]
BATCH_SIZES = [1, 10, 100, None]
DTYPES = [np.float64, np.float32]
README = Path(__file__).resolve().parent.parent / "README.md"
SAME, FOLDED = "hand-tuned numpy", "hand-tuned, η/m folded"
FLOOR = "W⁽¹⁾X and δ⁽¹⁾Xᵀ alone"
# Older versions of train() always measured the cost over the training set after every epoch.
NO_EPOCH_COST = {"epoch_cost": False} if "epoch_cost" in inspect.signature(train).parameters else {}
LEAN = "epoch_cost=False" if NO_EPOCH_COST else "epoch_cost on (no option to turn it off)"


def mnist_shaped(n: int = N, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X (784, n) in [0, 1] and one-hot Y (10, n), each example's pixels contiguous in memory,
    which is how load_mnist() and load_digits() return the real images."""
    rng = np.random.default_rng(seed)
    return rng.random((n, 784)).T, one_hot(rng.integers(0, 10, n))


def epoch_orders(n: int, m: int, seed: int):
    """The order in which train() visits the examples, epoch after epoch: a generator seeded
    with `seed` reshuffles them every epoch of mini-batches; full batch takes them as they are."""
    rng = np.random.default_rng(seed)
    while True:
        yield rng.permutation(n) if m < n else None


def _sigmoid_in_place(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)) written over z: the same operations, in the same order, as the library."""
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


# The hand-tuned numpy reference ----------------------------------------------------------


class HandTuned:
    """Mini-batch SGD for sigmoid layers and the quadratic cost C = mean over the batch of ‖a − y‖²,
    as fast as numpy alone goes: every array allocated once per batch size, every operation writing
    into one (out=, in place), a mini-batch gathered into a buffer by np.take, the gradients of all
    layers in one array so that scaling them is one call. It computes no cost: it only trains.

    It does the library's arithmetic, rounding for rounding: ∂C/∂W⁽ˡ⁾ = (δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ)·(1/m), then
    times η. With fold=True it takes the shortcut the library cannot: 2η/m multiplies δ⁽ᴸ⁾ once (every
    δ⁽ˡ⁾ is linear in it), so δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ is the step itself and two passes over the gradient go.
    Its parameters then differ from the library's in the last bits, which stochastic gradient descent
    can amplify into a different run (chapter 5 picks its learning rates from such runs).
    """

    def __init__(self, net: Network, dtype, fold: bool = False) -> None:
        self.W = [w.astype(dtype) for w in net.W[1:]]
        self.b = [b.astype(dtype) for b in net.b[1:]]
        self.sizes, self.dtype, self.fold = net.sizes, np.dtype(dtype), fold
        self._buffers: dict[int, dict] = {}

    def buffers(self, m: int) -> dict:
        if m not in self._buffers:
            empty = lambda *shape: np.empty(shape, self.dtype)  # noqa: E731
            n = self.sizes
            gradient = empty(sum(w.size + b.size for w, b in zip(self.W, self.b, strict=True)))
            parts, start = [], 0
            for shape in (p.shape for pair in zip(self.W, self.b, strict=True) for p in pair):
                parts.append(gradient[start : start + shape[0] * shape[1]].reshape(shape))
                start += shape[0] * shape[1]
            self._buffers[m] = {
                "x": empty(m, n[0]),
                "y": empty(m, n[-1]),
                "a": [empty(k, m) for k in n[1:]],
                "delta": [empty(k, m) for k in n[1:]],
                "grad_a": [empty(k, m) for k in n[1:-1]],
                "gradient": gradient,
                "dW": parts[0::2],
                "db": parts[1::2],
            }
        return self._buffers[m]

    def epoch(self, X_rows: np.ndarray, Y_rows: np.ndarray, m: int, eta: float, order) -> None:
        """One epoch over the examples stored as rows, in `order` (None: all at once, full batch)."""
        n = X_rows.shape[0]
        with np.errstate(over="ignore"):  # e^(−z) may overflow to ∞ for very negative z: σ = 0, right
            if order is None:
                self.step(X_rows.T, Y_rows.T, eta, self.buffers(n))
                return
            for k in range(0, n, m):
                batch = order[k : k + m]
                buffers = self.buffers(batch.size)
                # mode="clip": numpy writes through a temporary array when it must check the indices
                x = np.take(X_rows, batch, axis=0, out=buffers["x"], mode="clip")
                y = np.take(Y_rows, batch, axis=0, out=buffers["y"], mode="clip")
                self.step(x.T, y.T, eta, buffers)

    def step(self, x: np.ndarray, y: np.ndarray, eta: float, buffers: dict) -> None:
        W, b, a, delta = self.W, self.b, [x, *buffers["a"]], buffers["delta"]
        L, m = len(W), x.shape[1]
        for l in range(L):  # a[l + 1] = σ(W[l] a[l] + b[l]), the weighted input overwritten in place
            np.matmul(W[l], a[l], out=a[l + 1])
            a[l + 1] += b[l]
            _sigmoid_in_place(a[l + 1])
        d, out = delta[-1], a[-1]
        np.subtract(1.0, out, out=d)  # δ⁽ᴸ⁾ = a(1 − a) ⊙ 2(a − y)
        d *= out
        grad = np.subtract(out, y, out=out)  # a⁽ᴸ⁾ is not needed any more: its buffer takes a − y
        grad *= 2 * eta / m if self.fold else 2.0
        d *= grad
        for l in range(L - 1, -1, -1):
            np.matmul(delta[l], a[l].T, out=buffers["dW"][l])
            np.add.reduce(delta[l], axis=1, keepdims=True, out=buffers["db"][l])  # np.sum adds a wrapper
            if l > 0:  # δ⁽ˡ⁻¹⁾ = (Wᵀ δ) ⊙ a(1 − a), with W before its step
                g = np.matmul(W[l].T, delta[l], out=buffers["grad_a"][l - 1])
                s = np.subtract(1.0, a[l], out=delta[l - 1])
                s *= a[l]
                s *= g
        if not self.fold:
            buffers["gradient"] *= 1 / m
            buffers["gradient"] *= eta
        for l in range(L):
            W[l] -= buffers["dW"][l]
            b[l] -= buffers["db"][l]


# The classic per-example loop, as the online book's network.py writes it -----------------


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


class ClassicLoop:
    """network.py's SGD: a list of (x, y) column vectors, backprop one example at a time, the
    gradients of a mini-batch summed in new lists. Its cost is ‖a − y‖² like the book's (network.py
    halves it), so the same η takes the same steps."""

    def __init__(self, net: Network) -> None:
        self.weights = [w.astype(np.float64) for w in net.W[1:]]
        self.biases = [b.astype(np.float64) for b in net.b[1:]]

    @staticmethod
    def split(X: np.ndarray, Y: np.ndarray) -> list:
        """network.py's training data: one (x, y) pair of column vectors per example."""
        return [(X[:, [i]].copy(), Y[:, [i]].copy()) for i in range(X.shape[1])]

    def epoch(self, training_data: list, m: int, eta: float, order) -> None:
        if order is not None:  # network.py calls random.shuffle; here, train()'s order
            training_data = [training_data[i] for i in order]
        for k in range(0, len(training_data), m):
            self.update_mini_batch(training_data[k : k + m], eta)

    def update_mini_batch(self, mini_batch: list, eta: float) -> None:
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w, strict=True)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b, strict=True)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation, activations, zs = x, [x], []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = 2 * (activations[-1] - y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for layer in range(2, len(self.weights) + 1):
            delta = np.dot(self.weights[-layer + 1].transpose(), delta) * sigmoid_prime(zs[-layer])
            nabla_b[-layer] = delta
            nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
        return nabla_b, nabla_w


# PyTorch ------------------------------------------------------------------------------------


class Torch:
    """The same network as a torch.nn.Sequential, trained by torch.optim.SGD in the usual loop."""

    def __init__(self, net: Network, dtype) -> None:
        kind = torch.float32 if dtype == np.float32 else torch.float64
        layers = []
        for W, b in zip(net.W[1:], net.b[1:], strict=True):
            linear = torch.nn.Linear(W.shape[1], W.shape[0]).to(kind)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(W))
                linear.bias.copy_(torch.from_numpy(b[:, 0]))
            layers += [linear, torch.nn.Sigmoid()]
        self.model = torch.nn.Sequential(*layers)
        self.kind = kind

    def data(self, X: np.ndarray, Y: np.ndarray):
        return torch.from_numpy(np.ascontiguousarray(X.T)).to(self.kind), torch.from_numpy(Y.T).to(self.kind)

    def epoch(self, inputs, targets, m: int, eta: float, order) -> None:
        optimiser = torch.optim.SGD(self.model.parameters(), lr=eta)
        n = inputs.shape[0]
        for k in range(0, n, m):
            batch = slice(None) if order is None else order[k : k + m]
            loss = ((self.model(inputs[batch]) - targets[batch]) ** 2).sum(dim=1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()

    def parameters(self) -> list[np.ndarray]:
        linears = [layer for layer in self.model if isinstance(layer, torch.nn.Linear)]
        return [p.detach().numpy() for layer in linears for p in (layer.weight, layer.bias[:, None])]


# The check that they all compute the same thing ----------------------------------------------


def largest_differences(m: int | None, dtype) -> dict[str, float]:
    """Max |parameter difference| from the library after one epoch of 400 examples (40 steps at
    batch 10, one at full batch) from the same start in the same order, for each implementation."""
    X, Y = (data.astype(dtype) for data in mnist_shaped(400, seed=1))
    start = Network([784, 16, 16, 10], seed=3, dtype=dtype)
    net = start.copy()
    train(net, X, Y, epochs=1, eta=3.0, batch_size=m, seed=5)
    library = [p for l in range(1, net.L + 1) for p in (net.W[l], net.b[l])]
    order = next(epoch_orders(400, m or 400, seed=5))
    results = {}
    for name, fold in ((SAME, False), (FOLDED, True)):
        reference = HandTuned(start, dtype, fold)
        reference.epoch(np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T), m or 400, 3.0, order)
        results[name] = [p for pair in zip(reference.W, reference.b, strict=True) for p in pair]
    if dtype == np.float64:
        loop = ClassicLoop(start)
        loop.epoch(ClassicLoop.split(X, Y), m or 400, 3.0, order)
        results["classic loop"] = [p for pair in zip(loop.weights, loop.biases, strict=True) for p in pair]
    if torch is not None:
        model = Torch(start, dtype)
        model.epoch(*model.data(X, Y), m or 400, 3.0, None if order is None else torch.from_numpy(order))
        results["PyTorch"] = model.parameters()
    return {
        name: max(float(np.max(np.abs(p - q))) for p, q in zip(params, library, strict=True))
        for name, params in results.items()
    }


def check_same_parameters() -> dict:
    """Every implementation against the library; stop if one computes something else. The reference
    that does the library's arithmetic must agree bit for bit."""
    differences = {}
    for dtype, tolerance in ((np.float64, 1e-12), (np.float32, 1e-4)):
        for m in (10, None):
            for name, difference in largest_differences(m, dtype).items():
                if difference > (0.0 if name == SAME else tolerance):
                    raise SystemExit(
                        f"{name} and the library disagree by {difference:.2e} after an epoch at batch "
                        f"{m or 'full'} in {np.dtype(dtype)}; not timing"
                    )
                key = (name, np.dtype(dtype).name)
                differences[key] = max(differences.get(key, 0.0), difference)
    return differences


# Timing ----------------------------------------------------------------------------------------


@dataclass
class Samples:
    """The CPU seconds (process time) and wall seconds of every epoch timed."""

    cpu: list = field(default_factory=list)
    wall: list = field(default_factory=list)

    def low(self, clock: str = "cpu") -> float:
        return float(np.min(getattr(self, clock)))

    def mid(self, clock: str = "cpu") -> float:
        return float(np.median(getattr(self, clock)))


def _timed_epochs(epoch: Callable[[object], None], orders, epochs: int) -> tuple[list, list]:
    cpu, wall = [], []
    for _ in range(epochs):
        start, start_cpu = time.perf_counter(), time.process_time()
        epoch(next(orders))
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return cpu, wall


class Contestant:
    """One implementation on one configuration, trained one epoch at a time, round after round."""

    def __init__(self, name: str, run: Callable[[int], tuple[list, list]], scale: float) -> None:
        self.name, self.run, self.scale = name, run, scale
        self.samples = Samples()

    def take_turn(self, seed: int) -> None:
        cpu, wall = self.run(seed)
        self.samples.cpu += [t * self.scale for t in cpu]
        self.samples.wall += [t * self.scale for t in wall]


def library_contestant(net: Network, X, Y, m, scale: float) -> Contestant:
    """train(..., epoch_cost=False) for two epochs a turn; the second is the sample. Its CPU time is
    read at the end of each epoch by on_step (whose own time, under a microsecond a step, it
    includes); its wall time is History.seconds, the library's own account."""
    n = X.shape[1]

    def run(seed: int):
        marks = []

        def mark(_, seen: int) -> None:
            if seen % n == 0:
                marks.append(time.process_time())

        history = train(net, X, Y, epochs=2, eta=ETA, batch_size=m, seed=seed, on_step=mark, **NO_EPOCH_COST)
        return [marks[1] - marks[0]], [history.seconds[2] - history.seconds[1]]

    return Contestant("library", run, scale)


def contestants(sizes, m, dtype, X, Y) -> list[Contestant]:
    """The library, the references, PyTorch and (float64) the loop on (X, Y) with batch size m."""
    start = Network(sizes, seed=0, dtype=dtype)
    n = X.shape[1]
    size = m or n
    scale = N / n
    X_rows, Y_rows = np.ascontiguousarray(X.T, dtype=dtype), np.ascontiguousarray(Y.T, dtype=dtype)

    def hand_tuned(fold: bool):
        reference = HandTuned(start, dtype, fold)
        epoch = lambda order: reference.epoch(X_rows, Y_rows, size, ETA, order)  # noqa: E731
        return lambda seed: _timed_epochs(epoch, epoch_orders(n, size, seed), 1)

    found = [
        library_contestant(start.copy(), X, Y, m, scale),
        Contestant(SAME, hand_tuned(False), scale),
        Contestant(FOLDED, hand_tuned(True), scale),
    ]
    if torch is not None:
        model = Torch(start, dtype)
        inputs, targets = model.data(X, Y)
        generator = torch.Generator().manual_seed(0)

        def shuffled():
            while True:
                yield torch.randperm(n, generator=generator) if size < n else None

        orders = shuffled()
        epoch = lambda order: model.epoch(inputs, targets, size, ETA, order)  # noqa: E731
        found.append(Contestant("PyTorch", lambda seed: _timed_epochs(epoch, orders, 1), scale))
    if m is None:
        products = input_products(start.W[1], X)
        timed = lambda seed: _timed_epochs(products, itertools.repeat(None), 1)  # noqa: E731
        found.append(Contestant(FLOOR, timed, scale))
    if dtype == np.float64:
        loop = ClassicLoop(start)
        pairs = ClassicLoop.split(X[:, :SMALL], Y[:, :SMALL])
        small = min(size, SMALL)
        classic = lambda order: loop.epoch(pairs, small, ETA, order)  # noqa: E731
        found.append(
            Contestant(
                "classic loop",
                lambda seed: _timed_epochs(classic, epoch_orders(SMALL, small, seed), 1),
                N / SMALL,
            )
        )
    return found


def measure(sizes, m, dtype, X, Y, rounds: int) -> dict[str, Samples]:
    """Each contestant in turn, the order rotated every round."""
    if m == 1:
        X, Y = X[:, :SMALL], Y[:, :SMALL]
        rounds = max(3, rounds // 2)
    X, Y = X.astype(dtype), Y.astype(dtype)  # the data in the network's dtype, as a float32 user keeps it
    players = contestants(sizes, m, dtype, X, Y)
    for r in range(rounds):
        for player in players[r % len(players) :] + players[: r % len(players)]:
            player.take_turn(seed=r)
    return {player.name: player.samples for player in players}


def three_epoch_calls(X, Y, rounds: int) -> dict[tuple, tuple[float, float]]:
    """The wall time of train() for 3 epochs of 784-30-10 ÷ the sum of its epochs (History.seconds),
    min and median over `rounds` calls, by dtype, batch size and case: the data as the loaders give
    them with epoch_cost=False and with the per-epoch cost on (the default), and at batch 100 a
    C-ordered X."""
    found = {}
    for dtype in DTYPES:
        data = X.astype(dtype), Y.astype(dtype)
        cases = [(m, LEAN, data, NO_EPOCH_COST) for m in (10, 100, None)]
        cases += [(m, "epoch_cost=True", data, {}) for m in (10, 100, None)]
        cases.append((100, "C-ordered X, " + LEAN, (np.ascontiguousarray(data[0]), data[1]), NO_EPOCH_COST))
        ratios: dict[tuple, list] = {(m, case): [] for m, case, _, _ in cases}
        net = Network([784, 30, 10], seed=0, dtype=dtype)
        for r in range(rounds):
            for m, case, (X_case, Y_case), options in cases:
                begin = time.perf_counter()
                history = train(net, X_case, Y_case, epochs=3, eta=ETA, batch_size=m, seed=r, **options)
                ratios[(m, case)].append((time.perf_counter() - begin) / history.seconds[-1])
        for (m, case), values in ratios.items():
            found[(np.dtype(dtype).name, m, case)] = (float(np.min(values)), float(np.median(values)))
    return found


# The slider ------------------------------------------------------------------------------------


class RankOneSlider:
    """The cost of 784-16-16-10 as w⁽¹⁾_jk moves, written by hand in the network's dtype: row j
    of z⁽¹⁾ moves by Δw · x_k, z⁽²⁾ by the rank-one W⁽²⁾[:, j] ⊗ Δa⁽¹⁾_j, layer 3 is computed again."""

    def __init__(self, net: Network, X: np.ndarray, Y: np.ndarray, j: int, k: int) -> None:
        forward = net.forward(X)
        self.dtype = net.dtype.type
        self.w = self.dtype(net.W[1][j, k])
        self.x_k = np.ascontiguousarray(X[k], dtype=net.dtype)
        self.z1_j, self.a1_j = forward.z[1][j].copy(), forward.a[1][j].copy()
        self.column = np.ascontiguousarray(net.W[2][:, j : j + 1])
        self.z2, self.W3, self.b3, self.Y = forward.z[2], net.W[3], net.b[3], Y.astype(net.dtype)
        self.row = np.empty_like(self.z1_j)
        self.z = np.empty_like(self.z2)
        self.out = np.empty_like(forward.z[3])

    def cost(self, value: float) -> float:
        row, z, out = self.row, self.z, self.out
        np.multiply(self.x_k, self.dtype(value) - self.w, out=row)
        row += self.z1_j
        _sigmoid_in_place(row)
        row -= self.a1_j  # Δa⁽¹⁾_j
        np.multiply(self.column, row, out=z)
        z += self.z2
        _sigmoid_in_place(z)
        np.matmul(self.W3, z, out=out)
        out += self.b3
        _sigmoid_in_place(out)
        out -= self.Y
        return float(np.vdot(out, out)) / out.shape[1]


def slider(dtype, rounds: int) -> tuple[Samples, Samples, float]:
    """Each slider value timed for the library's WeightWiggle and the hand-written rank-one update,
    one after the other (a pair of samples); and the largest relative difference of their costs."""
    X, Y = mnist_shaped(10_000, seed=2)
    net = Network([784, 16, 16, 10], seed=0, dtype=dtype)
    wiggle, by_hand = WeightWiggle(net, X, Y, 1, 3, 400), RankOneSlider(net, X, Y, 3, 400)
    values = np.linspace(-3, 3, 201)  # numpy floats, as a reader's slider or wiggle_weight passes them
    gap = max(abs(wiggle.cost(v) / by_hand.cost(v) - 1) for v in values[::20])
    library, reference = Samples(), Samples()
    with np.errstate(over="ignore"):
        for r in range(rounds):
            for v in values:
                for cost, samples in ((wiggle.cost, library), (by_hand.cost, reference))[:: 1 - 2 * (r % 2)]:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    cost(v)
                    samples.cpu.append(time.process_time() - start_cpu)
                    samples.wall.append(time.perf_counter() - start)
    return library, reference, gap


def input_products(W: np.ndarray, X: np.ndarray) -> Callable[[object], None]:
    """The two products of a full-batch step with the 784-row input, W⁽¹⁾X and δ⁽¹⁾Xᵀ: no numpy
    implementation of the step can take less time than these two alone."""
    z = np.zeros((W.shape[0], X.shape[1]), X.dtype)
    delta = np.random.default_rng(1).standard_normal(z.shape).astype(X.dtype)
    grad_W = np.empty_like(W)

    def products(_order) -> None:
        np.matmul(W, X, out=z)
        np.matmul(delta, X.T, out=grad_W)

    return products


# The report ------------------------------------------------------------------------------------


def machine(threads: int) -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        names = re.findall(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = names[0] if names else cpu
    except OSError:
        pass
    versions = f"Python {platform.python_version()}, numpy {np.__version__}"
    versions += f", torch {torch.__version__}" if torch is not None else ", torch not installed"
    blas = sorted(
        {f"{i['internal_api']} {i['version']}" for i in threadpool_info() if i["user_api"] == "blas"}
    )
    counts = sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})
    torch_threads = f", PyTorch {torch.get_num_threads()}" if torch is not None else ""
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}; {versions}; "
        f"{', '.join(blas)}. Threads: numpy's BLAS {'/'.join(map(str, counts))}{torch_threads} "
        f"(asked for {threads})"
    )


def pair(low: float, mid: float, digits: int = 3) -> str:
    return f"{low:.{digits}f} / {mid:.{digits}f}"


def times(samples: Samples | None) -> str:
    return "–" if samples is None else pair(samples.low(), samples.mid())


def ratio(a: Samples | None, b: Samples | None, clock: str = "cpu") -> tuple[float, float] | None:
    """a ÷ b as (min ÷ min, the median of a_i ÷ b_i): sample i of each was taken in the same round,
    one just after the other, so a load that comes and goes on a shared machine cancels in a_i ÷ b_i."""
    if a is None or b is None:
        return None
    pairs = np.array(getattr(a, clock)) / np.array(getattr(b, clock))
    return a.low(clock) / b.low(clock), float(np.median(pairs))


def ratio_text(value: tuple[float, float] | None) -> str:
    return "–" if value is None else pair(*value, digits=2)


@dataclass
class Target:
    what: str
    limit: float
    measured: tuple[float, float] | None  # min-based, median-based: the verdict is on the median
    wall: tuple[float, float] | None = None  # the same on the wall clock, where it differs
    label: str = "min ÷ min / paired median"

    def line(self) -> str:
        if self.measured is None:
            return f"- not measured: {self.what} ≤ {self.limit:g}"
        # Judged on the ratio as printed: the library and the reference doing the same arithmetic
        # measure 1.00 one run and 1.004 the next, and a third digit would be noise.
        verdict = "met" if round(self.measured[1], 2) <= self.limit else "NOT met"
        wall = f"; wall clock {pair(*self.wall, digits=2)}" if self.wall else ""
        measured = pair(*self.measured, digits=2)
        return f"- {verdict}: {self.what} ≤ {self.limit:g} ({self.label} {measured}{wall})"


EXPLANATION = (
    "CPU seconds (process time, which other jobs on a shared machine do not inflate as they do the wall "
    "clock) per epoch over 50,000 MNIST-shaped examples, as min / median over the rounds. A ratio is "
    "min ÷ min / the median over the rounds of the ratio within each round, where the two epochs ran one "
    "after the other. The implementations "
    "took turns, one epoch each, the order rotated every round; batch 1 and the classic loop were timed "
    "on 10,000 examples and scaled. The data are in the network's dtype, each example's pixels "
    "contiguous as load_mnist() returns them. The library runs train(..., epoch_cost=False), two epochs "
    "a call, and its second epoch is the sample, its CPU time read by on_step at the epoch's end. "
    "The hand-tuned reference does the library's arithmetic, rounding for rounding; the one with η/m "
    "folded into δ⁽ᴸ⁾ saves two passes over the gradient but rounds differently, which stochastic "
    "gradient descent can amplify into another run (chapter 5's choice of learning rate at batch 10 "
    "changes), so the library cannot take that shortcut."
)


def run(rounds: int, threads: int, quick: bool) -> str:
    differences = check_same_parameters()
    X, Y = mnist_shaped()
    architectures = ARCHITECTURES[:1] if quick else ARCHITECTURES
    batch_sizes = [10, 100, None] if quick else BATCH_SIZES
    rows, results = [], {}
    for sizes in architectures:
        for m in batch_sizes:
            for dtype in DTYPES:
                found = measure(sizes, m, dtype, X, Y, rounds)
                results[(tuple(sizes), m, np.dtype(dtype).name)] = found
                rows.append(table_row(sizes, m, dtype, found))
    sliders = {dtype: slider(dtype, max(2, rounds // 2)) for dtype in DTYPES}
    calls = three_epoch_calls(X, Y, rounds)
    agreed = "; ".join(
        f"{name} {dtype} {'bit for bit' if value == 0 else f'to {value:.1e}'}"
        for (name, dtype), value in differences.items()
    )
    header = (
        f"| network | batch | dtype | loop | {SAME} | {FOLDED} | library | PyTorch | library ÷ hand-tuned "
        "| library ÷ η/m folded | library ÷ PyTorch | loop ÷ library |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {machine(threads)}; {rounds} rounds.",
        "",
        EXPLANATION + " Before timing, each implementation ran one epoch of 400 examples from the "
        f"library's start in its order and matched the library's parameters: {agreed}.",
        "",
        header,
        *rows,
        "",
        wall_line(results),
        *call_lines(calls),
        *(slider_line(np.dtype(dtype).name, *found) for dtype, found in sliders.items()),
        "",
        *(t.line() for t in targets(results, calls, *sliders[np.float32][:2])),
        "",
        folded_line(results),
        floor_line(results),
    ]
    return "\n".join(lines)


def wall_line(results) -> str:
    """The same rounds on the wall clock, for 784-30-10."""
    parts = [
        f"{dtype} batch {m or 'full'} {ratio_text(ratio(got['library'], got[SAME], 'wall'))}"
        for ((sizes, m, dtype), got) in results.items()
        if sizes == (784, 30, 10)
    ]
    return (
        "- on the wall clock, library ÷ hand-tuned numpy (784-30-10, min ÷ min / paired median): "
        + "; ".join(parts)
        + "."
    )


def call_lines(calls) -> list[str]:
    lines = []
    for dtype in ("float64", "float32"):
        parts = [
            f"batch {m or 'full'}, {case}: {pair(*value, digits=2)}"
            for (kind, m, case), value in calls.items()
            if kind == dtype
        ]
        lines.append(
            f"- train() for 3 epochs of 784-30-10 in {dtype}, the wall time of the call ÷ the sum of its "
            f"epochs in History.seconds (min / median): " + "; ".join(parts) + "."
        )
    return lines


def folded_line(results) -> str:
    """library ÷ the reference with η/m folded: what the book's exact rounding costs."""
    parts = [
        f"{dtype} batch {m or 'full'} {ratio_text(ratio(got['library'], got[FOLDED]))}"
        for ((sizes, m, dtype), got) in results.items()
        if sizes == (784, 30, 10)
    ]
    return (
        "- for comparison, library ÷ hand-tuned with η/m folded (784-30-10, min ÷ min / paired median): "
        + "; ".join(parts)
        + "."
    )


def floor_line(results) -> str:
    """How much of the full-batch epoch the two products with the input take: numpy's floor."""
    parts = []
    for (sizes, m, dtype), got in results.items():
        if m is None:
            text = f"{'-'.join(map(str, sizes))} {dtype} {ratio_text(ratio(got[FLOOR], got['library']))}"
            if "PyTorch" in got:
                text += f" and {ratio_text(ratio(got[FLOOR], got['PyTorch']))}"
            parts.append(text)
    return (
        "- numpy's floor at full batch (min ÷ min / paired median): the two products with the 784-row "
        "input, W⁽¹⁾X and δ⁽¹⁾Xᵀ, timed alone in the same rounds, take of the library's epoch and of "
        "PyTorch's: " + "; ".join(parts) + "."
    )


def table_row(sizes, m, dtype, found: dict[str, Samples]) -> str:
    library, reference, folded = found["library"], found[SAME], found[FOLDED]
    pytorch, loop = found.get("PyTorch"), found.get("classic loop")
    return (
        f"| {'-'.join(map(str, sizes))} | {m or 'full'} | {np.dtype(dtype).name} | {times(loop)} | "
        f"{times(reference)} | {times(folded)} | {times(library)} | {times(pytorch)} | "
        f"{ratio_text(ratio(library, reference))} | {ratio_text(ratio(library, folded))} | "
        f"{ratio_text(ratio(library, pytorch))} | {ratio_text(ratio(loop, library))} |"
    )


def slider_line(dtype: str, library: Samples, reference: Samples, gap: float) -> str:
    return (
        f"- one slider move in {dtype} (the average cost of 784-16-16-10 over 10,000 examples after "
        f"w⁽¹⁾₃,₄₀₀ changes, 201 values in turn, CPU ms, min / median): library "
        f"{pair(1000 * library.low(), 1000 * library.mid())}, the rank-one update written by hand "
        f"{pair(1000 * reference.low(), 1000 * reference.mid())}; costs equal to {gap:.0e} relative."
    )


def targets(results, calls, slider32: Samples, rank_one32: Samples) -> list[Target]:
    """The speed issue's targets, for 784-30-10; the verdict is on the median-based ratio."""
    key, found = (784, 30, 10), []
    for dtype in ("float64", "float32"):
        for m, limit in ((10, 1.15), (100, 1.05), (None, 1.0)):
            if (key, m, dtype) in results:
                got = results[(key, m, dtype)]
                what = f"library ÷ hand-tuned numpy, {dtype}, batch {m or 'full'}"
                measured = ratio(got["library"], got[SAME]), ratio(got["library"], got[SAME], "wall")
                found.append(Target(what, limit, *measured))
    for m, limit in ((10, 0.3), (100, 0.6), (None, 0.8)):
        if (key, m, "float32") in results:
            got = results[(key, m, "float32")]
            what = f"library ÷ PyTorch, float32, batch {m or 'full'}"
            measured = (
                ratio(got["library"], got.get("PyTorch")),
                ratio(got["library"], got.get("PyTorch"), "wall"),
            )
            found.append(Target(what, limit, *measured))
    for dtype in ("float64", "float32"):
        what = f"train() wall for 3 epochs ÷ the sum of its epochs, {dtype}, batch 100, {LEAN}"
        found.append(Target(what, 1.10, calls[(dtype, 100, LEAN)], label="min / median"))
    found.append(
        Target(
            "float32 slider move ÷ the rank-one update by hand",
            1.3,
            ratio(slider32, rank_one32),
            ratio(slider32, rank_one32, "wall"),
        )
    )
    milliseconds = (1000 * slider32.low(), 1000 * slider32.mid())
    wall = (1000 * slider32.low("wall"), 1000 * slider32.mid("wall"))
    found.append(Target("float32 slider move, CPU ms", 1.0, milliseconds, wall, "min / median"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true", help="write the report into README.md")
    parser.add_argument("--threads", type=int, default=1, help="BLAS and PyTorch threads (default 1)")
    parser.add_argument("--rounds", type=int, default=7, help="turns each implementation takes (default 7)")
    parser.add_argument("--quick", action="store_true", help="784-30-10 only, batch 10, 100 and full")
    args = parser.parse_args()
    if args.update_readme and args.quick:
        parser.error("--update-readme writes only a full run")
    if torch is not None:
        torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads, user_api="blas"):
        report = run(args.rounds, args.threads, args.quick)
    print(report)
    if args.update_readme:
        text = README.read_text()
        start, end = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
        if start not in text or end not in text:
            raise SystemExit(f"README.md has no {start} … {end} section")
        before, rest = text.split(start)
        README.write_text(before + start + "\n" + report + "\n" + end + rest.split(end)[1])


if __name__ == "__main__":
    main()
