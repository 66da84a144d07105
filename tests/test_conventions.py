"""The conventions and facts chapters 2–4 and the notation page state, each checked two independent ways.

Every test computes the same quantity twice, by two routes that share no code (a loop written
here against the library, a formula against a measurement), and compares; none compares
with a number typed in.
"""

from __future__ import annotations

import inspect
import itertools

import numpy as np
import pytest

from backprop import Network, sigmoid, softmax
from backprop.chain import chain_backward, chain_forward
from backprop.crosscheck import half_convention_sgd, path_products
from backprop.descent import descent_path, divergence_threshold, line_fitting_problem
from backprop.training import gradient_step


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def nielsen_sgd(weights, biases, batches, eta):
    """Nielsen's update_mini_batch, written out here: C_x = ½‖a − y‖², per-example sums, η/m.

    Returns every parameter after every step, in the order of Network.get_flat.
    """
    weights = [w.copy() for w in weights]
    biases = [b.copy() for b in biases]
    trajectory = []
    for X, Y in batches:
        sum_w = [np.zeros_like(w) for w in weights]
        sum_b = [np.zeros_like(b) for b in biases]
        for x, y in zip(X.T, Y.T, strict=True):
            activations, zs = [x[:, None]], []
            for w, b in zip(weights, biases, strict=True):
                zs.append(w @ activations[-1] + b)
                activations.append(_sigmoid(zs[-1]))
            errors = [None] * len(weights)
            s = _sigmoid(zs[-1])
            errors[-1] = (activations[-1] - y[:, None]) * s * (1 - s)
            for layer in range(len(weights) - 2, -1, -1):
                s = _sigmoid(zs[layer])
                errors[layer] = (weights[layer + 1].T @ errors[layer + 1]) * s * (1 - s)
            for layer, error in enumerate(errors):
                sum_w[layer] += error @ activations[layer].T
                sum_b[layer] += error
        weights = [w - eta / len(X.T) * g for w, g in zip(weights, sum_w, strict=True)]
        biases = [b - eta / len(X.T) * g for b, g in zip(biases, sum_b, strict=True)]
        trajectory.append(
            np.concatenate([p.ravel() for w, b in zip(weights, biases, strict=True) for p in (w, b)])
        )
    return trajectory


def _batches(sizes, m, steps, seed):
    rng = np.random.default_rng(seed)
    X = rng.random((sizes[0], m * steps))
    Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m * steps)]
    return [(X[:, s : s + m], Y[:, s : s + m]) for s in range(0, m * steps, m)]


def _library_trajectory(net, batches, eta):
    trajectory = []
    for X, Y in batches:
        gradient_step(net, X, Y, eta)
        trajectory.append(net.get_flat())
    return trajectory


@pytest.mark.parametrize(("sizes", "m", "nielsen_eta"), [([6, 5, 4, 3], 5, 3.0), ([10, 8, 10], 7, 0.5)])
def test_library_at_half_eta_walks_nielsens_half_convention_path(sizes, m, nielsen_eta):
    start = Network(sizes, seed=3)
    batches = _batches(sizes, m, steps=60, seed=4)
    theirs = nielsen_sgd(start.W[1:], start.b[1:], batches, nielsen_eta)
    ours = _library_trajectory(start.copy(), batches, nielsen_eta / 2)
    assert max(np.max(np.abs(a - b)) for a, b in zip(ours, theirs, strict=True)) < 1e-12
    # ... and the same η is a different path: the factor 2 is real.
    same_eta = _library_trajectory(start.copy(), batches, nielsen_eta)
    assert np.max(np.abs(same_eta[-1] - theirs[-1])) > 1e-3


def test_library_at_half_eta_walks_nielsens_path_on_the_digits(digits):
    start = Network([784, 16, 16, 10], seed=0)
    X, Y = digits.X_train[:, :400], digits.Y_train[:, :400]
    batches = [(X[:, s : s + 10], Y[:, s : s + 10]) for s in range(0, 400, 10)]
    theirs = nielsen_sgd(start.W[1:], start.b[1:], batches, 3.0)  # Nielsen's η = 3 …
    ours = _library_trajectory(start.copy(), batches, 1.5)  # … is η = 1.5 in the book
    assert max(np.max(np.abs(a - b)) for a, b in zip(ours, theirs, strict=True)) < 1e-12


def test_the_chapters_half_convention_loop_is_nielsens():
    start = Network([5, 4, 3], seed=8)
    batches = _batches([5, 4, 3], 4, steps=20, seed=9)
    theirs = nielsen_sgd(start.W[1:], start.b[1:], batches, 2.0)
    chapters = half_convention_sgd(start.W[1:], start.b[1:], batches, 2.0)
    assert max(np.max(np.abs(a - b)) for a, b in zip(chapters, theirs, strict=True)) < 1e-12


def test_a_mean_over_examples_makes_the_step_independent_of_the_batch_size():
    net = Network([5, 4, 3], seed=1)
    (X, Y), *_ = _batches([5, 4, 3], 6, steps=1, seed=2)
    once, twice = net.backprop(X, Y), net.backprop(np.hstack([X, X]), np.hstack([Y, Y]))
    for l in (1, 2):
        np.testing.assert_allclose(once.W[l], twice.W[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(once.b[l], twice.b[l], rtol=1e-12, atol=1e-15)


def _paths_enumerated_here(net, x, y, l, j, k):
    """∂C_x/∂w⁽ˡ⁾_jk as a sum over paths, with the forward pass written here too."""
    a, zs = [np.asarray(x, dtype=float)], [None]
    for r in range(1, net.L + 1):
        zs.append(net.W[r] @ a[-1] + net.b[r][:, 0])
        a.append(_sigmoid(zs[-1]))
    slope = [None] + [_sigmoid(z) * (1 - _sigmoid(z)) for z in zs[1:]]
    total, count = 0.0, 0
    for rest in itertools.product(*(range(n) for n in net.sizes[l + 1 :])):
        path = (j, *rest)
        product = a[l - 1][k] * slope[l][j]
        for step in range(1, len(path)):
            r = l + step
            product *= net.W[r][path[step], path[step - 1]] * slope[r][path[step]]
        total += product * 2 * (a[-1][path[-1]] - y[path[-1]])
        count += 1
    return total, count


@pytest.mark.parametrize("sizes", [[3, 4, 4, 2], [2, 3, 2, 3, 2], [4, 1, 3]])
def test_the_sum_over_paths_is_backpropagation(sizes):
    net = Network(sizes, seed=5)
    rng = np.random.default_rng(6)
    x, y = rng.random(sizes[0]), np.eye(sizes[-1])[rng.integers(sizes[-1])]
    gradient = net.backprop(x[:, None], y[:, None])
    for l in range(1, net.L + 1):
        for j, k in np.ndindex(net.W[l].shape):
            here, count = _paths_enumerated_here(net, x, y, l, j, k)
            library = path_products(net, x, y, l, j, k)
            assert count == len(library) == int(np.prod(sizes[l + 1 :]))
            assert here == pytest.approx(gradient.W[l][j, k], rel=1e-10, abs=1e-15)
            assert sum(library.values()) == pytest.approx(gradient.W[l][j, k], rel=1e-10, abs=1e-15)


def test_chain_rule_rest_is_second_order_for_the_forward_nudge_and_third_for_the_central_one():
    """Section 3.1: sin(x²) nudged at x = 1.2; the rests against Taylor's terms, derived by hand."""
    x = 1.2
    f = lambda t: np.sin(t**2)  # noqa: E731
    first = 2 * x * np.cos(x**2)
    second = 2 * np.cos(x**2) - 4 * x**2 * np.sin(x**2)
    third = -12 * x * np.sin(x**2) - 8 * x**3 * np.cos(x**2)
    epsilons = [1e-2, 1e-3, 1e-4]
    forward_rests = [f(x + e) - f(x) - first * e for e in epsilons]
    for e, rest in zip(epsilons, forward_rests, strict=True):
        assert rest / e**2 == pytest.approx(second / 2, rel=2 * e * abs(third / second) + 1e-6)
    for bigger, smaller in itertools.pairwise(forward_rests):
        # ten times smaller ε, a hundred times smaller rest
        assert bigger / smaller == pytest.approx(100, rel=0.05)
    central_rests = [(f(x + e) - f(x - e)) / 2 - first * e for e in epsilons[:2]]
    for e, rest in zip(epsilons[:2], central_rests, strict=True):
        assert rest / e**3 == pytest.approx(third / 6, rel=1e-3)


def test_chain_of_chapter_3_is_a_network_one_neuron_wide_with_cost_C():
    ws, bs = [1.5, -2.0, 1.8, 2.5], [0.2, 0.5, -0.6, 0.1]
    forward, backward = chain_forward(ws, bs, 1.0, 0.0), chain_backward(ws, bs, 1.0, 0.0)
    net = Network([1] * 5, seed=0)
    for i, (w, b) in enumerate(zip(ws, bs, strict=True), start=1):
        net.set_weight(i, 0, 0, w)
        net.set_bias(i, 0, b)
    X, Y = np.array([[1.0]]), np.array([[0.0]])
    assert forward.loss == pytest.approx(net.cost(X, Y), rel=1e-14)
    assert forward.loss == pytest.approx((forward.h[-1] - 0.0) ** 2, rel=1e-14)
    gradient = net.backprop(X, Y)
    for i in range(1, 5):
        assert backward.w[i] == pytest.approx(gradient.W[i][0, 0], rel=1e-12)
        # δ⁽ⁱ⁾ = ∂C/∂z_i = ∂C/∂h_i · σ′(z_i), the relation chapter 4 states
        assert gradient.delta[i][0, 0] == pytest.approx(backward.b[i], rel=1e-12)


def test_softmax_output_layer_has_the_derivatives_of_multinomial_logistic_regression():
    net = Network([6, 5, 4], output="softmax", cost="cross_entropy", seed=2)
    rng = np.random.default_rng(3)
    X, labels = rng.random((6, 9)), rng.integers(0, 4, 9)
    Y = np.eye(4)[:, labels]
    h = _sigmoid(net.W[1] @ X + net.b[1])  # the hidden features, written here
    scores = net.W[2] @ h + net.b[2]
    p = np.exp(scores - scores.max(axis=0)) / np.exp(scores - scores.max(axis=0)).sum(axis=0)
    gradient = net.backprop(X, Y)
    np.testing.assert_allclose(gradient.W[2], (p - Y) @ h.T / 9, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(gradient.b[2], (p - Y).mean(axis=1, keepdims=True), rtol=1e-12, atol=1e-15)
    assert gradient.cost == pytest.approx(-np.mean(np.log(p[labels, np.arange(9)])), rel=1e-12)


def test_sigmoid_with_binary_cross_entropy_also_has_output_error_a_minus_y_but_no_distribution():
    rng = np.random.default_rng(4)
    z, y = rng.normal(size=10), (rng.random(10) < 0.3).astype(float)

    def binary_cross_entropy(z_):
        a_ = _sigmoid(z_)
        return -np.sum(y * np.log(a_) + (1 - y) * np.log(1 - a_))

    eps = 1e-6
    by_differences = [
        (binary_cross_entropy(z + eps * e) - binary_cross_entropy(z - eps * e)) / (2 * eps)
        for e in np.eye(10)
    ]
    np.testing.assert_allclose(by_differences, sigmoid(z) - y, rtol=1e-6, atol=1e-9)
    assert abs(np.sum(sigmoid(z)) - 1) > 0.1  # ten separate probabilities, not one distribution
    assert np.sum(softmax(z[:, None])) == pytest.approx(1.0)


def test_pytorch_mse_loss_is_the_book_cost_divided_by_the_number_of_outputs():
    torch = pytest.importorskip("torch")
    net = Network([5, 4, 3], seed=6)
    (X, Y), *_ = _batches([5, 4, 3], 8, steps=1, seed=7)
    layers = torch.nn.Sequential(
        torch.nn.Linear(5, 4), torch.nn.Sigmoid(), torch.nn.Linear(4, 3), torch.nn.Sigmoid()
    )
    layers = layers.double()
    with torch.no_grad():
        for index, l in ((0, 1), (2, 2)):
            layers[index].weight.copy_(torch.from_numpy(net.W[l]))  # the same shape n_l × n_{l−1}
            layers[index].bias.copy_(torch.from_numpy(net.b[l][:, 0]))
    loss = torch.nn.MSELoss()(layers(torch.from_numpy(X.T)), torch.from_numpy(Y.T))  # examples as rows
    loss.backward()
    gradient = net.backprop(X, Y)
    assert loss.item() == pytest.approx(gradient.cost / 3, rel=1e-12)
    np.testing.assert_allclose(layers[0].weight.grad.numpy(), gradient.W[1] / 3, rtol=1e-10, atol=1e-15)


def test_gradient_descent_on_the_line_converges_below_two_over_lambda_max_and_diverges_above():
    net, x, y = line_fitting_problem(n=50, seed=0)
    # the Hessian of mean((w x + b − y)²), by hand
    hessian = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
    limit = 2 / np.max(np.linalg.eigvalsh(hessian))
    assert divergence_threshold(x) == pytest.approx(limit, rel=1e-12)
    below = descent_path(net, x, y, (-1.0, 3.0), 0.97 * limit, steps=400)
    above = descent_path(net, x, y, (-1.0, 3.0), 1.03 * limit, steps=400)
    assert below[-1, 2] < below[0, 2] and above[-1, 2] > 1e6 * above[0, 2]


def test_the_best_constant_answer_is_the_average_target(digits):
    Y = digits.Y_train
    average = Y.mean(axis=1, keepdims=True)

    def cost(c):
        return np.mean(np.sum((c - Y) ** 2, axis=0))

    rng = np.random.default_rng(0)
    assert all(cost(average) < cost(average + 0.01 * rng.normal(size=average.shape)) for _ in range(20))
    assert cost(np.full((10, 1), 0.1)) == pytest.approx(cost(average), rel=1e-12)  # each digit is a tenth


def test_docstrings_use_the_books_symbols():
    assert "∇_a C_x" in inspect.getsource(Network.backprop)
    chain_docs = inspect.getdoc(chain_backward) + (inspect.getmodule(chain_backward).__doc__ or "")
    assert "∂L/" not in chain_docs.replace("dL_", "") and "h_n" not in chain_docs
