"""Nudges are negative gradients; autodiff agrees with backprop; the image picker shows them."""

import numpy as np
import pytest

from backprop import Network, one_hot
from backprop.autodiff import Value
from backprop.explorers import nudge_explorer
from backprop.nudges import nudges, tile


@pytest.fixture
def net_and_data():
    rng = np.random.default_rng(2)
    X = rng.random((784, 6))
    return Network([784, 5, 4, 10], seed=3), X, one_hot([0, 1, 2, 3, 4, 5])


def test_nudges_are_minus_the_gradient_of_one_example(net_and_data):
    net, X, Y = net_and_data
    wish = nudges(net, X[:, 2], Y[:, 2])
    gradients = net.backprop(X[:, [2]], Y[:, [2]])
    np.testing.assert_array_equal(wish.weights[1], -gradients.W[1])
    np.testing.assert_array_equal(wish.activations[3], -2 * (net(X[:, 2])[:, 0] - Y[:, 2]))
    np.testing.assert_allclose(wish.activations[2], -(net.W[3].T @ gradients.delta[3])[:, 0])


def test_tile_places_each_image_in_its_cell():
    images = np.arange(3 * 4).reshape(3, 4).astype(float)
    grid = tile(images, columns=2, shape=(2, 2), gap=1)
    assert grid.shape == (5, 5)
    assert grid[0, 0] == 0 and grid[3, 0] == 8 and np.isnan(grid[2, 2]) and np.isnan(grid[4, 4])


def test_nudge_explorer_readout_matches_the_network(net_and_data):
    net, X, Y = net_and_data
    explorer = nudge_explorer(net, X, Y, [1, 4])
    shown = explorer.select(1).readout
    assert shown["label"] == "4"
    assert shown["network's guess"] == str(int(net.predict(X[:, [4]])[0]))
    assert float(shown["its cost C_x"]) == pytest.approx(net.cost(X[:, [4]], Y[:, [4]]), abs=5e-5)
    assert len(explorer.frame["marks"]) == 2 + net.L


def test_autodiff_reproduces_the_chain_rule():
    x, w, b = Value(0.5), Value(-1.5), Value(0.25)
    loss = ((w * x + b).sigmoid() - 1.0) ** 2
    loss.backward()
    s = 1 / (1 + np.exp(-(-1.5 * 0.5 + 0.25)))
    assert w.grad == pytest.approx(2 * (s - 1) * s * (1 - s) * 0.5, rel=1e-12)
    assert b.grad == pytest.approx(2 * (s - 1) * s * (1 - s), rel=1e-12)
    assert x.grad == pytest.approx(2 * (s - 1) * s * (1 - s) * -1.5, rel=1e-12)


def test_autodiff_accumulates_over_shared_uses():
    x = Value(3.0)
    y = x * x + x
    y.backward()
    assert x.grad == 7.0


def test_autodiff_network_cost_gives_the_library_gradient():
    from backprop.autodiff import network_cost

    net = Network([4, 3, 2], seed=1)
    x, y = np.array([0.5, -1.0, 0.25, 2.0]), np.array([1.0, 0.0])
    cost, W = network_cost(net, x, y)
    cost.backward()
    library = net.backprop(x, y)
    assert cost.data == pytest.approx(library.cost, rel=1e-12)
    for l in (1, 2):
        for j, k in np.ndindex(net.W[l].shape):
            assert W[l][j][k].grad == pytest.approx(library.W[l][j, k], rel=1e-10, abs=1e-14)
