"""Independent computations that chapter 4 holds the library's backpropagation against.

Neither function calls `Network.backprop`; each computes the same derivatives another way.

- `half_convention_sgd`: mini-batch SGD written per example, in the style of the `network.py`
  of Michael Nielsen's *Neural Networks and Deep Learning*, with his cost
  C_x = ½‖a⁽ᴸ⁾ − y‖², so that δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − y) ⊙ σ′(z⁽ᴸ⁾), without the book's factor 2.
- `path_products`: ∂C_x/∂w⁽ˡ⁾_jk as the sum, over every path from that weight to the cost,
  of the product of the local slopes along the path.
"""

from __future__ import annotations

import itertools

import numpy as np

from .network import Network


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    return _sigmoid(z) * (1.0 - _sigmoid(z))


def half_convention_sgd(weights: list, biases: list, batches, eta: float) -> list[np.ndarray]:
    """Mini-batch SGD on C_x = ½‖a − y‖², one example at a time; returns the parameters after each step.

    `weights` and `biases` are W⁽¹⁾ … W⁽ᴸ⁾ and b⁽¹⁾ … b⁽ᴸ⁾ (no entry for the input layer) of a
    sigmoid network; they are copied, not changed. `batches` yields pairs (X, Y) with one
    example per column. Each step adds up the per-example gradients of the batch and moves by
    η/m times the sum, as Nielsen's `update_mini_batch` does. Entry t of the result is every
    parameter after step t + 1, flattened in the order W⁽¹⁾, b⁽¹⁾, W⁽²⁾, … of
    `Network.get_flat`.
    """
    weights = [np.array(w, dtype=float) for w in weights]
    biases = [np.array(b, dtype=float).reshape(-1, 1) for b in biases]
    after_each_step = []
    for X, Y in batches:
        nabla_w = [np.zeros_like(w) for w in weights]
        nabla_b = [np.zeros_like(b) for b in biases]
        for column in range(X.shape[1]):
            x, y = X[:, [column]], Y[:, [column]]
            # Forward pass, keeping every z and every activation.
            activation, activations, zs = x, [x], []
            for w, b in zip(weights, biases, strict=True):
                z = w @ activation + b
                zs.append(z)
                activation = _sigmoid(z)
                activations.append(activation)
            # Backward pass: the output error of the ½ convention, then one layer back at a time.
            delta = (activations[-1] - y) * _sigmoid_prime(zs[-1])
            for back in range(1, len(weights) + 1):
                nabla_b[-back] += delta
                nabla_w[-back] += delta @ activations[-back - 1].T
                if back < len(weights):
                    delta = (weights[-back].T @ delta) * _sigmoid_prime(zs[-back - 1])
        m = X.shape[1]
        weights = [w - (eta / m) * nw for w, nw in zip(weights, nabla_w, strict=True)]
        biases = [b - (eta / m) * nb for b, nb in zip(biases, nabla_b, strict=True)]
        after_each_step.append(
            np.concatenate([p.ravel() for w, b in zip(weights, biases, strict=True) for p in (w, b)])
        )
    return after_each_step


def path_products(net: Network, x, y, l: int, j: int, k: int) -> dict[tuple[int, ...], float]:
    """Every path from the weight w⁽ˡ⁾_jk to the cost C_x of example (x, y), with its product of slopes.

    A path is the sequence of neurons (j = j_l, j_{l+1}, …, j_L) it passes through, one per
    layer from l to the output. Its product is the local slopes along it:
    a⁽ˡ⁻¹⁾_k (how z⁽ˡ⁾_j moves with the weight), then σ′(z⁽ʳ⁾_{j_r}) at every neuron and
    w⁽ʳ⁾_{j_r j_{r−1}} on every connection, and last ∂C_x/∂a⁽ᴸ⁾_{j_L} = 2(a⁽ᴸ⁾_{j_L} − y_{j_L}).
    The sum of all the products is ∂C_x/∂w⁽ˡ⁾_jk. Only the forward pass's z and a are used.
    For a network with sigmoid neurons and the quadratic cost (elementwise slopes);
    the number of paths is the product of the sizes of layers l+1 … L.
    """
    activations = {a.name for a in net.activations[1:]}
    if activations != {"sigmoid"} or net.cost_function.name != "quadratic":
        raise ValueError("path_products needs sigmoid neurons in every layer and the quadratic cost")
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    y = np.asarray(y, dtype=float).reshape(-1)
    forward = net.forward(x)
    slope = [None] + [_sigmoid_prime(forward.z[r][:, 0]) for r in range(1, net.L + 1)]
    output = forward.a[net.L][:, 0]
    start = forward.a[l - 1][k, 0] * slope[l][j]
    products = {}
    for rest in itertools.product(*(range(net.sizes[r]) for r in range(l + 1, net.L + 1))):
        path = (j, *rest)
        product = start
        for r in range(l + 1, net.L + 1):
            here, before = path[r - l], path[r - l - 1]
            product *= net.W[r][here, before] * slope[r][here]
        products[path] = product * 2 * (output[path[-1]] - y[path[-1]])
    return products
