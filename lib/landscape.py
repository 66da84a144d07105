"""Slices through the cost surface: one weight wiggled, straight lines, equivalent minima."""

from __future__ import annotations

import math

import numpy as np

from .errors import BackpropValueError, NotFiniteError
from .network import Network
from .validation import check_batch, check_int, check_network, check_real, check_vector

# Huge weights overflow z (to ±∞, and ∞ − ∞ to NaN); the functions silence numpy's warnings and
# check that the costs they return are finite instead.
_QUIET = {"over": "ignore", "invalid": "ignore"}


def _check_costs(costs: np.ndarray, what: str) -> np.ndarray:
    if not np.all(np.isfinite(costs)):
        raise NotFiniteError(f"the cost is not finite for {what}: the numbers overflowed; use smaller values")
    return costs


class WeightWiggle:
    """The costs of a batch as one weight w⁽ˡ⁾_jk changes, recomputing only what it affects.

    The forward pass is done once. A new value of w⁽ˡ⁾_jk changes only row j of z⁽ˡ⁾ (by
    Δw · a⁽ˡ⁻¹⁾_k), hence only row j of a⁽ˡ⁾, hence z⁽ˡ⁺¹⁾ by the rank-one update
    W⁽ˡ⁺¹⁾[:, j] ⊗ Δa⁽ˡ⁾_j; only the layers after that are computed again in full. A move
    computes in the network's dtype, float32 included, into arrays allocated once.
    """

    def __init__(self, net: Network, X, Y, l: int, j: int, k: int) -> None:
        check_network(net)
        self.X, self.Y = check_batch(net, X, Y)
        self.w = net.get_weight(l, j, k)  # checks l, j and k
        self.net, self.l, self.j, self.k = net, int(l), int(j), int(k)
        self.forward = fp = net._checked_forward(self.X)
        # a⁽ˡ⁻¹⁾_k, what w⁽ˡ⁾_jk multiplies, contiguous: with examples stored contiguously (as the
        # data loaders give them) row k of X is strided, and reading it would touch a cache line
        # per example on every move.
        self._input = np.ascontiguousarray(fp.a[self.l - 1][self.k])
        self._row = np.empty_like(self._input)
        # z⁽ᵐ⁾ and a⁽ᵐ⁾ of the layers after l; a hidden layer's z is overwritten by its a.
        self._z = [None] * (net.L + 1)
        self._a = [None] * (net.L + 1)
        for m in range(self.l + 1, net.L + 1):
            self._z[m] = np.empty_like(fp.z[m])
            self._a[m] = self._z[m] if m < net.L else np.empty_like(fp.a[m])
        self._per_example = np.empty(self.X.shape[1], net.dtype)
        self._scratch = np.empty_like(fp.a[net.L])

    def costs(self, value: float) -> np.ndarray:
        """C_x of every example with w⁽ˡ⁾_jk = value (the network itself is not changed)."""
        value = check_real(value, "value")
        with np.errstate(**_QUIET):
            costs = self._costs(value).copy()  # a new array: the buffer is the next move's
        return _check_costs(costs, f"the weight value {value:g}")

    def _costs(self, value: float) -> np.ndarray:
        net, l, j, fp = self.net, self.l, self.j, self.forward
        # Δw as a number of the network's dtype: a numpy float64 here would make every array below float64.
        z_j = np.multiply(self._input, net.dtype.type(value - self.w), out=self._row)
        z_j += fp.z[l][j]
        if l == net.L:
            z = fp.z[l].copy()
            z[j] = z_j
            return net.cost_function.per_example(z, net.activations[l](z), self.Y)
        change = net.activations[l].into(z_j, out=z_j)
        change -= fp.a[l][j]
        z = np.multiply(net.W[l + 1][:, j : j + 1], change, out=self._z[l + 1])  # W⁽ˡ⁺¹⁾[:, j] ⊗ Δa⁽ˡ⁾_j
        z += fp.z[l + 1]
        a = net.activations[l + 1].into(z, out=self._a[l + 1])
        for m in range(l + 2, net.L + 1):
            z = np.matmul(net.W[m], a, out=self._z[m])
            z += net.b[m]
            a = net.activations[m].into(z, out=self._a[m])
        return net.cost_function.per_example_into(z, a, self.Y, self._per_example, self._scratch)

    def cost(self, value: float) -> float:
        """The average cost C with w⁽ˡ⁾_jk = value."""
        value = check_real(value, "value")
        with np.errstate(**_QUIET):
            cost = float(np.mean(self._costs(value)))
        if not math.isfinite(cost):  # a NaN or ∞ in any C_x makes the mean one too
            _check_costs(np.array([cost]), f"the weight value {value:g}")
        return cost


def wiggle_weight(
    net: Network, X, Y, l: int, j: int, k: int, values, example: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The average cost C and the cost C_x of column `example`, with w⁽ˡ⁾_jk set to each value."""
    wiggle = WeightWiggle(net, X, Y, l, j, k)
    values = check_vector(values, "values", nonempty=False)
    example = check_int(example, "example", low=0, high=wiggle.X.shape[1] - 1)
    costs = [wiggle.costs(value) for value in values]
    return np.array([c.mean() for c in costs]), np.array([c[example] for c in costs])


def cost_along_line(net: Network, X, Y, direction: np.ndarray, ts) -> np.ndarray:
    """C(θ + t·d) for each t, where θ are the network's parameters; θ is put back afterwards."""
    check_network(net)
    X, Y = check_batch(net, X, Y)
    direction = check_vector(direction, "direction", size=net.n_params)
    ts = check_vector(ts, "ts", nonempty=False)
    theta = net.get_flat()
    costs = []
    try:
        with np.errstate(**_QUIET):
            for t in ts:
                point = theta + t * direction
                if not np.all(np.isfinite(point)):
                    raise NotFiniteError(f"θ + t·d is not finite for t = {t:g}: use smaller t or d")
                net.set_flat(point)
                costs.append(net._cost(X, Y))
    finally:
        net.set_flat(theta)
    return _check_costs(np.array(costs), "some t: θ + t·d has parameters too large")


def swap_hidden_neurons(net: Network, l: int, i: int, j: int) -> Network:
    """A copy of `net` in which neurons i and j of hidden layer l have traded places.

    Their rows of W⁽ˡ⁾ and b⁽ˡ⁾ (what they compute) and their columns of W⁽ˡ⁺¹⁾ (where
    their output goes) are swapped together, so the network computes the same function.
    """
    check_network(net)
    if net.L < 2:
        raise BackpropValueError(f"swap_hidden_neurons needs a hidden layer; sizes={net.sizes} has none")
    l = check_int(l, "the hidden layer l", low=1, high=net.L - 1)
    i = check_int(i, "neuron i", low=0, high=net.sizes[l] - 1)
    j = check_int(j, "neuron j", low=0, high=net.sizes[l] - 1)
    twin = net.copy()
    order = np.arange(net.sizes[l])
    order[[i, j]] = order[[j, i]]
    twin.W[l] = twin.W[l][order]
    twin.b[l] = twin.b[l][order]
    twin.W[l + 1] = twin.W[l + 1][:, order]
    return twin
