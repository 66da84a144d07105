"""The widgets show what the library computes: moving a slider gives the library's numbers."""

import numpy as np
import pytest

from backprop import Network, one_hot
from backprop.descent import descent_path, divergence_threshold, line_fitting_problem
from backprop.explorers import learning_rate_explorer, weight_explorer, weight_name
from backprop.landscape import WeightWiggle, cost_along_line, swap_hidden_neurons, wiggle_weight
from backprop.widgets import LookupFigure, line, panel, point


@pytest.fixture
def small_problem():
    rng = np.random.default_rng(0)
    X = rng.random((6, 30))
    return Network([6, 4, 3], seed=1), X, one_hot(rng.integers(0, 3, 30), k=3)


def test_lookup_figure_has_one_frame_per_slider_combination():
    figure = LookupFigure.build(
        "squares",
        [("x", [1, 2, 3]), ("power", [1, 2])],
        [panel("x", "y", (0, 4), (0, 10))],
        lambda i, p: ([point(i + 1, (i + 1) ** (p + 1), "red")], [["y", str((i + 1) ** (p + 1))]]),
        base=[line([1, 2, 3], [1, 4, 9], "blue")],
    )
    assert len(figure.frames) == 6 and figure.selection == [0, 0]
    assert figure.select(2, 1).readout == {"y": "9"}
    assert repr(figure) == "LookupFigure('squares', 6 frames)"
    with pytest.raises(ValueError, match="expected 2 slider positions"):
        figure.select(1)
    with pytest.raises(ValueError, match="positions 0 … 2"):
        figure.select(3, 0)


def test_non_finite_values_become_gaps():
    assert line([0, 1], [np.nan, np.inf], "red")["y"] == [None, None]


def test_weight_explorer_readout_is_the_cost_at_that_weight(small_problem):
    net, X, Y = small_problem
    weights = [(1, 2, 3), (2, 1, 0)]
    explorer = weight_explorer(net, X, Y, weights, example=4, span=2.0, points=9)
    for w, (l, j, k) in enumerate(weights):
        for i, nudge in [(0, -2.0), (6, 1.0)]:
            shown = explorer.select(w, i).readout
            twin = net.copy()
            twin.set_weight(l, j, k, net.get_weight(l, j, k) + nudge)
            assert shown["weight"] == weight_name(l, j, k)
            assert float(shown["C (average over 30 examples)"]) == pytest.approx(twin.cost(X, Y), abs=5e-5)
            assert float(shown["C_x (this example)"]) == pytest.approx(
                twin.cost_per_example(X, Y)[4], abs=5e-5
            )


def test_wiggle_weight_puts_the_weight_back(small_problem):
    net, X, Y = small_problem
    before = net.get_flat()
    average, single = wiggle_weight(net, X, Y, 1, 0, 0, [-1.0, 0.0, 1.0], example=2)
    assert np.array_equal(net.get_flat(), before)
    assert average.shape == single.shape == (3,)


def test_swapping_hidden_neurons_keeps_the_function_but_moves_the_point(small_problem):
    net, X, Y = small_problem
    twin = swap_hidden_neurons(net, 1, 0, 3)
    np.testing.assert_allclose(twin(X), net(X), rtol=1e-14)
    assert not np.array_equal(twin.get_flat(), net.get_flat())
    with pytest.raises(ValueError, match="hidden layer"):
        swap_hidden_neurons(net, 2, 0, 1)


def test_cost_along_line_starts_at_the_current_cost_and_restores_it(small_problem):
    net, X, Y = small_problem
    before = net.get_flat()
    costs = cost_along_line(net, X, Y, np.ones(net.n_params), [0.0, 0.5])
    assert costs[0] == pytest.approx(net.cost(X, Y))
    assert np.array_equal(net.get_flat(), before)


def test_descent_converges_below_the_threshold_and_diverges_above_it():
    net, X, Y = line_fitting_problem()
    threshold = divergence_threshold(X)
    below = descent_path(net, X, Y, (-1.0, 3.0), 0.9 * threshold, steps=300)
    above = descent_path(net, X, Y, (-1.0, 3.0), 1.1 * threshold, steps=300)
    best = np.linalg.lstsq(np.vstack([X, np.ones_like(X)]).T, Y.ravel(), rcond=None)[0]
    np.testing.assert_allclose(below[-1, :2], best, atol=1e-6)
    assert len(above) < 301 or above[-1, 2] > 1e6


def test_learning_rate_explorer_shows_the_path_of_gradient_descent():
    net, X, Y = line_fitting_problem()
    ws, bs = np.linspace(-2, 4, 12), np.linspace(-2, 4, 10)
    explorer = learning_rate_explorer(net, X, Y, (-1.0, 3.0), [0.05, 0.3], 10, ws, bs)
    shown = explorer.select(1, 4).readout
    twin = net.copy()
    twin.set_flat([-1.0, 3.0])
    for _ in range(4):
        gradient = twin.backprop(X, Y)
        twin.W[1] -= 0.3 * gradient.W[1]
        twin.b[1] -= 0.3 * gradient.b[1]
    assert shown["steps taken"] == "4"
    assert float(shown["w"]) == pytest.approx(twin.get_weight(1, 0, 0), abs=5e-4)
    assert float(shown["b"]) == pytest.approx(twin.get_bias(1, 0), abs=5e-4)
    assert float(shown["C(w, b)"]) == pytest.approx(twin.cost(X, Y), rel=1e-3)


@pytest.mark.parametrize("l,j,k", [(1, 2, 3), (2, 1, 0), (3, 2, 3)])
@pytest.mark.parametrize("output,cost", [("sigmoid", "quadratic"), ("softmax", "cross_entropy")])
def test_fast_wiggle_equals_a_full_forward_pass(l, j, k, output, cost):
    rng = np.random.default_rng(5)
    net = Network([6, 5, 4, 3], output=output, cost=cost, seed=2)
    X, Y = rng.random((6, 40)), one_hot(rng.integers(0, 3, 40), k=3)
    wiggle = WeightWiggle(net, X, Y, l, j, k)
    for value in (-2.0, 0.3, 5.0):
        twin = net.copy()
        twin.set_weight(l, j, k, value)
        np.testing.assert_allclose(wiggle.costs(value), twin.cost_per_example(X, Y), rtol=1e-12, atol=1e-15)
        assert wiggle.cost(value) == pytest.approx(twin.cost(X, Y), rel=1e-12)


def test_frames_may_name_shared_marks_and_unknown_names_are_refused():
    curve = [line([0, 1], [0, 1], "blue")]

    def frame(i):
        return ["curve", point(i, i, "red")], []

    figure = LookupFigure.build("t", [("x", [0, 1])], [panel()], frame, shared={"curve": curve})
    assert figure.frame["marks"][0] == "curve" and figure.shared["curve"] == curve
    with pytest.raises(ValueError, match="not in `shared`"):
        LookupFigure.build("t", [("x", [0])], [panel()], lambda i: (["missing"], []))
