"""Chapter 2's project: the reference solution shown folded in the chapter and run by the tests."""

from __future__ import annotations

import numpy as np

from .gradcheck import backprop_gradient
from .network import Network
from .training import train


def hessian_vector_product(net: Network, X, Y, v: np.ndarray, eps: float = 1e-4) -> np.ndarray:
    """Part 1: Hv ≈ (∇C(θ + εv) − ∇C(θ − εv)) / 2ε, from two gradients; `net` is left unchanged."""
    theta, twin = net.get_flat(), net.copy()
    twin.set_flat(theta + eps * v)
    gradient_up = backprop_gradient(twin, X, Y)
    twin.set_flat(theta - eps * v)
    gradient_down = backprop_gradient(twin, X, Y)
    return (gradient_up - gradient_down) / (2 * eps)


def sharpness(net: Network, X, Y, iterations: int = 50, seed: int = 0) -> float:
    """Part 2: λ_max of the Hessian by power iteration, v ← Hv/‖Hv‖, then the curvature v·Hv."""
    v = np.random.default_rng(seed).standard_normal(net.n_params)
    for _ in range(iterations):
        v = v / np.linalg.norm(v)
        hv = hessian_vector_product(net, X, Y, v)
        curvature = v @ hv  # the curvature along the unit vector v
        v = hv
    return float(curvature)


def first_rise(net: Network, X, Y, eta: float, steps: int = 100) -> int | None:
    """Part 3: the first full-batch step at η after which the cost is higher, None if it always fell."""
    history = train(net.copy(), X, Y, epochs=steps, eta=eta)
    rises = np.flatnonzero(np.diff(history.epoch_cost) >= 0)
    return int(rises[0]) + 1 if rises.size else None


def sharpness_during_training(
    net: Network, X, Y, eta: float, steps: int, every: int = 5, iterations: int = 30
) -> np.ndarray:
    """Part 4: rows (step, λ_max), before the first step and after every `every` steps at η."""
    learner = net.copy()
    rows = [(0, sharpness(learner, X, Y, iterations))]
    for step in range(every, steps + 1, every):
        train(learner, X, Y, epochs=every, eta=eta)
        rows.append((step, sharpness(learner, X, Y, iterations)))
    return np.array(rows)
