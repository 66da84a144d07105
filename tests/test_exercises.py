"""Each checker accepts the reference solution and names the mistake in plausible wrong ones."""

import numpy as np
import pytest

from backprop import exercises as ex
from backprop.activations import sigmoid


def chain_solution(ws, bs, x, y, prime=True, shift=False, h_factor=True):
    """A learner's three-step chain backward pass, with switchable slips."""
    h, z = [x], []
    for w, b in zip(ws, bs, strict=True):
        z.append(w * h[-1] + b)
        h.append(sigmoid(z[-1]))
    dh = 2 * (h[-1] - y)
    gw, gb = [], []
    for i in reversed(range(len(ws))):
        s = sigmoid(z[i]) * (1 - sigmoid(z[i])) if prime else 1
        gw.insert(0, dh * s * (h[i] if h_factor else 1))
        gb.insert(0, dh * s)
        dh = dh * s * (ws[i - 1] if shift and i > 0 else ws[i])
    return gw, gb


def epoch_solution(theta, grads, n, m, eta, rng, shuffle=True, drop_last=False, use_sum=False):
    """A learner's epoch of mini-batch SGD, with switchable slips."""
    order = rng.permutation(n) if shuffle else np.arange(n)
    batches = [order[k : k + m] for k in range(0, n, m)]
    if drop_last and len(batches[-1]) < m:
        batches = batches[:-1]
    for batch in batches:
        g = grads(theta, batch)
        theta = theta - eta * (g.sum(axis=0) if use_sum else g.mean(axis=0))
    return theta


def backward_solution(net, X, Y, mean=True, transpose=False, hidden_prime=True):
    """A learner's backward pass for a sigmoid network with the quadratic cost."""
    fp = net.forward(X)
    m = X.shape[1] if mean else 1
    d = 2 * (fp.a[-1] - Y) * fp.a[-1] * (1 - fp.a[-1])
    gW, gb = [], []
    for l in range(net.L, 0, -1):
        gW.insert(0, (fp.a[l - 1] @ d.T if transpose else d @ fp.a[l - 1].T) / m)
        gb.insert(0, d.sum(axis=1, keepdims=True) / m)
        if l > 1:
            d = net.W[l].T @ d * (fp.a[l - 1] * (1 - fp.a[l - 1]) if hidden_prime else 1)
    return gW, gb


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
    ex.check_chain_backward: (
        chain_solution,
        [
            (lambda *a: chain_solution(*a, prime=False), "σ′(z_i) is missing"),
            (lambda *a: chain_solution(*a, h_factor=False), "needs the factor h_{i−1}"),
            (lambda *a: chain_solution(*a, shift=True), "off by one"),
            (lambda ws, bs, x, y: tuple(np.array(g) / 2 for g in chain_solution(ws, bs, x, y)), "factor 2"),
        ],
    ),
    ex.check_layer_delta: (
        lambda W, d, z: W.T.dot(d) * sigmoid(z) * (1 - sigmoid(z)),
        [
            (lambda W, d, z: W.T.dot(d), "σ′(z⁽ˡ⁾) is missing"),
            (lambda W, d, z: W.T.dot(d) * sigmoid(z), "not σ(z)"),
            (lambda W, d, z: W.dot(d) * sigmoid(z) * (1 - sigmoid(z)), "must be transposed"),
        ],
    ),
    ex.check_backward_pass: (
        backward_solution,
        [
            (lambda *a: backward_solution(*a, mean=False), "divide by m"),
            (lambda *a: backward_solution(*a, hidden_prime=False), "missing in the hidden layers"),
        ],
    ),
    ex.check_steps_per_epoch: (
        lambda n, m: int(np.ceil(n / m)),
        [
            (lambda n, m: n // m, "round up, not down"),
            (lambda n, m: n, "number of examples"),
        ],
    ),
    ex.check_sgd_epoch: (
        epoch_solution,
        [
            (lambda *a: epoch_solution(*a, shuffle=False), "shuffle them"),
            (lambda *a: epoch_solution(*a, drop_last=True), "last, smaller mini-batch was dropped"),
            (lambda *a: epoch_solution(*a, use_sum=True), "uses their mean"),
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
