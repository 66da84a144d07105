"""Chapter 3's project (3.P, shortcuts against vanishing gradients): the reference solution meets
every "You are done when" check, against computations of its own, and the chapter shows its code."""

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import relative_error
from backprop.autodiff import Value
from backprop.chain import chain_backward, random_chain
from backprop.projects_chain import (
    input_gradient_ratios,
    residual_backward,
    residual_cost,
    residual_forward,
    residual_numerical_gradient,
    vanishing_ratios,
    weakest_weight,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "book" / "03_chain_rule.ipynb"
FUNCTIONS = [
    vanishing_ratios,
    residual_forward,
    residual_cost,
    residual_backward,
    residual_numerical_gradient,
    input_gradient_ratios,
    weakest_weight,
]
# The chapter's four-node chain and its example (section 3.2), and the chains of section 3.7.
CHAPTER_CHAIN = ([1.5, -2.0, 1.8, 2.5], [0.2, 0.5, -0.6, 0.1], 1.0, 0.0)
CHAINS = [(*random_chain(30, seed=seed), 0.5, 1.0) for seed in range(5)]


def cells() -> list:
    return nbformat.read(NOTEBOOK, as_version=4).cells


def autodiff_gradients(ws, bs, x, y) -> tuple[list, list, list]:
    """∂C/∂h_i, ∂C/∂w_i, ∂C/∂b_i of the residual chain by the chapter 6 engine, which knows no formula."""
    w, b = [Value(float(v)) for v in ws], [Value(float(v)) for v in bs]
    h = [Value(float(x))]
    for w_i, b_i in zip(w, b, strict=True):
        h.append(h[-1] + (w_i * h[-1] + b_i).sigmoid())
    cost = (h[-1] - y) ** 2
    cost.backward()
    return [v.grad for v in h], [v.grad for v in w], [v.grad for v in b]


def test_part_1_reproduces_section_3_7_and_large_weights_vanish_faster():
    printed = next(
        output.text
        for cell in cells()
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("name") == "stdout" and "for the five chains:" in output.text
    )
    chapter = re.findall(r"'(\d+e[+-]\d+)'", printed)
    ratios, large = vanishing_ratios(1), vanishing_ratios(4)
    assert len(chapter) == 5 and [f"{r:.0e}" for r in ratios] == chapter
    assert all(big > small for big, small in zip(large, ratios, strict=True))
    assert min(large) > 1e33


def test_part_2_each_node_adds_its_sigmoid_to_its_input():
    assert residual_cost([0, 0, 0, 0], [0, 0, 0, 0], 1.0, 0.0) == 9.0
    z, h = residual_forward(*CHAPTER_CHAIN[:3])
    ws, bs, x, _ = CHAPTER_CHAIN
    assert z[0] is None and h[0] == x and len(z) == len(h) == 5
    sigmoid = 1 / (1 + np.exp(-np.array(z[1:])))
    assert np.allclose(np.diff(h), sigmoid, rtol=1e-15, atol=0)
    assert np.allclose(z[1:], np.array(ws) * h[:-1] + np.array(bs), rtol=1e-15, atol=0)


@pytest.mark.parametrize("chain", [CHAPTER_CHAIN, *CHAINS], ids=["chapter", *map(str, range(5))])
def test_part_3_backward_pass_agrees_with_central_differences_and_autodiff(chain):
    grad_h, grad_w, grad_b = residual_backward(*chain)
    numeric_w, numeric_b = residual_numerical_gradient(*chain)
    assert relative_error(np.array(grad_w + grad_b), np.array(numeric_w + numeric_b)) < 1e-7
    auto_h, auto_w, auto_b = autodiff_gradients(*chain)
    assert relative_error(np.array(grad_h), np.array(auto_h)) < 1e-12
    assert relative_error(np.array(grad_w + grad_b), np.array(auto_w + auto_b)) < 1e-12
    assert relative_error(np.array(numeric_w + numeric_b), np.array(auto_w + auto_b)) < 1e-7


def test_part_3_leaves_the_parameters_unchanged():
    ws, bs = list(CHAPTER_CHAIN[0]), list(CHAPTER_CHAIN[1])
    residual_numerical_gradient(ws, bs, 1.0, 0.0)
    residual_backward(ws, bs, 1.0, 0.0)
    assert (ws, bs) == (CHAPTER_CHAIN[0], CHAPTER_CHAIN[1])


def test_part_4_shortcuts_keep_the_gradient_alive_down_to_the_input():
    plain, residual = input_gradient_ratios(False), input_gradient_ratios(True)
    assert max(plain) < 1e-29
    assert all(0.5 < r < 2 for r in residual)
    for chain, p, r in zip(CHAINS, plain, residual, strict=True):
        by_library = chain_backward(*chain).h
        assert p == pytest.approx(abs(by_library[0] / by_library[30]), rel=1e-12)
        auto_h = autodiff_gradients(*chain)[0]
        assert r == pytest.approx(abs(auto_h[0] / auto_h[30]), rel=1e-9)
        # not only at the input: every ∂C/∂h_i stays within a factor of 2 of ∂C/∂h_30
        sizes = np.abs(auto_h) / abs(auto_h[30])
        assert 0.5 < sizes.min() and sizes.max() < 2


def test_part_5_the_weakest_weight_sits_behind_a_saturated_node():
    chain = CHAINS[1]
    node, z = weakest_weight(*chain)
    auto_w = autodiff_gradients(*chain)[1]
    assert node == 1 + int(np.argmin(np.abs(auto_w))) == 25
    assert round(z, 1) == -34.0
    h = residual_forward(*chain[:3])[1]
    assert 12.5 < h[24] < 13.5
    assert abs(auto_w[24]) < 1e-10 * max(map(abs, auto_w))


def test_the_chapter_shows_exactly_the_reference_solution():
    (solution,) = [
        c.source for c in cells() if c.cell_type == "markdown" and "def weakest_weight" in c.source
    ]
    assert solution.startswith(":::{admonition} Reference solution\n:class: dropdown\n")
    (code,) = re.findall(r"```python\n(.*?)```", solution, flags=re.DOTALL)
    assert code == "\n\n".join(inspect.getsource(f) for f in FUNCTIONS)


def test_the_project_ends_the_exercises_with_hints_and_checks():
    sources = [c.source for c in cells()]
    project = next(i for i, s in enumerate(sources) if s.startswith("**3.P (project)."))
    assert project == len(sources) - 4
    hints, done = sources[project + 1], sources[project + 2]
    assert hints.count(":::{dropdown} Hint") == 6 and hints.splitlines().count(":::") == 6
    assert done.startswith("You are done when")
    for f in FUNCTIONS:
        assert f"`{f.__name__}(" in sources[project], f"the project asks for {f.__name__}"
