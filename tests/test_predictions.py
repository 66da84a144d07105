"""Predict, then run: every question is asked in its chapter, and the answer it reveals is what
the library computes."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from backprop.errors import BackpropValueError
from backprop.predictions import CHAPTERS, Guess, Prediction, Question, all_questions, predict

BOOK = Path(__file__).resolve().parent.parent / "book"
NOTEBOOKS = {
    "cost": "01_cost.ipynb",
    "descent": "02_gradient_descent.ipynb",
    "chain": "03_chain_rule.ipynb",
    "backprop": "04_backpropagation.ipynb",
    "sgd": "05_stochastic_gradient_descent.ipynb",
    "autodiff": "06_automatic_differentiation.ipynb",
}
QUESTIONS = all_questions()


def chapter_questions(chapter: str) -> dict[str, Question]:
    return __import__(f"backprop.predictions_{chapter}", fromlist=["PREDICTIONS"]).PREDICTIONS


def asked_in(notebook: str) -> list[str]:
    """The names passed to predict(...) in a chapter's code cells, in order."""
    cells = nbformat.read(BOOK / notebook, as_version=4).cells
    sources = "\n".join(c.source for c in cells if c.cell_type == "code")
    return re.findall(r"predict\(\s*[\"']([^\"']+)[\"']\s*\)", sources)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_asks_for_predictions_at_its_key_experiments(chapter):
    names = list(chapter_questions(chapter))
    assert len(names) >= 3, f"chapter {chapter} has {len(names)} predictions"
    assert asked_in(NOTEBOOKS[chapter]) == names, "each question is asked once, in the book's order"


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_the_revealed_answer_is_what_the_library_computes(name):
    question = QUESTIONS[name]
    assert question.verify is not None, f"{name}: no verify function"
    assert question.verify() == question.answer


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_every_guess_is_explained_and_the_question_gives_nothing_away(name):
    question = QUESTIONS[name]
    assert len(question.guesses) >= 3, "a question worth predicting has at least three tempting answers"
    assert all(len(g.why) >= 60 for g in question.guesses), "every reveal explains, not just marks"
    assert len({g.text for g in question.guesses}) == len(question.guesses)
    text = question.plain_text
    assert question.question in text and all(g.text in text for g in question.guesses)
    assert not any(g.why in text for g in question.guesses)


def test_names_are_unique_across_chapters():
    names = [name for chapter in CHAPTERS for name in chapter_questions(chapter)]
    assert len(names) == len(set(names))


def question() -> Question:
    return Question(
        "Which is larger?",
        (Guess("one", "One is the smaller number: it comes first when counting."),
         Guess("two", "Two comes after one when counting, so it is the larger.")),
        answer=1,
    )  # fmt: skip


def test_the_widget_starts_with_no_guess_and_shows_the_question_as_text():
    widget = Prediction.ask(question())
    assert (widget.choice, widget.revealed, widget.answer) == (-1, False, 1)
    assert widget.guesses == [
        {"text": "one", "why": "One is the smaller number: it comes first when counting."},
        {"text": "two", "why": "Two comes after one when counting, so it is the larger."},
    ]
    data = widget._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert data["text/plain"] == (
        "Predict, then run: Which is larger?\n"
        "  A. one\n"
        "  B. two\n"
        "Run this cell to lock in your guess; the reveal explains every answer."
    )
    json.dumps(widget.get_state(), default=str)


def test_the_front_end_ships_with_the_widget():
    widget = Prediction.ask(question())
    assert "export default { render }" in widget._esm and ".prediction-guess" in widget._css


def test_an_unknown_name_is_refused_with_the_names_there_are():
    with pytest.raises(BackpropValueError, match=r"^name: expected one of .+, got 'no such question'$"):
        predict("no such question")


def test_an_answer_that_is_not_a_guess_is_refused():
    with pytest.raises(
        BackpropValueError, match=r"^answer: expected the index of one of the 2 guesses, got 2$"
    ):
        Question("?", (Guess("a", "a"), Guess("b", "b")), answer=2)
    with pytest.raises(BackpropValueError, match=r"^guesses: expected 2 to 8 guesses, got 1$"):
        Question("?", (Guess("a", "a"),), answer=0)
