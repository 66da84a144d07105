"""Gradient descent made visible: a two-parameter problem and the path descent takes on it."""

from __future__ import annotations

import numpy as np

from .network import Network
from .training import gradient_step, train


def line_fitting_problem(n: int = 50, seed: int = 0) -> tuple[Network, np.ndarray, np.ndarray]:
    """A linear neuron a = w·x + b and n noisy points near y = 1.5x + 0.5, x in [0, 2].

    Its cost C(w, b) has exactly two parameters, so the whole surface can be drawn.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, size=(1, n))
    y = 1.5 * x + 0.5 + rng.normal(0, 0.2, size=(1, n))
    net = Network([1, 1], output="linear", cost="quadratic", seed=seed)
    return net, x, y


def cost_surface(net: Network, X, Y, ws, bs) -> np.ndarray:
    """C(w, b) of a one-weight network on the grid ws × bs, as an array indexed [b, w]."""
    twin = net.copy()
    surface = np.empty((len(bs), len(ws)))
    for row, b in enumerate(bs):
        for col, w in enumerate(ws):
            twin.set_flat([w, b])
            surface[row, col] = twin.cost(X, Y)
    return surface


def descent_path(net: Network, X, Y, start: tuple[float, float], eta: float, steps: int) -> np.ndarray:
    """The points (w, b, C) visited by `steps` full-batch gradient steps from `start`.

    Row 0 is the start. A path that diverges is cut off where its numbers stop being finite.
    """
    twin = net.copy()
    twin.set_flat(start)
    path = [[*start, twin.cost(X, Y)]]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            gradient_step(twin, X, Y, eta)
            theta = twin.get_flat()
            if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > 1e6:
                break
            path.append([*theta, twin.cost(X, Y)])
    return np.array(path)


def divergence_threshold(X) -> float:
    """The largest stable learning rate 2/λ_max for the linear neuron's quadratic cost.

    C(w, b) = mean((w x + b − y)²) has the constant Hessian 2·[[E x², E x], [E x, 1]];
    gradient descent converges exactly when η < 2/λ_max of that matrix.
    """
    x = np.asarray(X, dtype=float).ravel()
    hessian = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
    return float(2 / np.max(np.linalg.eigvalsh(hessian)))


def sgd_path(
    net: Network, X, Y, start: tuple[float, float], eta: float, epochs: int, batch_size: int, seed: int = 0
) -> np.ndarray:
    """The points (w, b, C) visited by mini-batch SGD from `start`: one row per step, row 0 the start.

    C is the cost over all examples, so the path shows where the steps really lead.
    """
    twin = net.copy()
    twin.set_flat(start)
    path = [[*start, twin.cost(X, Y)]]
    train(twin, X, Y, epochs=epochs, eta=eta, batch_size=batch_size, seed=seed,
          on_step=lambda stepped, seen: path.append([*stepped.get_flat(), stepped.cost(X, Y)]))  # fmt: skip
    return np.array(path)
