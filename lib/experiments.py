"""Experiments of chapter 5: how batch size, learning rate, start and data size shape training."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .errors import TrainingDiverged
from .gradcheck import backprop_gradient
from .landscape import cost_along_line
from .network import Network
from .training import History, train


@dataclass
class Curve:
    """The training cost measured every `every` examples processed, and the run's History.

    A run that diverged (TrainingDiverged) ends with a NaN cost where it stopped.
    """

    batch_size: int | None
    eta: float
    examples: np.ndarray
    cost: np.ndarray
    history: History

    @property
    def diverged(self) -> bool:
        return not np.isfinite(self.cost[-1])


def training_curve(
    X,
    Y,
    *,
    batch_size: int | None,
    eta: float,
    epochs: int,
    every: int,
    seed: int = 0,
    test=None,
    sizes=None,
    hidden: str = "sigmoid",
) -> Curve:
    """Train a fresh digit network and measure its full training cost every `every` examples.

    A full-batch step processes all n examples at once, so it is measured after each step.
    """
    net = Network(sizes or [X.shape[0], 16, 16, Y.shape[0]], hidden=hidden, seed=seed)
    examples, costs = [0], [net.cost(X, Y)]

    def measure(net: Network, seen: int) -> None:
        if seen // every > examples[-1] // every:
            examples.append(seen)
            costs.append(net.cost(X, Y))

    try:
        history = train(
            net, X, Y, epochs=epochs, eta=eta, batch_size=batch_size, seed=seed, test=test, on_step=measure
        )
    except TrainingDiverged as error:
        n = X.shape[1]
        m = n if batch_size is None else min(batch_size, n)
        examples.append(error.epoch * n + min((error.step + 1) * m, n))
        costs.append(np.nan)
        history = error.history
    return Curve(batch_size, eta, np.array(examples), np.array(costs), history)


def choose_learning_rate(curves: list[Curve]) -> Curve:
    """The run with the lowest final training cost (a diverged run never wins)."""
    finite = [c for c in curves if not c.diverged]
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


def disagreement(a: Network, b: Network, X) -> float:
    """The fraction of the examples (columns of X) on which the two networks predict different labels."""
    return float(np.mean(a.predict(X) != b.predict(X)))


def align_hidden_units(reference: Network, other: Network, X) -> Network:
    """A copy of `other` with its hidden neurons reordered to match `reference`'s, layer by layer.

    Reordering hidden neurons does not change the function (chapter 1), so two trained networks
    can only be compared in parameter space once their neurons are matched. Each layer is
    matched by the assignment that maximises the summed correlation of paired neurons'
    activations on X, the reference's layer order fixed.
    """
    aligned = other.copy()
    for l in range(1, reference.L):
        a_ref = reference.forward(X).a[l]
        a_other = aligned.forward(X).a[l]
        order = linear_sum_assignment(-_correlations(a_ref, a_other))[1]
        aligned.W[l] = aligned.W[l][order]
        aligned.b[l] = aligned.b[l][order]
        aligned.W[l + 1] = aligned.W[l + 1][:, order]
    return aligned


def _correlations(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Correlation of every row of a with every row of b (constant rows correlate 0)."""

    def standardise(x: np.ndarray) -> np.ndarray:
        centred = x - x.mean(axis=1, keepdims=True)
        norms = np.linalg.norm(centred, axis=1, keepdims=True)
        return np.divide(centred, norms, out=np.zeros_like(centred), where=norms > 0)

    return standardise(a) @ standardise(b).T


def barrier(a: Network, b: Network, X, Y, points: int = 21) -> np.ndarray:
    """The cost along the straight segment from a's parameters (t = 0) to b's (t = 1)."""
    return cost_along_line(a, X, Y, b.get_flat() - a.get_flat(), np.linspace(0, 1, points))
