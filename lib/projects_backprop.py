"""Chapter 4's project: the reference solution shown folded in the chapter and run by the tests."""

from __future__ import annotations

import numpy as np

from .activations import sigmoid_prime
from .network import Network


def input_gradient(net: Network, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """4.P part 1: ∂C_x/∂x, the 784 derivatives of one example's cost with respect to its pixels."""
    fp = net.forward(x.reshape(-1, 1))
    z, a, L = fp.z, fp.a, net.L
    delta = 2 * (a[L] - y.reshape(-1, 1)) * sigmoid_prime(z[L])  # (BP1)
    for l in range(L, 1, -1):
        delta = (net.W[l].T @ delta) * sigmoid_prime(z[l - 1])  # (BP2)
    # one step further back: x = a⁽⁰⁾ has no sigmoid, so no σ′
    return (net.W[1].T @ delta)[:, 0]


def pixel_differences(net: Network, x: np.ndarray, y: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """4.P part 2: ∂C_x/∂x by central differences, all 2 × 784 shifted images in two batches."""
    shifts = eps * np.eye(x.size)
    Y = np.repeat(y.reshape(-1, 1), x.size, axis=1)
    up = net.cost_per_example(x.reshape(-1, 1) + shifts, Y)
    down = net.cost_per_example(x.reshape(-1, 1) - shifts, Y)
    return (up - down) / (2 * eps)


def descend_pixels(
    net: Network, x: np.ndarray, y: np.ndarray, eta: float, max_steps: int = 1000
) -> tuple[np.ndarray, int]:
    """4.P parts 4 and 5: steps x ← x − η ∂C_x/∂x, pixels kept in [0, 1], until the network reads
    x as the label of y. Returns the new image and the number of steps taken."""
    label = int(np.argmax(y))
    for step in range(max_steps):
        if net.predict(x.reshape(-1, 1))[0] == label:
            return x, step
        x = np.clip(x - eta * input_gradient(net, x, y), 0, 1)
    return x, max_steps
