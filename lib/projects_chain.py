"""Chapter 3's project: the reference solution shown folded in the chapter and run by the tests."""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, sigmoid_prime
from .chain import chain_backward, random_chain


def vanishing_ratios(scale: float) -> list[float]:
    """Part 1: |∂C/∂w_30| / |∂C/∂w_1| for the five chains random_chain(30, seed, scale), seeds 0 … 4."""
    ratios = []
    for seed in range(5):
        ws, bs = random_chain(30, seed, scale=scale)
        grad_w = chain_backward(ws, bs, 0.5, 1.0).w  # grad_w[i] is ∂C/∂w_i; grad_w[0] is None
        ratios.append(float(abs(grad_w[30] / grad_w[1])))
    return ratios


def residual_forward(ws, bs, x: float) -> tuple[list, list]:
    """Part 2: [None, z_1, …, z_L] and [h_0, …, h_L] for h_i = h_{i−1} + σ(w_i h_{i−1} + b_i), h_0 = x."""
    z, h = [None], [x]
    for w, b in zip(ws, bs, strict=True):
        z.append(w * h[-1] + b)
        h.append(h[-1] + sigmoid(z[-1]))  # the shortcut: h_{i−1} skips the node and is added back
    return z, h


def residual_cost(ws, bs, x: float, y: float) -> float:
    """Part 2: C = (h_L − y)² for the residual chain."""
    h = residual_forward(ws, bs, x)[1]
    return (h[-1] - y) ** 2


def residual_backward(ws, bs, x: float, y: float) -> tuple[list, list, list]:
    """Part 3: [∂C/∂h_0, …, ∂C/∂h_L], [∂C/∂w_1, …, ∂C/∂w_L] and [∂C/∂b_1, …, ∂C/∂b_L]."""
    L = len(ws)
    z, h = residual_forward(ws, bs, x)
    grad_h, grad_w, grad_b = [0.0] * (L + 1), [0.0] * L, [0.0] * L
    grad_h[L] = 2 * (h[L] - y)
    for i in range(L, 0, -1):
        dC_dz = grad_h[i] * sigmoid_prime(z[i])
        grad_w[i - 1] = dC_dz * h[i - 1]  # step 1, unchanged
        grad_b[i - 1] = dC_dz
        # step 2: two paths from h_{i−1} to h_i, the shortcut (slope 1) and the node (σ′(z_i) w_i)
        grad_h[i - 1] = grad_h[i] + dC_dz * ws[i - 1]
    return grad_h, grad_w, grad_b


def residual_numerical_gradient(ws, bs, x: float, y: float, eps: float = 1e-6) -> tuple[list, list]:
    """Part 3: ∂C/∂w_i and ∂C/∂b_i of residual_cost by central differences, two costs each."""
    L = len(ws)
    theta = [*ws, *bs]  # w_1 … w_L, then b_1 … b_L
    grad = []
    for k in range(2 * L):
        up, down = list(theta), list(theta)
        up[k] += eps
        down[k] -= eps
        cost_up = residual_cost(up[:L], up[L:], x, y)
        cost_down = residual_cost(down[:L], down[L:], x, y)
        grad.append((cost_up - cost_down) / (2 * eps))
    return grad[:L], grad[L:]


def input_gradient_ratios(shortcut: bool) -> list[float]:
    """Part 4: |∂C/∂h_0| / |∂C/∂h_30| for the five chains random_chain(30, seed), with shortcuts or not."""
    ratios = []
    for seed in range(5):
        ws, bs = random_chain(30, seed)
        if shortcut:
            grad_h = residual_backward(ws, bs, 0.5, 1.0)[0]
        else:
            grad_h = chain_backward(ws, bs, 0.5, 1.0).h
        ratios.append(float(abs(grad_h[0] / grad_h[30])))
    return ratios


def weakest_weight(ws, bs, x: float, y: float) -> tuple[int, float]:
    """Part 5: the node i of the residual chain with the smallest |∂C/∂w_i|, and its z_i."""
    grad_w = residual_backward(ws, bs, x, y)[1]
    i = int(np.argmin(np.abs(grad_w))) + 1  # node i has grad_w[i − 1]
    z = residual_forward(ws, bs, x)[0]
    return i, float(z[i])
