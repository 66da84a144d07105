"""Each checker accepts the reference solution and names the mistake in plausible wrong ones."""

import numpy as np
import pytest

from backprop import exercises as ex


def not_written(*args):
    raise NotImplementedError


CHECKERS = {
    ex.check_quadratic_cost: (
        lambda a, y: ((a - y) ** 2).sum(),
        [
            (lambda a, y: ((a - y) ** 2).mean(), "averaged over the 10 outputs"),
            (lambda a, y: 0.5 * ((a - y) ** 2).sum(), "no ½"),
            (lambda a, y: (a - y).sum(), "must be squared"),
            (lambda a, y: np.linalg.norm(a - y), "square root"),
        ],
    ),
    ex.check_average_cost: (
        lambda A, Y: ((A - Y) ** 2).sum(axis=0).mean(),
        [
            (lambda A, Y: ((A - Y) ** 2).sum(), "C is their mean"),
            (lambda A, Y: ((A - Y) ** 2).mean(), "average over examples only"),
            (lambda A, Y: ((A - Y) ** 2).sum(axis=1).mean(), "axes are swapped"),
        ],
    ),
    ex.check_cross_entropy: (
        lambda P, labels: -np.mean([np.log(P[k, i]) for i, k in enumerate(labels)]),
        [
            (lambda P, labels: np.mean([np.log(P[k, i]) for i, k in enumerate(labels)]), "sign is wrong"),
            (lambda P, labels: -sum(np.log(P[k, i]) for i, k in enumerate(labels)), "the cost is the mean"),
            (lambda P, labels: -np.log(P).sum(axis=0).mean(), "only the probability of the correct label"),
            (lambda P, labels: -np.mean(np.log10(P[labels, np.arange(len(labels))])), "natural logarithm"),
        ],
    ),
    ex.check_gradient_step: (
        lambda theta, g, eta: theta - eta * g,
        [
            (lambda theta, g, eta: theta + eta * g, "uphill"),
            (lambda theta, g, eta: theta - g, "forgot the learning rate"),
            (lambda theta, g, eta: eta * -g, "only the step"),
        ],
    ),
    ex.check_central_difference: (
        lambda f, x, eps: (f(x + eps) - f(x - eps)) / (2 * eps),
        [
            (lambda f, x, eps: (f(x + eps) - f(x)) / eps, "forward"),
            (lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps, "divide by 2ε"),
            (lambda f, x, eps: (f(x) - f(x - eps)) / eps, "backward"),
        ],
    ),
}


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
def test_checker_accepts_a_correct_solution(checker):
    feedback = checker(CHECKERS[checker][0])
    assert feedback.passed, feedback.message
    assert repr(feedback).startswith("✓")


@pytest.mark.parametrize(
    "checker,wrong,phrase",
    [(c, wrong, phrase) for c, (_, wrongs) in CHECKERS.items() for wrong, phrase in wrongs],
    ids=lambda v: v.__name__ if callable(v) and hasattr(v, "__name__") and v.__name__ != "<lambda>" else None,
)
def test_checker_names_the_mistake(checker, wrong, phrase):
    feedback = checker(wrong)
    assert not feedback.passed
    assert phrase in feedback.message
    assert "expected" in feedback.message and "got" in feedback.message
    assert repr(feedback).startswith("✗")


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
def test_checker_reports_unwritten_and_broken_functions(checker):
    assert "not written yet" in checker(not_written).message
    assert "returned None" in checker(lambda *args: None).message
    assert "raised ZeroDivisionError" in checker(lambda *args: 1 / 0).message


def test_unknown_wrong_answer_still_shows_expected_and_got():
    feedback = ex.check_quadratic_cost(lambda a, y: 42.0)
    assert not feedback.passed and "expected" in feedback.message and "got 42" in feedback.message


def test_wrong_shape_is_reported():
    feedback = ex.check_gradient_step(lambda theta, g, eta: np.zeros(1))
    assert "returned shape (1,)" in feedback.message
