"""Training loops: full-batch gradient descent and (mini-batch) stochastic gradient descent."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from .errors import BackpropValueError, NotFiniteError, TrainingDiverged
from .network import Network, StepBuffers
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

    step_cost:     the cost of each step's mini-batch, measured before that step (by the step's
                   own forward pass, summed in another order than cost(): equal to the last bits).
    epoch_cost:    the average cost over the whole training set; entry 0 is before training.
                   Empty after train(..., epoch_cost=False).
    test_accuracy: the test accuracy at the same moments (empty without a test set).
    examples_seen: how many examples had gone through backprop at those moments.
    seconds:       training time spent by then: the epochs' steps, shuffling included, and not
                   the evaluations above (nor on_step), so that it is what training alone takes
                   (at full batch, a forward pass that a measurement shares with the next step
                   counts as training).
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
    return net._sgd_step(X, Y, eta, StepBuffers(net, X.shape[1]))


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
    epoch_cost: bool = True,
) -> History:
    """Train `net` in place and return its History.

    batch_size=None is full-batch gradient descent (one step per epoch); batch_size=m is
    mini-batch SGD: each epoch reshuffles the examples with a generator seeded by `seed`,
    splits them into mini-batches of m (the last may be smaller) and takes one step per
    mini-batch; batch_size=1 is single-example SGD. `test=(X_test, labels_test)` records
    the test accuracy after every epoch. `progress=True` shows a progress bar that
    disappears when training ends. `on_step(net, examples_seen)` is called after every
    step (for measurements; its time is not counted in `History.seconds`).

    epoch_cost=True (the default) records the cost over the whole training set before training
    and after every epoch, in History.epoch_cost. With mini-batches that is one more forward pass
    over the data per epoch, not counted in History.seconds but spent all the same: pass
    epoch_cost=False when only the trained network or the step costs matter. Full-batch training
    pays for it once per call, not once per epoch: the step after a measurement starts from the
    measurement's forward pass instead of repeating it (that pass then counts as training time),
    so only the measurement after the last epoch is extra.

    The data are checked once, here, and not again by the steps. Mini-batches are gathered as
    rows of the examples: when X holds each example's inputs contiguously (X = rows.T, as
    load_mnist and load_digits return it) that costs nothing; a C-ordered X is copied once per call.

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
    epoch_cost = check_bool(epoch_cost, "epoch_cost")
    with np.errstate(**_QUIET):
        run = _Run(net, X, Y, batch_size, eta, seed, tested, on_step, epoch_cost)
        run.record(None)
        for epoch in tqdm(range(epochs), disable=not progress, leave=False, desc="epochs"):
            run.epoch(epoch)
            run.record(epoch)
    return run.history


class _Run:
    """One call of train on arguments already checked: the data, the step buffers, the History."""

    def __init__(self, net, X, Y, batch_size, eta, seed, tested, on_step, epoch_cost) -> None:
        self.net, self.X, self.Y, self.eta = net, X, Y, eta
        self.tested, self.on_step, self.epoch_cost = tested, on_step, epoch_cost
        self.n = X.shape[1]
        self.m = self.n if batch_size is None else min(batch_size, self.n)
        self.steps = -(-self.n // self.m)
        self.rng = np.random.default_rng(seed)
        self.history = History()
        self.seconds = 0.0
        self.carried = 0.0  # seconds of a forward pass that the next step reuses: training time
        self.buffers: dict[int, StepBuffers] = {}
        # Examples as contiguous rows, so that gathering a shuffled mini-batch is one fast copy of
        # m rows (a view when X stores examples contiguously; else one copy of the data per call).
        full = self.m == self.n
        self.rows = None if full else (np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T))

    def buffers_for(self, m: int) -> StepBuffers:
        """The step's arrays for batches of m examples, made at the first such batch."""
        if m not in self.buffers:
            self.buffers[m] = StepBuffers(self.net, m, gather=self.rows is not None)
        return self.buffers[m]

    def epoch(self, epoch: int) -> None:
        """One pass over the examples; the time it takes is added to self.seconds."""
        net, eta, n, m, history = self.net, self.eta, self.n, self.m, self.history
        start = time.perf_counter() - self.carried
        self.carried = 0.0
        order = self.rng.permutation(n) if self.rows is not None else None
        X_rows, Y_rows = self.rows or (None, None)
        for step, k in enumerate(range(0, n, m)):
            if order is None:
                cost = net._sgd_step(self.X, self.Y, eta, self.buffers_for(n))
            else:
                batch = order[k : k + m]
                buffers = self.buffers_for(batch.size)
                x, y = buffers.rows
                # mode="clip" because the indices are a permutation's: with the default, numpy checks
                # them and writes through a temporary array instead of straight into `out`
                np.take(X_rows, batch, axis=0, out=x, mode="clip")
                np.take(Y_rows, batch, axis=0, out=y, mode="clip")
                cost = net._sgd_step(x.T, y.T, eta, buffers)
            if not math.isfinite(cost):  # a Python float: checking it costs nothing
                raise _diverged(history, epoch, step, eta, f"the cost of its mini-batch was {cost}")
            history.step_cost.append(cost)
            if self.on_step is not None:
                paused = time.perf_counter()
                _call_on_step(self.on_step, net, epoch * n + min(k + m, n), history, epoch, step, eta)
                start += time.perf_counter() - paused
        self.seconds += time.perf_counter() - start

    def record(self, epoch: int | None) -> None:
        """Measure after `epoch` (None: before training), and stop if the numbers are not finite."""
        net, history = self.net, self.history
        cost = self.training_cost() if self.epoch_cost else 0.0
        if not math.isfinite(cost) or not _parameters_finite(net):
            if epoch is None:
                what = (
                    f"the cost before training is {cost}, not a finite number: the parameters are too "
                    f"large for these inputs"
                    if self.epoch_cost
                    else "the parameters before training are not all finite numbers"
                )
                raise NotFiniteError(f"{what}; set them again, e.g. with net.initialise(seed)")
            cause = (
                f"the cost over the training set after that step was {cost}"
                if not math.isfinite(cost)
                else "the parameters became NaN or infinite"
            )
            raise _diverged(history, epoch, self.steps - 1, self.eta, cause)
        if self.epoch_cost:
            history.epoch_cost.append(cost)
        history.examples_seen.append(0 if epoch is None else (epoch + 1) * self.n)
        history.seconds.append(self.seconds)
        if self.tested is not None:
            history.test_accuracy.append(net._accuracy(*self.tested))

    def training_cost(self) -> float:
        """C over the training set, by a forward pass into arrays allocated once per run: the
        operations of net._cost, so the same number, without allocating (and page-faulting in)
        arrays of the data's size every epoch. At full batch the arrays are the step's own, and
        the next step starts from this forward pass instead of repeating it."""
        net, full = self.net, self.rows is None
        if full:
            buffers = self.buffers_for(self.n)
        else:
            buffers = self.buffers.setdefault(-1, StepBuffers(net, self.n))  # the evaluation's
        start = time.perf_counter()
        net._forward_into(self.X, buffers)
        if full:
            buffers.forward_done = True
            self.carried = time.perf_counter() - start
        z, a = buffers.z[net.L], buffers.a[net.L]
        return float(
            np.mean(net.cost_function.per_example_into(z, a, self.Y, buffers.costs, buffers.scratch))
        )


def _call_on_step(on_step, net, seen, history, epoch, step, eta) -> None:
    """on_step(net, seen); if it fails on numbers this step made too large, that is the divergence."""
    try:
        on_step(net, seen)
    except NotFiniteError as error:
        raise _diverged(
            history, epoch, step, eta, f"on_step failed on the network it left: {error}"
        ) from error
