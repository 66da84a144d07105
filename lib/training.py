"""Training loops: full-batch gradient descent and (mini-batch) stochastic gradient descent."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from .network import Network
from .validation import check_batch, check_labels


@dataclass
class History:
    """What happened during training.

    step_cost:     the cost of each step's mini-batch, measured before that step.
    epoch_cost:    the average cost over the whole training set; entry 0 is before training.
    test_accuracy: the test accuracy at the same moments (empty without a test set).
    examples_seen: how many examples had gone through backprop at those moments.
    seconds:       training time spent by then (evaluation not counted).
    """

    step_cost: list = field(default_factory=list)
    epoch_cost: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    examples_seen: list = field(default_factory=list)
    seconds: list = field(default_factory=list)


def gradient_step(net: Network, X: np.ndarray, Y: np.ndarray, eta: float) -> float:
    """One step θ ← θ − η ∂C/∂θ on the batch (X, Y); returns the batch cost before it."""
    X, Y = check_batch(net, X, Y)
    return _step(net, X, Y, eta)


def _step(net: Network, X: np.ndarray, Y: np.ndarray, eta: float) -> float:
    """gradient_step on a batch already checked and in the network's dtype."""
    grads = net.backprop(X, Y, check=False)
    for l in range(1, net.L + 1):
        net.W[l] -= eta * grads.W[l]
        net.b[l] -= eta * grads.b[l]
    return grads.cost


def steps_per_epoch(n: int, batch_size: int | None) -> int:
    """Mini-batches in one pass over n examples; the last one may be smaller."""
    m = n if batch_size is None else min(batch_size, n)
    return -(-n // m)


def train(
    net: Network,
    X,
    Y,
    *,
    epochs: int,
    eta: float,
    batch_size: int | None = None,
    seed: int = 0,
    test: tuple | None = None,
    progress: bool = False,
    on_step: Callable[[Network, int], None] | None = None,
) -> History:
    """Train `net` in place and return its History.

    batch_size=None is full-batch gradient descent (one step per epoch); batch_size=m is
    mini-batch SGD: each epoch reshuffles the examples with a generator seeded by `seed`,
    splits them into mini-batches of m (the last may be smaller) and takes one step per
    mini-batch; batch_size=1 is single-example SGD. `test=(X_test, labels_test)` records
    the test accuracy after every epoch. `progress=True` shows a progress bar that
    disappears when training ends. `on_step(net, examples_seen)` is called after every
    step (for measurements; its time is not counted in `History.seconds`).
    """
    X, Y = check_batch(net, X, Y)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number ≥ 0, got {epochs!r}")
    if not np.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate eta must be a positive number, got {eta!r}")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1
    ):
        raise ValueError(f"batch_size must be a positive integer or None (full batch), got {batch_size!r}")
    if test is not None:
        X_test, labels_test = test
        labels_test = check_labels(labels_test, net.sizes[-1])

    n = X.shape[1]
    m = n if batch_size is None else min(batch_size, n)
    rng = np.random.default_rng(seed)
    history = History()
    # Examples as contiguous rows, so that gathering a shuffled mini-batch is one fast copy
    # of m rows instead of a copy of the whole shuffled data set every epoch.
    X_rows, Y_rows = (np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)) if m < n else (None, None)

    def record(seen: int, seconds: float) -> None:
        history.epoch_cost.append(net.cost(X, Y))
        history.examples_seen.append(seen)
        history.seconds.append(seconds)
        if test is not None:
            history.test_accuracy.append(net.accuracy(X_test, labels_test))

    record(0, 0.0)
    seconds = 0.0
    for epoch in tqdm(range(epochs), disable=not progress, leave=False, desc="epochs"):
        start = time.perf_counter()
        order = rng.permutation(n) if m < n else None
        for k in range(0, n, m):
            if order is None:
                X_batch, Y_batch = X, Y
            else:
                batch = order[k : k + m]
                X_batch, Y_batch = X_rows[batch].T, Y_rows[batch].T
            history.step_cost.append(_step(net, X_batch, Y_batch, eta))
            if on_step is not None:
                paused = time.perf_counter()
                on_step(net, epoch * n + min(k + m, n))
                start += time.perf_counter() - paused
        seconds += time.perf_counter() - start
        record((epoch + 1) * n, seconds)
    return history
