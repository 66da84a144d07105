"""The exercise checkers read answers as readers write them, and cannot be fooled.

For every checker: right answers written in several styles, at least five plausible wrong
ones and at least three malformed returns (None, a wrong type, a wrong shape), each with the
exact feedback the reader sees. The answers below are written the way a reader writes them,
independently of the checkers' own references and mistakes.
"""

import ast
import math
from functools import partial
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import exercises
from backprop import exercises_solutions as solutions
from backprop.activations import sigmoid
from backprop.exercises import (
    check_average_cost,
    check_backward_pass,
    check_central_difference,
    check_chain_backward,
    check_cross_entropy,
    check_gradient_step,
    check_layer_delta,
    check_quadratic_cost,
    check_sgd_epoch,
    check_steps_per_epoch,
)

ROOT = Path(__file__).resolve().parent.parent


def sp(z):
    return sigmoid(z) * (1 - sigmoid(z))


# 1.5 quadratic_cost(a, y)
def qc_loop(a, y):
    total = 0.0
    for j in range(len(a)):
        total += (a[j] - y[j]) ** 2
    return total


def qc_mean(a, y):
    return np.mean((a - y) ** 2)


def qc_half(a, y):
    return 0.5 * np.sum((a - y) ** 2)


def qc_unsquared(a, y):
    return np.sum(a - y)


def qc_norm(a, y):
    return np.linalg.norm(a - y)


def qc_square_of_sum(a, y):
    return np.sum(a - y) ** 2


def qc_in_place(a, y):
    a -= y
    return np.sum(a**2)


def qc_no_sum(a, y):
    return (a - y) ** 2


def qc_string(a, y):
    return f"{np.sum((a - y) ** 2):.4f}"


def qc_print(a, y):
    print(np.sum((a - y) ** 2))


# 1.6 average_cost(A, Y)
def ac_loop(A, Y):
    n = A.shape[1]
    return sum(np.sum((A[:, x] - Y[:, x]) ** 2) for x in range(n)) / n


def ac_unsquared(A, Y):
    return np.mean(np.sum(A - Y, axis=0))


def ac_no_return(A, Y):
    C = np.mean(np.sum((A - Y) ** 2, axis=0))  # noqa: F841 (the reader forgot `return`)


def ac_total(A, Y):
    return np.sum((A - Y) ** 2)


def ac_all_mean(A, Y):
    return np.mean((A - Y) ** 2)


def ac_swapped(A, Y):
    return np.mean(np.sum((A - Y) ** 2, axis=1))


def ac_len(A, Y):
    return np.sum((A - Y) ** 2) / len(A)


def ac_per_example(A, Y):
    return np.sum((A - Y) ** 2, axis=0)


def ac_per_output(A, Y):
    return ((A - Y) ** 2).mean(axis=1)


def ac_tuple(A, Y):
    C = np.sum((A - Y) ** 2, axis=0)
    return C.mean(), C


# 1.7 cross_entropy(P, labels)
def ce_loop(P, labels):
    return -sum(math.log(P[k, x]) for x, k in enumerate(labels)) / len(labels)


def ce_no_return(P, labels):
    C = -np.mean(np.log(P[labels, np.arange(len(labels))]))  # noqa: F841 (the reader forgot `return`)


def ce_string(P, labels):
    return "cross-entropy"


def ce_plus(P, labels):
    return np.mean(np.log(P[labels, np.arange(len(labels))]))


def ce_sum(P, labels):
    return -np.sum(np.log(P[labels, np.arange(len(labels))]))


def ce_all_logs(P, labels):
    return -np.mean(np.sum(np.log(P), axis=0))


def ce_log10(P, labels):
    return -np.mean(np.log10(P[labels, np.arange(len(labels))]))


def ce_rows(P, labels):
    return -np.mean(np.log(P[labels]))


def ce_one_hot_mean(P, labels):
    Y = np.eye(10)[:, labels]
    return -np.mean(Y * np.log(P))


def ce_per_example(P, labels):
    return -np.log(P[labels, np.arange(len(labels))])


def ce_list(P, labels):
    return [-np.log(P[k, x]) for x, k in enumerate(labels)]


# 2.5 gradient_step(theta, gradient, eta)
def gs_ref(theta, gradient, eta):
    return theta - eta * gradient


def gs_eta_squared(theta, gradient, eta):
    return theta - eta**2 * gradient


def gs_list(theta, gradient, eta):
    return [t - eta * g for t, g in zip(theta, gradient, strict=True)]


def gs_uphill(theta, gradient, eta):
    return theta + eta * gradient


def gs_no_eta(theta, gradient, eta):
    return theta - gradient


def gs_divide(theta, gradient, eta):
    return theta - gradient / eta


def gs_step_only(theta, gradient, eta):
    return -eta * gradient


def gs_in_place(theta, gradient, eta):
    theta -= eta * gradient
    return theta


def gs_in_place_no_return(theta, gradient, eta):
    theta -= eta * gradient


def gs_scalar(theta, gradient, eta):
    return float(np.sum(theta - eta * gradient))


def gs_column(theta, gradient, eta):
    return (theta - eta * gradient).reshape(-1, 1)


def gs_string(theta, gradient, eta):
    return str(theta - eta * gradient)


# 2.6 derivative(f, x, eps)
def d_ref(f, x, eps):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def d_no_return(f, x, eps):
    (f(x + eps) - f(x - eps)) / (2 * eps)


def d_forward(f, x, eps):
    return (f(x + eps) - f(x)) / eps


def d_one_eps(f, x, eps):
    return (f(x + eps) - f(x - eps)) / eps


def d_backward(f, x, eps):
    return (f(x) - f(x - eps)) / eps


def d_precedence(f, x, eps):
    return (f(x + eps) - f(x - eps)) / 2 * eps


def d_own_eps(f, x, eps):
    h = 1e-6
    return (f(x + h) - f(x - h)) / (2 * h)


def d_no_division(f, x, eps):
    return f(x + eps) - f(x - eps)


def d_function(f, x, eps):
    return lambda t: (f(t + eps) - f(t - eps)) / (2 * eps)


def d_pair(f, x, eps):
    return f(x + eps), f(x - eps)


def d_array(f, x, eps):
    return np.array([f(x + eps), f(x - eps)]) / (2 * eps)


# 3.5 backward(ws, bs, x, y)
def chain(ws, bs, x, y, *, slip=None):
    """A reader's chain backward pass; `slip` names one mistake."""
    hs, zs = [x], []
    for w, b in zip(ws, bs, strict=True):
        zs.append(w * hs[-1] + b)
        hs.append(sigmoid(zs[-1]))
    target = 1 if slip == "ignores y" else y
    dh = 2 * (hs[-1] - target)
    if slip == "half":
        dh = hs[-1] - target
    if slip == "sign":
        dh = 2 * (target - hs[-1])
    gw, gb = [], []
    for i in reversed(range(len(ws))):
        s = 1 if slip == "no sigma prime" else sp(zs[i])
        gw.append(dh * s * (1 if slip == "no h" else hs[i]))
        gb.append(dh * s)
        dh = dh * s * (ws[i - 1] if slip == "off by one" and i > 0 else ws[i])
    if slip == "reversed":
        return gw, gb
    gw, gb = gw[::-1], gb[::-1]
    if slip == "changes ws":
        ws.reverse()  # walked the weights backwards by reversing the caller's list
    if slip == "no return":
        return
    if slip == "dict":
        return {"w": gw, "b": gb}
    if slip == "one list":
        return gw + gb
    if slip == "three":
        return gw, gb, hs
    if slip == "swapped":
        return gb, gw
    if slip == "arrays":
        return np.array(gw), np.array(gb)
    if slip == "short":
        return gw[1:], gb[1:]
    return gw, gb


# 4.5 layer_delta(W_next, delta_next, z)
def ld_ref(W_next, delta_next, z):
    return W_next.T.dot(delta_next) * sigmoid(z) * (1 - sigmoid(z))


def ld_no_return(W_next, delta_next, z):
    delta = W_next.T @ delta_next * sp(z)  # noqa: F841 (the reader forgot `return`)


def ld_in_place(W_next, delta_next, z):
    z[:] = sp(z)
    return W_next.T @ delta_next * z


def ld_no_prime(W_next, delta_next, z):
    return W_next.T @ delta_next


def ld_sigma(W_next, delta_next, z):
    return W_next.T @ delta_next * sigmoid(z)


def ld_untransposed(W_next, delta_next, z):
    return W_next @ delta_next * sp(z)


def ld_z_one_minus_z(W_next, delta_next, z):
    return W_next.T @ delta_next * z * (1 - z)


def ld_prime_of_product(W_next, delta_next, z):
    return sp(W_next.T @ delta_next)


def ld_added(W_next, delta_next, z):
    return W_next.T @ delta_next + sp(z)


def ld_per_example(W_next, delta_next, z):
    return [W_next.T @ delta_next[:, x] * sp(z[:, x]) for x in range(z.shape[1])]


def ld_rows(W_next, delta_next, z):
    return (W_next.T @ delta_next * sp(z)).T


def ld_number(W_next, delta_next, z):
    return float(np.sum(W_next.T @ delta_next * sp(z)))


def ld_elementwise(W_next, delta_next, z):
    return (W_next.T * delta_next) * sp(z)


# 4.6 backward_pass(net, X, Y), one example at a time as the exercise asks
def bp(net, X, Y, *, slip=None):
    L, m = net.L, X.shape[1]
    gW = [np.zeros_like(net.W[l]) for l in range(1, L + 1)]
    gb = [np.zeros_like(net.b[l]) for l in range(1, L + 1)]
    for i in range(m):
        fp = net.forward(X[:, i : i + 1])
        a, z = fp.a, fp.z
        d = (1 if slip == "half" else 2) * (a[L] - Y[:, i : i + 1])
        prime = sigmoid(a[L]) * (1 - sigmoid(a[L])) if slip == "sigma prime of a" else sp(z[L])
        d = d * (1 if slip == "no output prime" else prime)
        for l in range(L, 0, -1):
            scale = 1 if slip == "sum" else m
            gW[l - 1] += (d @ a[l - 1].T) / scale
            if slip != "no bias":
                gb[l - 1] += d / (1 if slip == "bias sum" else scale)
            if l > 1:
                hidden = a[l - 1] if slip == "sigma prime of a" else z[l - 1]
                d = net.W[l].T @ d * (1 if slip == "no hidden prime" else sp(hidden))
    if slip == "transposed":
        return [g.T for g in gW], gb
    if slip == "second network" and L == 3:
        gb[0] = gb[0] * 1.5
    if slip == "changes net":
        for l in range(1, L + 1):
            net.W[l] -= 0.1 * gW[l - 1]
    if slip == "no return":
        return
    if slip == "with cost":
        return gW, gb, net.cost(X, Y)
    if slip == "weights only":
        return gW
    if slip == "dict":
        return {"W": gW, "b": gb}
    if slip == "flat biases":
        return gW, [g.ravel() for g in gb]
    if slip == "leading None":
        return [None] + gW, [None] + gb
    return gW, gb


# 5.5 steps_per_epoch(n, m)
def spe_ceil(n, m):
    return math.ceil(n / m)


def spe_floor_division(n, m):
    return (n + m - 1) // m


def spe_no_return(n, m):
    steps = math.ceil(n / m)  # noqa: F841 (the reader forgot `return`)


def spe_floor(n, m):
    return n // m


def spe_plus_one(n, m):
    return n // m + 1


def spe_round(n, m):
    return round(n / m)


def spe_n(n, m):
    return n


def spe_swapped(n, m):
    return math.ceil(m / n)


def spe_float(n, m):
    return n / m


def spe_np_ceil(n, m):
    return np.ceil(n / m)


def spe_string(n, m):
    return str(math.ceil(n / m))


def spe_list(n, m):
    return [math.ceil(n / m)]


# 5.6 sgd_epoch(theta, per_example_gradients, n, m, eta, rng)
def epoch(theta, grads, n, m, eta, rng, *, slip=None):
    order = np.arange(n) if slip in ("no shuffle", "choice") else rng.permutation(n)
    if slip == "global":
        order = np.random.permutation(n)
    if slip == "new generator":
        order = np.random.default_rng().permutation(n)
    starts = range(0, n - m + 1, m) if slip == "drop last" else range(0, n, m)
    theta0 = theta.copy()
    for start in starts:
        batch = order[start : start + m]
        if slip == "choice":
            batch = rng.choice(n, size=m, replace=False)
        g = grads(theta0 if slip == "stale" else theta, batch)
        step = g.sum(axis=0) if slip == "sum" else g.mean(axis=0)
        if slip == "forgot to assign":
            theta - eta * step
        else:
            theta = theta - eta * step
    if slip == "whole":
        g = grads(theta0, rng.permutation(n))
        return theta0 - eta * g.mean(axis=0)
    if slip == "no return":
        return
    if slip == "history":
        return np.array([theta0, theta])
    if slip == "list":
        return list(theta)
    if slip == "string":
        return str(theta)
    return theta


# Every answer, with the exact feedback the reader sees: (checker, kind, answer, feedback).
# fmt: off
ANSWERS = [
    # quadratic_cost
    (check_quadratic_cost, "right", qc_loop,
        "✓ quadratic_cost agrees with the reference on all 3 test cases."),
    (check_quadratic_cost, "wrong", qc_mean,
        "✗ quadratic_cost: expected 3.34684, got 0.334684. You averaged over the 10 outputs; C_x adds "
        "them up."),
    (check_quadratic_cost, "wrong", qc_half,
        "✗ quadratic_cost: expected 3.34684, got 1.67342. That is half of C_x: the book's C_x has no ½."),
    (check_quadratic_cost, "wrong", qc_unsquared,
        "✗ quadratic_cost: expected 3.34684, got 4.10013. The differences must be squared before adding "
        "them."),
    (check_quadratic_cost, "wrong", qc_norm,
        "✗ quadratic_cost: expected 3.34684, got 1.82944. You took the square root (a distance)."),
    (check_quadratic_cost, "wrong", qc_square_of_sum,
        "✗ quadratic_cost: expected 3.34684, got 16.8111. You squared the sum; square each difference, "
        "then add."),
    (check_quadratic_cost, "wrong", qc_in_place,
        "✗ quadratic_cost changed the array `a` it was given: `a -= …` (or `a[…] = …`) writes into the "
        "caller's array. Compute `a - y`, a new array, instead."),
    (check_quadratic_cost, "malformed", qc_print,
        "✗ quadratic_cost returned None: did you forget `return`?"),
    (check_quadratic_cost, "malformed", qc_string,
        "✗ quadratic_cost returned the str '3.3468'; expected a single number."),
    (check_quadratic_cost, "malformed", qc_no_sum,
        "✗ quadratic_cost returned an array of shape (10,); expected a single number. Those are the 10 "
        "squared differences: add them up."),

    # average_cost
    (check_average_cost, "right", ac_loop,
        "✓ average_cost agrees with the reference on all 3 test cases."),
    (check_average_cost, "wrong", ac_total,
        "✗ average_cost: expected 3.4555, got 24.1885. You added the costs of all examples; C is their "
        "mean."),
    (check_average_cost, "wrong", ac_all_mean,
        "✗ average_cost: expected 3.4555, got 0.34555. You averaged over outputs and examples; average "
        "over examples only (sum over outputs)."),
    (check_average_cost, "wrong", ac_swapped,
        "✗ average_cost: expected 3.4555, got 2.41885. You divided by 10, the number of outputs (the "
        "rows; len(A) counts rows): average over the examples, the columns, n = A.shape[1]."),
    (check_average_cost, "wrong", ac_len,
        "✗ average_cost: expected 3.4555, got 2.41885. You divided by 10, the number of outputs (the "
        "rows; len(A) counts rows): average over the examples, the columns, n = A.shape[1]."),
    (check_average_cost, "wrong", ac_unsquared,
        "✗ average_cost: expected 3.4555, got 3.976. The differences must be squared before adding them."),
    (check_average_cost, "malformed", ac_no_return,
        "✗ average_cost returned None: did you forget `return`?"),
    (check_average_cost, "malformed", ac_tuple,
        "✗ average_cost returned a tuple of 2 items; expected a single number."),
    (check_average_cost, "malformed", ac_per_example,
        "✗ average_cost returned an array of shape (7,); expected a single number. That is one cost per "
        "example: C is their mean."),
    (check_average_cost, "malformed", ac_per_output,
        "✗ average_cost returned an array of shape (10,); expected a single number. That is one number "
        "per output: add over the outputs (axis 0), then average over the examples."),

    # cross_entropy
    (check_cross_entropy, "right", ce_loop,
        "✓ cross_entropy agrees with the reference on all 3 test cases."),
    (check_cross_entropy, "wrong", ce_plus,
        "✗ cross_entropy: expected 2.90994, got -2.90994. The sign is wrong: minimise minus the "
        "log-likelihood."),
    (check_cross_entropy, "wrong", ce_sum,
        "✗ cross_entropy: expected 2.17288, got 10.8644. You added over examples; the cost is the mean."),
    (check_cross_entropy, "wrong", ce_all_logs,
        "✗ cross_entropy: expected 2.90994, got 28.6855. You took the log of every output; only the "
        "probability of the correct label counts."),
    (check_cross_entropy, "wrong", ce_log10,
        "✗ cross_entropy: expected 2.90994, got 1.26377. Use the natural logarithm np.log, not log10."),
    (check_cross_entropy, "wrong", ce_rows,
        "✗ cross_entropy: expected 2.17288, got 2.81395. P[labels] picks whole rows of P; take one entry "
        "per column, P[labels, np.arange(n)]: the probability example x gives its own label."),
    (check_cross_entropy, "wrong", ce_one_hot_mean,
        "✗ cross_entropy: expected 2.90994, got 0.290994. You averaged over all 10 × n entries of Y ⊙ "
        "log P; average over the n examples only."),
    (check_cross_entropy, "malformed", ce_no_return,
        "✗ cross_entropy returned None: did you forget `return`?"),
    (check_cross_entropy, "malformed", ce_list,
        "✗ cross_entropy returned a list of 1 number; expected a single number."),
    (check_cross_entropy, "malformed", ce_string,
        "✗ cross_entropy returned the str 'cross-entropy'; expected a single number."),
    (check_cross_entropy, "malformed", ce_per_example,
        "✗ cross_entropy returned an array of shape (5,); expected a single number. That is one cost per "
        "example, −log P[label_x, x]: the cost is their mean."),

    # gradient_step
    (check_gradient_step, "right", gs_ref,
        "✓ gradient_step agrees with the reference on all 3 test cases."),
    (check_gradient_step, "right", gs_list,
        "✓ gradient_step agrees with the reference on all 3 test cases."),
    (check_gradient_step, "wrong", gs_uphill,
        "✗ gradient_step: expected [-0.8182 -0.2406], got [-0.4854 -0.1088]. You stepped uphill: "
        "subtract the gradient."),
    (check_gradient_step, "wrong", gs_no_eta,
        "✗ gradient_step: expected [-0.8182 -0.2406], got [-2.3155 -0.8339]. You forgot the learning "
        "rate η."),
    (check_gradient_step, "wrong", gs_divide,
        "✗ gradient_step: expected [-0.8182 -0.2406], got [-17.289   -6.7662]. Multiply the gradient by "
        "η; do not divide."),
    (check_gradient_step, "wrong", gs_step_only,
        "✗ gradient_step: expected [-0.8182 -0.2406], got [-0.1664 -0.0659]. That is only the step; add "
        "it to θ."),
    (check_gradient_step, "wrong", gs_in_place,
        "✗ gradient_step changed the array `theta` it was given; the exercise asks for a new array and θ "
        "left unchanged. `theta -= eta * gradient` overwrites the caller's θ; `theta - eta * gradient` "
        "makes a new array."),
    (check_gradient_step, "wrong", gs_eta_squared,
        "✗ gradient_step: expected [-0.8182 -0.2406], got [-0.6684 -0.1813]. The step is η ∇C: η once, "
        "not squared."),
    (check_gradient_step, "malformed", gs_in_place_no_return,
        "✗ gradient_step returned None: did you forget `return`?"),
    (check_gradient_step, "malformed", gs_string,
        "✗ gradient_step returned the str '[-0.81816355 -0.24063207]'; expected an array of shape (2,), "
        "the shape of theta."),
    (check_gradient_step, "malformed", gs_scalar,
        "✗ gradient_step returned the float -1.0588; expected an array of shape (2,), the shape of theta."),
    (check_gradient_step, "malformed", gs_column,
        "✗ gradient_step returned an array of shape (2, 1); expected an array of shape (2,), the shape "
        "of theta."),

    # central_difference
    (check_central_difference, "right", d_ref,
        "✓ derivative agrees with the reference on all 3 test cases."),
    (check_central_difference, "wrong", d_forward,
        "✗ derivative: expected 0.764829, got 0.761608. That is the one-sided (forward) difference; the "
        "central one uses f(x + ε) and f(x − ε)."),
    (check_central_difference, "wrong", d_one_eps,
        "✗ derivative: expected 0.764829, got 1.52966. The two points are 2ε apart: divide by 2ε, not ε."),
    (check_central_difference, "wrong", d_backward,
        "✗ derivative: expected 0.764829, got 0.768051. That is the backward difference; the central one "
        "uses f(x + ε) and f(x − ε)."),
    (check_central_difference, "wrong", d_precedence,
        "✗ derivative: expected 0.764829, got 7.64829e-05. Operator precedence: `… / 2 * eps` divides by "
        "2 and then multiplies by ε; write `/ (2 * eps)`."),
    (check_central_difference, "wrong", d_own_eps,
        "✗ derivative: expected 0.764829, got 0.764842. That is (almost) the exact derivative f′(x), not "
        "the central difference with the ε given: use the argument `eps` as ε."),
    (check_central_difference, "wrong", d_no_division,
        "✗ derivative: expected 0.764829, got 0.0152966. That is the change in f; divide it by the "
        "distance 2ε between the two points."),
    (check_central_difference, "malformed", d_no_return,
        "✗ derivative returned None: did you forget `return`?"),
    (check_central_difference, "malformed", d_function,
        "✗ derivative returned a function (call it to get its value); expected a single number."),
    (check_central_difference, "malformed", d_pair,
        "✗ derivative returned a tuple of 2 numbers; expected a single number."),
    (check_central_difference, "malformed", d_array,
        "✗ derivative returned an array of shape (2,); expected a single number."),

    # chain_backward
    (check_chain_backward, "right", partial(chain, slip=None),
        "✓ backward agrees with the reference on all 3 test cases."),
    (check_chain_backward, "right", partial(chain, slip="arrays"),
        "✓ backward agrees with the reference on all 3 test cases."),
    (check_chain_backward, "wrong", partial(chain, slip="ignores y"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = 0.948, y = 0): expected 0.0244216, got -0.0312705. "
        "Your answer is right only when y = 1: ∂C/∂h_L is 2(h_L − y) with the target y given."),
    (check_chain_backward, "wrong", partial(chain, slip="half"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got "
        "0.000978496. ∂C/∂h_L is 2(h_L − y) for C = (h_L − y)²; the factor 2 is missing (that is the "
        "½-convention cost ½(h_L − y)²)."),
    (check_chain_backward, "wrong", partial(chain, slip="sign"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got "
        "-0.00195699. The sign is flipped: ∂C/∂h_L is 2(h_L − y), not 2(y − h_L)."),
    (check_chain_backward, "wrong", partial(chain, slip="no sigma prime"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got 0.139619. "
        "A factor σ′(z_i) is missing at every node."),
    (check_chain_backward, "wrong", partial(chain, slip="no h"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got "
        "-0.0106908. ∂C/∂w_i needs the factor h_{i−1}, the input that w_i multiplies."),
    (check_chain_backward, "wrong", partial(chain, slip="off by one"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got "
        "0.0063189. The step back from h_i to h_{i−1} multiplies by w_i, the weight between them; an "
        "index is off by one."),
    (check_chain_backward, "wrong", partial(chain, slip="reversed"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got "
        "-0.118116. The lists are back to front: ∂C/∂w_1 comes first. Going backwards you appended "
        "∂C/∂w_L first; reverse the lists, or fill them by index."),
    (check_chain_backward, "wrong", partial(chain, slip="swapped"),
        "✗ backward, ∂C/∂w_1 (a chain of 3 nodes, x = -0.183, y = 1): expected 0.00195699, got "
        "-0.0106908. The two lists are swapped: return the weight gradients first, then the bias "
        "gradients."),
    (check_chain_backward, "wrong", partial(chain, slip="changes ws"),
        "✗ backward changed the list `ws` it was given; read the weights, do not change them."),
    (check_chain_backward, "malformed", partial(chain, slip="no return"),
        "✗ backward returned None: did you forget `return`?"),
    (check_chain_backward, "malformed", partial(chain, slip="dict"),
        "✗ backward returned a dict (keys 'w', 'b'); expected two lists, ([∂C/∂w_1 … ∂C/∂w_3], [∂C/∂b_1 "
        "… ∂C/∂b_3]). Return them together: `return grad_w, grad_b`."),
    (check_chain_backward, "malformed", partial(chain, slip="one list"),
        "✗ backward returned a list of 6 numbers; expected two lists, ([∂C/∂w_1 … ∂C/∂w_3], [∂C/∂b_1 … "
        "∂C/∂b_3]). Return them together: `return grad_w, grad_b`."),
    (check_chain_backward, "malformed", partial(chain, slip="three"),
        "✗ backward returned a tuple of 3 items; expected two lists, ([∂C/∂w_1 … ∂C/∂w_3], [∂C/∂b_1 … "
        "∂C/∂b_3]). Return them together: `return grad_w, grad_b`."),
    (check_chain_backward, "malformed", partial(chain, slip="short"),
        "✗ backward returned the weight gradients as a list of 2 numbers; expected 3 numbers, one per "
        "node (∂C/∂w_1 … ∂C/∂w_3)."),

    # layer_delta
    (check_layer_delta, "right", ld_ref,
        "✓ layer_delta agrees with the reference on all 3 test cases."),
    (check_layer_delta, "wrong", ld_no_prime,
        "✗ layer_delta (W_next of shape (4, 4), 3 examples): 12 of its 12 entries differ; the most at "
        "[2, 1]: expected -1.24696, got -5.34077. The factor σ′(z⁽ˡ⁾) is missing."),
    (check_layer_delta, "wrong", ld_sigma,
        "✗ layer_delta (W_next of shape (4, 4), 3 examples): 12 of its 12 entries differ; the most at "
        "[0, 0]: expected 0.753114, got 3.27452. Use the derivative σ′(z), not σ(z)."),
    (check_layer_delta, "wrong", ld_untransposed,
        "✗ layer_delta (W_next of shape (4, 4), 3 examples): 12 of its 12 entries differ; the most at "
        "[2, 1]: expected -1.24696, got -0.0720967. W must be transposed: the error flows backwards, "
        "from layer l+1 to layer l."),
    (check_layer_delta, "wrong", ld_z_one_minus_z,
        "✗ layer_delta (W_next of shape (4, 4), 3 examples): 12 of its 12 entries differ; the most at "
        "[2, 1]: expected -1.24696, got 4.28597. σ′(z) is σ(z)(1 − σ(z)); you wrote z(1 − z), which is "
        "σ′ only in terms of a = σ(z)."),
    (check_layer_delta, "wrong", ld_prime_of_product,
        "✗ layer_delta (W_next of shape (4, 4), 3 examples): 12 of its 12 entries differ; the most at "
        "[2, 1]: expected -1.24696, got 0.00474658. σ′ is taken at z⁽ˡ⁾ and multiplies (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾; "
        "you applied σ′ to (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾."),
    (check_layer_delta, "wrong", ld_added,
        "✗ layer_delta (W_next of shape (4, 4), 3 examples): 12 of its 12 entries differ; the most at "
        "[2, 1]: expected -1.24696, got -5.10729. Multiply (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ by σ′(z⁽ˡ⁾) element by "
        "element (⊙); you added them."),
    (check_layer_delta, "wrong", ld_in_place,
        "✗ layer_delta changed the array `z` it was given; compute with new arrays."),
    (check_layer_delta, "malformed", ld_no_return,
        "✗ layer_delta returned None: did you forget `return`?"),
    (check_layer_delta, "malformed", ld_number,
        "✗ layer_delta returned the float -0.589972; expected an array of shape (4, 3), the shape of z."),
    (check_layer_delta, "malformed", ld_per_example,
        "✗ layer_delta returned a list of 3 arrays; expected one array of shape (4, 3). That is one "
        "array per example: put them side by side as the columns of one array, np.column_stack(…), or "
        "compute all the columns at once."),
    (check_layer_delta, "malformed", ld_rows,
        "✗ layer_delta returned an array of shape (3, 4); expected an array of shape (4, 3), the shape "
        "of z. It looks transposed. Keep one column per example."),
    (check_layer_delta, "malformed", ld_elementwise,
        "✗ layer_delta raised ValueError: operands could not be broadcast together with shapes (4,4) "
        "(4,3) (in `return (W_next.T * delta_next) * sp(z)`)"),

    # backward_pass
    (check_backward_pass, "right", partial(bp, slip=None),
        "✓ backward_pass agrees with the reference on all 2 test cases."),
    (check_backward_pass, "right", partial(bp, slip="leading None"),
        "✓ backward_pass agrees with the reference on all 2 test cases."),
    (check_backward_pass, "wrong", partial(bp, slip="half"),
        "✗ backward_pass, ∂C/∂W⁽¹⁾ (on the network [5, 4, 3] with 6 examples): 20 of its 20 entries "
        "differ; the most at [3, 4]: expected -0.00612573, got -0.00306286. Every gradient is exactly "
        "half the right one: that is the ½-convention cost ½‖a − y‖². The book's cost has no ½, so δ⁽ᴸ⁾ "
        "= 2(a⁽ᴸ⁾ − y) ⊙ σ′(z⁽ᴸ⁾)."),
    (check_backward_pass, "wrong", partial(bp, slip="sum"),
        "✗ backward_pass, ∂C/∂W⁽¹⁾ (on the network [5, 4, 3] with 6 examples): 20 of its 20 entries "
        "differ; the most at [3, 4]: expected -0.00612573, got -0.0367544. You added the gradients of "
        "the examples; C is their average: divide by m."),
    (check_backward_pass, "wrong", partial(bp, slip="no output prime"),
        "✗ backward_pass, ∂C/∂W⁽¹⁾ (on the network [5, 4, 3] with 6 examples): 20 of its 20 entries "
        "differ; the most at [3, 4]: expected -0.00612573, got -0.0281904. The factor σ′(z⁽ᴸ⁾) is "
        "missing in the output error δ⁽ᴸ⁾."),
    (check_backward_pass, "wrong", partial(bp, slip="no hidden prime"),
        "✗ backward_pass, ∂C/∂W⁽¹⁾ (on the network [5, 4, 3] with 6 examples): 20 of its 20 entries "
        "differ; the most at [3, 4]: expected -0.00612573, got -0.0488449. The factor σ′(z⁽ˡ⁾) is "
        "missing in the hidden layers."),
    (check_backward_pass, "wrong", partial(bp, slip="bias sum"),
        "✗ backward_pass, ∂C/∂b⁽¹⁾ (on the network [5, 4, 3] with 6 examples): expected [-0.0035  0.002  "
        "-0.0047 -0.01  ]ᵀ, got [-0.0208  0.0122 -0.0282 -0.0602]ᵀ. The bias gradients add the examples' "
        "δ's; like the weights', they are averaged: divide by m."),
    (check_backward_pass, "wrong", partial(bp, slip="no bias"),
        "✗ backward_pass, ∂C/∂b⁽¹⁾ (on the network [5, 4, 3] with 6 examples): expected [-0.0035  0.002  "
        "-0.0047 -0.01  ]ᵀ, got [0. 0. 0. 0.]ᵀ. The bias gradients are all zero: ∂C/∂b⁽ˡ⁾ is the average "
        "over the examples of δ⁽ˡ⁾."),
    (check_backward_pass, "wrong", partial(bp, slip="sigma prime of a"),
        "✗ backward_pass, ∂C/∂W⁽¹⁾ (on the network [5, 4, 3] with 6 examples): 20 of its 20 entries "
        "differ; the most at [3, 4]: expected -0.00612573, got -0.0135885. You took σ′ at a⁽ˡ⁾ = "
        "σ(z⁽ˡ⁾); it is taken at z⁽ˡ⁾ (or written a⁽ˡ⁾(1 − a⁽ˡ⁾) in terms of a)."),
    (check_backward_pass, "wrong", partial(bp, slip="second network"),
        "✗ backward_pass, ∂C/∂b⁽¹⁾ (on the network [6, 4, 4, 3] with 5 examples): expected [ 0.0047 "
        "-0.0032  0.0058  0.004 ]ᵀ, got [ 0.0071 -0.0049  0.0088  0.006 ]ᵀ."),
    (check_backward_pass, "wrong", partial(bp, slip="changes net"),
        "✗ backward_pass changed the network it was given: a backward pass reads net.W and net.b and "
        "leaves them as they were (a training step, not the backward pass, changes them)."),
    (check_backward_pass, "malformed", partial(bp, slip="no return"),
        "✗ backward_pass returned None: did you forget `return`?"),
    (check_backward_pass, "malformed", partial(bp, slip="with cost"),
        "✗ backward_pass returned a tuple of 3 items; expected two lists, ([∂C/∂W⁽¹⁾ … ∂C/∂W⁽²⁾], "
        "[∂C/∂b⁽¹⁾ … ∂C/∂b⁽²⁾]). Return them together: `return grad_W, grad_b`."),
    (check_backward_pass, "malformed", partial(bp, slip="weights only"),
        "✗ backward_pass returned a list of 2 arrays; expected two lists, ([∂C/∂W⁽¹⁾ … ∂C/∂W⁽²⁾], "
        "[∂C/∂b⁽¹⁾ … ∂C/∂b⁽²⁾]). Return them together: `return grad_W, grad_b`."),
    (check_backward_pass, "malformed", partial(bp, slip="dict"),
        "✗ backward_pass returned a dict (keys 'W', 'b'); expected two lists, ([∂C/∂W⁽¹⁾ … ∂C/∂W⁽²⁾], "
        "[∂C/∂b⁽¹⁾ … ∂C/∂b⁽²⁾]). Return them together: `return grad_W, grad_b`."),
    (check_backward_pass, "malformed", partial(bp, slip="flat biases"),
        "✗ backward_pass returned ∂C/∂b⁽¹⁾ as an array of shape (4,); expected an array of shape (4, 1), "
        "the shape of net.b[1]. A column of 4 numbers has shape (4, 1), not (4,): keep the second axis "
        "(sum with keepdims=True); with shape (4,), b − η·∂C/∂b would broadcast to 4 × 4."),
    (check_backward_pass, "malformed", partial(bp, slip="transposed"),
        "✗ backward_pass returned ∂C/∂W⁽¹⁾ as an array of shape (5, 4); expected an array of shape (4, "
        "5), the shape of net.W[1]. It looks transposed."),

    # steps_per_epoch
    (check_steps_per_epoch, "right", spe_ceil,
        "✓ steps_per_epoch agrees with the reference on all 5 test cases."),
    (check_steps_per_epoch, "right", spe_floor_division,
        "✓ steps_per_epoch agrees with the reference on all 5 test cases."),
    (check_steps_per_epoch, "wrong", spe_floor,
        "✗ steps_per_epoch (n = 4000, m = 3): expected 1334, got 1333. The last, smaller mini-batch is a "
        "step too: round up, not down."),
    (check_steps_per_epoch, "wrong", spe_plus_one,
        "✗ steps_per_epoch (n = 4000, m = 100): expected 40, got 41. n // m + 1 is one step too many "
        "when m divides n: round n / m up, with math.ceil(n / m) or -(-n // m)."),
    (check_steps_per_epoch, "wrong", spe_round,
        "✗ steps_per_epoch (n = 4000, m = 3): expected 1334, got 1333. The last, smaller mini-batch is a "
        "step too: round up, not down."),
    (check_steps_per_epoch, "wrong", spe_n,
        "✗ steps_per_epoch (n = 4000, m = 100): expected 40, got 4000. That is the number of examples, "
        "not of mini-batches."),
    (check_steps_per_epoch, "wrong", spe_swapped,
        "✗ steps_per_epoch (n = 4000, m = 100): expected 40, got 1. n and m are swapped: n is the number "
        "of examples, m the size of a mini-batch."),
    (check_steps_per_epoch, "malformed", spe_no_return,
        "✗ steps_per_epoch returned None: did you forget `return`?"),
    (check_steps_per_epoch, "malformed", spe_string,
        "✗ steps_per_epoch returned the str '40'; expected a whole number (an int)."),
    (check_steps_per_epoch, "malformed", spe_float,
        "✗ steps_per_epoch returned the float 40.0; expected a whole number (an int). A number of steps "
        "is a whole number: return an int (n / m and np.ceil give floats; math.ceil(n / m) and -(-n // "
        "m) give ints)."),
    (check_steps_per_epoch, "malformed", spe_np_ceil,
        "✗ steps_per_epoch returned the float 40.0; expected a whole number (an int). A number of steps "
        "is a whole number: return an int (n / m and np.ceil give floats; math.ceil(n / m) and -(-n // "
        "m) give ints)."),
    (check_steps_per_epoch, "malformed", spe_list,
        "✗ steps_per_epoch returned a list of 1 number; expected a whole number (an int)."),

    # sgd_epoch
    (check_sgd_epoch, "right", partial(epoch, slip=None),
        "✓ sgd_epoch agrees with the reference on all 2 test cases."),
    (check_sgd_epoch, "right", partial(epoch, slip="list"),
        "✓ sgd_epoch agrees with the reference on all 2 test cases."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="no shuffle"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [ 0.0265  0.1304 "
        "-0.0144]. The examples were taken in their stored order: shuffle them with rng.permutation(n) "
        "at the start of every epoch."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="global"),
        "✗ sgd_epoch gave two different answers for the same arguments and the same `rng`: draw the "
        "order from the generator it is given, order = rng.permutation(n), not from np.random (the "
        "global generator) or a new one, so that a seed reproduces the epoch."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="new generator"),
        "✗ sgd_epoch gave two different answers for the same arguments and the same `rng`: draw the "
        "order from the generator it is given, order = rng.permutation(n), not from np.random (the "
        "global generator) or a new one, so that a seed reproduces the epoch."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="drop last"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [ 0.0662  0.112  "
        "-0.0145]. The last, smaller mini-batch was dropped: with n = 23 and m = 5 the epoch has 5 "
        "steps, the last one on 3 examples."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="choice"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [0.0313 0.1365 "
        "0.007 ]. You drew a fresh random mini-batch for every step; an epoch shuffles once, order = "
        "rng.permutation(n), and takes the mini-batches in turn, so that every example is used exactly "
        "once."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="stale"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [0.0289 0.1568 "
        "0.0159]. Every step used gradients computed at the starting θ; compute each mini-batch's "
        "gradient at the current θ, after the steps before it."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="sum"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [0.2639 0.4341 "
        "0.0034]. You added the per-example gradients; the step uses their mean (the gradient of the "
        "average cost over the mini-batch)."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="forgot to assign"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [0. 0. 0.]. θ came "
        "back unchanged: assign each step, theta = theta − η · (mean gradient)."),
    (check_sgd_epoch, "wrong", partial(epoch, slip="whole"),
        "✗ sgd_epoch (n = 23, m = 5, η = 0.05): expected [0.0349 0.1412 0.0141], got [0.0088 0.0306 "
        "0.0006]. That is one step with the whole data set (full-batch gradient descent); an epoch of "
        "mini-batch SGD takes one step per mini-batch of m."),
    (check_sgd_epoch, "malformed", partial(epoch, slip="no return"),
        "✗ sgd_epoch returned None: did you forget `return`?"),
    (check_sgd_epoch, "malformed", partial(epoch, slip="string"),
        "✗ sgd_epoch returned the str '[0.03490461 0.14116247 0.0140…'; expected an array of shape (3,), "
        "the shape of theta."),
    (check_sgd_epoch, "malformed", partial(epoch, slip="history"),
        "✗ sgd_epoch returned an array of shape (2, 3); expected an array of shape (3,), the shape of "
        "theta."),
]
# fmt: on


CHECKERS = [name for name in exercises.__all__ if name.startswith("check_")]

# The reference solutions, under the names the chapters' exercise cells use.
SOLUTIONS = {
    check_quadratic_cost: solutions.quadratic_cost,
    check_average_cost: solutions.average_cost,
    check_cross_entropy: solutions.cross_entropy,
    check_gradient_step: solutions.gradient_step,
    check_central_difference: solutions.derivative,
    check_chain_backward: solutions.backward,
    check_layer_delta: solutions.layer_delta,
    check_backward_pass: solutions.backward_pass,
    check_steps_per_epoch: solutions.my_steps_per_epoch,
    check_sgd_epoch: solutions.sgd_epoch,
}

# The function's name in its chapter's exercise cell, as the checker's messages say it.
NAMES = {
    check_quadratic_cost: "quadratic_cost",
    check_average_cost: "average_cost",
    check_cross_entropy: "cross_entropy",
    check_gradient_step: "gradient_step",
    check_central_difference: "derivative",
    check_chain_backward: "backward",
    check_layer_delta: "layer_delta",
    check_backward_pass: "backward_pass",
    check_steps_per_epoch: "steps_per_epoch",
    check_sgd_epoch: "sgd_epoch",
}


def _answer_id(value):
    if isinstance(value, partial):
        return str(value.keywords["slip"]).replace(" ", "-")
    return getattr(value, "__name__", None) if callable(value) and not isinstance(value, str) else ""


@pytest.mark.parametrize(
    "checker,kind,answer,feedback",
    ANSWERS,
    ids=[f"{c.__name__[6:]}-{_answer_id(a)}" for c, _, a, _ in ANSWERS],
)
def test_the_reader_sees_exactly_this_feedback(checker, kind, answer, feedback):
    verdict = checker(answer)
    assert repr(verdict) == feedback
    assert bool(verdict) is (kind == "right")


@pytest.mark.parametrize("name", CHECKERS)
def test_every_checker_is_tested_on_right_wrong_and_malformed_answers(name):
    checker = getattr(exercises, name)
    rows = [(kind, feedback) for c, kind, _, feedback in ANSWERS if c is checker]
    kinds = [kind for kind, _ in rows]
    assert kinds.count("right") >= 1 and kinds.count("wrong") >= 5 and kinds.count("malformed") >= 3
    malformed = [feedback for kind, feedback in rows if kind == "malformed"]
    # None, a wrong type, a wrong shape (or, for lists and numbers, a wrong length or a list)
    assert any("returned None" in f for f in malformed) and len(set(malformed)) >= 3
    assert checker in SOLUTIONS and checker in NAMES


@pytest.mark.parametrize("checker", SOLUTIONS, ids=lambda c: c.__name__)
def test_the_reference_solutions_pass(checker):
    assert repr(checker(SOLUTIONS[checker])).startswith(
        f"✓ {NAMES[checker]} agrees with the reference on all"
    )


def not_written(*args):
    raise NotImplementedError


def divides_by_zero(*args):
    return 1 / 0


@pytest.mark.parametrize("checker", SOLUTIONS, ids=lambda c: c.__name__)
def test_unwritten_and_failing_functions(checker):
    name = NAMES[checker]
    assert repr(checker(not_written)) == (
        f"✗ {name} is not written yet: replace the `raise NotImplementedError` line."
    )
    assert repr(checker(divides_by_zero)) == (
        f"✗ {name} raised ZeroDivisionError: division by zero (in `return 1 / 0`)"
    )
    assert repr(checker(3.0)) == f"✗ pass the function itself, e.g. check(…, {name}), not the float 3.0"


def test_the_chapters_import_only_checkers_that_exist():
    imported = set()
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "backprop.exercises" in cell.source:
                for node in ast.walk(ast.parse(cell.source)):
                    if isinstance(node, ast.ImportFrom) and node.module == "backprop.exercises":
                        imported |= {alias.name for alias in node.names}
    assert imported, "the chapters import their checkers from backprop.exercises"
    assert imported <= set(exercises.__all__)


def test_the_generic_checker_compares_arrays_and_names_a_wrong_shape():
    double = [(np.arange(3.0),), (np.ones(4),)]
    assert exercises.check("double", lambda x: x + x, lambda x: 2 * x, double).passed
    verdict = exercises.check("double", lambda x: np.zeros(1), lambda x: 2 * x, double)
    assert repr(verdict) == "✗ double returned an array of shape (1,); expected an array of shape (3,)."
    verdict = exercises.check(
        "double",
        lambda x: 3 * x,
        lambda x: 2 * x,
        double,
        [exercises.Mistake(lambda x: 3 * x, "Two, not three.")],
    )
    assert repr(verdict) == "✗ double: expected [0. 2. 4.], got [0. 3. 6.]. Two, not three."
