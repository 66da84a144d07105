"""What one training example wishes for: the nudges −∂C_x/∂(…) of every layer, from one backprop."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import BackpropValueError
from .network import Network
from .validation import MAX_PARAMETERS, as_float_array, check_example, check_int, check_network, value_error


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
    check_network(net)
    x, y = check_example(net, x, y)
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
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
    images, columns, (height, width), gap = _check_tiles(images, columns, shape, gap)
    rows = -(-len(images) // columns)
    grid = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap), np.nan)
    for index, picture in enumerate(images):
        r, c = divmod(index, columns)
        top, left = r * (height + gap), c * (width + gap)
        grid[top : top + height, left : left + width] = picture.reshape(height, width)
    return grid


def _check_tiles(images, columns, shape, gap) -> tuple[np.ndarray, int, tuple[int, int], int]:
    """A non-empty stack of flattened pictures of `shape`, a column count ≥ 1 and a gap ≥ 0."""
    images = as_float_array(images, "images", allow_bool=False)
    columns = check_int(columns, "columns", low=1)
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise value_error("shape", "a pair (height, width)", repr(shape))
    height, width = (check_int(side, "each side of shape", low=1) for side in shape)
    gap = check_int(gap, "gap", low=0)
    if images.ndim != 2 or images.shape[0] == 0 or images.shape[1] != height * width:
        raise value_error(
            "images",
            f"a non-empty 2-D array, one flattened {height} × {width} picture "
            f"({height * width} numbers) per row",
            f"shape {images.shape}",
        )
    rows = -(-len(images) // columns)
    if rows * (height + gap) * columns * (width + gap) > MAX_PARAMETERS:
        raise BackpropValueError(f"the grid of {len(images)} pictures with gap={gap} would be too large")
    return images, columns, (height, width), gap
