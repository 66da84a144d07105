"""Chapter 5's project (5.P, the gradient noise scale): the reference solution meets the project's
"done when" checks, and the chapter shows exactly its code."""

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import Network, load_digits, train
from backprop.experiments import gradient_cosines
from backprop.gradcheck import backprop_gradient, relative_error
from backprop.projects_sgd import noise_scale, per_example_sq_norms, predicted_cosine

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "05_stochastic_gradient_descent.ipynb"
SIZES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]  # section 5.6's table
ETA_10 = 1.0  # the learning rate the chapter's search chooses for mini-batches of 10


@pytest.fixture(scope="module")
def data():
    digits = load_digits()
    return digits.X_train, digits.Y_train


def trained(data, epochs: int) -> Network:
    """The digit network after `epochs` epochs of the chapter's training (m = 10, seed 0)."""
    net = Network([784, 16, 16, 10], seed=0)
    train(net, *data, epochs=epochs, eta=ETA_10, batch_size=10, seed=0, epoch_cost=False)
    return net


@pytest.fixture(scope="module")
def midway(data):
    return trained(data, 1)


def test_per_example_norms_agree_with_each_example_backpropagated_alone(data, midway):
    X, Y = data
    sq_norms = per_example_sq_norms(midway, X, Y)
    assert sq_norms.shape == (X.shape[1],)
    alone = [np.sum(backprop_gradient(midway, X[:, [k]], Y[:, [k]]) ** 2) for k in range(20)]
    assert relative_error(sq_norms[:20], np.array(alone)) < 1e-10


def test_the_noise_scale_is_the_variance_of_the_stacked_gradients(data, midway):
    X, Y = data[0][:, :300], data[1][:, :300]
    G = np.array([backprop_gradient(midway, X[:, [k]], Y[:, [k]]) for k in range(300)])
    slow = G.var(axis=0).sum() / np.sum(G.mean(axis=0) ** 2)
    assert noise_scale(midway, X, Y) == pytest.approx(slow, rel=1e-10)


def test_the_predicted_cosine_matches_the_sampled_mini_batches_of_section_5_6(data, midway):
    X, Y = data
    n = X.shape[1]
    B = noise_scale(midway, X, Y)
    assert predicted_cosine(n, B, n) == 1.0
    assert predicted_cosine(10, 0.0, n) == 1.0
    cosines = gradient_cosines(midway, X, Y, SIZES, samples=50, seed=0)
    misses = {m: abs(predicted_cosine(m, B, n) - np.median(cosines[m])) for m in SIZES}
    assert max(misses.values()) < 0.1, misses


def test_the_noise_scale_grows_as_training_proceeds(data, midway):
    start, late = trained(data, 0), trained(data, 10)
    B_start, B_midway, B_late = (noise_scale(net, *data) for net in (start, midway, late))
    assert B_start < 1 < B_midway and B_late > 3 * B_midway


def test_the_chapter_shows_the_reference_solution_exactly():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith("**5.P (project).**"))
    block = next(c.source for c in cells[start:] if "Reference solution" in c.source)
    shown = re.search(r"```python\n(.*?)\n```", block, re.S).group(1)
    functions = (per_example_sq_norms, noise_scale, predicted_cosine)
    assert shown == "\n\n\n".join(inspect.getsource(f).rstrip("\n") for f in functions)
