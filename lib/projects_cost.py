"""Chapter 1's project: the reference solution shown folded in the chapter and run by the tests."""

from __future__ import annotations

import numpy as np

from .network import Network
from .training import train


def constant_cost(q: np.ndarray, Y: np.ndarray) -> float:
    """1.P, part 1: the average quadratic cost C when the output is q for every example."""
    per_example = np.sum((q.reshape(-1, 1) - Y) ** 2, axis=0)  # q against every column of Y
    return float(np.mean(per_example))


def constant_cost_gradient(q: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """1.P, part 2: ∂C/∂q_j = (1/n) Σ_x 2 (q_j − y_j) = 2 (q_j − ȳ_j)."""
    return 2 * (q - Y.mean(axis=1))


def best_constant(Y: np.ndarray) -> np.ndarray:
    """1.P, part 2: the q where the gradient is zero, ȳ: the fraction of examples with each label."""
    return Y.mean(axis=1)


def constant_cross_entropy(q: np.ndarray, labels: np.ndarray) -> float:
    """1.P, part 3: −(1/n) Σ_x log q[label_x] when the probabilities are q for every example."""
    return float(-np.mean(np.log(q[labels])))


def constant_network(q: np.ndarray, output: str = "sigmoid") -> Network:
    """1.P, part 4: a Network([784, 10]) with zero weights whose output is q for every image."""
    cost = "quadratic" if output == "sigmoid" else "cross_entropy"
    net = Network([784, 10], output=output, cost=cost)
    net.W[1][:] = 0
    # σ(b) = q for sigmoid outputs; softmax(b) = q for b = log q (plus any constant, exercise 1.3)
    b = np.log(q / (1 - q)) if output == "sigmoid" else np.log(q)
    net.b[1][:, 0] = b
    return net


def costs_while_training(net: Network, X: np.ndarray, Y: np.ndarray, steps: int) -> np.ndarray:
    """1.P, part 5: C over all of X after each of the first `steps` steps of one epoch of SGD."""
    costs = []

    def record(net: Network, examples_seen: int) -> None:
        if len(costs) < steps:
            costs.append(net.cost(X, Y))

    train(net, X, Y, epochs=1, eta=1.0, batch_size=10, seed=0, on_step=record)
    return np.array(costs)
