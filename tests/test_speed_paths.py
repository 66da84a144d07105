"""The fast paths compute what the plain formulas compute.

Training takes its steps with Network._sgd_step, which writes every result into arrays allocated
once; the slider recomputes the cost from one changed weight. Each is compared here with the plain
computation it replaces: bit for bit where it does the same operations (a training step must: SGD
can turn a last-bit difference into a different run, and the chapters print such runs), to
rounding where it sums in another order. Nothing here is timed (benchmarks/epoch_speed.py does that).
"""

import numpy as np
import pytest

from backprop import Network, one_hot, train
from backprop.activations import ACTIVATIONS
from backprop.costs import COSTS
from backprop.landscape import WeightWiggle
from backprop.network import StepBuffers
from backprop.training import _Run, gradient_step

CONFIGURATIONS = [
    dict(sizes=[6, 5, 4, 3]),
    dict(sizes=[6, 3]),
    dict(sizes=[6, 5, 4, 3], hidden="relu", output="softmax", cost="cross_entropy"),
    dict(sizes=[6, 4, 3], hidden="linear", output="softmax", cost="quadratic"),
    dict(sizes=[6, 5, 3], hidden="relu", output="linear"),
]


def data(n: int, n_in: int = 6, k: int = 3, seed: int = 0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.random((n, n_in)).T.astype(dtype), one_hot(rng.integers(0, k, n), k=k).astype(dtype)


def network(configuration: dict, seed: int = 1, dtype=np.float64) -> Network:
    options = dict(configuration)
    return Network(options.pop("sizes"), seed=seed, dtype=dtype, **options)


def plain_step(net: Network, X, Y, eta: float) -> float:
    """backprop, then θ ← θ − η ∂C/∂θ with the gradient as backprop returns it."""
    grads = net.backprop(X, Y)
    for l in range(1, net.L + 1):
        net.W[l] = net.W[l] - eta * grads.W[l]
        net.b[l] = net.b[l] - eta * grads.b[l]
    return grads.cost


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
@pytest.mark.parametrize("m", [1, 7])
def test_a_step_is_backprop_and_the_update_bit_for_bit(configuration, m):
    X, Y = data(m)
    fast, plain = network(configuration), network(configuration)
    buffers = StepBuffers(fast, m)
    for _ in range(3):  # the buffers are reused, as in training
        cost = fast._sgd_step(X, Y, 0.7, buffers)
        assert cost == pytest.approx(plain_step(plain, X, Y, 0.7), rel=1e-13)  # summed in another order
        assert np.array_equal(fast.get_flat(), plain.get_flat())


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_a_float32_step_stays_float32_and_agrees(configuration):
    X, Y = data(7, dtype=np.float32)
    fast = network(configuration, dtype=np.float32)
    plain = network(configuration)  # float64: the float32 step must agree with it to float32 rounding
    buffers = StepBuffers(fast, 7)
    cost = fast._sgd_step(X, Y, 0.7, buffers)
    assert cost == pytest.approx(plain_step(plain, X.astype(np.float64), Y.astype(np.float64), 0.7), rel=1e-5)
    assert all(p.dtype == np.float32 for p in fast.parameters())
    arrays = [x for group in (buffers.z, buffers.a, buffers.delta, buffers.W, buffers.b) for x in group]
    assert all(x.dtype == np.float32 for x in arrays if x is not None)
    np.testing.assert_allclose(fast.get_flat(), plain.get_flat(), rtol=1e-4, atol=1e-5)
    twin = network(configuration, dtype=np.float32)  # and bit for bit what the plain step does in float32
    plain_step(twin, X, Y, 0.7)
    assert np.array_equal(fast.get_flat(), twin.get_flat())


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_the_forward_pass_into_buffers_is_the_forward_pass(configuration):
    X, _ = data(9)
    net = network(configuration)
    buffers = StepBuffers(net, 9)
    net._forward_into(X, buffers)
    forward = net.forward(X)
    # a hidden layer's a⁽ˡ⁾ took the place of its z⁽ˡ⁾; the output layer keeps both
    assert np.array_equal(buffers.z[net.L], forward.z[net.L])
    for l in range(1, net.L + 1):
        assert np.array_equal(buffers.a[l], forward.a[l])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activations_into_buffers_are_the_activations(name):
    activation = ACTIVATIONS[name]
    rng = np.random.default_rng(2)
    z, grad_a = 4 * rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    a = activation(z)
    assert np.array_equal(activation.into(z, np.empty_like(z)), a)
    assert np.array_equal(
        activation.backward_into(z, a, grad_a, np.empty_like(z)), activation.backward(z, a, grad_a)
    )


@pytest.mark.parametrize("name", ["sigmoid", "relu", "linear"])
def test_a_hidden_layers_backward_needs_only_its_activations(name):
    # the training step keeps a hidden layer's a⁽ˡ⁾ in place of its z⁽ˡ⁾ (StepBuffers)
    activation = ACTIVATIONS[name]
    rng = np.random.default_rng(3)
    z, grad_a = 4 * rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    a = activation(z)
    assert np.array_equal(
        activation.backward_into(a, a, grad_a, np.empty_like(z)), activation.backward(z, a, grad_a)
    )


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_the_output_error_into_a_buffer_is_the_output_error(configuration):
    X, Y = data(8)
    net = network(configuration)
    forward = net.forward(X)
    z, a, activation, cost = forward.z[-1], forward.a[-1], net.activations[-1], net.cost_function
    delta = np.empty_like(a)
    total = cost.output_error_into(z, a, Y, activation, delta, np.empty_like(a))
    assert np.array_equal(delta, cost.output_error(z, a, Y, activation, cost.gradient(a, Y)))
    assert total == pytest.approx(float(np.sum(cost.per_example(z, a, Y))), rel=1e-13)
    assert COSTS[cost.name] is cost


def test_the_step_cost_catches_nan_and_infinity():
    X, Y = data(4)
    for bad in ([np.nan, 0.0], [np.inf, -np.inf]):  # ∞ − ∞ in z: NaN
        net = Network([6, 3], seed=0)
        net.W[1][0, :2] = bad
        with np.errstate(over="ignore", invalid="ignore"):
            cost = net._sgd_step(X, Y, 0.1, StepBuffers(net, 4))
        assert not np.isfinite(cost)


def plain_sgd(net: Network, X, Y, epochs: int, eta: float, m: int, seed: int) -> Network:
    """Mini-batch SGD written plainly: train()'s shuffles, backprop, the update."""
    rng = np.random.default_rng(seed)
    n = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(n) if m < n else np.arange(n)
        for k in range(0, n, m):
            plain_step(net, X[:, order[k : k + m]], Y[:, order[k : k + m]], eta)
    return net


@pytest.mark.parametrize("configuration", CONFIGURATIONS[:3])
@pytest.mark.parametrize("m", [5, 23, None])  # 23 examples: batches of 5 end with one of 3
def test_train_is_plain_sgd_bit_for_bit(configuration, m):
    X, Y = data(23)
    net = network(configuration)
    history = train(net, X, Y, epochs=3, eta=0.5, batch_size=m, seed=4)
    plain = plain_sgd(network(configuration), X, Y, 3, 0.5, m or 23, seed=4)
    assert np.array_equal(net.get_flat(), plain.get_flat())
    assert len(history.step_cost) == 3 * -(-23 // (m or 23))


@pytest.mark.parametrize("m", [5, None])
def test_the_epoch_cost_is_the_cost_and_turning_it_off_changes_nothing_else(m):
    X, Y = data(23)
    net, quiet = Network([6, 5, 3], seed=2), Network([6, 5, 3], seed=2)
    before = net.cost(X, Y)
    history = train(net, X, Y, epochs=3, eta=0.5, batch_size=m, seed=1)
    silent = train(quiet, X, Y, epochs=3, eta=0.5, batch_size=m, seed=1, epoch_cost=False)
    # At full batch the cost comes from the forward pass the next step reuses: the same operations
    assert history.epoch_cost[0] == before and history.epoch_cost[-1] == net.cost(X, Y)
    assert np.array_equal(net.get_flat(), quiet.get_flat())
    assert silent.step_cost == history.step_cost
    assert silent.epoch_cost == [] and silent.examples_seen == history.examples_seen == [0, 23, 46, 69]
    assert len(silent.seconds) == 4 and silent.seconds[0] == 0.0 and np.all(np.diff(silent.seconds) > 0)


def test_full_batch_reuse_survives_on_step_and_a_test_set():
    X, Y = data(30)
    labels = np.argmax(Y, axis=0)
    net, plain = Network([6, 5, 3], seed=2), Network([6, 5, 3], seed=2)
    costs = []
    history = train(
        net, X, Y, epochs=4, eta=0.5, test=(X, labels), on_step=lambda n, seen: costs.append(n.cost(X, Y))
    )
    assert history.epoch_cost[1:] == costs  # each measured after its step, by either path
    plain_sgd(plain, X, Y, 4, 0.5, 30, seed=0)
    assert np.array_equal(net.get_flat(), plain.get_flat())
    assert history.test_accuracy[-1] == plain.accuracy(X, labels)


def test_mini_batches_are_gathered_from_the_callers_array_when_examples_are_contiguous():
    X, Y = data(20)  # examples contiguous: X = rows.T
    net = Network([6, 3], seed=0)
    run = _Run(net, X, Y, 5, 0.1, 0, None, None, False)
    assert np.shares_memory(run.rows[0], X)
    run = _Run(net, np.ascontiguousarray(X), Y, 5, 0.1, 0, None, None, False)
    assert not np.shares_memory(run.rows[0], X)


def test_gradient_step_returns_the_cost_before_it():
    X, Y = data(10)
    net = Network([6, 4, 3], seed=5)
    before = net.cost(X, Y)
    plain = net.copy()
    assert gradient_step(net, X, Y, 0.3) == pytest.approx(before, rel=1e-13)
    plain_step(plain, X, Y, 0.3)
    assert np.array_equal(net.get_flat(), plain.get_flat()) and net.cost(X, Y) < before


@pytest.mark.parametrize("l,j,k", [(1, 3, 400), (2, 1, 4), (3, 2, 7)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_slider_cost_is_the_cost_with_the_weight_set(l, j, k, dtype):
    rng = np.random.default_rng(3)
    X, Y = rng.random((50, 784)).T, one_hot(rng.integers(0, 10, 50))
    net = Network([784, 16, 16, 10], seed=0, dtype=dtype)
    wiggle = WeightWiggle(net, X, Y, l, j, k)
    for value in np.linspace(-3, 3, 5):  # numpy float64 values, as wiggle_weight passes them
        costs = wiggle.costs(value)
        assert costs.dtype == dtype
        moved = net.copy()
        moved.set_weight(l, j, k, float(value))
        expected = moved.cost_per_example(X, Y)
        if dtype == np.float64:
            np.testing.assert_allclose(costs, expected, rtol=1e-12)
        else:
            np.testing.assert_allclose(costs, expected, rtol=2e-5, atol=1e-6)
    assert wiggle.cost(net.get_weight(l, j, k)) == pytest.approx(net.cost(X, Y), rel=1e-5)


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_the_cost_per_example_into_a_buffer_is_the_cost_per_example(configuration):
    X, Y = data(8)
    net = network(configuration)
    forward = net.forward(X)
    z, a, cost = forward.z[-1], forward.a[-1], net.cost_function
    into = cost.per_example_into(z, a, Y, np.empty(8), np.empty_like(a))
    assert np.array_equal(into, cost.per_example(z, a, Y))


def test_slider_moves_return_their_own_arrays_and_the_mean_of_them():
    rng = np.random.default_rng(4)
    X, Y = rng.random((30, 784)).T, one_hot(rng.integers(0, 10, 30))
    wiggle = WeightWiggle(Network([784, 16, 16, 10], seed=0), X, Y, 1, 3, 400)
    first, second = wiggle.costs(0.5), wiggle.costs(-2.0)
    assert np.array_equal(first, wiggle.costs(0.5)) and not np.array_equal(first, second)
    assert wiggle.cost(-2.0) == float(np.mean(second))
