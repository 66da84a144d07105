"""The network's structure, parameter access, numerics, and the errors it raises on bad input."""

import warnings

import numpy as np
import pytest

from backprop import Network, cross_entropy, one_hot, quadratic, relu_prime, sigmoid, softmax
from backprop.costs import cross_entropy_from_logits


def test_digit_network_has_13002_parameters():
    net = Network([784, 16, 16, 10])
    assert net.n_params == 784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10 == 13002
    assert net.get_flat().shape == (13002,)


def test_same_seed_same_parameters_other_seed_other_parameters():
    a, b, c = Network([5, 3, 2], seed=7), Network([5, 3, 2], seed=7), Network([5, 3, 2], seed=8)
    assert np.array_equal(a.get_flat(), b.get_flat())
    assert not np.array_equal(a.get_flat(), c.get_flat())


def test_weight_and_bias_access_follow_the_notation():
    net = Network([4, 3, 2], seed=0)
    net.set_weight(2, 1, 0, 0.25)
    net.set_bias(1, 2, -1.5)
    assert net.W[2][1, 0] == net.get_weight(2, 1, 0) == 0.25
    assert net.b[1][2, 0] == net.get_bias(1, 2) == -1.5


def test_flat_round_trip_and_copy_independence():
    net = Network([4, 3, 2], seed=0)
    theta = np.arange(net.n_params, dtype=float)
    net.set_flat(theta)
    assert np.array_equal(net.get_flat(), theta)
    assert net.W[1][0, 1] == 1.0 and net.b[1][0, 0] == 12.0
    twin = net.copy()
    twin.set_weight(1, 0, 0, 99.0)
    assert net.get_weight(1, 0, 0) == 0.0


def test_one_example_as_a_vector_equals_a_one_column_batch():
    net = Network([4, 3, 2], seed=0)
    x = np.linspace(0, 1, 4)
    assert np.array_equal(net(x), net(x.reshape(4, 1)))


def test_forward_pass_keeps_every_z_and_a():
    net = Network([4, 3, 2], seed=0)
    X = np.ones((4, 5))
    fp = net.forward(X)
    assert fp.z[0] is None and fp.a[0] is X or np.array_equal(fp.a[0], X)
    np.testing.assert_allclose(fp.z[1], net.W[1] @ X + net.b[1])
    np.testing.assert_allclose(fp.a[2], sigmoid(net.W[2] @ sigmoid(fp.z[1]) + net.b[2]))


def test_activations_are_stable_for_huge_inputs():
    z = np.array([[-1e4], [-800.0], [0.0], [800.0], [1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
        p = softmax(z)
        ce = cross_entropy_from_logits(z, np.eye(5)[:, [0]])
    assert s[0, 0] == 0.0 and s[2, 0] == 0.5 and s[-1, 0] == 1.0
    np.testing.assert_allclose(p.sum(axis=0), 1.0)
    assert np.isfinite(ce[0]) and ce[0] == pytest.approx(2e4)


def test_costs_per_example_match_their_definitions():
    a = np.array([[0.2, 0.7], [0.8, 0.3]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(quadratic(a, y), [0.04 + 0.04, 0.09 + 0.09])
    np.testing.assert_allclose(cross_entropy(a, y), [-np.log(0.8), -np.log(0.7)])


def test_average_cost_is_the_mean_of_per_example_costs():
    net = Network([3, 2], seed=0)
    X, Y = np.eye(3), one_hot([0, 1, 1], k=2)
    assert net.cost(X, Y) == pytest.approx(np.mean(net.cost_per_example(X, Y)))


def test_relu_derivative_is_a_step():
    assert relu_prime(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 0.0, 1.0]


@pytest.mark.parametrize(
    "kwargs,error,message",
    [
        ({"sizes": [784, 0, 10]}, ValueError, "positive"),
        ({"sizes": [784, -3, 10]}, ValueError, "positive"),
        ({"sizes": [784]}, ValueError, "at least an input and an output"),
        ({"sizes": [784, 2.5, 10]}, TypeError, "integers"),
        ({"sizes": "784"}, TypeError, "list of layer sizes"),
        ({"sizes": [4, 2], "hidden": "tanh"}, ValueError, "unknown activation 'tanh'"),
        ({"sizes": [4, 2], "cost": "hinge"}, ValueError, "unknown cost 'hinge'"),
        ({"sizes": [4, 2], "cost": "cross_entropy"}, ValueError, "needs output='softmax'"),
        ({"sizes": [4, 3, 2], "hidden": "softmax"}, ValueError, "output activation"),
        ({"sizes": [4, 2], "dtype": np.int32}, TypeError, "float32 or float64"),
    ],
)
def test_bad_network_definitions_raise_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        Network(**kwargs)


def test_examples_as_rows_get_a_hint():
    net = Network([784, 16, 10])
    with pytest.raises(ValueError, match=r"784 rows.*got shape \(5, 784\).*pass X\.T"):
        net(np.zeros((5, 784)))


@pytest.mark.parametrize(
    "X,Y,error,message",
    [
        (np.zeros((3, 4)), np.zeros((2, 4)), ValueError, r"4 rows"),
        (np.zeros((4, 3)), np.zeros((2, 5)), ValueError, r"shape \(2, 3\).*got shape \(2, 5\)"),
        (np.zeros((4, 3)), np.zeros((3, 3)), ValueError, r"n_L = 2 rows"),
        (np.full((4, 3), np.nan), np.zeros((2, 3)), ValueError, "1|2 NaN or infinite"),
        (np.zeros((4, 3)), np.full((2, 3), np.inf), ValueError, "NaN or infinite"),
        (np.array([["a"] * 3] * 4), np.zeros((2, 3)), TypeError, "array of numbers"),
    ],
)
def test_bad_batches_raise_clear_errors(X, Y, error, message):
    net = Network([4, 3, 2])
    with pytest.raises(error, match=message):
        net.backprop(X, Y)


@pytest.mark.parametrize(
    "labels,error,message",
    [
        ([0, 3, 10], ValueError, r"0 … 9; found 1 outside that range, e.g. \[10\]"),
        ([-1, 2], ValueError, "outside that range"),
        ([0.5, 1.0], TypeError, "whole numbers"),
        ([[1, 2]], ValueError, "1-D"),
    ],
)
def test_bad_labels_raise_clear_errors(labels, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels)


def test_parameter_addresses_are_checked():
    net = Network([4, 3, 2])
    with pytest.raises(ValueError, match="layer l must be an integer from 1 to L = 2"):
        net.get_weight(0, 0, 0)
    with pytest.raises(ValueError, match=r"neuron j must be in 0 … 1 for layer 2"):
        net.get_bias(2, 2)
    with pytest.raises(ValueError, match=r"neuron k must be in 0 … 2 for layer 1"):
        net.set_weight(2, 0, 3, 1.0)
    with pytest.raises(ValueError, match="expected a vector of 23 parameters"):
        net.set_flat(np.zeros(5))
