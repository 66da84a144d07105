"""Chapter 2's predictions (gradient descent): what the reader guesses before each key experiment."""

from __future__ import annotations

from .predictions import Question

PREDICTIONS: dict[str, Question] = {}
