"""Gradient descent made visible: a two-parameter problem and the path descent takes on it."""

from __future__ import annotations

import numpy as np

from .errors import BackpropValueError, NotFiniteError
from .network import Network
from .training import _step, check_eta, train
from .validation import (
    MAX_PARAMETERS,
    MAX_STEPS,
    as_float_array,
    check_batch,
    check_int,
    check_network,
    check_pair,
    check_seed,
    check_vector,
)


def line_fitting_problem(n: int = 50, seed: int = 0) -> tuple[Network, np.ndarray, np.ndarray]:
    """A linear neuron a = w·x + b and n noisy points near y = 1.5x + 0.5, x in [0, 2].

    Its cost C(w, b) has exactly two parameters, so the whole surface can be drawn.
    """
    n = check_int(n, "the number of points n", low=1, high=MAX_PARAMETERS)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, size=(1, n))
    y = 1.5 * x + 0.5 + rng.normal(0, 0.2, size=(1, n))
    net = Network([1, 1], output="linear", cost="quadratic", seed=seed)
    return net, x, y


def _check_two_parameters(net: Network) -> Network:
    """A network with exactly the two parameters (w, b) that a surface over the plane can show."""
    check_network(net)
    if net.n_params != 2:
        raise BackpropValueError(
            f"net must have exactly two parameters (w, b), a network of sizes [1, 1] such as "
            f"line_fitting_problem() returns; got sizes={net.sizes} with {net.n_params} parameters"
        )
    return net


def cost_surface(net: Network, X, Y, ws, bs) -> np.ndarray:
    """C(w, b) of a one-weight network on the grid ws × bs, as an array indexed [b, w]."""
    _check_two_parameters(net)
    X, Y = check_batch(net, X, Y)
    ws, bs = check_vector(ws, "ws", nonempty=False), check_vector(bs, "bs", nonempty=False)
    twin = net.copy()
    surface = np.empty((len(bs), len(ws)))
    with np.errstate(over="ignore", invalid="ignore"):
        for row, b in enumerate(bs):
            for col, w in enumerate(ws):
                twin.set_flat([w, b])
                surface[row, col] = twin._cost(X, Y)
    if not np.all(np.isfinite(surface)):
        raise NotFiniteError("the cost overflowed on part of the grid ws × bs: use a smaller grid")
    return surface


def descent_path(net: Network, X, Y, start: tuple[float, float], eta: float, steps: int) -> np.ndarray:
    """The points (w, b, C) visited by `steps` full-batch gradient steps from `start`.

    Row 0 is the start. A path that diverges is cut off where its numbers stop being finite.
    """
    _check_two_parameters(net)
    X, Y = check_batch(net, X, Y)
    start = check_pair(start, "start", "numbers (w, b)")
    eta = check_eta(eta)
    steps = check_int(steps, "steps", low=0, high=MAX_STEPS)
    twin = net.copy()
    twin.set_flat(start)
    path = [[*start, _start_cost(twin, X, Y)]]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            _step(twin, X, Y, eta)
            theta = twin.get_flat()
            if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > 1e6:
                break
            cost = twin._cost(X, Y)
            if not np.isfinite(cost):
                break
            path.append([*theta, cost])
    return np.array(path)


def _start_cost(net: Network, X: np.ndarray, Y: np.ndarray) -> float:
    """The cost at the start of a path, which must be finite for the path to mean anything."""
    with np.errstate(over="ignore", invalid="ignore"):
        cost = net._cost(X, Y)
    if not np.isfinite(cost):
        raise NotFiniteError(f"the cost at start is {cost}: start or the data X, Y are too large")
    return cost


def divergence_threshold(X) -> float:
    """The largest stable learning rate 2/λ_max for the linear neuron's quadratic cost.

    C(w, b) = mean((w x + b − y)²) has the constant Hessian 2·[[E x², E x], [E x, 1]];
    gradient descent converges exactly when η < 2/λ_max of that matrix.
    """
    x = as_float_array(X, "X", allow_bool=False)
    if x.ndim not in (1, 2) or (x.ndim == 2 and x.shape[0] != 1) or x.size == 0:
        raise BackpropValueError(
            f"X must hold the inputs of a one-input neuron, shape (1, n) or (n,) with n ≥ 1, "
            f"got shape {x.shape}"
        )
    x = x.ravel()
    with np.errstate(over="ignore", invalid="ignore"):
        hessian = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
        if not np.all(np.isfinite(hessian)):
            raise NotFiniteError("X is too large: the mean of x² overflows; scale the inputs")
        return float(2 / np.max(np.linalg.eigvalsh(hessian)))


def sgd_path(
    net: Network, X, Y, start: tuple[float, float], eta: float, epochs: int, batch_size: int, seed: int = 0
) -> np.ndarray:
    """The points (w, b, C) visited by mini-batch SGD from `start`: one row per step, row 0 the start.

    C is the cost over all examples, so the path shows where the steps really lead.
    """
    _check_two_parameters(net)
    X, Y = check_batch(net, X, Y)
    start = check_pair(start, "start", "numbers (w, b)")
    twin = net.copy()
    twin.set_flat(start)
    path = [[*start, _start_cost(twin, X, Y)]]
    train(twin, X, Y, epochs=epochs, eta=eta, batch_size=batch_size, seed=seed,
          on_step=lambda stepped, seen: path.append([*stepped.get_flat(), stepped._cost(X, Y)]))  # fmt: skip
    return np.array(path)
