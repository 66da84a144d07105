"""Predict, then run: the reader commits to a guess before an experiment; the reveal explains every guess.

A `Question` is written with its chapter (the PREDICTIONS of each predictions_<chapter> module):
the question, the guesses a reader is likely to make, which one the experiment bears out, and
for every guess why a reader makes it and what the experiment shows instead. A `Prediction`
widget asks it: the reader clicks a guess, which locks it in, runs the experiment, then opens
the reveal. Its front end (prediction.js) needs no kernel, so it works the same in JupyterLab
and in the static HTML book.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import anywidget
import traitlets

from .errors import BackpropValueError

HERE = Path(__file__).parent
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Guess:
    """One answer a reader may give, and why: what makes it tempting, what the experiment shows."""

    text: str
    why: str


@dataclass(frozen=True)
class Question:
    """A prediction to commit to before an experiment runs.

    experiment: what the reader runs or reads to find out ("the next cell").
    verify:     recomputes, with the library, the index of the guess the experiment bears out;
                tests/test_predictions.py asserts it equals `answer`.
    """

    question: str
    guesses: tuple[Guess, ...]
    answer: int
    experiment: str = "the next cell"
    verify: Callable[[], int] | None = None

    def __post_init__(self) -> None:
        if not 2 <= len(self.guesses) <= len(LETTERS):
            raise BackpropValueError(
                f"guesses: expected 2 to {len(LETTERS)} guesses, got {len(self.guesses)}"
            )
        if not 0 <= self.answer < len(self.guesses):
            raise BackpropValueError(
                f"answer: expected the index of one of the {len(self.guesses)} guesses, got {self.answer}"
            )

    @property
    def plain_text(self) -> str:
        """The question and its guesses, with no answer: what a notebook shows before the cell runs."""
        lines = [f"Predict, then run: {self.question}"]
        lines += [f"  {LETTERS[i]}. {guess.text}" for i, guess in enumerate(self.guesses)]
        lines.append("Run this cell to lock in your guess; the reveal explains every answer.")
        return "\n".join(lines)


class Prediction(anywidget.AnyWidget):
    """The widget that asks a Question: click a guess to commit to it, then reveal."""

    _esm = HERE / "prediction.js"
    _css = HERE / "prediction.css"
    question = traitlets.Unicode("").tag(sync=True)
    guesses = traitlets.List().tag(sync=True)
    answer = traitlets.Int(0).tag(sync=True)
    experiment = traitlets.Unicode("").tag(sync=True)
    choice = traitlets.Int(-1).tag(sync=True)
    revealed = traitlets.Bool(False).tag(sync=True)

    @classmethod
    def ask(cls, question: Question) -> Prediction:
        """The widget for `question`, with no guess made yet."""
        widget = cls(
            question=question.question,
            guesses=[{"text": g.text, "why": g.why} for g in question.guesses],
            answer=question.answer,
            experiment=question.experiment,
        )
        widget._plain_text = question.plain_text
        return widget

    def _repr_mimebundle_(self, **kwargs):
        # The text/plain form is stored in the notebook beside the widget view: before the cell
        # runs, it is the question itself, so the reader can still predict (and nbval compares it).
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict) and "text/plain" in data:
            data["text/plain"] = getattr(self, "_plain_text", self.question)
        return bundle


# The modules that hold each chapter's questions, in the book's order: predictions_<chapter>.py,
# each with a dict PREDICTIONS from a short name to its Question.
CHAPTERS = ("cost", "descent", "chain", "backprop", "sgd", "autodiff")


def all_questions() -> dict[str, Question]:
    """Every chapter's questions, by name."""
    questions: dict[str, Question] = {}
    for chapter in CHAPTERS:
        module = importlib.import_module(f".predictions_{chapter}", __package__)
        questions.update(module.PREDICTIONS)
    return questions


def predict(name: str) -> Prediction:
    """Ask the question called `name` (a chapter cell shows the widget this returns)."""
    questions = all_questions()
    if name not in questions:
        raise BackpropValueError(f"name: expected one of {', '.join(sorted(questions))}, got {name!r}")
    return Prediction.ask(questions[name])
