"""The single-node chain of chapter 3, written out with scalars: h_i = σ(w_i h_{i−1} + b_i).

The general Network computes the same numbers (a network one neuron wide); this module
spells out the two steps of chapter 3 so that each line can be read against its formula.
The chain has L nodes (layers 1 … L, one neuron each; L is the last layer, as everywhere in
the book). At its end is the quadratic cost of the one example, C = (h_L − y)²; the code
calls it the loss (`ChainForward.loss`) and names its derivatives dL_dh, dL_dw, dL_db.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .activations import _sigmoid, _sigmoid_prime
from .errors import NotFiniteError
from .network import Network
from .validation import MAX_PARAMETERS, check_int, check_real, check_seed, check_vector, value_error


@dataclass
class ChainForward:
    """h[0] = x, then z[i] and h[i] for nodes i = 1 … L (z[0] is None), and the cost C = (h_L − y)²."""

    z: list
    h: list
    loss: float


@dataclass
class ChainGradients:
    """∂C/∂h_i (i = 0 … L), ∂C/∂w_i and ∂C/∂b_i (i = 1 … L; index 0 is None)."""

    h: list
    w: list
    b: list


def check_chain(ws, bs) -> tuple[list[float], list[float]]:
    """The weights w_1 … w_L and biases b_1 … b_L of a chain of L ≥ 1 nodes, as lists of floats."""
    ws, bs = check_vector(ws, "ws"), check_vector(bs, "bs")
    if ws.size != bs.size:
        raise value_error("bs", f"one bias per node, {ws.size} like ws", f"{bs.size} biases")
    return ws.tolist(), bs.tolist()


def chain_forward(ws, bs, x: float, y: float) -> ChainForward:
    """The forward pass, storing every z_i and h_i for the backward pass."""
    ws, bs = check_chain(ws, bs)
    return _chain_forward(ws, bs, check_real(x, "x"), check_real(y, "y"))


def _chain_forward(ws: list, bs: list, x: float, y: float) -> ChainForward:
    z, h = [None], [x]
    for w_i, b_i in zip(ws, bs, strict=True):
        z.append(w_i * h[-1] + b_i)
        h.append(float(_sigmoid(z[-1])))
    loss = (h[-1] - y) * (h[-1] - y)  # a product, not **: it overflows to inf instead of raising
    if not all(map(math.isfinite, [*z[1:], loss])):
        raise NotFiniteError(
            "the chain's numbers overflowed (a weighted input or the cost is not finite): "
            "x, y or the weights are too large"
        )
    return ChainForward(z, h, loss)


def chain_backward(ws, bs, x: float, y: float) -> ChainGradients:
    """Step 2 walks back from the cost: ∂C/∂h_i = ∂C/∂h_{i+1} · σ′(z_{i+1}) · w_{i+1};
    step 1 turns each ∂C/∂h_i into ∂C/∂w_i = ∂C/∂h_i · σ′(z_i) · h_{i−1}, ∂C/∂b_i = ∂C/∂h_i · σ′(z_i).
    (In the code n = L is the number of nodes and dL_… is ∂C/∂….)"""
    ws, bs = check_chain(ws, bs)
    y = check_real(y, "y")
    forward = _chain_forward(ws, bs, check_real(x, "x"), y)
    z, h, n = forward.z, forward.h, len(ws)
    w = [None] + list(ws)
    dL_dh = [0.0] * (n + 1)
    dL_dw = [None] * (n + 1)
    dL_db = [None] * (n + 1)
    dL_dh[n] = 2 * (h[n] - y)
    with np.errstate(over="ignore", invalid="ignore"):  # checked below
        for i in range(n, 0, -1):
            dL_dw[i] = float(dL_dh[i] * _sigmoid_prime(z[i]) * h[i - 1])  # step 1
            dL_db[i] = float(dL_dh[i] * _sigmoid_prime(z[i]))  # step 1
            dL_dh[i - 1] = float(dL_dh[i] * _sigmoid_prime(z[i]) * w[i])  # step 2
    if not all(map(math.isfinite, [*dL_dh, *dL_dw[1:], *dL_db[1:]])):
        raise NotFiniteError("the chain's derivatives overflowed: x, y or the weights are too large")
    return ChainGradients(dL_dh, dL_dw, dL_db)


def chain_network(ws, bs) -> Network:
    """The same chain as a general Network of sizes [1, 1, …, 1] with sigmoid neurons."""
    ws, bs = check_chain(ws, bs)
    net = Network([1] * (len(ws) + 1), hidden="sigmoid", output="sigmoid", cost="quadratic")
    for i, (w_i, b_i) in enumerate(zip(ws, bs, strict=True), start=1):
        net.set_weight(i, 0, 0, w_i)
        net.set_bias(i, 0, b_i)
    return net


def random_chain(n: int, seed: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Weights and biases of an n-node chain (n = L nodes) drawn from N(0, scale²) with a seeded generator."""
    n = check_int(n, "the number of nodes n", low=1, high=MAX_PARAMETERS // 2)
    scale = check_real(scale, "scale", low=0.0)
    rng = np.random.default_rng(check_seed(seed))
    return scale * rng.standard_normal(n), scale * rng.standard_normal(n)
