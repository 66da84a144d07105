"""Chapter 5's project: the reference solution shown folded in the chapter and run by the tests."""

from __future__ import annotations

import numpy as np

from .network import Network


def per_example_sq_norms(net: Network, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """|∇C_x|² for every example x (column of X), from one backward pass over all of them."""
    deltas = net.backprop(X, Y).delta
    a = net.forward(X).a
    sq_norms = np.zeros(X.shape[1])
    for l in range(1, net.L + 1):
        # ∂C_x/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ is an outer product: its squared norm is |δ⁽ˡ⁾|² |a⁽ˡ⁻¹⁾|²,
        # and ∂C_x/∂b⁽ˡ⁾ = δ⁽ˡ⁾ adds |δ⁽ˡ⁾|² once more.
        delta_sq = np.sum(deltas[l] ** 2, axis=0)
        sq_norms += delta_sq * (np.sum(a[l - 1] ** 2, axis=0) + 1)
    return sq_norms


def noise_scale(net: Network, X: np.ndarray, Y: np.ndarray) -> float:
    """B = tr Σ / |∇C|²: the total variance of the per-example gradients over the squared full gradient."""
    grads = net.backprop(X, Y)
    full_sq = sum(np.sum(grads.W[l] ** 2) + np.sum(grads.b[l] ** 2) for l in range(1, net.L + 1))
    trace = np.mean(per_example_sq_norms(net, X, Y)) - full_sq  # mean |∇C_x − ∇C|²
    return float(trace / full_sq)


def predicted_cosine(m: int, B: float, n: int) -> float:
    """cos(mini-batch gradient, full gradient) if |ĝ|² took its mean, for m of n drawn without replacement."""
    noise_to_signal = B / m * (n - m) / (n - 1)
    return float(1 / np.sqrt(1 + noise_to_signal))
