"""What the backward pass must remember, and checkpointing, which remembers less and recomputes.

The backward pass needs the forward pass's intermediate values: a⁽ˡ⁻¹⁾ for ∂C/∂W⁽ˡ⁾ and z⁽ˡ⁾
(or a⁽ˡ⁾) for σ′. This module counts those floats, and runs backpropagation with gradient
checkpointing: the forward pass keeps z⁽ˡ⁾ and a⁽ˡ⁾ only every `every` layers, and the
backward pass recomputes each segment from its checkpoint just before it needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network
from .validation import check_batch, check_input, check_int, check_network


def stored_floats(net: Network, X) -> int:
    """How many floats the forward pass keeps for the backward pass: every a⁽ˡ⁾ and z⁽ˡ⁾ (l ≥ 1).

    Counted from the arrays `net.forward(X)` returns, not from a formula; the input a⁽⁰⁾ = X is
    left out, since it exists before the forward pass starts.
    """
    check_network(net)
    forward = net.forward(check_input(net, X))
    return sum(z.size for z in forward.z[1:]) + sum(a.size for a in forward.a[1:])


@dataclass
class Checkpointed:
    """The gradients of a checkpointed backward pass, and what it cost.

    W[l], b[l]:        ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ (index 0 is None), as `Network.backprop` returns them
    peak_floats:       the most floats of z⁽ˡ⁾ and a⁽ˡ⁾ (l ≥ 1) kept for the backward pass at
                       any moment: the checkpoints, and the segment recomputed from one
    layer_evaluations: how many times a layer's z = W a + b and a = σ(z) were computed (L without
                       checkpointing; more with it, for the recomputed segments)
    """

    W: list
    b: list
    peak_floats: int
    layer_evaluations: int


def checkpointed_backprop(net: Network, X, Y, every: int) -> Checkpointed:
    """Backpropagation that keeps the forward pass's z⁽ˡ⁾ and a⁽ˡ⁾ only at layers every, 2·every, …

    every=1 keeps every layer, as `Network.backprop` does. With every = k, the backward pass
    handles the layers in segments of k: it recomputes the segment's z and a from the
    checkpoint below it, backpropagates through the segment, and drops them again.
    """
    check_network(net)
    X, Y = check_batch(net, X, Y)
    every = check_int(every, "every", low=1)
    L, m = net.L, X.shape[1]
    act, cost = net.activations, net.cost_function
    held = 0  # floats of z⁽ˡ⁾ and a⁽ˡ⁾ (l ≥ 1) kept for the backward pass now
    peak = 0
    evaluations = 0

    def layer(l: int, a_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        nonlocal evaluations
        evaluations += 1
        z = net.W[l] @ a_prev + net.b[l]
        return z, act[l](z)

    # The forward pass keeps (z, a) at the checkpoints only.
    checkpoints: dict[int, tuple[np.ndarray | None, np.ndarray]] = {0: (None, X)}
    a = X
    for l in range(1, L + 1):
        z, a = layer(l, a)
        if l % every == 0 and l < L:
            checkpoints[l] = (z, a)
            held += z.size + a.size
    # Layer L's z and a give δ⁽ᴸ⁾ at once, and are then dropped.
    peak = max(peak, held + z.size + a.size)
    delta = cost.output_error(z, a, Y, act[L], cost.gradient(a, Y))

    grad_W: list = [None] * (L + 1)
    grad_b: list = [None] * (L + 1)
    bounds = [*sorted(checkpoints), L]  # 0, k, 2k, …, L
    for start, end in reversed(list(zip(bounds[:-1], bounds[1:], strict=True))):
        # Recompute layers start+1 … end−1 from the checkpoint at `start`.
        zs, as_ = {start: checkpoints[start][0]}, {start: checkpoints[start][1]}
        segment = 0
        for l in range(start + 1, end):
            zs[l], as_[l] = layer(l, as_[l - 1])
            segment += zs[l].size + as_[l].size
        peak = max(peak, held + segment)
        for l in range(end, start, -1):
            grad_W[l] = delta @ as_[l - 1].T / m
            grad_b[l] = delta.sum(axis=1, keepdims=True) / m
            if l > 1:
                delta = act[l - 1].backward(zs[l - 1], as_[l - 1], net.W[l].T @ delta)
        if start > 0:  # the checkpoint has done its work: the segment below does not need it
            held -= checkpoints[start][0].size + checkpoints[start][1].size
    return Checkpointed(grad_W, grad_b, peak, evaluations)
