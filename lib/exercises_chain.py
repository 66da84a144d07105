"""Checker for the exercise of chapter 3, the chain rule: the backward pass of a chain of neurons."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .activations import sigmoid, sigmoid_prime
from .exercises_feedback import Exercise, Feedback, Items, Mistake, Number, Together


def _chain_variant(
    ws, bs, x, y, *, prime=True, previous_h=True, next_weight=True, two=2.0, target=None, order="wb"
):
    """The chain's backward pass, with one factor switchable off to mimic a mistake."""
    y = y if target is None else target
    h, z = [x], [None]
    for w_i, b_i in zip(ws, bs, strict=True):
        z.append(w_i * h[-1] + b_i)
        h.append(float(sigmoid(z[-1])))
    n = len(ws)
    dC_dh = two * (h[n] - y)
    grad_w, grad_b = [0.0] * n, [0.0] * n
    for i in range(n, 0, -1):
        local = dC_dh * (sigmoid_prime(z[i]) if prime else 1.0)
        grad_w[i - 1] = float(local * (h[i - 1] if previous_h else 1.0))
        grad_b[i - 1] = float(local)
        dC_dh = local * (ws[i - 1] if next_weight else ws[i - 2] if i > 1 else 1.0)
    if order == "reversed":
        return grad_w[::-1], grad_b[::-1]
    if order == "bw":
        return grad_b, grad_w
    return grad_w, grad_b


def _chain_cases() -> list[tuple]:
    """Three- and four-node chains; the targets differ, so that an answer that ignores y fails."""
    rng = np.random.default_rng(5)
    return [
        (list(rng.normal(0, 1.5, n)), list(rng.normal(0, 1, n)), float(rng.uniform(-1, 1)), y)
        for n, y in ((3, 1.0), (3, 0.0), (4, 0.25))
    ]


def _chain_form(ws, bs, x, y):
    n = len(ws)

    def gradients(letter: str, what: str):
        return Items(
            [Number(label=f"∂C/∂{letter}_{i}") for i in range(1, n + 1)],
            label=f"the {what} gradients",
            expected=f"{n} numbers, one per node (∂C/∂{letter}_1 … ∂C/∂{letter}_{n})",
        )

    return Together(
        [gradients("w", "weight"), gradients("b", "bias")],
        expected=f"two lists, ([∂C/∂w_1 … ∂C/∂w_{n}], [∂C/∂b_1 … ∂C/∂b_{n}])",
        hint="Return them together: `return grad_w, grad_b`.",
    )


CHAIN_BACKWARD = Exercise(
    name="backward",
    reference=lambda ws, bs, x, y: _chain_variant(ws, bs, x, y),
    cases=_chain_cases(),
    form=_chain_form,
    context=lambda ws, bs, x, y: f" (a chain of {len(ws)} nodes, x = {x:.3g}, y = {y:g})",
    mistakes=[
        Mistake(lambda *a: _chain_variant(*a, prime=False), "A factor σ′(z_i) is missing at every node."),
        Mistake(
            lambda *a: _chain_variant(*a, previous_h=False),
            "∂C/∂w_i needs the factor h_{i−1}, the input that w_i multiplies.",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, next_weight=False),
            "The step back from h_i to h_{i−1} multiplies by w_i, the weight between them; "
            "an index is off by one.",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, two=1.0),
            "∂C/∂h_L is 2(h_L − y) for C = (h_L − y)²; the factor 2 is missing (that is the "
            "½-convention cost ½(h_L − y)²).",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, two=-2.0),
            "The sign is flipped: ∂C/∂h_L is 2(h_L − y), not 2(y − h_L).",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, target=1.0),
            "Your answer is right only when y = 1: ∂C/∂h_L is 2(h_L − y) with the target y given.",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, target=0.0),
            "Your answer is right only when y = 0: ∂C/∂h_L is 2(h_L − y) with the target y given.",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, order="reversed"),
            "The lists are back to front: ∂C/∂w_1 comes first. Going backwards you appended ∂C/∂w_L "
            "first; reverse the lists, or fill them by index.",
        ),
        Mistake(
            lambda *a: _chain_variant(*a, order="bw"),
            "The two lists are swapped: return the weight gradients first, then the bias gradients.",
        ),
    ],
    protected={
        0: "changed the list `ws` it was given; read the weights, do not change them.",
        1: "changed the list `bs` it was given; read the biases, do not change them.",
    },
)


def check_chain_backward(backward: Callable) -> Feedback:
    """backward(ws, bs, x, y) → ([∂C/∂w_1 … ∂C/∂w_L], [∂C/∂b_1 … ∂C/∂b_L]), C = (h_L − y)²."""
    return CHAIN_BACKWARD.check(backward)
