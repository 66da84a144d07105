"""The scalar engine `Value`: every operator against central differences, random graphs against
forward-mode dual numbers, and whole networks against the vectorised `Network.backprop`."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import BackpropTypeError, BackpropValueError, Network, NotFiniteError, one_hot
from backprop.autodiff import Value, network_cost, network_graph, topological_order

# Central differences in float64: with a step of 1e-5 of the point (at least 1e-7) the truncation
# error, h²·f‴/6, and the rounding error, ε·f/h, are both far below 1e-7 of the derivative.
STEP = 1e-5


def central(f, x: float) -> float:
    h = STEP * max(abs(x), 0.01)
    return (f(x + h) - f(x - h)) / (2 * h)


def relative_error(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def derivative(make, x: float) -> tuple[float, float]:
    """(value, d/dx) of make(Value(x)) by the engine."""
    v = Value(x)
    out = make(v)
    out.backward()
    return out.data, v.grad


UNARY = {
    "exp": (lambda v: v.exp(), math.exp, [-3.0, -0.2, 0.7, 4.0]),
    "log": (lambda v: v.log(), math.log, [0.01, 0.5, 2.0, 300.0]),
    "tanh": (lambda v: v.tanh(), math.tanh, [-2.5, -0.3, 0.4, 1.7]),
    "sigmoid": (lambda v: v.sigmoid(), lambda t: 1 / (1 + math.exp(-t)), [-12.0, -1.1, 0.0, 0.6, 9.0]),
    "relu": (lambda v: v.relu(), lambda t: max(t, 0.0), [-1.5, -0.01, 0.02, 3.0]),
    "negation": (lambda v: -v, lambda t: -t, [-2.0, 0.5]),
    "square": (lambda v: v**2, lambda t: t**2, [-1.3, 0.4, 7.0]),
    "cube": (lambda v: v**3, lambda t: t**3, [-1.3, 0.4, 2.0]),
    "reciprocal": (lambda v: v**-1, lambda t: 1 / t, [-2.0, 0.3, 5.0]),
    "square root": (lambda v: v**0.5, math.sqrt, [0.04, 1.0, 9.0]),
    "power 2.5": (lambda v: v**2.5, lambda t: t**2.5, [0.3, 1.7]),
    "power 0": (lambda v: v**0, lambda t: 1.0, [-2.0, 3.0]),
    "plus a number": (lambda v: v + 2.5, lambda t: t + 2.5, [-1.0, 0.3]),
    "number plus": (lambda v: 2.5 + v, lambda t: 2.5 + t, [-1.0, 0.3]),
    "minus a number": (lambda v: v - 2.5, lambda t: t - 2.5, [-1.0, 0.3]),
    "number minus": (lambda v: 2.5 - v, lambda t: 2.5 - t, [-1.0, 0.3]),
    "times a number": (lambda v: v * -1.5, lambda t: t * -1.5, [-1.0, 0.3]),
    "number times": (lambda v: -1.5 * v, lambda t: -1.5 * t, [-1.0, 0.3]),
    "divided by a number": (lambda v: v / 0.4, lambda t: t / 0.4, [-1.0, 0.3]),
    "number divided by": (lambda v: 0.4 / v, lambda t: 0.4 / t, [-1.0, 0.3, 2.0]),
}


@pytest.mark.parametrize("name", UNARY)
def test_every_operation_of_one_value_against_central_differences(name):
    make, reference, points = UNARY[name]
    for x in points:
        value, slope = derivative(make, x)
        assert value == pytest.approx(reference(x), rel=1e-15, abs=1e-300)
        expected = central(reference, x)
        if expected == 0:
            assert slope == 0
        else:
            assert relative_error(slope, expected) < 1e-7, (name, x, slope, expected)


BINARY = {
    "+": (lambda a, b: a + b, [(0.3, -1.2), (2.0, 5.0)]),
    "−": (lambda a, b: a - b, [(0.3, -1.2), (2.0, 5.0)]),
    "×": (lambda a, b: a * b, [(0.3, -1.2), (2.0, 5.0)]),
    "÷": (lambda a, b: a / b, [(0.3, -1.2), (2.0, 5.0), (-3.0, 0.25)]),
}


@pytest.mark.parametrize("name", BINARY)
def test_every_operation_of_two_values_against_central_differences(name):
    op, points = BINARY[name]
    for a, b in points:
        va, vb = Value(a), Value(b)
        out = op(va, vb)
        out.backward()
        assert out.data == op(a, b)
        assert relative_error(va.grad, central(lambda t, b=b: op(t, b), a)) < 1e-7
        assert relative_error(vb.grad, central(lambda t, a=a: op(a, t), b)) < 1e-7


def test_a_number_on_either_side_gives_the_same_as_a_constant_value():
    for op in (
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a * b,
        lambda a, b: a / b,
        lambda a, b: b + a,
        lambda a, b: b - a,
        lambda a, b: b * a,
        lambda a, b: b / a,
    ):
        x1, x2 = Value(1.7), Value(1.7)
        with_number, with_value = op(x1, -0.6), op(x2, Value(-0.6))
        with_number.backward()
        with_value.backward()
        assert with_number.data == with_value.data
        assert x1.grad == x2.grad


def test_extreme_inputs_are_exact_and_never_overflow():
    for x, value, slope in [(800.0, 1.0, 0.0), (-800.0, 0.0, 0.0), (0.0, 0.5, 0.25)]:
        assert derivative(lambda v: v.sigmoid(), x) == (value, slope)
    # Where σ rounds to 1, σ(1 − σ) would lose every digit; the engine's σ′ keeps them.
    assert derivative(lambda v: v.sigmoid(), 30.0)[1] == pytest.approx(math.exp(-30), rel=1e-12)
    assert derivative(lambda v: v.sigmoid(), -30.0)[1] == pytest.approx(math.exp(-30), rel=1e-12)
    assert derivative(lambda v: v.sigmoid(), -700.0)[0] == pytest.approx(math.exp(-700), rel=1e-12)
    assert derivative(lambda v: v.tanh(), 800.0) == (1.0, 0.0)
    assert derivative(lambda v: v.tanh(), -800.0) == (-1.0, 0.0)
    assert derivative(lambda v: v.exp(), -800.0) == (0.0, 0.0)
    assert derivative(lambda v: v.relu(), -1e300) == (0.0, 0.0)
    assert derivative(lambda v: v.relu(), 0.0) == (0.0, 0.0)  # the convention at the kink
    with pytest.raises(NotFiniteError, match=r"exp\(800.0\) overflows"):
        Value(800.0).exp()
    with pytest.raises(NotFiniteError, match="not a finite real number"):
        Value(1e200) * Value(1e200)
    with pytest.raises(NotFiniteError, match="derivative of 1.0 / 1e-200 is not finite"):
        Value(1.0) / Value(1e-200)
    with pytest.raises(NotFiniteError, match="overflows"):
        Value(10.0) ** 400


def test_operations_outside_their_domain_are_refused():
    for call, message in [
        (lambda: Value(0.0).log(), r"log\(0.0\) is not a real number"),
        (lambda: Value(-1.0).log(), r"log\(-1.0\) is not a real number"),
        (lambda: Value(1.0) / Value(0.0), "cannot divide 1.0 by a Value equal to 0"),
        (lambda: Value(1.0) / 0, "cannot divide 1.0 by 0"),
        (lambda: 2.0 / Value(0.0), "cannot divide 2.0 by a Value equal to 0"),
        (lambda: Value(-1.0) ** 0.5, "not a real number"),
        (lambda: Value(0.0) ** -1, "at x = 0 is infinite"),
    ]:
        with pytest.raises(BackpropValueError, match=message):
            call()
    with pytest.raises(BackpropTypeError, match="exponent of a Value must be a plain number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(BackpropTypeError, match="the number to multiply must be a finite number"):
        Value(2.0) * "3"
    with pytest.raises(BackpropTypeError, match="output must be a Value"):
        topological_order(3.0)
    with pytest.raises(BackpropTypeError, match="op and label must be strings"):
        Value(1.0, label=3)


def test_a_value_used_twice_collects_both_contributions_and_backward_can_be_repeated():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0
    y.backward()
    assert x.grad == 7.0  # not 14: backward starts from zero every time
    y2 = x * x
    y2.backward()
    assert x.grad == 6.0


def test_topological_order_lists_every_node_once_after_its_parents():
    x, w = Value(0.5, label="x"), Value(-1.0, label="w")
    h = (w * x).sigmoid()
    out = (1.5 * h - 1) ** 2 + (-2 * h) ** 2
    order = topological_order(out)
    assert order[-1] is out and len({id(n) for n in order}) == len(order) == 10
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)


def test_a_long_sum_is_differentiated_without_recursion():
    values = [Value(float(i)) for i in range(20_000)]
    total = sum(values[1:], values[0])
    total.backward()
    assert all(v.grad == 1.0 for v in values)


def test_operations_are_labelled_as_the_book_writes_them():
    x = Value(2.0)
    ops = [
        (x + 1).op,
        (x - 1).op,
        (1 - x).op,
        (2 * x).op,
        (x / 2).op,
        (2 / x).op,
        (x**2).op,
        (x**-1).op,
        (x**0.5).op,
        (-x).op,
        (x * x).op,
        (x + x).op,
        (x - x).op,
        (x / x).op,
        x.sigmoid().op,
        x.relu().op,
        x.tanh().op,
        x.exp().op,
        x.log().op,
    ]
    assert ops == [
        "· + 1", "· − 1", "1 − ·", "2 × ·", "· ÷ 2", "2 ÷ ·", "·²", "·⁻¹", "· ** 0.5", "−·",
        "×", "+", "−", "÷", "σ", "ReLU", "tanh", "exp", "log",
    ]  # fmt: skip


# Random expression graphs against forward-mode dual numbers -------------------------------------


class Dual:
    """a + ε·b with ε² = 0: forward-mode derivatives, written independently of the engine."""

    def __init__(self, a, b=0.0):
        self.a, self.b = a, b

    def __add__(self, o):
        return Dual(self.a + o.a, self.b + o.b)

    def __sub__(self, o):
        return Dual(self.a - o.a, self.b - o.b)

    def __mul__(self, o):
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    def __truediv__(self, o):
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / o.a**2)


DUAL_FUNCTIONS = {
    "sigmoid": (lambda v: v.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), lambda s: s * (1 - s)),
    "tanh": (lambda v: v.tanh(), math.tanh, lambda t: 1 - t * t),
    "exp": (lambda v: v.exp(), math.exp, lambda e: e),
}


PROGRAMS = st.lists(
    st.tuples(
        st.sampled_from(["+", "-", "*", "/", "sigmoid", "tanh", "exp"]),
        st.integers(0, 50),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=14,
)


def build_value(ops, leaves):
    nodes = list(leaves)
    for op, i, j in ops:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if op in ("+", "-", "*"):
            nodes.append({"+": a + b, "-": a - b, "*": a * b}[op])
        elif op == "/":
            nodes.append(a / (b * b + 1.0))
        else:
            nodes.append(DUAL_FUNCTIONS[op][0](a / (a * a + 1.0)))
    out = nodes[-1]
    for node in nodes[len(leaves) : -1]:
        out = out + node
    return out


def build_dual(ops, leaves):
    nodes = list(leaves)
    for op, i, j in ops:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if op in ("+", "-", "*"):
            nodes.append({"+": a + b, "-": a - b, "*": a * b}[op])
        elif op == "/":
            nodes.append(a / (b * b + Dual(1.0)))
        else:
            _, f, slope = DUAL_FUNCTIONS[op]
            squashed = a / (a * a + Dual(1.0))
            fa = f(squashed.a)
            nodes.append(Dual(fa, slope(fa) * squashed.b))
    out = nodes[-1]
    for node in nodes[len(leaves) : -1]:
        out = out + node
    return out


@settings(max_examples=150, deadline=None)
@given(
    ops=PROGRAMS,
    inputs=st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4),
)
def test_random_graphs_against_dual_numbers_and_central_differences(ops, inputs):
    leaves = [Value(x) for x in inputs]
    out = build_value(ops, leaves)
    out.backward()
    for i, x in enumerate(inputs):
        duals = [Dual(v, 1.0 if k == i else 0.0) for k, v in enumerate(inputs)]
        forward = build_dual(ops, duals)
        assert out.data == pytest.approx(forward.a, rel=1e-12, abs=1e-12)
        assert leaves[i].grad == pytest.approx(forward.b, rel=1e-9, abs=1e-12)

        def f(t, i=i):
            return build_dual(ops, [Dual(t if k == i else v) for k, v in enumerate(inputs)]).a

        # the central difference of a random graph: its error also scales with the size of the terms
        assert leaves[i].grad == pytest.approx(central(f, x), rel=1e-6, abs=1e-7)


# Whole networks against the vectorised library --------------------------------------------------

CONFIGURATIONS = [
    dict(),
    dict(hidden="relu"),
    dict(hidden="linear", output="linear"),
    dict(output="softmax"),
    dict(hidden="relu", output="softmax", cost="cross_entropy"),
    dict(hidden="sigmoid", output="relu"),
]


def compare_with_library(net: Network, X, Y) -> None:
    graph = network_graph(net, X, Y)
    graph.cost.backward()
    library = net.backprop(X, Y, input_gradient=True)
    assert graph.cost.data == pytest.approx(library.cost, rel=1e-12)
    for l in range(1, net.L + 1):
        mine_W = np.array([[w.grad for w in row] for row in graph.W[l]])
        mine_b = np.array([[b.grad] for b in graph.b[l]])
        np.testing.assert_allclose(mine_W, library.W[l], rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(mine_b, library.b[l], rtol=1e-9, atol=1e-13)
    m = np.asarray(X).shape[1]
    inputs = np.array([[x.grad for x in example] for example in graph.X]).T
    np.testing.assert_allclose(inputs, library.grad_a[0] / m, rtol=1e-9, atol=1e-13)


@pytest.mark.parametrize("configuration", CONFIGURATIONS, ids=lambda c: "-".join(c.values()) or "default")
def test_network_graph_follows_the_network_configuration(configuration):
    rng = np.random.default_rng(4)
    net = Network([6, 5, 4, 3], seed=2, **configuration)
    X = rng.random((6, 3))
    compare_with_library(net, X, one_hot(rng.integers(0, 3, 3), k=3))


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
    configuration=st.sampled_from(CONFIGURATIONS),
    m=st.integers(1, 3),
    seed=st.integers(0, 1000),
)
def test_random_networks_against_the_library(sizes, configuration, m, seed):
    if configuration.get("output") == "softmax" and sizes[-1] == 1:
        sizes = [*sizes[:-1], 2]
    rng = np.random.default_rng(seed)
    net = Network(sizes, seed=seed, **configuration)
    X = rng.uniform(-1, 1, (sizes[0], m))
    Y = one_hot(rng.integers(0, sizes[-1], m), k=sizes[-1])
    compare_with_library(net, X, Y)


def test_network_cost_of_one_example_and_its_checks():
    net = Network([4, 3, 2], hidden="relu", output="softmax", cost="cross_entropy", seed=1)
    x, y = np.array([0.5, -1.0, 0.25, 2.0]), np.array([0.0, 1.0])
    cost, W = network_cost(net, x, y)
    cost.backward()
    library = net.backprop(x, y)
    assert cost.data == pytest.approx(library.cost, rel=1e-12)
    assert W[0] is None and W[1][2][3].grad == pytest.approx(library.W[1][2, 3], rel=1e-10, abs=1e-15)
    with pytest.raises(BackpropValueError, match="several examples"):
        network_cost(net, np.ones((4, 2)), np.ones((2, 2)) / 2)
    with pytest.raises(BackpropTypeError, match="net must be"):
        network_cost("net", x, y)


# The chapter's graph tools, widget, memory counts and matrix engine ---------------------------------


def test_paths_forward_mode_and_reverse_mode_agree_on_every_leaf():
    from backprop.graphs import count_paths, forward_mode, graph_size, path_product, paths

    x, y = Value(0.7, label="x"), Value(-1.3, label="y")
    p = x * y
    out = p.sigmoid() * p.tanh() + y / (x * x + 1.0) - (-x).exp()
    out.backward()
    size = graph_size(out)
    for leaf in (x, y):
        listed = paths(out, leaf)
        assert len(listed) == count_paths(out, leaf)
        assert sum(path_product(path) for path in listed) == pytest.approx(leaf.grad, rel=1e-12)
        forward = forward_mode(out, leaf)
        assert forward.derivative == pytest.approx(leaf.grad, rel=1e-12)
        assert forward.multiply_adds == size.edges
    assert count_paths(out, x) == 5  # through p (twice: σ and tanh), x·x (twice: both factors), −x
    with pytest.raises(BackpropValueError, match="not part of the graph"):
        paths(out, Value(1.0))
    with pytest.raises(BackpropTypeError, match="leaf must be a Value"):
        forward_mode(out, 1.0)


def test_backward_steps_record_the_pass_and_reproduce_the_two_bugs():
    from backprop.graphs import backward_steps, breadth_first_order, neuron_graph

    reference = neuron_graph(0.5, -1.0)
    reference.backward()
    expected = [n.grad for n in topological_order(reference)]
    C = neuron_graph(0.5, -1.0)
    steps = backward_steps(C)
    assert [s.node.label for s in steps] == ["C", "s₁", "u₁", "s₀", "e₀", "u₀", "a", "z", "x", "w"]
    assert steps[-1].grads == pytest.approx(expected, rel=1e-15)
    assert steps[0].grads == [None] * 6 + [1.0, None, 1.0, 1.0]  # after C's visit: C, s₀ and s₁ reached
    # a has heard from u₁ only after step 3: its partial sum is u₁'s contribution
    a_position = [n.label for n in topological_order(C)].index("a")
    assert steps[2].grads[a_position] == pytest.approx(steps[2].contributions[0][2])
    wrong = neuron_graph(0.5, -1.0)
    backward_steps(wrong, accumulate=False)
    a = next(n for n in topological_order(wrong) if n.label == "a")
    assert a.grad == pytest.approx(1.5 * steps[5].grad)  # only u₀'s wish, the last to arrive
    skip = Value(0.3) * 2.0
    inner = skip.sigmoid()
    f = inner.sigmoid() + skip
    order = breadth_first_order(f)
    assert order.index(skip) < order.index(inner)  # breadth-first visits h before a node that uses it
    with pytest.raises(BackpropValueError, match="every node of the graph exactly once"):
        backward_steps(f, order=order[:-1])


def test_layout_and_drawing():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backprop.graphs import NEURON_LAYOUT, draw_graph, layout, neuron_graph

    C = neuron_graph(1.0, 0.5)
    C.backward()
    positions = layout(C)
    assert positions[id(C)][0] == max(p[0] for p in positions.values())
    fig, (left, right) = plt.subplots(1, 2)
    draw_graph(left, C, NEURON_LAYOUT)
    draw_graph(right, C, grads=False, title="automatic layout")
    texts = [t.get_text() for t in left.texts]
    assert "a = σ" in texts and f"∂ {C.grad:+.3f}" in texts
    plt.close(fig)


def test_graph_widget_readout_follows_the_backward_pass():
    from backprop.graph_widget import GraphFigure, backward_explorer, signed
    from backprop.graphs import NEURON_LAYOUT, backward_steps, neuron_graph

    values = [-1.0, 0.5, 2.0]
    widget = backward_explorer(neuron_graph, [("input x", values), ("weight w", values)], NEURON_LAYOUT)
    assert repr(widget) == (
        "GraphFigure('The backward pass, one node at a time: pick the inputs, then step', 10 nodes, "
        "9 input settings)"
    )
    start = widget.select(2, 0, 0).readout
    assert start["step"] == "0 of 10" and start["∂C/∂x"] == "not reached yet"
    C = neuron_graph(2.0, -1.0)
    steps = backward_steps(C)
    for number, step in enumerate(steps, start=1):
        shown = widget.select(2, 0, number).readout
        assert shown["its gradient"] == f"∂C/∂{step.node.label} = {signed(step.grad)}"
    x, w = topological_order(C)[1], topological_order(C)[0]
    assert shown["∂C/∂x"] == signed(x.grad) and shown["∂C/∂w"] == signed(w.grad)
    assert shown["C"] == f"{C.data:.4f}"
    assert shown["sends to its inputs"] == "nothing: it is an input"
    after_z = widget.select(2, 0, 8).readout  # z has sent to x and w: both complete, not yet visited
    assert after_z["∂C/∂x"] == signed(x.grad) and widget.final(1)

    def square_plus(x):
        v = Value(x, label="x")
        p = v * v
        f = p + v
        p.label, f.label = "p", "f"
        return f

    twice = GraphFigure.build(
        "x used twice", square_plus, [("x", [3.0])], {"x": (0, 0), "p": (1, 0), "f": (2, 0)}
    )
    assert twice.select(0, 1).readout["∂C/∂x"] == "+1.0000 so far"  # f has sent, p has not yet
    assert not twice.final(0)
    assert twice.select(0, 2).readout["∂C/∂x"] == "+7.0000"
    with pytest.raises(BackpropValueError, match="expected 3 slider positions"):
        widget.select(1, 1)
    with pytest.raises(BackpropValueError, match=r"backward step has positions 0 … 10, got 11"):
        widget.select(0, 0, 11)
    with pytest.raises(BackpropValueError, match="every node needs its own label"):
        GraphFigure.build("unlabelled", lambda x: Value(x) * 2.0, [("x", [1.0])], {})


def test_stored_floats_and_checkpointing():
    from backprop.memory import checkpointed_backprop, stored_floats

    rng = np.random.default_rng(5)
    for configuration in CONFIGURATIONS:
        net = Network([7, 5, 4, 6, 5, 3], seed=1, **configuration)
        X, Y = rng.random((7, 9)), one_hot(rng.integers(0, 3, 9), k=3)
        assert stored_floats(net, X) == 9 * 2 * (5 + 4 + 6 + 5 + 3)
        library = net.backprop(X, Y)
        for every in (1, 2, 3, 4, 5, 9):
            run = checkpointed_backprop(net, X, Y, every)
            for l in range(1, net.L + 1):
                np.testing.assert_allclose(run.W[l], library.W[l], rtol=1e-12, atol=1e-15)
                np.testing.assert_allclose(run.b[l], library.b[l], rtol=1e-12, atol=1e-15)
            segments = len(range(every, net.L, every)) + 1
            assert run.layer_evaluations == 2 * net.L - segments
        assert checkpointed_backprop(net, X, Y, 1).peak_floats == stored_floats(net, X)
    with pytest.raises(BackpropValueError, match="every must be an integer ≥ 1"):
        checkpointed_backprop(net, X, Y, 0)


@pytest.mark.parametrize("configuration", CONFIGURATIONS, ids=lambda c: "-".join(c.values()) or "default")
def test_matrix_engine_gives_the_library_gradient(configuration):
    from backprop.tensor import graph_nodes, network_tensor_graph

    rng = np.random.default_rng(6)
    net = Network([6, 5, 4, 3], seed=2, **configuration)
    X, Y = rng.random((6, 8)), one_hot(rng.integers(0, 3, 8), k=3)
    graph = network_tensor_graph(net, X, Y)
    graph.cost.backward()
    library = net.backprop(X, Y)
    assert float(graph.cost.data) == pytest.approx(library.cost, rel=1e-12)
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(graph.W[l].grad, library.W[l], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(graph.b[l].grad, library.b[l], rtol=1e-10, atol=1e-14)
    assert graph_nodes(graph.cost) < 30


def test_matrix_engine_refuses_what_it_cannot_do():
    from backprop.tensor import Tensor

    A = Tensor(np.ones((2, 3)))
    with pytest.raises(BackpropValueError, match="backward starts from a number"):
        A.backward()
    with pytest.raises(BackpropValueError, match="squares only"):
        A**3
    with pytest.raises(BackpropTypeError, match="combines with a Tensor, a number or an array"):
        A + "1"
    total = (np.ones((2, 3)) * A).sum()  # an array on the left defers to the Tensor
    total.backward()
    assert np.array_equal(A.grad, np.ones((2, 3)))
