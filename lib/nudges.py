"""What one training example wishes for: the nudges −∂C_x/∂(…) of every layer, from one backprop."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network


@dataclass
class Nudges:
    """The changes one example asks for (the negative gradient of its cost C_x).

    activations[l]: the wished change of a⁽ˡ⁾ for l = 1 … L (index 0 is None);
    weights[l], biases[l]: the wished change of W⁽ˡ⁾ and b⁽ˡ⁾;
    output, target: the network's output a⁽ᴸ⁾ and the wanted y.
    """

    activations: list
    weights: list
    biases: list
    output: np.ndarray
    target: np.ndarray


def nudges(net: Network, x: np.ndarray, y: np.ndarray) -> Nudges:
    """The nudges that example (x, y) asks of every activation, weight and bias."""
    x, y = np.asarray(x, dtype=float).reshape(-1, 1), np.asarray(y, dtype=float).reshape(-1, 1)
    gradients = net.backprop(x, y)
    return Nudges(
        activations=[None] + [-g[:, 0] for g in gradients.grad_a[1:]],
        weights=[None] + [-g for g in gradients.W[1:]],
        biases=[None] + [-g[:, 0] for g in gradients.b[1:]],
        output=net(x)[:, 0],
        target=y[:, 0],
    )


def tile(images: np.ndarray, columns: int, shape: tuple[int, int] = (28, 28), gap: int = 1) -> np.ndarray:
    """Rows of `images` (each a flattened picture) arranged in a grid with NaN gaps between them."""
    rows = -(-len(images) // columns)
    height, width = shape
    grid = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap), np.nan)
    for index, picture in enumerate(images):
        r, c = divmod(index, columns)
        top, left = r * (height + gap), c * (width + gap)
        grid[top : top + height, left : left + width] = picture.reshape(shape)
    return grid
