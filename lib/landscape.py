"""Slices through the cost surface: one weight wiggled, straight lines, equivalent minima."""

from __future__ import annotations

import numpy as np

from .network import Network


def wiggle_weight(
    net: Network, X, Y, l: int, j: int, k: int, values, example: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The average cost C and the cost C_x of column `example`, with w⁽ˡ⁾_jk set to each value.

    The weight is put back afterwards.
    """
    saved = net.get_weight(l, j, k)
    average, single = [], []
    try:
        for value in values:
            net.set_weight(l, j, k, value)
            costs = net.cost_per_example(X, Y)
            average.append(costs.mean())
            single.append(costs[example])
    finally:
        net.set_weight(l, j, k, saved)
    return np.array(average), np.array(single)


def cost_along_line(net: Network, X, Y, direction: np.ndarray, ts) -> np.ndarray:
    """C(θ + t·d) for each t, where θ are the network's parameters; θ is put back afterwards."""
    theta = net.get_flat()
    try:
        costs = []
        for t in ts:
            net.set_flat(theta + t * direction)
            costs.append(net.cost(X, Y))
    finally:
        net.set_flat(theta)
    return np.array(costs)


def swap_hidden_neurons(net: Network, l: int, i: int, j: int) -> Network:
    """A copy of `net` in which neurons i and j of hidden layer l have traded places.

    Their rows of W⁽ˡ⁾ and b⁽ˡ⁾ (what they compute) and their columns of W⁽ˡ⁺¹⁾ (where
    their output goes) are swapped together, so the network computes the same function.
    """
    if not 1 <= l < net.L:
        raise ValueError(f"l must be a hidden layer, 1 … {net.L - 1}, got {l}")
    twin = net.copy()
    order = np.arange(net.sizes[l])
    order[[i, j]] = order[[j, i]]
    twin.W[l] = twin.W[l][order]
    twin.b[l] = twin.b[l][order]
    twin.W[l + 1] = twin.W[l + 1][:, order]
    return twin
