"""Chapter 3's predictions (the chain rule): what the reader guesses before each key experiment."""

from __future__ import annotations

import numpy as np

from .autodiff import Value, topological_order
from .chain import chain_backward, random_chain
from .predictions import Guess, Question

# The chapter's four-node chain (section 3.2) and its one example.
WS, BS, X, Y = [1.5, -2.0, 1.8, 2.5], [0.2, 0.5, -0.6, 0.1], 1.0, 0.0


def nudge_through_two_functions() -> int:
    """Section 3.1: x = 1.2 nudged by ε = 0.001 through f(x) = x², then g(y) = sin y."""
    x, eps = 1.2, 1e-3
    measured = np.sin((x + eps) ** 2) - np.sin(x**2)
    predicted = np.cos(x**2) * 2 * x * eps
    rest = (measured - predicted) / predicted
    if abs(rest) < 1e-5:
        return 0
    if 1e-3 <= abs(rest) <= 0.05:
        return 1 if rest > 0 else 2
    return 3 if abs(rest) >= 0.1 else -1


def largest_weight_gradient() -> int:
    """Section 3.4: which ∂C/∂w_i of the four-node chain is largest in size."""
    size = np.abs(chain_backward(WS, BS, X, Y).w[1:])
    if size.max() < 2 * size.min():
        return 3
    return {0: 0, 2: 1, 3: 2}.get(int(np.argmax(size)), -1)


def vanishing_factor() -> int:
    """Section 3.7: |∂C/∂w_30| / |∂C/∂w_1| on five random 30-node chains, bucketed by size."""
    buckets = []
    for seed in range(5):
        ws, bs = random_chain(30, seed=seed)
        grad_w = chain_backward(ws, bs, 0.5, 1.0).w
        ratio = abs(grad_w[30] / grad_w[1])
        buckets.append(
            0 if 3 <= ratio < 300 else 1 if 300 <= ratio <= 1e6 else 2 if 1e10 <= ratio <= 1e20 else
            3 if ratio > 1e25 else -1
        )  # fmt: skip
    return buckets[0] if len(set(buckets)) == 1 else -1


def backward_pass_cost() -> int:
    """Section 3.8: forward and backward work, in forward passes, on chains of 100 and 1,000 nodes.

    Counted, not timed (a timing is a fact of one machine): the forward pass does one operation
    per node of the chain's graph, the backward pass one multiply-add per arrow of it.
    """
    ratios = []
    for nodes in (100, 1000):
        ws, bs = random_chain(nodes, seed=0, scale=0.5)
        h = Value(0.5)
        for w_i, b_i in zip(ws, bs, strict=True):
            h = (Value(w_i) * h + Value(b_i)).sigmoid()
        operations = [node for node in topological_order((h - 1.0) ** 2) if node.parents]
        arrows = sum(len(node.parents) for node in operations)
        ratios.append((len(operations) + arrows) / len(operations))
    if max(ratios) > 50:
        return 3
    if ratios[1] > 4 * ratios[0]:
        return 2
    if all(1.5 <= r <= 6 for r in ratios):
        return 1
    return 0 if max(ratios) < 1.5 else -1


PREDICTIONS: dict[str, Question] = {
    "chain-nudge": Question(
        "x = 1.2 is nudged by ε = 0.001 and passes through f(x) = x², then through g(y) = sin y. "
        "How does the measured change of z = g(f(x)) compare with the chain rule's product g′(y)·f′(x)·ε?",
        (
            Guess(
                "They agree to every digit printed: the chain rule is exact",
                "The chain rule is exact for the derivative, the limit as ε → 0, not for a finite nudge. "
                "A nudge of 0.001 leaves a rest of second order, ½(g∘f)″(x)·ε², about 3·10⁻⁶ here: "
                "the measured 0.000310 differs from the predicted 0.000313 in the third digit.",
            ),
            Guess(
                "The measured change is a little larger, by about 1 %: a finite step overshoots the tangent",
                "A finite step lands above the tangent only where the curve bends upwards. Here y = 1.44 "
                "is close to π/2 ≈ 1.57, the top of sin y, where it bends down: (g∘f)″(1.2) ≈ −5.45, so "
                "the curve stays below its tangent and the measured change falls short of the product.",
            ),
            Guess(
                "The measured change is a little smaller, by about 1 %",
                "The product of local slopes is the tangent's prediction; the true change adds the "
                "second-order rest ½(g∘f)″(x)·ε². Near y = 1.44, close to the top of sin, the curve bends "
                "down, (g∘f)″(1.2) ≈ −5.45, so the rest is negative: −2.7·10⁻⁶ against a change of "
                "3.1·10⁻⁴, 0.87 % smaller. It shrinks like ε as the nudge shrinks.",
            ),
            Guess(
                "They differ by tens of percent: a nudge of 0.001 is still far too coarse for a derivative",
                "The rest relative to the predicted change is about ½(g∘f)″(x)·ε / (g∘f)′(x), proportional "
                "to ε: 0.87 % at ε = 0.001. Tens of percent need a nudge a hundred times larger; at "
                "ε = 0.1 (the table below) the straight-line picture is indeed useless.",
            ),
        ),
        answer=2,
        verify=nudge_through_two_functions,
    ),
    "chain-largest-gradient": Question(
        "In the four-node chain above (w₁ = 1.5, w₂ = −2.0, w₃ = 1.8, w₄ = 2.5, cost C = (h₄ − y)²), "
        "which weight has the largest gradient ∂C/∂w_i in size?",
        (
            Guess(
                "w₁: it changes every node after it, so its effect is amplified along the chain",
                "Every node between w₁ and the cost multiplies the effect of w₁ by σ′(z_q)·w_q, and here "
                "each such factor is below ½ in size (σ′ ≤ ¼, |w| ≤ 2.5): the effect shrinks on its way, "
                "it is not amplified. ∂C/∂w₁ = −0.014 is the smallest of the four.",
            ),
            Guess(
                "w₃: z₃ = −0.18 is closest to 0, where σ′ is largest, so node 3 is the most sensitive",
                "σ′(z₃) ≈ 0.248 is indeed the largest σ′ of the chain, but it is only one factor of "
                "∂C/∂w₃ = ∂C/∂h₃·σ′(z₃)·h₂. The input h₂ = 0.23 that w₃ multiplies is small, and ∂C/∂h₃ "
                "has already been shrunk by σ′(z₄)·w₄ ≈ 0.44: ∂C/∂w₃ = 0.039, less than ∂C/∂w₂.",
            ),
            Guess(
                "w₄: the weight next to the cost",
                "∂C/∂w₄ = 2(h₄ − y)·σ′(z₄)·h₃ has no factor σ′(z_q)·w_q at all; every weight further back "
                "gets one more such factor per node, each below ½ in size here. So the gradients mostly "
                "shrink away from the cost: 0.123 for w₄, 0.046, 0.039 and −0.014 for w₂, w₃ and w₁.",
            ),
            Guess(
                "They are all about the same size: each weight enters the chain once, in the same way",
                "Each weight enters once, but at a different distance from the cost, and every node in "
                "between multiplies its effect by σ′(z_q)·w_q, a factor below ½ in size here. The four "
                "gradients differ almost ninefold, from 0.123 for w₄ down to −0.014 for w₁.",
            ),
        ),
        answer=2,
        verify=largest_weight_gradient,
    ),
    "chain-vanishing": Question(
        "Five chains of 30 sigmoid nodes, weights and biases drawn from N(0, 1), input 0.5, target 1. "
        "How many times smaller than |∂C/∂w₃₀| (next to the cost) is |∂C/∂w₁|?",
        (
            Guess(
                "Tens of times: a little is lost at each of the 29 nodes in between",
                "What each node does to the gradient multiplies, it does not add: every step back takes "
                "a factor σ′(z)·w, typically about 0.1 in size. 29 such factors make a product "
                "near 10⁻²⁷ to 10⁻³², not a loss of a few percent per node.",
            ),
            Guess(
                "Thousands to a million times",
                "That would need each of the 29 factors σ′(z)·w to be about 0.6 to 0.8 in size. But σ′ "
                "is at most ¼ (at z = 0) and |w| drawn from N(0, 1) is usually below 1: a typical factor "
                "is about 0.1, and 29 of them multiply to 10⁻²⁷ or less.",
            ),
            Guess(
                "About 4²⁹ ≈ 3·10¹⁷ times: σ′ is at most ¼ at each of the 29 nodes in between",
                "¼ is the best case of σ′, reached only at z = 0; most z_q are elsewhere, and the weights "
                "usually have |w_q| < 1 too. Each factor σ′(z_q)·w_q is then well below ¼, and the product "
                "ends 10¹⁰ or more below the (¼)²⁹ estimate: 3·10²⁷ to 2·10³² times smaller.",
            ),
            Guess(
                "More than 10²⁵ times, in every one of the five chains",
                "∂C/∂w₁ carries the 29 factors σ′(z_q)·w_q of the nodes between it and the cost, which "
                "∂C/∂w₃₀ does not. σ′ ≤ ¼ and typical |w_q| < 1 make a typical factor about 0.1, and "
                "the product is 10⁻²⁷ to 10⁻³²: the gradient vanishes geometrically with depth.",
            ),
        ),
        answer=3,
        verify=vanishing_factor,
    ),
    "chain-backward-cost": Question(
        "The next cell times the library's forward pass alone, and its forward and backward pass "
        "together, on chains of 100 and of 1,000 nodes. How many forward passes' worth of time does "
        "the forward and backward pass take?",
        (
            Guess(
                "About 1: the backward pass only reuses what the forward pass stored, so it is nearly free",
                "Reusing the stored z_i and h_i saves recomputing them, but the backward pass still visits "
                "every node and does a handful of operations there: σ′(z_i), the product for ∂C/∂h_{i−1}, "
                "the weight's and the bias's gradients. That is as much work as the forward pass, or more.",
            ),
            Guess(
                "A few, and the same few on the short chain and on the long one",
                "The backward pass visits each node once, as the forward pass does, and does a fixed "
                "handful of operations there with numbers the forward pass stored. Both grow in "
                "proportion to L, so their ratio does not depend on the chain's length: typically 2 to 3.",
            ),
            Guess(
                "A few on 100 nodes, ten times as many on 1,000 nodes, which have ten times the parameters",
                "The number of parameters grows tenfold, but so does the forward pass: both passes do a "
                "fixed amount of work per node. Their ratio stays the same on both chains. What grows "
                "with the parameters is the count of forward passes finite differences need.",
            ),
            Guess(
                "Hundreds: like finite differences, it must treat every parameter separately",
                "Finite differences do need two forward passes per parameter, 400 and 4,000 here. The "
                "backward pass gets every derivative from one sweep, because ∂C/∂h_i, once known, serves "
                "both the weight and the bias of node i and the whole chain before it.",
            ),
        ),
        answer=1,
        verify=backward_pass_cost,
    ),
}
