"""The per-layer gradient check, and the debugging lab's ten bugs: each caught and located.

The broken backward passes are read from book/debugging_lab.ipynb itself, so the test checks
exactly the code the reader sees; so are the repaired functions in the lab's folded fixes.
"""

import ast
import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from backprop import Network
from backprop.debugging import (
    TOLERANCE,
    agreement_figure,
    check_layers,
    magnitude,
    numerical_deltas,
    numerical_gradients,
)

LAB = Path(__file__).resolve().parent.parent / "book" / "debugging_lab.ipynb"

# Where each bug must be located: (quantity, layer) of the first departure, and what it shows.
FIRST = {
    1: ("delta", 2, "relative error 0.4"),
    2: ("delta", 2, "relative error 0.1"),
    3: ("W", 3, "relative error 0.4"),
    4: ("W", 3, "every entry is 6 × the finite difference"),
    5: ("delta", 3, "every entry is 0.5 × the finite difference"),
    6: ("b", 3, "it is missing (None was returned in its place)"),
    7: ("delta", 3, "relative error 0.7"),
    8: ("delta", 2, "relative error 0.7"),
    9: ("delta", 1, "it is missing (None was returned in its place)"),
    10: ("b", 3, "its shape is (1, 6), not (4, 1)"),
}
NAMES = {"delta": "δ", "b": "∂C/∂b", "W": "∂C/∂W"}
SUPER = {1: "⁽¹⁾", 2: "⁽²⁾", 3: "⁽³⁾"}


@pytest.fixture(scope="module")
def lab():
    """The lab's namespace after its setup cell and every definition, and its cells."""
    notebook = nbformat.read(LAB, as_version=4)
    namespace: dict = {}
    checks = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        last = tree.body[-1]
        definitions = tree.body[:-1] if isinstance(last, ast.Expr) else tree.body
        exec(compile(ast.Module(definitions, []), str(LAB), "exec"), namespace)
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
            call = last.value
            bug = re.fullmatch(r"backward_(\d+)", getattr(call.args[0], "id", "")) if call.args else None
            if getattr(call.func, "id", "") == "check_layers" and bug:
                checks[int(bug.group(1))] = call.args[1].id
    return notebook, namespace, checks


def test_the_lab_has_ten_bugs_each_checked_in_its_cell(lab):
    _, namespace, checks = lab
    assert sorted(checks) == list(range(1, 11))
    assert all(callable(namespace[f"backward_{k}"]) for k in checks)


def test_the_working_passes_and_the_library_agree_with_finite_differences(lab):
    _, ns, _ = lab
    X, Y = ns["X"], ns["Y"]
    for backward, net in [
        (ns["backward_pass"], ns["net"]),
        (ns["softmax_backward_pass"], ns["softmax_net"]),
        (ns["relu_backward_pass"], ns["relu_net"]),
    ]:
        assert check_layers(backward, net, X, Y).passed
        assert check_layers(lambda n, X, Y: n.backprop(X, Y), net, X, Y).passed


@pytest.mark.parametrize("k", sorted(FIRST))
def test_each_bug_is_caught_and_located(lab, k):
    _, ns, checks = lab
    net = ns[checks[k]]
    report = check_layers(ns[f"backward_{k}"], net, ns["X"], ns["Y"])
    quantity, layer, shows = FIRST[k]
    assert not report.passed
    assert report.first == (quantity, layer)
    # Everything computed before the first departure agrees: the bug is at that line.
    position = [(r.quantity, r.layer) for r in report.rows].index((quantity, layer))
    assert all(r.ok for r in report.rows[:position])
    name = f"{NAMES[quantity]}{SUPER[layer]}"
    before = (
        "It is the first quantity backpropagation computes"
        if position == 0
        else "Everything backpropagation computes before it agrees"
    )
    assert report.summary() == (
        f"The first departure is {name}, at layer {layer}: {shows}. {before}: look at the line that "
        f"computes {name}, and at what that line reads."
    )
    assert "← the first departure" in repr(report).splitlines()[position + 1]


def test_a_bug_in_a_delta_spreads_and_a_bug_in_a_gradient_stays_put(lab):
    """What the lab's figure shows: after a wrong δ every later quantity departs; not after a gradient."""
    _, ns, checks = lab
    for k in sorted(FIRST):
        report = check_layers(ns[f"backward_{k}"], ns[checks[k]], ns["X"], ns["Y"])
        departing = [(r.quantity, r.layer) for r in report.rows if not r.ok]
        quantity, layer, _ = FIRST[k]
        rows = [(r.quantity, r.layer) for r in report.rows]
        if quantity == "delta":
            assert departing == rows[rows.index((quantity, layer)) :]
        else:
            assert all(q == quantity for q, _ in departing)


def _fixes(notebook) -> dict:
    fixes = {}
    for cell in notebook.cells:
        match = re.search(r"Fix for bug (\d+)", cell.source)
        if cell.cell_type == "markdown" and match:
            fixes[int(match.group(1))] = re.search(r"```python\n(.*?)```", cell.source, re.S).group(1)
    return fixes


def test_every_fix_in_the_lab_repairs_its_bug(lab):
    notebook, ns, checks = lab
    fixes = _fixes(notebook)
    assert sorted(fixes) == sorted(FIRST)
    for k, source in fixes.items():
        scope = dict(ns)
        exec(source, scope)
        report = check_layers(scope[f"backward_{k}"], ns[checks[k]], ns["X"], ns["Y"])
        assert report.passed, (k, report)


def test_the_hints_and_fixes_are_folded_away(lab):
    notebook, _, _ = lab
    folded = [c.source for c in notebook.cells if c.cell_type == "markdown" and "for bug" in c.source]
    assert len(folded) == 10
    for source in folded:
        assert source.count(":class: dropdown") == 2 and source.count(":::{admonition}") == 2


def test_printed_errors_are_far_from_a_rounding_boundary(lab):
    """One significant digit is a fact of the mathematics only if no error sits at a boundary of
    rounding (0.35, 0.45 …): each printed error is at least 0.1 % away from one, a billion times
    what rounding or the portability tool's nudges of one part in 10¹² can move it."""
    _, ns, checks = lab
    for k in sorted(FIRST):
        report = check_layers(ns[f"backward_{k}"], ns[checks[k]], ns["X"], ns["Y"])
        for row in report.rows:
            if row.error is None:
                continue
            if row.ok:
                assert row.error < TOLERANCE / 10  # far below the threshold too
                continue
            mantissa = row.error / 10 ** math.floor(math.log10(row.error))  # in [1, 10)
            assert abs(mantissa % 1 - 0.5) > 1e-3 * mantissa, (k, row)


def test_the_figure_reads_out_each_first_departure(lab):
    _, ns, checks = lab
    passes = [("working", ns["backward_pass"], ns["net"])] + [
        (f"bug {k}", ns[f"backward_{k}"], ns[checks[k]]) for k in sorted(FIRST)
    ]
    figure = agreement_figure(passes, ns["X"], ns["Y"])
    assert figure.select(0).readout["first departure"] == "none"
    for k, (quantity, layer, _) in FIRST.items():
        shown = figure.select(k).readout
        assert shown["backward pass"] == f"bug {k}"
        assert shown["first departure"] == f"{NAMES[quantity]}{SUPER[layer]} (layer {layer})"


@pytest.fixture
def small():
    rng = np.random.default_rng(0)
    X = rng.random((3, 5))
    return Network([3, 4, 2], seed=0), X, np.eye(2)[:, rng.integers(0, 2, 5)]


def test_numerical_deltas_and_gradients_equal_backprop(small):
    net, X, Y = small
    grads = net.backprop(X, Y)
    deltas = numerical_deltas(net, X, Y)
    fd_W, fd_b = numerical_gradients(net, X, Y)
    for l in (1, 2):
        np.testing.assert_allclose(deltas[l], grads.delta[l], rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(fd_W[l], grads.W[l], rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(fd_b[l], grads.b[l], rtol=1e-6, atol=1e-9)


def test_gradients_alone_are_checked_without_deltas(small):
    net, X, Y = small

    def gradients_only(net, X, Y):  # as exercise 4.6 returns them: layers 1 … L, no None first
        grads = net.backprop(X, Y)
        return grads.W[1:], grads.b[1:]

    report = check_layers(gradients_only, net, X, Y)
    assert report.passed
    assert [(r.quantity, r.layer) for r in report.rows] == [("b", 2), ("W", 2), ("b", 1), ("W", 1)]


def test_a_pass_that_changes_the_network_or_returns_nonsense_is_refused(small):
    net, X, Y = small

    def training_step(net, X, Y):
        grads = net.backprop(X, Y)
        net.W[1] -= grads.W[1]
        return grads

    before = net.W[1].copy()
    with pytest.raises(ValueError, match="changed the network's weights or biases"):
        check_layers(training_step, net, X, Y)
    assert not np.array_equal(before, net.W[1])  # it did change them, and the check said so
    with pytest.raises(TypeError, match="must return \\(delta, grad_W, grad_b\\)"):
        check_layers(lambda net, X, Y: 42, Network([3, 4, 2], seed=0), X, Y)


def test_magnitude_prints_what_every_machine_agrees_on():
    assert [magnitude(e) for e in (1e-9, 1e-6, 0.447, 0.116, 0.0714, 0.0068, 1 / 3, 0.97)] == [
        "below 1e-6",
        "below 1e-6",
        "0.4",
        "0.1",
        "7e-2",
        "7e-3",
        "0.3",
        "1",
    ]
