"""Chapter 5's experiments measure what they say: curves, learning-rate choice, gradient cosines."""

import numpy as np
import pytest

from backprop import Network, one_hot, train
from backprop.descent import line_fitting_problem, sgd_path
from backprop.experiments import choose_learning_rate, gradient_cosines, training_curve
from backprop.explorers import batch_size_explorer


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.random((8, 60))
    labels = (X[:4].sum(axis=0) > X[4:].sum(axis=0)).astype(int)
    return X, one_hot(labels, k=2), labels


def test_training_curve_measures_the_full_cost_at_regular_intervals(data):
    X, Y, labels = data
    curve = training_curve(X, Y, batch_size=10, eta=2.0, epochs=2, every=20, seed=1, sizes=[8, 5, 2])
    assert curve.examples.tolist() == [0, 20, 40, 60, 80, 100, 120]
    net = Network([8, 5, 2], seed=1)
    train(net, X, Y, epochs=2, eta=2.0, batch_size=10, seed=1)
    assert curve.cost[-1] == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert curve.cost[0] == pytest.approx(Network([8, 5, 2], seed=1).cost(X, Y))


def test_on_step_sees_every_step_and_the_examples_seen(data):
    X, Y, _ = data
    seen = []
    train(Network([8, 2]), X, Y, epochs=2, eta=1.0, batch_size=25, on_step=lambda net, n: seen.append(n))
    assert seen == [25, 50, 60, 85, 110, 120]


def test_choose_learning_rate_skips_diverged_runs(data):
    X, Y, _ = data
    curves = [
        training_curve(X, Y, batch_size=None, eta=eta, epochs=3, every=60, sizes=[8, 2]) for eta in (0.5, 4.0)
    ]
    curves[1].cost[-1] = np.nan
    assert choose_learning_rate(curves).eta == 0.5


def test_gradient_cosines_approach_one_as_the_batch_grows(data):
    X, Y, _ = data
    cosines = gradient_cosines(Network([8, 4, 2], seed=0), X, Y, [1, 60], samples=5, seed=0)
    np.testing.assert_allclose(cosines[60], 1.0)
    assert np.all(cosines[1] <= 1.0 + 1e-12) and cosines[1].mean() < 0.999


def test_sgd_path_has_one_point_per_step_and_ends_where_training_ends():
    net, X, Y = line_fitting_problem(n=20)
    path = sgd_path(net, X, Y, (0.0, 0.0), eta=0.05, epochs=3, batch_size=4, seed=2)
    assert path.shape == (1 + 3 * 5, 3)
    twin = net.copy()
    twin.set_flat([0.0, 0.0])
    train(twin, X, Y, epochs=3, eta=0.05, batch_size=4, seed=2)
    np.testing.assert_allclose(path[-1, :2], twin.get_flat())


def test_batch_size_explorer_shows_each_runs_numbers(data):
    X, Y, labels = data
    sizes, etas = [None, 10], [0.5, 2.0]
    curves = {
        (m, eta): training_curve(
            X, Y, batch_size=m, eta=eta, epochs=2, every=30, sizes=[8, 2], test=(X, labels)
        )
        for m in sizes
        for eta in etas
    }
    explorer = batch_size_explorer(curves, sizes, etas, n=60)
    shown = explorer.select(1, 0).readout
    assert shown["batch size m"] == "10" and shown["steps per epoch"] == "6"
    assert float(shown["training cost at the end"]) == pytest.approx(curves[(10, 0.5)].cost[-1], abs=5e-5)
    assert explorer.select(0, 1).readout["batch size m"] == "full batch"
