"""Chapter 5's predictions (stochastic gradient descent): what the reader guesses first."""

from __future__ import annotations

from .predictions import Question

PREDICTIONS: dict[str, Question] = {}
