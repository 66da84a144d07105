"""Checkers for chapter 6's exercises: a backward rule, the missing +=, topological order, and
training a small network with the reader's own engine.

Each checker runs the reader's function on a few cases, compares it with a reference, and when
they differ names the likely mistake (a sign, a missing factor, `=` where `+=` is due, a node
listed twice, a sum where a mean is due …).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .autodiff import Value, topological_order
from .exercises_feedback import Feedback
from .graphs import backward_steps, breadth_first_order, neuron_graph
from .network import Network


def _name(candidate, default: str) -> str:
    """The reader's function's own name (my_topological_order, …), or the exercise's for a lambda."""
    name = getattr(candidate, "__name__", "")
    return name if isinstance(name, str) and name.isidentifier() else default


def _not_callable(name: str, candidate) -> Feedback | None:
    if callable(candidate):
        return None
    return Feedback(False, f"pass the function itself, e.g. check(…, {name}), not {candidate!r}")


def _run(name: str, function: Callable, *args):
    """(function(*args), None), or (None, Feedback) when the reader's code raised."""
    try:
        return function(*args), None
    except NotImplementedError:
        return None, Feedback(
            False, f"{name} is not written yet: replace the `raise NotImplementedError` line."
        )
    except RecursionError:
        return None, Feedback(
            False,
            f"{name} raised RecursionError: a recursive search goes as deep as the graph, and Python "
            "stops at a depth of about a thousand. Keep your own stack of nodes to visit instead.",
        )
    except Exception as error:  # the reader's code may fail in any way; report it
        return None, Feedback(False, f"{name} raised {type(error).__name__}: {error}")


def _number(value) -> float | None:
    """A real number as a float, or None for anything else (a string, an array of several, a Value)."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    return None


def _close(a: float, b: float, rtol: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=rtol, abs_tol=1e-12)


# 6.3: the backward rule of division -----------------------------------------------------------------


def _division_rule(a, b, grad):
    return grad / b, -grad * a / b**2


DIVISION_MISTAKES = [
    (lambda a, b, g: (g / b, g * a / b**2), "The sign of the second is wrong: ∂(a/b)/∂b = −a/b²."),
    (
        lambda a, b, g: (1 / b, -a / b**2),
        "Those are the local derivatives alone: multiply each by grad, the gradient arriving from the "
        "output (the chain rule).",
    ),
    (lambda a, b, g: (g / b, -g / b**2), "∂(a/b)/∂b = −a/b²: the factor a is missing."),
    (lambda a, b, g: (g / b, -g * a / b), "∂(a/b)/∂b = −a/b²: b must be squared."),
    (lambda a, b, g: (-g * a / b**2, g / b), "The two are swapped: return ∂C/∂a first, then ∂C/∂b."),
    (lambda a, b, g: (g * b, -g * a * b**2), "You multiplied by b where the rule divides by it."),
]


def check_division_rule(division_backward: Callable) -> Feedback:
    """division_backward(a, b, grad) → (∂C/∂a, ∂C/∂b) for the node c = a / b, where grad = ∂C/∂c."""
    name = _name(division_backward, "division_backward")
    if (problem := _not_callable(name, division_backward)) is not None:
        return problem
    cases = [(3.0, 2.0, 1.0), (-1.5, 0.4, 0.7), (2.0, -5.0, -3.0)]
    for a, b, grad in cases:
        got, problem = _run(name, division_backward, a, b, grad)
        if problem is not None:
            return problem
        where = f"for a = {a:g}, b = {b:g}, grad = {grad:g}"
        if got is None:
            return Feedback(False, f"{name} returned None: did you forget `return`?")
        if isinstance(got, np.ndarray) and got.ndim == 1:
            got = list(got)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            kind = f"{len(got)} values" if isinstance(got, (tuple, list)) else type(got).__name__
            return Feedback(False, f"{name} returned {kind}; it must return two numbers, (∂C/∂a, ∂C/∂b).")
        numbers = [_number(v) for v in got]
        if None in numbers:
            bad = got[numbers.index(None)]
            return Feedback(False, f"{name} returned {bad!r} ({type(bad).__name__}) where a number is due.")
        expected = _division_rule(a, b, grad)
        if all(_close(g, e) for g, e in zip(numbers, expected, strict=True)):
            continue
        shown = ", ".join(f"{v:.6g}" for v in numbers)
        message = f"{where}: expected ({expected[0]:.6g}, {expected[1]:.6g}), got ({shown})."
        for mistake, explanation in DIVISION_MISTAKES:
            if all(_close(g, e) for g, e in zip(numbers, mistake(a, b, grad), strict=True)):
                return Feedback(False, f"{message} {explanation}")
        return Feedback(False, message)
    return Feedback(True, f"{name} agrees with the rule on all {len(cases)} test cases.")


# 6.4: the missing += ----------------------------------------------------------------------------------


def _square_plus(x: float) -> Value:
    """x·x + x: x feeds the product twice and the sum once."""
    v = Value(x, label="x")
    out = v * v + v
    out.label = "f"
    return out


def _diamond(x: float, y: float) -> Value:
    """f = σ(x·y) · tanh(x·y) + y: the product p feeds two functions, y feeds two operations."""
    vx, vy = Value(x, label="x"), Value(y, label="y")
    p = vx * vy
    p.label = "p"
    s, t = p.sigmoid(), p.tanh()
    s.label, t.label = "s", "t"
    out = s * t + vy
    out.label = "f"
    return out


def _skip(x: float) -> Value:
    """f = σ(σ(h)) + h with h = 2x: h reaches f along a short path and a long one."""
    h = Value(x, label="x") * 2.0
    h.label = "h"
    out = h.sigmoid().sigmoid() + h
    out.label = "f"
    return out


BACKWARD_GRAPHS = [
    ("f = x·x + x at x = 3", lambda: _square_plus(3.0)),
    ("f = σ(σ(2x)) + 2x at x = 0.3", lambda: _skip(0.3)),
    ("f = σ(x·y)·tanh(x·y) + y at x = 0.5, y = −1.2", lambda: _diamond(0.5, -1.2)),
    ("chapter 6's C at x = 0.5, w = −1", lambda: neuron_graph(0.5, -1.0)),
]


def _grads(output: Value) -> list[float]:
    return [node.grad for node in topological_order(output)]


def _run_variant(make: Callable[[], Value], **options) -> list[float]:
    output = make()
    if options.get("seed") is False:
        for node in topological_order(output):
            node.grad = 0.0
        return _grads(output)
    order = breadth_first_order(output) if options.get("breadth_first") else None
    backward_steps(output, accumulate=options.get("accumulate", True), order=order)
    return _grads(output)


BACKWARD_MISTAKES = [
    (
        dict(accumulate=False),
        "The nodes that went wrong are exactly those used by more than one operation: each use sends "
        "its own contribution, and the gradient must collect all of them.",
    ),
    (
        dict(breadth_first=True),
        "A node was visited before every node that uses it had sent its contribution: visit the nodes "
        "in reverse topological order.",
    ),
    (dict(seed=False), "Every gradient is 0: start the backward pass with output.grad = 1."),
]


def check_backward(backward: Callable) -> Feedback:
    """backward(output) sets .grad of every node of the graph of `output` to ∂output/∂node."""
    name = _name(backward, "backward")
    if (problem := _not_callable(name, backward)) is not None:
        return problem
    for description, make in BACKWARD_GRAPHS:
        expected = make()
        expected.backward()
        want = _grads(expected)
        output = make()
        _, problem = _run(name, backward, output)
        if problem is not None:
            return problem
        got = _grads(output)
        if all(_close(g, e) for g, e in zip(got, want, strict=True)):
            _, problem = _run(name, backward, output)
            if problem is not None:
                return problem
            again = _grads(output)
            if not all(_close(g, e) for g, e in zip(again, want, strict=True)):
                return Feedback(
                    False,
                    f"on {description}, a second call of backward changed the gradients: set every "
                    "grad to 0 before the pass, or they add up over the calls.",
                )
            continue
        nodes = topological_order(output)
        wrong = [i for i, (g, e) in enumerate(zip(got, want, strict=True)) if not _close(g, e)]
        first = nodes[wrong[0]]
        message = (
            f"on {description}: ∂f/∂{first.label or first.op} should be {want[wrong[0]]:.6g}, got "
            f"{got[wrong[0]]:.6g} ({len(wrong)} of {len(nodes)} gradients wrong)."
        )
        for options, explanation in BACKWARD_MISTAKES:
            if all(_close(g, e) for g, e in zip(got, _run_variant(make, **options), strict=True)):
                return Feedback(False, f"{message} {explanation}")
        return Feedback(False, message)
    return Feedback(
        True, f"{name} gives the right gradient of every node on all {len(BACKWARD_GRAPHS)} graphs."
    )


# 6.5: topological order -----------------------------------------------------------------------------------


def _chain(n: int) -> Value:
    """σ(σ(…σ(x)…)) · x: a deep chain whose input is used again at the end."""
    x = Value(0.3, label="x")
    h = x
    for i in range(n):
        h = h.sigmoid()
        h.label = f"h{i + 1}"
    out = h * x
    out.label = "f"
    return out


ORDER_GRAPHS = [
    ("f = x·x + x", lambda: _square_plus(3.0)),
    ("f = σ(x·y)·tanh(x·y) + y", lambda: _diamond(0.5, -1.2)),
    ("chapter 6's C", lambda: neuron_graph(0.5, -1.0)),
    ("a chain of 30 sigmoids times x", lambda: _chain(30)),
    ("a chain of 5,000 sigmoids times x", lambda: _chain(5000)),
]


def _describe(node) -> str:
    if isinstance(node, Value) and (node.label or node.op):
        return repr(node.label or node.op)
    return repr(node)


def check_topological_order(order_function: Callable) -> Feedback:
    """order_function(output) → every node of the graph once, each after its parents, output last."""
    name = _name(order_function, "topological_order")
    if (problem := _not_callable(name, order_function)) is not None:
        return problem
    for description, make in ORDER_GRAPHS:
        output = make()
        got, problem = _run(name, order_function, output)
        if problem is not None:
            return problem
        if got is None:
            return Feedback(False, f"{name} returned None: did you forget `return`?")
        if not isinstance(got, (list, tuple)):
            return Feedback(
                False, f"{name} returned {type(got).__name__}; it must return a list of the graph's nodes."
            )
        strangers = [item for item in got if not isinstance(item, Value)]
        if strangers:
            return Feedback(
                False,
                f"{name} returned a list holding {strangers[0]!r} ({type(strangers[0]).__name__}); "
                "it must hold the nodes (Values) themselves.",
            )
        nodes = topological_order(output)
        members = {id(n) for n in nodes}
        counts: dict[int, int] = {}
        for item in got:
            counts[id(item)] = counts.get(id(item), 0) + 1
        twice = [item for item in got if counts[id(item)] > 1]
        if twice:
            return Feedback(
                False,
                f"on {description}, node {_describe(twice[0])} is listed {counts[id(twice[0])]} times: a "
                "node reached along several paths must be listed once (remember the nodes already seen).",
            )
        outsiders = [item for item in got if id(item) not in members]
        if outsiders:
            return Feedback(False, f"on {description}, {_describe(outsiders[0])} is not a node of the graph.")
        missing = [n for n in nodes if id(n) not in counts]
        if missing:
            return Feedback(
                False,
                f"on {description}, {len(missing)} of the {len(nodes)} nodes are missing, e.g. "
                f"{_describe(missing[0])}: follow the parents of every node, down to the inputs.",
            )
        if got[0] is output and len(got) > 1:
            return Feedback(
                False,
                f"on {description}, the output comes first: that is the order of the backward pass. "
                "Return the topological order itself, inputs first and the output last.",
            )
        position = {id(item): i for i, item in enumerate(got)}
        for node in got:
            for parent in node.parents:
                if position[id(parent)] > position[id(node)]:
                    return Feedback(
                        False,
                        f"on {description}, {_describe(node)} comes before its parent {_describe(parent)}: "
                        "a node may be listed only once all its parents are.",
                    )
    return Feedback(True, f"{name} orders all {len(ORDER_GRAPHS)} graphs correctly.")


# 6.6: training a small network with the reader's engine --------------------------------------------------


def _training_cases() -> list[tuple[Network, np.ndarray, np.ndarray, float, int]]:
    rng = np.random.default_rng(12)
    X1 = rng.uniform(0, 1, (2, 8))
    Y1 = (X1[[0]] > X1[[1]]).astype(float)  # is the first input the larger?
    X2 = rng.uniform(0, 1, (3, 6))
    Y2 = np.eye(2)[:, rng.integers(0, 2, 6)]
    return [(Network([2, 3, 1], seed=3), X1, Y1, 2.0, 15), (Network([3, 4, 2], seed=4), X2, Y2, 1.0, 10)]


def _train_variant(
    net: Network, X, Y, eta: float, steps: int, *, mean=True, sign=1.0, reset=True, count=None
):
    total = [None] + [np.zeros_like(net.W[l]) for l in range(1, net.L + 1)]
    total_b = [None] + [np.zeros_like(net.b[l]) for l in range(1, net.L + 1)]
    for _ in range(steps if count is None else count):
        grads = net.backprop(X, Y)
        scale = 1.0 if mean else X.shape[1]
        for l in range(1, net.L + 1):
            if reset:
                total[l], total_b[l] = grads.W[l] * scale, grads.b[l] * scale
            else:
                total[l] = total[l] + grads.W[l] * scale
                total_b[l] = total_b[l] + grads.b[l] * scale
            net.W[l] -= sign * eta * total[l]
            net.b[l] -= sign * eta * total_b[l]
    return net.get_flat()


TRAINING_MISTAKES = [
    (
        dict(mean=False),
        "You added the examples' gradients: the cost C is the average over the examples, so divide by "
        "the number of examples (or build the cost as the mean).",
    ),
    (dict(sign=-1.0), "The parameters moved uphill: subtract η times the gradient."),
    (
        dict(reset=False),
        "The steps grew from one step to the next: the gradients of the previous steps were still in "
        "`grad`. Set them to 0 before every backward pass, or build fresh Values each step.",
    ),
    (dict(count=1), "Only one step was taken: repeat the step `steps` times."),
    (dict(count=0), "The parameters did not change: update net.W[l] and net.b[l] in place."),
]


def check_training(train_with_engine: Callable) -> Feedback:
    """train_with_engine(net, X, Y, eta, steps) takes `steps` steps of full-batch gradient descent
    on the average quadratic cost of a sigmoid network, with gradients from the reader's engine,
    updating net.W[l] and net.b[l]. Compared with the library's backprop, step for step."""
    name = _name(train_with_engine, "train_with_engine")
    if (problem := _not_callable(name, train_with_engine)) is not None:
        return problem
    for net, X, Y, eta, steps in _training_cases():
        reference = _train_variant(net.copy(), X, Y, eta, steps)
        mine = net.copy()
        _, problem = _run(name, train_with_engine, mine, X, Y, eta, steps)
        if problem is not None:
            return problem
        shapes_ok = all(
            isinstance(mine.W[l], np.ndarray)
            and mine.W[l].shape == net.W[l].shape
            and isinstance(mine.b[l], np.ndarray)
            and mine.b[l].shape == net.b[l].shape
            for l in range(1, net.L + 1)
        )
        if not shapes_ok:
            return Feedback(
                False,
                f"after {name}, net.W and net.b no longer hold arrays of the parameters' shapes: update "
                "them in place (net.W[l][j, k] -= …) or assign arrays of the same shape.",
            )
        got = mine.get_flat()
        if not np.all(np.isfinite(got)):
            return Feedback(False, f"after {name}, some parameters are NaN or infinite.")
        if np.allclose(got, reference, rtol=1e-9, atol=1e-12):
            continue
        worst = float(np.max(np.abs(got - reference)))
        message = (
            f"on the {net.sizes} network, after {steps} steps with η = {eta:g} the parameters differ from "
            f"the library's by up to {worst:.3g}."
        )
        for options, explanation in TRAINING_MISTAKES:
            if np.allclose(
                got, _train_variant(net.copy(), X, Y, eta, steps, **options), rtol=1e-9, atol=1e-12
            ):
                return Feedback(False, f"{message} {explanation}")
        return Feedback(False, message)
    return Feedback(True, f"{name} takes the same steps as the library on both networks, to 1e-9.")
