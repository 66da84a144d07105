"""The library's own errors and warnings: every bad input raises one of these, naming the argument."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .training import History


class BackpropValueError(ValueError):
    """An argument has the right type but a wrong value: shape, range, NaN, emptiness, …"""


class BackpropTypeError(TypeError):
    """An argument has the wrong type: a string where a number is due, a float where an int is, …"""


class NotFiniteError(BackpropValueError):
    """A result overflowed to infinity or NaN although every input was finite: the numbers are too large."""


class TrainingDiverged(BackpropValueError):
    """Training stopped because the cost (or the parameters) stopped being finite numbers.

    epoch:   the epoch in which it happened, counted from 0;
    step:    the step within that epoch, counted from 0, whose measured cost was the first
             that was not finite (for a divergence found at the end of an epoch, its last step);
    eta:     the learning rate that was used;
    history: the History of the run up to the failure (only finite measurements).
    """

    def __init__(self, message: str, *, epoch: int, step: int, eta: float, history: History) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.step = step
        self.eta = eta
        self.history = history

    def __reduce__(self):  # keyword-only arguments: pickle (multiprocessing) needs to be told them
        return _rebuild_diverged, (str(self), self.epoch, self.step, self.eta, self.history)


def _rebuild_diverged(message: str, epoch: int, step: int, eta: float, history: History) -> TrainingDiverged:
    return TrainingDiverged(message, epoch=epoch, step=step, eta=eta, history=history)


class UnscaledInputWarning(UserWarning):
    """The input looks like raw 0–255 pixel values; the book's networks expect them divided by 255."""
