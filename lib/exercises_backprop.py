"""Checkers for the exercises of chapter 4, backpropagation: one step of the backward recursion,
and the whole backward pass of a network."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .activations import sigmoid, sigmoid_prime
from .exercises_feedback import Array, Exercise, Feedback, Items, Mistake, Together, sup
from .network import Network


def _delta_cases() -> list[tuple]:
    rng = np.random.default_rng(6)
    return [
        (rng.normal(size=(4, 4)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))),
        (rng.normal(size=(3, 5)), rng.normal(size=(3, 2)), rng.normal(size=(5, 2))),
        (rng.normal(size=(2, 3)), rng.normal(size=(2, 1)), rng.normal(size=(3, 1))),
    ]


LAYER_DELTA = Exercise(
    name="layer_delta",
    reference=lambda W, d, z: (W.T @ d) * sigmoid_prime(z),
    cases=_delta_cases(),
    form=lambda W, d, z: Array(z.shape, label="δ⁽ˡ⁾", what="the shape of z", per_example=True),
    context=lambda W, d, z: f" (W_next of shape {W.shape}, {d.shape[1]} examples)",
    mistakes=[
        Mistake(lambda W, d, z: W.T @ d, "The factor σ′(z⁽ˡ⁾) is missing."),
        Mistake(lambda W, d, z: (W.T @ d) * sigmoid(z), "Use the derivative σ′(z), not σ(z)."),
        Mistake(
            lambda W, d, z: (W @ d) * sigmoid_prime(z),
            "W must be transposed: the error flows backwards, from layer l+1 to layer l.",
        ),
        Mistake(
            lambda W, d, z: (W.T @ d) * z * (1 - z),
            "σ′(z) is σ(z)(1 − σ(z)); you wrote z(1 − z), which is σ′ only in terms of a = σ(z).",
        ),
        Mistake(
            lambda W, d, z: sigmoid_prime(W.T @ d),
            "σ′ is taken at z⁽ˡ⁾ and multiplies (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾; you applied σ′ to (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾.",
        ),
        Mistake(
            lambda W, d, z: (W.T @ d) + sigmoid_prime(z),
            "Multiply (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ by σ′(z⁽ˡ⁾) element by element (⊙); you added them.",
        ),
    ],
    protected={
        0: "changed the matrix `W_next` it was given; compute with new arrays.",
        1: "changed the array `delta_next` it was given; compute with new arrays.",
        2: "changed the array `z` it was given; compute with new arrays.",
    },
)


def _backward_variant(
    net: Network,
    X,
    Y,
    *,
    mean=True,
    hidden_prime=True,
    output_prime=True,
    two=2.0,
    bias="mean",
    prime_of="z",
):
    """Backpropagation for a sigmoid network with the quadratic cost, with switchable mistakes."""
    forward = net.forward(X)
    z, a, L, m = forward.z, forward.a, net.L, X.shape[1]

    def derivative(l):
        return sigmoid_prime(z[l] if prime_of == "z" else a[l])

    delta = two * (a[L] - Y) * (derivative(L) if output_prime else 1.0)
    grad_W, grad_b = [None] * L, [None] * L
    for l in range(L, 0, -1):
        scale = 1 / m if mean else 1.0
        grad_W[l - 1] = delta @ a[l - 1].T * scale
        if bias == "mean":
            grad_b[l - 1] = delta.sum(axis=1, keepdims=True) * scale
        elif bias == "sum":
            grad_b[l - 1] = delta.sum(axis=1, keepdims=True)
        else:
            grad_b[l - 1] = np.zeros_like(net.b[l])
        if l > 1:
            delta = (net.W[l].T @ delta) * (derivative(l - 1) if hidden_prime else 1.0)
    return grad_W, grad_b


def _backward_cases() -> list[tuple]:
    rng = np.random.default_rng(7)
    cases = []
    for sizes, m in (([5, 4, 3], 6), ([6, 4, 4, 3], 5)):
        net = Network(sizes, seed=int(rng.integers(1000)))
        cases.append((net, rng.random((sizes[0], m)), np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]))
    return cases


def _backward_form(net, X, Y):
    L = net.L

    def gradients(letter: str, params: list, what: str):
        return Items(
            [
                Array(params[l].shape, label=f"∂C/∂{letter}{sup(l)}", what=f"the shape of net.{letter}[{l}]")
                for l in range(1, L + 1)
            ],
            label=f"the {what} gradients",
            expected=f"{L} arrays, one per layer (∂C/∂{letter}{sup(1)} … ∂C/∂{letter}{sup(L)})",
            leading_none=True,
        )

    return Together(
        [gradients("W", net.W, "weight"), gradients("b", net.b, "bias")],
        expected=f"two lists, ([∂C/∂W{sup(1)} … ∂C/∂W{sup(L)}], [∂C/∂b{sup(1)} … ∂C/∂b{sup(L)}])",
        hint="Return them together: `return grad_W, grad_b`.",
    )


def _wrap(**mistake):
    return lambda net, X, Y: _backward_variant(net, X, Y, **mistake)


BACKWARD_PASS = Exercise(
    name="backward_pass",
    reference=_wrap(),
    cases=_backward_cases(),
    form=_backward_form,
    context=lambda net, X, Y: f" (on the network {net.sizes} with {X.shape[1]} examples)",
    mistakes=[
        Mistake(
            _wrap(mean=False), "You added the gradients of the examples; C is their average: divide by m."
        ),
        Mistake(_wrap(hidden_prime=False), "The factor σ′(z⁽ˡ⁾) is missing in the hidden layers."),
        Mistake(_wrap(output_prime=False), "The factor σ′(z⁽ᴸ⁾) is missing in the output error δ⁽ᴸ⁾."),
        Mistake(
            _wrap(two=1.0),
            "Every gradient is exactly half the right one: that is the ½-convention cost ½‖a − y‖². "
            "The book's cost has no ½, so δ⁽ᴸ⁾ = 2(a⁽ᴸ⁾ − y) ⊙ σ′(z⁽ᴸ⁾).",
        ),
        Mistake(
            _wrap(bias="sum"),
            "The bias gradients add the examples' δ's; like the weights', they are averaged: divide by m.",
        ),
        Mistake(
            _wrap(bias="zero"),
            "The bias gradients are all zero: ∂C/∂b⁽ˡ⁾ is the average over the examples of δ⁽ˡ⁾.",
        ),
        Mistake(
            _wrap(prime_of="a"),
            "You took σ′ at a⁽ˡ⁾ = σ(z⁽ˡ⁾); it is taken at z⁽ˡ⁾ (or written a⁽ˡ⁾(1 − a⁽ˡ⁾) in terms of a).",
        ),
    ],
    protected={
        0: "changed the network it was given: a backward pass reads net.W and net.b and leaves them as "
        "they were (a training step, not the backward pass, changes them).",
        1: "changed the array `X` it was given; compute with new arrays.",
        2: "changed the array `Y` it was given; compute with new arrays.",
    },
)


def check_layer_delta(layer_delta: Callable) -> Feedback:
    """layer_delta(W_next, delta_next, z) → δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ σ′(z⁽ˡ⁾), one column per example."""
    return LAYER_DELTA.check(layer_delta)


def check_backward_pass(backward_pass: Callable) -> Feedback:
    """backward_pass(net, X, Y) → ([∂C/∂W⁽¹⁾ … ∂C/∂W⁽ᴸ⁾], [∂C/∂b⁽¹⁾ … ∂C/∂b⁽ᴸ⁾]) of the average cost.

    `net` has sigmoid layers and the quadratic cost; X and Y hold one example per column. The
    lists may also hold None first, as the library's net.W and net.b do.
    """
    return BACKWARD_PASS.check(backward_pass)
