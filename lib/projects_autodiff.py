"""Chapter 6's project: the reference solution shown folded in the chapter and run by the tests."""

from __future__ import annotations

import math

import numpy as np

from .autodiff import Value


def rnn_cost(w: Value, u: Value, xs: np.ndarray, y: float) -> Value:
    """6.P part 1: C = (h_T − y)² for h_t = tanh(w h_{t−1} + u x_t) from h_0 = 0, with Values."""
    h = Value(0.0)
    for x in xs:
        h = (w * h + u * float(x)).tanh()
    return (h - y) ** 2


def weight_shares(w: float, u: float, xs: np.ndarray, y: float) -> np.ndarray:
    """6.P part 2: what each of the T uses of w adds to ∂C/∂w, from a copy of w per step."""
    copies = [Value(w) for _ in xs]
    u_value, h = Value(u), Value(0.0)
    for w_t, x in zip(copies, xs, strict=True):
        h = (w_t * h + u_value * float(x)).tanh()
    ((h - y) ** 2).backward()
    return np.array([w_t.grad for w_t in copies])


def backprop_through_time(w: float, u: float, xs: np.ndarray, y: float) -> tuple[float, float]:
    """6.P part 3: (∂C/∂w, ∂C/∂u) by hand; the forward pass keeps every h_t for the way back."""
    h = [0.0]
    for x in xs:
        h.append(math.tanh(w * h[-1] + u * float(x)))
    dw = du = 0.0
    delta = 2 * (h[-1] - y)  # ∂C/∂h_T
    for t in range(len(xs), 0, -1):
        dz = delta * (1 - h[t] ** 2)  # ∂C/∂z_t, with tanh′(z_t) = 1 − h_t²
        dw += dz * h[t - 1]  # the t-th use of w
        du += dz * float(xs[t - 1])
        delta = dz * w  # ∂C/∂h_{t−1}
    return dw, du


def forward_mode_gradient(w: float, u: float, xs: np.ndarray, y: float) -> tuple[float, float]:
    """6.P part 4: (∂C/∂w, ∂C/∂u) in forward mode: h carries its two tangents, nothing is kept."""
    h = dh_dw = dh_du = 0.0
    for x in map(float, xs):
        h_prev = h
        h = math.tanh(w * h_prev + u * x)
        slope = 1 - h * h  # tanh′(z_t)
        dh_dw = slope * (h_prev + w * dh_dw)
        dh_du = slope * (x + w * dh_du)
    return 2 * (h - y) * dh_dw, 2 * (h - y) * dh_du
