"""Chapter 3's predictions (the chain rule): what the reader guesses before each key experiment."""

from __future__ import annotations

from .predictions import Question

PREDICTIONS: dict[str, Question] = {}
