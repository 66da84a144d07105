"""Checkers for the exercises: run the reader's function and name the likely mistake.

Each checker compares the reader's function with a reference solution on a few cases.
When they differ it also compares the answer with plausible wrong solutions (a missing
σ′, a sum where a mean is due …) and says which mistake the answer matches.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid, sigmoid_prime
from .network import Network


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: passed or not, and a message for the reader."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return ("✓ " if self.passed else "✗ ") + self.message


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong solution and the sentence that explains it."""

    solution: Callable
    explanation: str


def _parts(value) -> list[np.ndarray]:
    """A result as a list of float arrays: a list or tuple is compared part by part."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return [np.asarray(item, dtype=float) for item in items]


def _show(value) -> str:
    parts = _parts(value)
    if len(parts) > 1:
        return "[" + ", ".join(_show(p) for p in parts) + "]"
    array = parts[0]
    if array.size == 1:
        return f"{float(array.ravel()[0]):.6g}"
    return np.array2string(array, precision=4, suppress_small=True, threshold=12)


def _same(got, expected, rtol: float) -> bool:
    try:
        got, expected = _parts(got), _parts(expected)
    except (TypeError, ValueError):
        return False
    return len(got) == len(expected) and all(
        g.shape == e.shape and np.allclose(g, e, rtol=rtol, atol=1e-12)
        for g, e in zip(got, expected, strict=True)
    )


def _difference(name: str, got, expected, rtol: float) -> str:
    """'expected …, got …' for the first part that differs (of a result with matching shapes)."""
    got_parts, expected_parts = _parts(got), _parts(expected)
    if len(expected_parts) == 1:
        return f"{name}: expected {_show(expected)}, got {_show(got)}."
    for index, (g, e) in enumerate(zip(got_parts, expected_parts, strict=True)):
        if not np.allclose(g, e, rtol=rtol, atol=1e-12):
            return f"{name}, part {index}: expected {_show(e)}, got {_show(g)}."
    return f"{name}: expected {_show(expected)}, got {_show(got)}."


def _shape_problem(name: str, got, expected) -> str | None:
    """A sentence about the first part whose shape is wrong, or None if all shapes match."""
    try:
        got_parts, expected_parts = _parts(got), _parts(expected)
    except (TypeError, ValueError):
        return f"{name} returned {type(got).__name__}, which is not an array of numbers."
    if len(got_parts) != len(expected_parts):
        return f"{name} returned {len(got_parts)} arrays, expected {len(expected_parts)}."
    for index, (g, e) in enumerate(zip(got_parts, expected_parts, strict=True)):
        if g.shape != e.shape:
            where = f" (part {index})" if len(expected_parts) > 1 else ""
            hint = " It looks transposed." if g.shape == e.shape[::-1] and g.ndim == 2 else ""
            return f"{name} returned shape {g.shape}{where}, expected shape {e.shape}.{hint}"
    return None


def check(
    name: str,
    candidate: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
) -> Feedback:
    """Run `candidate` and `reference` on every case (a tuple of arguments) and compare."""
    if not callable(candidate):
        return Feedback(False, f"pass the function itself, e.g. check(…, {name}), not {candidate!r}")
    for args in cases:
        try:
            got = candidate(*copy.deepcopy(args))
        except NotImplementedError:
            return Feedback(
                False, f"{name} is not written yet: replace the `raise NotImplementedError` line."
            )
        except Exception as error:  # the reader's code may fail in any way; report it
            return Feedback(False, f"{name} raised {type(error).__name__}: {error}")
        expected = reference(*copy.deepcopy(args))
        if _same(got, expected, rtol):
            continue
        if got is None:
            return Feedback(False, f"{name} returned None: did you forget `return`?")
        problem = _shape_problem(name, got, expected)
        if problem:
            return Feedback(False, problem)
        message = _difference(name, got, expected, rtol)
        for mistake in mistakes:
            if _same(got, mistake.solution(*copy.deepcopy(args)), rtol):
                return Feedback(False, f"{message} {mistake.explanation}")
        return Feedback(False, message)
    return Feedback(True, f"{name} agrees with the reference on all {len(cases)} test cases.")


def _cases_outputs(seed: int, n_examples: int | None) -> list[tuple]:
    """Output/target pairs like the digit network's: a in (0, 1)^10, y one-hot."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(3):
        shape = (10,) if n_examples is None else (10, n_examples)
        a = rng.uniform(0.02, 0.98, size=shape)
        labels = rng.integers(0, 10, size=1 if n_examples is None else n_examples)
        y = np.zeros(shape)
        if n_examples is None:
            y[labels[0]] = 1.0
        else:
            y[labels, np.arange(n_examples)] = 1.0
        cases.append((a, y))
    return cases


# Chapter 1 -----------------------------------------------------------------------


def check_quadratic_cost(quadratic_cost: Callable) -> Feedback:
    """quadratic_cost(a, y) → C_x = Σ_j (a_j − y_j)² for one example (two vectors of 10)."""
    return check(
        "quadratic_cost",
        quadratic_cost,
        lambda a, y: np.sum((a - y) ** 2),
        _cases_outputs(seed=1, n_examples=None),
        [
            Mistake(
                lambda a, y: np.mean((a - y) ** 2), "You averaged over the 10 outputs; C_x adds them up."
            ),
            Mistake(lambda a, y: 0.5 * np.sum((a - y) ** 2), "That is half of C_x: the book's C_x has no ½."),
            Mistake(lambda a, y: np.sum(a - y), "The differences must be squared before adding them."),
            Mistake(
                lambda a, y: np.sum(np.abs(a - y)), "You added absolute differences; square them instead."
            ),
            Mistake(lambda a, y: np.sqrt(np.sum((a - y) ** 2)), "You took the square root (a distance)."),
        ],
    )


def check_average_cost(average_cost: Callable) -> Feedback:
    """average_cost(A, Y) → C = (1/n) Σ_x C_x, examples as the n columns of A and Y."""
    return check(
        "average_cost",
        average_cost,
        lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=0)),
        _cases_outputs(seed=2, n_examples=7),
        [
            Mistake(
                lambda A, Y: np.sum((A - Y) ** 2), "You added the costs of all examples; C is their mean."
            ),
            Mistake(
                lambda A, Y: np.mean((A - Y) ** 2),
                "You averaged over outputs and examples; average over examples only (sum over outputs).",
            ),
            Mistake(
                lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=1)),
                "You summed over the examples (axis 1) and averaged over outputs: the axes are swapped. "
                "Each column is one example.",
            ),
        ],
    )


def check_cross_entropy(cross_entropy: Callable) -> Feedback:
    """cross_entropy(P, labels) → −(1/n) Σ_x log P[label_x, x], P's columns are probabilities."""

    def cases():
        rng = np.random.default_rng(3)
        out = []
        for n in (1, 5, 8):
            P = rng.dirichlet(np.ones(10), size=n).T
            out.append((P, rng.integers(0, 10, size=n)))
        return out

    def pick(P, labels):
        return P[labels, np.arange(len(labels))]

    return check(
        "cross_entropy",
        cross_entropy,
        lambda P, labels: -np.mean(np.log(pick(P, labels))),
        cases(),
        [
            Mistake(
                lambda P, l: np.mean(np.log(pick(P, l))),
                "The sign is wrong: minimise minus the log-likelihood.",
            ),
            Mistake(
                lambda P, l: -np.sum(np.log(pick(P, l))), "You added over examples; the cost is the mean."
            ),
            Mistake(
                lambda P, l: -np.mean(np.sum(np.log(P), axis=0)),
                "You took the log of every output; only the probability of the correct label counts.",
            ),
            Mistake(
                lambda P, l: -np.mean(np.log10(pick(P, l))), "Use the natural logarithm np.log, not log10."
            ),
            Mistake(
                lambda P, l: -np.log(np.prod(pick(P, l))) / len(l),
                "Right formula, but you multiplied the probabilities first: take logs before multiplying, "
                "or the product underflows.",
            ),
        ],
    )


# Chapter 2 -----------------------------------------------------------------------


def check_gradient_step(gradient_step: Callable) -> Feedback:
    """gradient_step(theta, gradient, eta) → θ − η ∇C, a new array (θ left unchanged)."""
    rng = np.random.default_rng(4)
    cases = [(rng.normal(size=n), rng.normal(size=n), eta) for n, eta in ((2, 0.1), (5, 0.5), (13, 3.0))]
    return check(
        "gradient_step",
        gradient_step,
        lambda theta, g, eta: theta - eta * g,
        cases,
        [
            Mistake(lambda theta, g, eta: theta + eta * g, "You stepped uphill: subtract the gradient."),
            Mistake(lambda theta, g, eta: theta - g, "You forgot the learning rate η."),
            Mistake(lambda theta, g, eta: theta - g / eta, "Multiply the gradient by η; do not divide."),
            Mistake(lambda theta, g, eta: -eta * g, "That is only the step; add it to θ."),
        ],
    )


def check_central_difference(derivative: Callable) -> Feedback:
    """derivative(f, x, eps) → (f(x + ε) − f(x − ε)) / 2ε."""
    cases = [(np.sin, 0.7, 1e-2), (np.exp, -0.3, 1e-2), (lambda t: t**3 - 2 * t, 1.5, 1e-2)]
    return check(
        "derivative",
        derivative,
        lambda f, x, eps: (f(x + eps) - f(x - eps)) / (2 * eps),
        cases,
        [
            Mistake(
                lambda f, x, eps: (f(x + eps) - f(x)) / eps,
                "That is the one-sided (forward) difference; the central one uses f(x + ε) and f(x − ε).",
            ),
            Mistake(
                lambda f, x, eps: (f(x + eps) - f(x - eps)) / eps,
                "The two points are 2ε apart: divide by 2ε, not ε.",
            ),
            Mistake(
                lambda f, x, eps: (f(x) - f(x - eps)) / eps,
                "That is the backward difference; the central one uses f(x + ε) and f(x − ε).",
            ),
        ],
        rtol=1e-9,
    )


# Chapter 3 -----------------------------------------------------------------------


def _chain_variant(ws, bs, x, y, *, prime=True, previous_h=True, next_weight=True, two=2.0):
    """The chain's backward pass, with one factor switchable off to mimic a mistake."""
    h, z = [x], [None]
    for w_i, b_i in zip(ws, bs, strict=True):
        z.append(w_i * h[-1] + b_i)
        h.append(float(sigmoid(z[-1])))
    n = len(ws)
    dL_dh = two * (h[n] - y)
    grad_w, grad_b = [0.0] * n, [0.0] * n
    for i in range(n, 0, -1):
        local = dL_dh * (sigmoid_prime(z[i]) if prime else 1.0)
        grad_w[i - 1] = float(local * (h[i - 1] if previous_h else 1.0))
        grad_b[i - 1] = float(local)
        dL_dh = local * (ws[i - 1] if next_weight else ws[i - 2] if i > 1 else 1.0)
    return grad_w, grad_b


def check_chain_backward(backward: Callable) -> Feedback:
    """backward(ws, bs, x, y) → ([∂L/∂w_1 … ∂L/∂w_n], [∂L/∂b_1 … ∂L/∂b_n]), L = (h_n − y)²."""
    rng = np.random.default_rng(5)
    cases = [
        (list(rng.normal(0, 1.5, n)), list(rng.normal(0, 1, n)), float(rng.uniform(-1, 1)), 1.0)
        for n in (3, 3, 4)
    ]
    return check(
        "backward",
        backward,
        lambda ws, bs, x, y: tuple(_chain_variant(ws, bs, x, y)),
        cases,
        [
            Mistake(
                lambda *a: tuple(_chain_variant(*a, prime=False)),
                "A factor σ′(z_i) is missing at every node.",
            ),
            Mistake(
                lambda *a: tuple(_chain_variant(*a, previous_h=False)),
                "∂L/∂w_i needs the factor h_{i−1}, the input that w_i multiplies.",
            ),
            Mistake(
                lambda *a: tuple(_chain_variant(*a, next_weight=False)),
                "The step back from h_i to h_{i−1} multiplies by w_i, the weight between them; "
                "an index is off by one.",
            ),
            Mistake(
                lambda *a: tuple(_chain_variant(*a, two=1.0)),
                "∂L/∂h_n is 2(h_n − y) for L = (h_n − y)²; the factor 2 is missing.",
            ),
            Mistake(
                lambda *a: tuple(_chain_variant(*a, two=-2.0)),
                "The sign is flipped: ∂L/∂h_n is 2(h_n − y), not 2(y − h_n).",
            ),
        ],
    )


# Chapter 4 -----------------------------------------------------------------------


def check_layer_delta(layer_delta: Callable) -> Feedback:
    """layer_delta(W_next, delta_next, z) → δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ σ′(z⁽ˡ⁾), one column per example."""
    rng = np.random.default_rng(6)
    cases = [
        (rng.normal(size=(4, 4)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))),
        (rng.normal(size=(3, 5)), rng.normal(size=(3, 2)), rng.normal(size=(5, 2))),
    ]
    return check(
        "layer_delta",
        layer_delta,
        lambda W, d, z: (W.T @ d) * sigmoid_prime(z),
        cases,
        [
            Mistake(lambda W, d, z: W.T @ d, "The factor σ′(z⁽ˡ⁾) is missing."),
            Mistake(lambda W, d, z: (W.T @ d) * sigmoid(z), "Use the derivative σ′(z), not σ(z)."),
            Mistake(
                lambda W, d, z: (W @ d) * sigmoid_prime(z),
                "W must be transposed: the error flows backwards, from layer l+1 to layer l.",
            ),
        ],
    )


def _backward_variant(net: Network, X, Y, *, mean=True, hidden_prime=True, output_prime=True):
    """Backpropagation for a sigmoid network with the quadratic cost, with switchable mistakes."""
    forward = net.forward(X)
    z, a, L, m = forward.z, forward.a, net.L, X.shape[1]
    delta = 2 * (a[L] - Y) * (sigmoid_prime(z[L]) if output_prime else 1.0)
    grad_W, grad_b = [None] * L, [None] * L
    for l in range(L, 0, -1):
        scale = 1 / m if mean else 1.0
        grad_W[l - 1] = delta @ a[l - 1].T * scale
        grad_b[l - 1] = delta.sum(axis=1, keepdims=True) * scale
        if l > 1:
            delta = (net.W[l].T @ delta) * (sigmoid_prime(z[l - 1]) if hidden_prime else 1.0)
    return grad_W, grad_b


def check_backward_pass(backward_pass: Callable) -> Feedback:
    """backward_pass(net, X, Y) → ([∂C/∂W⁽¹⁾ … ∂C/∂W⁽ᴸ⁾], [∂C/∂b⁽¹⁾ … ∂C/∂b⁽ᴸ⁾]) of the average cost.

    `net` has sigmoid layers and the quadratic cost; X and Y hold one example per column.
    """
    rng = np.random.default_rng(7)
    cases = []
    for sizes, m in (([5, 4, 3], 6), ([6, 4, 4, 3], 5)):
        net = Network(sizes, seed=int(rng.integers(1000)))
        cases.append((net, rng.random((sizes[0], m)), np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]))

    def flat(result):
        if result is None:
            return None
        grad_W, grad_b = result
        return list(grad_W) + list(grad_b)

    def wrap(**mistake):
        return lambda net, X, Y: flat(_backward_variant(net, X, Y, **mistake))

    outcome = check(
        "backward_pass",
        lambda net, X, Y: flat(backward_pass(net, X, Y)),
        wrap(),
        cases,
        [
            Mistake(
                wrap(mean=False), "You added the gradients of the examples; C is their average: divide by m."
            ),
            Mistake(wrap(hidden_prime=False), "The factor σ′(z⁽ˡ⁾) is missing in the hidden layers."),
            Mistake(wrap(output_prime=False), "The factor σ′(z⁽ᴸ⁾) is missing in the output error δ⁽ᴸ⁾."),
        ],
    )
    if not outcome.passed and "part" in outcome.message:
        n = len(cases[0][0].sizes) - 1
        return Feedback(False, outcome.message + f" (parts 0 … {n - 1} are ∂C/∂W⁽¹⁾ …, then the biases.)")
    return outcome


# Chapter 5 -----------------------------------------------------------------------


def check_steps_per_epoch(steps_per_epoch: Callable) -> Feedback:
    """steps_per_epoch(n, m) → how many mini-batches of m make one pass over n examples."""
    return check(
        "steps_per_epoch",
        steps_per_epoch,
        lambda n, m: -(-n // m),
        [(4000, 100), (4000, 1), (4000, 3), (50000, 64), (10, 20)],
        [
            Mistake(lambda n, m: n // m, "The last, smaller mini-batch is a step too: round up, not down."),
            Mistake(lambda n, m: n / m, "A number of steps is a whole number: round n/m up."),
            Mistake(lambda n, m: n, "That is the number of examples, not of mini-batches."),
        ],
    )


def _linear_problem(seed: int):
    """Per-example gradients of a least-squares problem: the order of steps changes the answer."""
    rng = np.random.default_rng(seed)
    A, b = rng.normal(size=(23, 3)), rng.normal(size=23)

    def per_example_gradients(theta, indices):
        residual = A[indices] @ theta - b[indices]
        return 2 * residual[:, None] * A[indices]

    return per_example_gradients


def _epoch_variant(theta, per_example_gradients, n, m, eta, rng, *, shuffle=True, keep_last=True, mean=True):
    order = rng.permutation(n) if shuffle else np.arange(n)
    theta = np.array(theta, dtype=float)
    stop = n if keep_last else n - n % m
    for start in range(0, stop, m):
        batch = order[start : min(start + m, stop)]
        g = per_example_gradients(theta, batch)
        theta = theta - eta * (g.mean(axis=0) if mean else g.sum(axis=0))
    return theta


def check_sgd_epoch(sgd_epoch: Callable) -> Feedback:
    """sgd_epoch(theta, per_example_gradients, n, m, eta, rng) → θ after one epoch of mini-batch SGD.

    Shuffle with `order = rng.permutation(n)`, split `order` into mini-batches of m (the last
    may be smaller), and for each take a step with the mean of
    `per_example_gradients(theta, batch)` (one row per example of the batch).
    """
    cases = [
        (np.zeros(3), _linear_problem(s), 23, m, 0.05, np.random.default_rng(s)) for s, m in ((1, 5), (2, 4))
    ]
    return check(
        "sgd_epoch",
        sgd_epoch,
        lambda theta, f, n, m, eta, rng: _epoch_variant(theta, f, n, m, eta, rng),
        cases,
        [
            Mistake(
                lambda *a: _epoch_variant(*a, shuffle=False),
                "The examples were taken in their stored order: shuffle them with rng.permutation(n) "
                "at the start of every epoch.",
            ),
            Mistake(
                lambda *a: _epoch_variant(*a, keep_last=False),
                "The last, smaller mini-batch was dropped: with n = 23 and m = 5 the epoch has 5 steps, "
                "the last one on 3 examples.",
            ),
            Mistake(
                lambda *a: _epoch_variant(*a, mean=False),
                "You added the per-example gradients; the step uses their mean (the gradient of the "
                "average cost over the mini-batch).",
            ),
        ],
    )
