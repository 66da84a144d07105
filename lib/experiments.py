"""Experiments of chapter 5: how batch size, learning rate, start and data size shape training."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .gradcheck import backprop_gradient
from .network import Network
from .training import History, train


@dataclass
class Curve:
    """The training cost measured every `every` examples processed, and the run's History."""

    batch_size: int | None
    eta: float
    examples: np.ndarray
    cost: np.ndarray
    history: History


def training_curve(
    X, Y, *, batch_size: int | None, eta: float, epochs: int, every: int, seed: int = 0, test=None, sizes=None
) -> Curve:
    """Train a fresh digit network and measure its full training cost every `every` examples.

    A full-batch step processes all n examples at once, so it is measured after each step.
    """
    net = Network(sizes or [X.shape[0], 16, 16, Y.shape[0]], seed=seed)
    examples, costs = [0], [net.cost(X, Y)]

    def measure(net: Network, seen: int) -> None:
        if seen // every > examples[-1] // every:
            examples.append(seen)
            costs.append(net.cost(X, Y))

    history = train(
        net, X, Y, epochs=epochs, eta=eta, batch_size=batch_size, seed=seed, test=test, on_step=measure
    )
    return Curve(batch_size, eta, np.array(examples), np.array(costs), history)


def choose_learning_rate(curves: list[Curve]) -> Curve:
    """The run with the lowest final training cost (a diverged run, with a NaN cost, never wins)."""
    finite = [c for c in curves if np.isfinite(c.cost[-1])]
    return min(finite, key=lambda c: c.cost[-1])


def gradient_cosines(
    net: Network, X, Y, batch_sizes, samples: int = 50, seed: int = 0
) -> dict[int, np.ndarray]:
    """cos(angle) between the full gradient and the gradients of random mini-batches of each size."""
    full = backprop_gradient(net, X, Y)
    rng = np.random.default_rng(seed)
    cosines = {}
    for m in batch_sizes:
        values = []
        for _ in range(samples):
            batch = rng.choice(X.shape[1], size=m, replace=False)
            g = backprop_gradient(net, X[:, batch], Y[:, batch])
            values.append(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
        cosines[m] = np.array(values)
    return cosines
