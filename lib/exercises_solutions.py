"""Reference solutions of the book's coding exercises, written as a reader would write them.

Each function has the name and the arguments of the exercise cell in its chapter, and passes
that exercise's checker (tests/test_exercises.py runs them). They are for instructors, for
readers who are stuck, and for the collapsed solution blocks of the chapters.

    1.5 quadratic_cost   1.6 average_cost   1.7 cross_entropy          (chapter 1)
    2.5 gradient_step    2.6 derivative                                 (chapter 2)
    3.5 backward                                                        (chapter 3)
    4.5 layer_delta      4.6 backward_pass                              (chapter 4)
    5.5 my_steps_per_epoch  5.6 sgd_epoch                               (chapter 5)
    6.3 division_backward   6.5 my_topological_order   6.7 train_with_engine  (chapter 6)
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, sigmoid_prime
from .autodiff import network_graph

# Chapter 1 ------------------------------------------------------------------------------


def quadratic_cost(a, y):
    """1.5: C_x = Σ_j (a_j − y_j)² for one example, two vectors of 10."""
    return np.sum((a - y) ** 2)


def average_cost(A, Y):
    """1.6: C = (1/n) Σ_x C_x; each column of A and Y is one example."""
    per_example = np.sum((A - Y) ** 2, axis=0)  # add over the outputs (rows): one C_x per column
    return np.mean(per_example)  # average over the examples


def cross_entropy(P, labels):
    """1.7: −(1/n) Σ_x log P[label_x, x]: minus the mean log-probability of the correct labels."""
    n = len(labels)
    correct = P[labels, np.arange(n)]  # column x, row label_x: one probability per example
    return -np.mean(np.log(correct))


# Chapter 2 ------------------------------------------------------------------------------


def gradient_step(theta, gradient, eta):
    """2.5: θ − η ∇C, as a new array; `theta` is left unchanged."""
    return theta - eta * gradient


def derivative(f, x, eps):
    """2.6: the central difference (f(x + ε) − f(x − ε)) / 2ε."""
    return (f(x + eps) - f(x - eps)) / (2 * eps)


# Chapter 3 ------------------------------------------------------------------------------


def backward(ws, bs, x, y):
    """3.5: the gradients of C = (h_L − y)² for a chain h_i = σ(w_i h_{i−1} + b_i), h_0 = x."""
    L = len(ws)
    h, z = [x], [None]  # h[i] and z[i] of node i; node 0 is the input
    for w, b in zip(ws, bs, strict=True):
        z.append(w * h[-1] + b)
        h.append(sigmoid(z[-1]))
    grad_w, grad_b = [0.0] * L, [0.0] * L
    dC_dh = 2 * (h[L] - y)  # ∂C/∂h_L
    for i in range(L, 0, -1):  # nodes L, L−1, …, 1
        dC_dz = dC_dh * sigmoid_prime(z[i])  # through the sigmoid of node i
        grad_w[i - 1] = dC_dz * h[i - 1]  # w_i multiplies h_{i−1}
        grad_b[i - 1] = dC_dz
        dC_dh = dC_dz * ws[i - 1]  # back to h_{i−1}, through the weight w_i
    return grad_w, grad_b


# Chapter 4 ------------------------------------------------------------------------------


def layer_delta(W_next, delta_next, z):
    """4.5: δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ σ′(z⁽ˡ⁾), one column per example."""
    return (W_next.T @ delta_next) * sigmoid_prime(z)


def backward_pass(net, X, Y):
    """4.6: the gradients of the average quadratic cost, one example at a time.

    Returns [∂C/∂W⁽¹⁾ … ∂C/∂W⁽ᴸ⁾] and [∂C/∂b⁽¹⁾ … ∂C/∂b⁽ᴸ⁾] (the book's cost, without ½).
    """
    L, m = net.L, X.shape[1]
    grad_W = [np.zeros_like(net.W[l]) for l in range(1, L + 1)]
    grad_b = [np.zeros_like(net.b[l]) for l in range(1, L + 1)]
    for x in range(m):
        fp = net.forward(X[:, [x]])  # one example, as a column
        z, a = fp.z, fp.a
        delta = 2 * (a[L] - Y[:, [x]]) * sigmoid_prime(z[L])  # (BP1)
        for l in range(L, 0, -1):
            grad_W[l - 1] += delta @ a[l - 1].T / m  # (BP4), averaged over the examples
            grad_b[l - 1] += delta / m  # (BP3)
            if l > 1:
                delta = (net.W[l].T @ delta) * sigmoid_prime(z[l - 1])  # (BP2)
    return grad_W, grad_b


# Chapter 5 ------------------------------------------------------------------------------


def my_steps_per_epoch(n, m):
    """5.5: the number of mini-batches of m in one pass over n examples (the last may be smaller)."""
    return -(-n // m)  # n / m rounded up, as an int; math.ceil(n / m) is the same


def sgd_epoch(theta, per_example_gradients, n, m, eta, rng):
    """5.6: one epoch of mini-batch SGD, shuffled by the generator `rng`; returns the new θ."""
    order = rng.permutation(n)
    for start in range(0, n, m):
        batch = order[start : start + m]  # the last mini-batch may be smaller
        gradient = per_example_gradients(theta, batch).mean(axis=0)
        theta = theta - eta * gradient
    return theta


# Chapter 6 ------------------------------------------------------------------------------


def division_backward(a, b, grad):
    """6.3: for c = a / b, ∂C/∂a = ∂C/∂c · 1/b and ∂C/∂b = ∂C/∂c · (−a/b²)."""
    return grad / b, -grad * a / b**2


def my_topological_order(output):
    """6.5: every node once, each after its inputs, the output last; a stack of our own, no recursion."""
    order, seen = [], {id(output)}
    stack = [(output, iter(output.parents))]  # a node, and the inputs of it still to visit
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, iter(parent.parents)))
                break
        else:  # every input of the node is in the order: the node can follow them
            stack.pop()
            order.append(node)
    return order


def train_with_engine(net, X, Y, eta, steps):
    """6.7: full-batch gradient descent with the gradients of chapter 6's engine."""
    for _ in range(steps):
        graph = network_graph(net, X, Y)  # fresh Values every step: every grad starts at 0
        graph.cost.backward()
        for l in range(1, net.L + 1):
            net.W[l] -= eta * np.array([[w.grad for w in row] for row in graph.W[l]])
            net.b[l] -= eta * np.array([[b.grad] for b in graph.b[l]])
