"""Chapter 6's predictions (automatic differentiation): what the reader guesses before each key experiment."""

from __future__ import annotations

from .predictions import Question

PREDICTIONS: dict[str, Question] = {}
