"""Chapter 6's project, backpropagation through time: the reference solution meets every "done when"
check the chapter lists, against independent computations, and the notebook shows that code."""

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop.autodiff import Value
from backprop.projects_autodiff import (
    backprop_through_time,
    forward_mode_gradient,
    rnn_cost,
    weight_shares,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "06_automatic_differentiation.ipynb"
SOLUTION = (rnn_cost, weight_shares, backprop_through_time, forward_mode_gradient)
# The project's sequence and parameters, and two other settings the solution must handle as well.
SETTINGS = [
    (np.random.default_rng(6).uniform(-1, 1, size=20), 0.8, 1.2, 0.5),
    (np.random.default_rng(1).normal(size=7), -1.3, 0.4, -0.2),
    (np.array([0.9]), 2.0, -0.7, 0.1),  # one step: w meets only h_0 = 0, ∂C/∂w = 0
]


def cost(w: float, u: float, xs, y: float) -> float:
    """C = (h_T − y)² with plain floats: the recurrence written out again, independently."""
    h = 0.0
    for x in xs:
        h = np.tanh(w * h + u * x)
    return float((h - y) ** 2)


def central_differences(w: float, u: float, xs, y: float, eps: float = 1e-6) -> np.ndarray:
    return np.array([
        (cost(w + eps, u, xs, y) - cost(w - eps, u, xs, y)) / (2 * eps),
        (cost(w, u + eps, xs, y) - cost(w, u - eps, xs, y)) / (2 * eps),
    ])  # fmt: skip


def engine_gradient(w: float, u: float, xs, y: float) -> np.ndarray:
    w_value, u_value = Value(w), Value(u)
    C = rnn_cost(w_value, u_value, xs, y)
    C.backward()
    assert C.data == pytest.approx(cost(w, u, xs, y), rel=1e-12)
    return np.array([w_value.grad, u_value.grad])


@pytest.mark.parametrize("xs, w, u, y", SETTINGS)
def test_part_1_the_engine_passes_a_gradient_check(xs, w, u, y):
    engine = engine_gradient(w, u, xs, y)
    numeric = central_differences(w, u, xs, y)
    assert np.linalg.norm(engine - numeric) / np.linalg.norm(engine) < 1e-7


@pytest.mark.parametrize("xs, w, u, y", SETTINGS)
def test_part_2_the_shares_of_the_uses_of_w_add_up_to_its_gradient(xs, w, u, y):
    shares = weight_shares(w, u, xs, y)
    assert shares.shape == (len(xs),)
    assert shares[0] == 0.0  # the first use multiplies h_0 = 0
    assert shares.sum() == pytest.approx(engine_gradient(w, u, xs, y)[0], rel=1e-12)


@pytest.mark.parametrize("xs, w, u, y", SETTINGS)
def test_parts_3_and_4_by_hand_and_in_forward_mode_the_same_gradient(xs, w, u, y):
    engine = engine_gradient(w, u, xs, y)
    by_hand = np.array(backprop_through_time(w, u, xs, y))
    forward = np.array(forward_mode_gradient(w, u, xs, y))
    np.testing.assert_allclose(by_hand, engine, rtol=1e-12, atol=0)
    np.testing.assert_allclose(forward, by_hand, rtol=1e-12, atol=0)
    np.testing.assert_allclose(forward, central_differences(w, u, xs, y), rtol=1e-7, atol=0)


def test_part_5_how_far_back_the_gradient_reaches():
    xs, _, u, y = SETTINGS[0]
    reach = {w: abs(weight_shares(w, u, xs, y)[1] / weight_shares(w, u, xs, y)[-1]) for w in (0.5, 1.5, 3.0)}
    assert reach[0.5] < 1e-6 and reach[3.0] < 1e-6, "the gradient vanishes on the way back"
    assert reach[1.5] > 1e-3, "with w = 1.5 the first steps still count"


def test_the_notebook_shows_the_tested_reference_solution():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    project = text[text.index("**6.P (project).**") :]
    block = r":::\{admonition\} Reference solution\n:class: dropdown\n```python\n(.*?)```\n:::"
    blocks = re.findall(block, project, re.S)
    assert blocks == ["\n\n".join(inspect.getsource(function) for function in SOLUTION)]
    assert len(re.findall(r"^:::\{dropdown\} Hint \d+: ", project, re.M)) >= 4
