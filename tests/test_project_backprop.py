"""Chapter 4's project (backpropagate to the pixels): the reference solution meets every "done when"
check of the chapter, against independent computations, and the chapter shows exactly its code."""

import inspect
import re
from functools import lru_cache
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import Network, load_digits, relative_error, train
from backprop.nudges import nudges
from backprop.projects_backprop import descend_pixels, input_gradient, pixel_differences

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "04_backpropagation.ipynb"
SOLUTIONS = (input_gradient, pixel_differences, descend_pixels)


@lru_cache(maxsize=1)
def chapter():
    """Section 4.1's network and data, and the first misread 2, the first 7 read right, the first 3."""
    digits = load_digits()
    X, Y, labels = digits.X_train, digits.Y_train, digits.labels_train
    net = Network([784, 16, 16, 10], seed=0)
    train(net, X, Y, epochs=1, eta=3.0, batch_size=10, seed=0)
    guesses = net.predict(X)
    i = int(np.flatnonzero((labels == 2) & (guesses != 2))[0])
    seven = int(np.flatnonzero((labels == 7) & (guesses == 7))[0])
    three = int(np.flatnonzero(labels == 3)[0])
    return net, X, Y, guesses, i, seven, three


def test_the_chapter_s_misread_2_is_the_project_s_image():
    net, X, Y, guesses, i, *_ = chapter()
    assert (i, guesses[i]) == (177, 0)  # "training example 177: a 2, read as a 0", printed in 4.1


@pytest.mark.parametrize("which", ["misread 2", "7 read right", "first 3"])
def test_the_input_gradient_is_the_library_s_and_that_of_central_differences(which):
    net, X, Y, _, *examples = chapter()
    n = examples[["misread 2", "7 read right", "first 3"].index(which)]
    x, y = X[:, n], Y[:, n]
    g = input_gradient(net, x, y)
    library = net.backprop(x[:, None], y[:, None], input_gradient=True).grad_a[0][:, 0]
    assert g.shape == (784,)
    assert np.allclose(g, library, rtol=1e-12, atol=1e-15)
    assert relative_error(g, pixel_differences(net, x, y)) < 1e-7


def test_pixel_differences_are_central_differences_of_the_network_s_cost():
    net, X, Y, _, i, *_ = chapter()
    x, y, eps = X[:, i], Y[:, i], 1e-6
    differences = pixel_differences(net, x, y, eps)
    for k in (0, int(np.argmax(x)), 400):
        up, down = x.copy(), x.copy()
        up[k] += eps
        down[k] -= eps
        by_cost = (net.cost(up[:, None], y[:, None]) - net.cost(down[:, None], y[:, None])) / (2 * eps)
        # the same differences up to rounding: a cost of about 1 known to 1e-16, divided by 2ε
        assert differences[k] == pytest.approx(by_cost, rel=1e-6, abs=1e-9)


def test_blank_pixels_carry_part_of_the_input_gradient_but_none_of_the_weight_nudges():
    net, X, Y, _, i, *_ = chapter()
    x, y = X[:, i], Y[:, i]
    g, blank = input_gradient(net, x, y), x == 0
    share = np.sum(g[blank] ** 2) / np.sum(g**2)
    assert 0 < share < 1
    assert np.all(nudges(net, x, y).weights[1][:, blank] == 0)
    # Σ_j w⁽¹⁾_jk δ⁽¹⁾_j: the first layer's δ from the library, summed through the weights
    delta_1 = net.backprop(x[:, None], y[:, None]).delta[1][:, 0]
    assert np.allclose(g[blank], net.W[1][:, blank].T @ delta_1, rtol=1e-12, atol=1e-15)


def test_descending_the_pixels_repairs_the_2_without_touching_the_training_image():
    net, X, Y, guesses, i, *_ = chapter()
    x, y = X[:, i], Y[:, i]
    before = x.copy()
    new, steps = descend_pixels(net, x, y, eta=1.0)
    assert net.predict(new[:, None])[0] == 2
    assert net.predict(X[:, [i]])[0] == guesses[i] and np.array_equal(X[:, i], before)
    assert 0 < steps < 10
    assert new.min() >= 0 and new.max() <= 1
    assert net.cost(new[:, None], y[:, None]) < net.cost(x[:, None], y[:, None])
    again, none = descend_pixels(net, new, y, eta=1.0)
    assert none == 0 and again is new


def test_the_7_is_read_as_a_3_after_a_change_smaller_than_the_distance_to_a_real_3():
    net, X, _, _, i, seven, three = chapter()
    x = X[:, seven]
    new, steps = descend_pixels(net, x, np.eye(10)[3], eta=1.0)
    repair_steps = descend_pixels(net, X[:, i], np.eye(10)[2], eta=1.0)[1]
    assert net.predict(new[:, None])[0] == 3 and steps > repair_steps
    change, distance = np.linalg.norm(new - x), np.linalg.norm(x - X[:, three])
    assert 0.1 < change / distance < 1


def test_descending_stops_after_max_steps():
    net, X, _, _, i, *_ = chapter()
    new, steps = descend_pixels(net, X[:, i], np.eye(10)[2], eta=1e-6, max_steps=3)
    assert steps == 3 and net.predict(new[:, None])[0] != 2


def test_the_chapter_shows_exactly_the_reference_solution():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    sources = [c.source for c in cells if c.cell_type == "markdown"]
    (start,) = [n for n, s in enumerate(sources) if s.startswith("**4.P (project).")]
    (block,) = [s for s in sources[start:] if s.startswith(":::{admonition} Reference solution")]
    (code,) = re.findall(r"```python\n(.*?)\n```", block, flags=re.S)
    expected = "\n\n\n".join(inspect.getsource(f).rstrip("\n") for f in SOLUTIONS)
    assert code == expected
    assert sources[-1] == block, "the reference solution closes the chapter's exercises"
