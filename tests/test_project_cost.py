"""Chapter 1's project (1.P): the reference solution meets every "You are done when" check, each
against an independent computation, and the notebook shows exactly that code."""

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import Network, cross_entropy, load_digits, numerical_gradient, quadratic, relative_error, train
from backprop.projects_cost import (
    best_constant,
    constant_cost,
    constant_cost_gradient,
    constant_cross_entropy,
    constant_network,
    costs_while_training,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "01_cost.ipynb"
SOLUTION = [
    constant_cost,
    constant_cost_gradient,
    best_constant,
    constant_cross_entropy,
    constant_network,
    costs_while_training,
]


@pytest.fixture(scope="module")
def digits():
    return load_digits()


def frequencies(labels: np.ndarray) -> np.ndarray:
    return np.bincount(labels, minlength=10) / labels.size


def test_part_1_the_cost_of_a_constant_output(digits):
    Y = digits.Y_train
    assert constant_cost(np.zeros(10), Y) == 1.0  # one square of 1 per one-hot column
    assert constant_cost(np.full(10, 0.5), Y) == 2.5  # ten squares of 0.25
    q = np.random.default_rng(0).random(10)
    every_column_q = np.tile(q.reshape(-1, 1), (1, Y.shape[1]))
    assert constant_cost(q, Y) == pytest.approx(quadratic(every_column_q, Y).mean(), rel=1e-12)


def test_part_2_the_gradient_agrees_with_central_differences_and_vanishes_at_the_frequencies(digits):
    Y, labels = digits.Y_train, digits.labels_train
    q, eps = np.random.default_rng(1).random(10), 1e-6
    steps = np.eye(10) * eps
    central = [(constant_cost(q + e, Y) - constant_cost(q - e, Y)) / (2 * eps) for e in steps]
    assert relative_error(constant_cost_gradient(q, Y), np.array(central)) < 1e-7
    best = best_constant(Y)
    np.testing.assert_allclose(best, frequencies(labels), rtol=0, atol=1e-15)
    assert np.max(np.abs(constant_cost_gradient(best, Y))) < 1e-12
    # Σ_j (f_j − y_j)² averaged over the examples is 1 − Σ_j f_j²; 400 of each digit make it 0.9.
    assert constant_cost(best, Y) == pytest.approx(1 - np.sum(frequencies(labels) ** 2), rel=1e-12)
    assert f"{constant_cost(best, Y):.4f}" == "0.9000"
    others = best + 0.05 * np.random.default_rng(2).standard_normal((200, 10))
    assert min(constant_cost(q, Y) for q in others) > constant_cost(best, Y)


def test_part_3_the_best_constant_probabilities_cost_the_entropy_of_the_labels(digits):
    Y, labels = digits.Y_train, digits.labels_train
    best = best_constant(Y)
    f = frequencies(labels)
    assert constant_cross_entropy(best, labels) == pytest.approx(-np.sum(f * np.log(f)), rel=1e-12)
    assert constant_cross_entropy(best, labels) == pytest.approx(np.log(10), rel=1e-12)
    every_column_q = np.tile(best.reshape(-1, 1), (1, Y.shape[1]))
    assert constant_cross_entropy(best, labels) == pytest.approx(
        cross_entropy(every_column_q, Y).mean(), rel=1e-12
    )
    drawn = np.random.default_rng(3).dirichlet(np.ones(10), size=1000)
    assert min(constant_cross_entropy(q, labels) for q in drawn) > np.log(10)


def test_part_4_the_constant_network_is_a_minimum_along_the_biases_but_not_the_weights(digits):
    X, Y, labels = digits.X_train, digits.Y_train, digits.labels_train
    best = best_constant(Y)
    q = np.random.default_rng(4).dirichlet(np.ones(10))
    for probabilities in (q, best):
        net = constant_network(probabilities)
        np.testing.assert_allclose(net(X), np.tile(probabilities.reshape(-1, 1), (1, X.shape[1])), rtol=1e-12)
        assert net.cost(X, Y) == pytest.approx(constant_cost(probabilities, Y), rel=1e-12)
        soft = constant_network(probabilities, "softmax")
        assert soft.cost(X, Y) == pytest.approx(constant_cross_entropy(probabilities, labels), rel=1e-12)
    net = constant_network(best)
    grads = net.backprop(X, Y)
    assert np.max(np.abs(grads.b[1])) < 1e-12
    assert np.max(np.abs(grads.W[1])) > 1e-3  # the pixels say something the biases cannot
    weights = [("W", 1, 2, 407), ("W", 1, 7, 350), ("W", 1, 0, 406)]
    by_backprop = np.array([grads.W[1][j, k] for _, _, j, k in weights])
    assert relative_error(by_backprop, numerical_gradient(net, X, Y, params=weights)) < 1e-7


def test_part_5_training_first_learns_the_guess_and_sits_near_it(digits):
    X, Y = digits.X_train, digits.Y_train
    baseline = constant_cost(best_constant(Y), Y)
    costs = costs_while_training(Network([784, 16, 16, 10], seed=0), X, Y, 100)
    assert costs.shape == (100,)
    near = np.abs(costs / baseline - 1) < 0.02
    first_near = int(np.argmax(near)) + 1
    assert first_near <= 10 and near[first_near - 1 :].all()
    assert costs[0] < Network([784, 16, 16, 10], seed=0).cost(X, Y)
    # A whole epoch (1,000 examples in 100 steps of 10): the last cost is the one train records.
    X_small, Y_small = X[:, :1000], Y[:, :1000]
    whole_epoch = costs_while_training(Network([784, 16, 16, 10], seed=0), X_small, Y_small, 100)
    history = train(
        Network([784, 16, 16, 10], seed=0), X_small, Y_small, epochs=1, eta=1.0, batch_size=10, seed=0
    )
    assert whole_epoch[-1] == pytest.approx(history.epoch_cost[1], rel=1e-12)


def test_the_notebook_shows_the_tested_reference_solution():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    project = [c.source for c in cells if c.cell_type == "markdown" and "**1.P (project).**" in c.source]
    assert len(project) == 1, "one cell holds the project"
    pattern = r":::\{admonition\} Reference solution\n:class: dropdown\n```python\n(.*?)```\n:::"
    blocks = re.findall(pattern, project[0], re.S)
    assert blocks == ["\n\n".join(inspect.getsource(f) for f in SOLUTION)]
    for part in range(1, 6):
        assert f"\n{part}. " in project[0], f"part {part} of the project"
    assert ":::{dropdown} Hint 1:" in project[0] and "You are done when" in project[0]
