"""Training loops: full-batch gradient descent and (mini-batch) stochastic gradient descent."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from .errors import BackpropValueError, NotFiniteError, TrainingDiverged
from .network import Network
from .validation import (
    MAX_STEPS,
    check_batch,
    check_bool,
    check_callable,
    check_input,
    check_int,
    check_labels,
    check_network,
    check_real,
    check_seed,
    describe,
    type_error,
    value_error,
)

# Diverging steps overflow (∞) and then subtract infinities (NaN); numpy would print a warning for
# each. Training silences them and checks the cost instead, which it has as a Python float anyway.
_QUIET = {"over": "ignore", "invalid": "ignore"}


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


def check_eta(eta) -> float:
    """The learning rate η: a finite number > 0."""
    return check_real(eta, "the learning rate eta", low=0.0, low_open=True)


def gradient_step(net: Network, X, Y, eta: float) -> float:
    """One step θ ← θ − η ∂C/∂θ on the batch (X, Y); returns the batch cost before it.

    A step whose cost is not finite, or that leaves the parameters not finite, raises
    TrainingDiverged (epoch 0, step 0); the network is left as the step made it.
    """
    check_network(net)
    X, Y = check_batch(net, X, Y)
    eta = check_eta(eta)
    with np.errstate(**_QUIET):
        cost = _step(net, X, Y, eta)
    if not math.isfinite(cost) or not _parameters_finite(net):
        cause = f"its cost was {cost}" if not math.isfinite(cost) else "the parameters became NaN or infinite"
        raise _diverged(History(step_cost=[cost] if math.isfinite(cost) else []), 0, 0, eta, cause)
    return cost


def _step(net: Network, X: np.ndarray, Y: np.ndarray, eta: float) -> float:
    """gradient_step on a batch already checked and in the network's dtype."""
    grads = net._backprop(X, Y)
    for l in range(1, net.L + 1):
        net.W[l] -= eta * grads.W[l]
        net.b[l] -= eta * grads.b[l]
    return grads.cost


def steps_per_epoch(n: int, batch_size: int | None) -> int:
    """Mini-batches in one pass over n ≥ 1 examples; the last one may be smaller."""
    n = check_int(n, "the number of examples n", low=1)
    batch_size = _check_batch_size(batch_size)
    m = n if batch_size is None else min(batch_size, n)
    return -(-n // m)


def _check_batch_size(batch_size) -> int | None:
    if batch_size is None:
        return None
    if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, (int, np.integer)):
        raise type_error("batch_size", "a positive integer or None (full batch)", batch_size)
    if batch_size < 1:
        raise BackpropValueError(
            f"batch_size must be a positive integer or None (full batch), got {batch_size!r}"
        )
    return int(batch_size)


def _check_test(net: Network, test) -> tuple[np.ndarray, np.ndarray] | None:
    """test=(X_test, labels_test): test images and their labels (not one-hot targets)."""
    if test is None:
        return None
    if not isinstance(test, (tuple, list)) or len(test) != 2:
        raise type_error("test", "a pair (X_test, labels_test) or None", test)
    X_test = check_input(net, test[0], "X_test")
    labels_test = check_labels(test[1], net.sizes[-1], "labels_test", m=X_test.shape[1])
    return X_test, labels_test


def _parameters_finite(net: Network) -> bool:
    return all(np.all(np.isfinite(p)) for p in net.parameters())


def _diverged(history: History, epoch: int, step: int, eta: float, cause: str) -> TrainingDiverged:
    return TrainingDiverged(
        f"training diverged at epoch {epoch}, step {step} (both counted from 0): {cause}. "
        f"The learning rate eta = {eta:g} is too large for this network and data; try a smaller one, "
        f"e.g. eta = {eta / 10:g}",
        epoch=epoch,
        step=step,
        eta=eta,
        history=history,
    )


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

    If a step's cost stops being a finite number (or the parameters do, checked at the end of
    every epoch) it raises TrainingDiverged, which carries the epoch, the step, η and the
    History so far; numpy's overflow warnings are silenced while it trains, on_step included.
    """
    check_network(net)
    X, Y = check_batch(net, X, Y)
    epochs = check_int(epochs, "epochs", low=0)
    eta = check_eta(eta)
    batch_size = _check_batch_size(batch_size)
    steps = steps_per_epoch(X.shape[1], batch_size)
    if epochs * steps > MAX_STEPS:
        expected = f"at most {MAX_STEPS // steps:,} here ({MAX_STEPS:.0e} steps of {steps} per epoch)"
        raise value_error("epochs", expected, describe(epochs))
    seed = check_seed(seed)
    tested = _check_test(net, test)
    progress = check_bool(progress, "progress")
    on_step = check_callable(on_step, "on_step", arguments=2)
    with np.errstate(**_QUIET):
        return _train(net, X, Y, epochs, eta, batch_size, seed, tested, progress, on_step)


def _train(net, X, Y, epochs, eta, batch_size, seed, tested, progress, on_step) -> History:
    """The training loop of `train`, on arguments already checked."""
    n = X.shape[1]
    m = n if batch_size is None else min(batch_size, n)
    rng = np.random.default_rng(seed)
    history = History()
    # Examples as contiguous rows, so that gathering a shuffled mini-batch is one fast copy
    # of m rows instead of a copy of the whole shuffled data set every epoch.
    X_rows, Y_rows = (np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)) if m < n else (None, None)

    def record(epoch: int | None, seen: int, seconds: float) -> None:
        """Measure after `epoch` (None: before training), and stop if the numbers are not finite."""
        cost = net._cost(X, Y)
        if not math.isfinite(cost) or not _parameters_finite(net):
            if epoch is None:
                raise NotFiniteError(
                    f"the cost before training is {cost}, not a finite number: the parameters are too "
                    f"large for these inputs; set them again, e.g. with net.initialise(seed)"
                )
            cause = (
                f"the cost over the training set after that step was {cost}"
                if not math.isfinite(cost)
                else "the parameters became NaN or infinite"
            )
            raise _diverged(history, epoch, steps - 1, eta, cause)
        history.epoch_cost.append(cost)
        history.examples_seen.append(seen)
        history.seconds.append(seconds)
        if tested is not None:
            history.test_accuracy.append(net._accuracy(*tested))

    steps = -(-n // m)
    record(None, 0, 0.0)
    seconds = 0.0
    for epoch in tqdm(range(epochs), disable=not progress, leave=False, desc="epochs"):
        start = time.perf_counter()
        order = rng.permutation(n) if m < n else None
        for step, k in enumerate(range(0, n, m)):
            if order is None:
                X_batch, Y_batch = X, Y
            else:
                batch = order[k : k + m]
                X_batch, Y_batch = X_rows[batch].T, Y_rows[batch].T
            cost = _step(net, X_batch, Y_batch, eta)
            if not math.isfinite(cost):  # a Python float: checking it costs nothing
                raise _diverged(history, epoch, step, eta, f"the cost of its mini-batch was {cost}")
            history.step_cost.append(cost)
            if on_step is not None:
                paused = time.perf_counter()
                _call_on_step(on_step, net, epoch * n + min(k + m, n), history, epoch, step, eta)
                start += time.perf_counter() - paused
        seconds += time.perf_counter() - start
        record(epoch, (epoch + 1) * n, seconds)
    return history


def _call_on_step(on_step, net, seen, history, epoch, step, eta) -> None:
    """on_step(net, seen); if it fails on numbers this step made too large, that is the divergence."""
    try:
        on_step(net, seen)
    except NotFiniteError as error:
        raise _diverged(
            history, epoch, step, eta, f"on_step failed on the network it left: {error}"
        ) from error
