"""Chapter 2's project (2.P, how sharp is the digit network's valley): the reference solution meets
every "You are done when" check, against computations of its own, and the chapter shows its code."""

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import Network, load_digits, numerical_gradient, relative_error
from backprop.descent import descent_path, divergence_threshold, line_fitting_problem
from backprop.projects_descent import (
    first_rise,
    hessian_vector_product,
    sharpness,
    sharpness_during_training,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "02_gradient_descent.ipynb"
FUNCTIONS = [hessian_vector_product, sharpness, first_rise, sharpness_during_training]


def cells() -> list:
    return nbformat.read(NOTEBOOK, as_version=4).cells


def printed(text: str) -> str:
    """The stdout of the chapter's cell whose output contains `text`."""
    return next(
        output.text
        for cell in cells()
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("name") == "stdout" and text in output.text
    )


@pytest.fixture(scope="module")
def line():
    net, x, y = line_fitting_problem(n=50, seed=0)
    mean_x, mean_x2 = np.mean(x), np.mean(x**2)
    hessian = 2 * np.array([[mean_x2, mean_x], [mean_x, 1.0]])  # exact for C = mean((w x + b − y)²)
    return net, x, y, hessian


@pytest.fixture(scope="module")
def digits():
    data = load_digits()
    return Network([784, 16, 16, 10], seed=0), data.X_train, data.Y_train


def test_part_1_agrees_with_the_exact_hessian_and_leaves_the_network_alone(line):
    net, x, y, hessian = line
    before = net.get_flat()
    for v in ([1.0, 0.0], [0.0, 1.0], [1.0, -2.0]):
        v = np.array(v)
        assert relative_error(hessian_vector_product(net, x, y, v), hessian @ v) < 1e-7
    assert np.array_equal(net.get_flat(), before)


def test_part_2_reproduces_section_2_2_lambda_max_and_threshold(line):
    net, x, y, hessian = line
    chapter = re.search(r"λ_max = (\d+\.\d+)", printed("eigenvalues of the Hessian")).group(1)
    curvature = sharpness(net, x, y)
    assert f"{curvature:.3f}" == chapter == "4.605"
    assert curvature == pytest.approx(np.linalg.eigvalsh(hessian)[-1], rel=1e-9)
    assert 2 / curvature == pytest.approx(divergence_threshold(x), rel=1e-9)


def test_part_2_is_the_top_eigenvalue_of_a_hessian_built_from_costs_alone():
    net = Network([4, 3, 2], seed=1)
    rng = np.random.default_rng(0)
    X, Y = rng.uniform(0, 1, (4, 8)), rng.uniform(0, 1, (2, 8))
    theta, twin, h = net.get_flat(), net.copy(), 1e-3
    columns = []
    for step in h * np.eye(net.n_params):
        twin.set_flat(theta + step)
        up = numerical_gradient(twin, X, Y)
        twin.set_flat(theta - step)
        columns.append((up - numerical_gradient(twin, X, Y)) / (2 * h))
    hessian = np.array(columns)
    eigenvalues = np.linalg.eigvalsh((hessian + hessian.T) / 2)
    assert eigenvalues[-1] > abs(eigenvalues[0])  # the largest in size is the largest
    assert abs(sharpness(net, X, Y) - eigenvalues[-1]) < 1e-6


@pytest.fixture(scope="module")
def during_training(digits):
    return sharpness_during_training(*digits, 5.5, 60, every=30)


def test_part_2_the_untrained_digit_network_allows_just_over_eta_3(digits, during_training):
    step, curvature = during_training[0]
    assert step == 0 and round(2 / curvature, 2) == 3.02
    # power iteration from another start vector lands on the same curvature
    net, X, Y = digits
    assert sharpness(net, X[:, :500], Y[:, :500], iterations=40, seed=1) == pytest.approx(
        sharpness(net, X[:, :500], Y[:, :500], iterations=40, seed=0), rel=1e-4
    )


def test_part_3_first_rise_reads_the_steps_as_the_quadratic_theory_predicts(line):
    net, x, y, _ = line
    assert first_rise(net, x, y, 0.43, steps=40) is None
    costs = descent_path(net, x, y, tuple(net.get_flat()), 0.45, steps=40)[:, 2]
    expected = 1 + int(np.flatnonzero(np.diff(costs) >= 0)[0])
    assert first_rise(net, x, y, 0.45, steps=40) == expected


def test_part_3_the_cost_falls_at_every_step_up_to_eta_5_1(digits):
    assert first_rise(*digits, 5.1) is None
    assert first_rise(*digits, 5.2) == 98


def test_part_4_the_curvature_drops_then_climbs_past_2_over_eta(digits, during_training):
    limit = 2 / 5.5
    assert during_training[:, 0].tolist() == [0, 30, 60]
    start, middle, end = during_training[:, 1]
    assert start > limit and middle < 0.7 * limit and end > 1.2 * limit
    assert [round(start, 2), round(middle, 2), round(end, 2)] == [0.66, 0.23, 0.48]
    assert first_rise(*digits, 5.5) == 93


def test_the_chapter_shows_exactly_the_reference_solution():
    (solution,) = [c.source for c in cells() if c.cell_type == "markdown" and "def sharpness(" in c.source]
    assert solution.startswith(":::{admonition} Reference solution\n:class: dropdown\n```python\n")
    (code,) = re.findall(r"```python\n(.*?)```", solution, flags=re.DOTALL)
    assert code == "\n\n".join(inspect.getsource(f) for f in FUNCTIONS)


def test_the_project_ends_the_exercises_with_hints_and_checks():
    sources = [c.source for c in cells()]
    project = next(i for i, s in enumerate(sources) if s.startswith("**2.P (project)."))
    assert project == len(sources) - 4
    assert not any("small project" in s for s in sources)
    hints, done = sources[project + 1], sources[project + 2]
    assert hints.count(":::{dropdown} Hint") == 6 and hints.splitlines().count(":::") == 6
    assert done.startswith("You are done when")
    for f in FUNCTIONS:
        assert f"`{f.__name__}(" in sources[project], f"the project asks for {f.__name__}"
