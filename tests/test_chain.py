"""The hand-written chain of chapter 3 equals the general network one neuron wide."""

import numpy as np
import pytest

from backprop import numerical_gradient
from backprop.chain import chain_backward, chain_forward, chain_network, random_chain
from backprop.explorers import tangent_explorer


@pytest.mark.parametrize("n,seed", [(1, 0), (3, 1), (5, 2), (12, 3)])
def test_chain_formulas_equal_the_library_and_central_differences(n, seed):
    ws, bs = random_chain(n, seed)
    x, y = 0.7, 1.0
    by_formula = chain_backward(ws, bs, x, y)
    net = chain_network(ws, bs)
    X, Y = np.array([[x]]), np.array([[y]])
    by_library = net.backprop(X, Y)
    assert chain_forward(ws, bs, x, y).loss == pytest.approx(net.cost(X, Y), rel=1e-15)
    for i in range(1, n + 1):
        assert by_formula.w[i] == pytest.approx(by_library.W[i][0, 0], rel=1e-12, abs=1e-300)
        assert by_formula.b[i] == pytest.approx(by_library.b[i][0, 0], rel=1e-12, abs=1e-300)
    numeric = numerical_gradient(net, X, Y)
    exact = np.ravel([[by_formula.w[i], by_formula.b[i]] for i in range(1, n + 1)])
    np.testing.assert_allclose(numeric, exact, rtol=1e-6, atol=1e-10)


def test_sigmoid_chain_gradients_vanish_with_depth():
    ws, bs = random_chain(30, seed=0)
    gradients = np.abs(chain_backward(ws, bs, 0.5, 1.0).w[1:])
    assert gradients[0] < 1e-6 * gradients[-1]


def test_tangent_explorer_slope_is_the_derivative_of_the_drawn_curve():
    ws, bs = random_chain(3, seed=4)
    explorer = tangent_explorer(ws, bs, 0.8, 1.0, span=2.0, points=9)
    shown = explorer.select(1, 3).readout
    nudged = list(ws)
    nudged[1] = ws[1] - 0.5
    assert float(shown["w_i"]) == pytest.approx(nudged[1], abs=5e-4)
    assert float(shown["cost C"]) == pytest.approx(chain_forward(nudged, bs, 0.8, 1.0).loss, abs=5e-6)
    slope = chain_backward(nudged, bs, 0.8, 1.0).w[2]
    assert float(shown["∂C/∂w_i by backprop"]) == pytest.approx(slope, abs=5e-6)
    assert float(shown["∂C/∂w_i by central differences"]) == pytest.approx(slope, abs=5e-6)
