"""Facts chapters 1 and 5 state, each checked by a computation independent of the one the chapter prints."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Network, experiments, one_hot, quadratic, train
from backprop.errors import TrainingDiverged
from backprop.experiments import (
    align_hidden_units,
    barrier,
    choose_learning_rate,
    disagreement,
    training_curve,
)
from backprop.landscape import cost_along_line, wiggle_weight
from backprop.training import History


@pytest.fixture(scope="module")
def small(digits):
    """500 training digits: enough for the shapes of the cost, quick to train on."""
    return digits.X_train[:, :500], digits.Y_train[:, :500]


def second_differences(values: np.ndarray) -> np.ndarray:
    return values[:-2] - 2 * values[1:-1] + values[2:]


def test_sigmoid_quadratic_cost_without_hidden_layers_is_not_convex(small):
    X, Y = small
    net = Network([784, 10], seed=0)
    train(net, X, Y, epochs=3, eta=1.0, batch_size=10, seed=0)
    w = net.get_weight(1, 2, 407) + np.linspace(-30, 30, 121)
    average, _ = wiggle_weight(net, X, Y, 1, 2, 407, w)
    assert second_differences(average).min() < -1e-4


def test_softmax_cross_entropy_without_hidden_layers_is_convex_along_lines(small):
    X, Y = small
    net = Network([784, 10], output="softmax", cost="cross_entropy", seed=0)
    train(net, X, Y, epochs=3, eta=0.5, batch_size=10, seed=0)
    rng = np.random.default_rng(3)
    ts = np.linspace(-5, 5, 41)
    for _ in range(3):
        direction = rng.standard_normal(net.n_params)
        costs = cost_along_line(net, X, Y, 20 * direction / np.linalg.norm(direction), ts)
        assert second_differences(costs).min() > -1e-12
    w = net.get_weight(1, 2, 407) + np.linspace(-30, 30, 121)
    average, _ = wiggle_weight(net, X, Y, 1, 2, 407, w)
    assert second_differences(average).min() > -1e-12


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=10, max_size=10), st.integers(0, 9))
def test_quadratic_cost_of_probabilities_is_at_most_two(weights, label):
    a = np.array(weights) + 1e-9
    a = (a / a.sum()).reshape(-1, 1)
    assert quadratic(a, one_hot([label]))[0] <= 2 + 1e-12


def test_quadratic_cost_of_sigmoid_outputs_reaches_ten():
    all_wrong = 1 - one_hot([4])
    assert quadratic(all_wrong, one_hot([4]))[0] == pytest.approx(10)
    net = Network([3, 10], seed=0)
    net.W[1][:] = 0
    net.b[1][:] = 40.0  # every output saturated at 1
    net.b[1][4] = -40.0  # and the wanted one at 0
    assert net.cost(np.zeros((3, 1)), one_hot([4])) == pytest.approx(10)


def test_softmax_output_error_is_a_minus_y_for_a_saturated_neuron():
    net = Network([1, 10], output="softmax", cost="cross_entropy", seed=0)
    net.W[1][:] = 0
    net.b[1][:] = 0
    net.b[1][2] = -7.0
    y = one_hot([2])
    delta = net.backprop(np.zeros((1, 1)), y).delta[1]
    z = net.b[1]
    a = np.exp(z) / np.exp(z).sum()
    assert delta == pytest.approx(a - y, abs=1e-15)
    assert delta[2, 0] == pytest.approx(-0.9999, abs=1e-4)


def permuted(net: Network, l: int, order: np.ndarray) -> Network:
    """The same function with the neurons of hidden layer l in another order."""
    twin = net.copy()
    twin.W[l], twin.b[l] = twin.W[l][order], twin.b[l][order]
    twin.W[l + 1] = twin.W[l + 1][:, order]
    return twin


def test_aligning_a_permuted_copy_recovers_the_original(small):
    X, Y = small
    net = Network([784, 16, 16, 10], seed=0)
    train(net, X, Y, epochs=2, eta=1.0, batch_size=10, seed=0)
    rng = np.random.default_rng(0)
    shuffled = permuted(permuted(net, 1, rng.permutation(16)), 2, rng.permutation(16))
    assert shuffled.cost(X, Y) == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert np.linalg.norm(shuffled.get_flat() - net.get_flat()) > 1
    aligned = align_hidden_units(net, shuffled, X)
    assert np.array_equal(aligned.get_flat(), net.get_flat())
    assert barrier(net, aligned, X, Y) == pytest.approx(np.full(21, net.cost(X, Y)), rel=1e-12)


def test_disagreement_counts_different_predictions(small):
    X, _ = small
    a, b = Network([784, 16, 10], seed=0), Network([784, 16, 10], seed=1)
    assert disagreement(a, a, X) == 0
    by_hand = sum(np.argmax(a(X[:, [k]])) != np.argmax(b(X[:, [k]])) for k in range(X.shape[1])) / X.shape[1]
    assert disagreement(a, b, X) == pytest.approx(by_hand)


def test_barrier_ends_at_the_two_costs(small):
    X, Y = small
    a, b = Network([784, 16, 10], seed=0), Network([784, 16, 10], seed=1)
    path = barrier(a, b, X, Y)
    assert path[0] == pytest.approx(a.cost(X, Y), rel=1e-12)
    assert path[-1] == pytest.approx(b.cost(X, Y), rel=1e-12)


def test_a_diverged_run_is_recorded_and_never_chosen(monkeypatch):
    rng = np.random.default_rng(0)
    X, Y = rng.random((4, 40)), one_hot(rng.integers(0, 3, 40), 3)
    sizes = [4, 8, 3]
    calm = training_curve(X, Y, batch_size=10, eta=0.1, epochs=2, every=10, sizes=sizes)

    def diverging(net, X, Y, **options):
        """train() as it behaves when the cost overflows in the second step of epoch 1."""
        raise TrainingDiverged(
            "diverged", epoch=1, step=1, eta=options["eta"], history=History(epoch_cost=[1.0])
        )

    monkeypatch.setattr(experiments, "train", diverging)
    wild = training_curve(X, Y, batch_size=10, eta=50.0, epochs=2, every=10, sizes=sizes)
    assert wild.diverged and not calm.diverged
    assert wild.examples[-1] == 40 + 20 and np.isnan(wild.cost[-1])
    assert choose_learning_rate([wild, calm]) is calm
