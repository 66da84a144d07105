"""Chapter 6's checkers: each accepts the reference solution, names the mistake in plausible wrong
answers, and turns malformed returns into a sentence, never a crash."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.autodiff import Value, network_graph, topological_order
from backprop.exercises_autodiff import (
    Feedback,
    check_backward,
    check_division_rule,
    check_topological_order,
    check_training,
)
from backprop.exercises_solutions import division_backward, my_topological_order, train_with_engine


def verdict(feedback: Feedback) -> str:
    assert isinstance(feedback, Feedback)
    return repr(feedback)


# 6.3 the backward rule of division ------------------------------------------------------------------


def test_division_rule_accepts_the_reference():
    assert verdict(check_division_rule(division_backward)) == (
        "✓ division_backward agrees with the rule on all 3 test cases."
    )
    assert check_division_rule(lambda a, b, g: np.array([g / b, -g * a / b**2]))  # an array of two is fine


@pytest.mark.parametrize(
    "wrong,message",
    [
        (
            lambda a, b, g: (g / b, g * a / b**2),
            "✗ for a = 3, b = 2, grad = 1: expected (0.5, -0.75), got (0.5, 0.75). "
            "The sign of the second is wrong: ∂(a/b)/∂b = −a/b².",
        ),
        (
            lambda a, b, g: (1 / b, -a / b**2),
            "✗ for a = -1.5, b = 0.4, grad = 0.7: expected (1.75, 6.5625), got (2.5, 9.375). Those are the "
            "local derivatives alone: multiply each by grad, the gradient arriving from the output "
            "(the chain rule).",
        ),
        (
            lambda a, b, g: (g / b, -g / b**2),
            "✗ for a = 3, b = 2, grad = 1: expected (0.5, -0.75), got (0.5, -0.25). "
            "∂(a/b)/∂b = −a/b²: the factor a is missing.",
        ),
        (
            lambda a, b, g: (g / b, -g * a / b),
            "✗ for a = 3, b = 2, grad = 1: expected (0.5, -0.75), got (0.5, -1.5). "
            "∂(a/b)/∂b = −a/b²: b must be squared.",
        ),
        (
            lambda a, b, g: (-g * a / b**2, g / b),
            "✗ for a = 3, b = 2, grad = 1: expected (0.5, -0.75), got (-0.75, 0.5). "
            "The two are swapped: return ∂C/∂a first, then ∂C/∂b.",
        ),
        (
            lambda a, b, g: (g * b, -g * a * b**2),
            "✗ for a = 3, b = 2, grad = 1: expected (0.5, -0.75), got (2, -12). "
            "You multiplied by b where the rule divides by it.",
        ),
        (
            lambda a, b, g: (g / b, 0.0),
            "✗ for a = 3, b = 2, grad = 1: expected (0.5, -0.75), got (0.5, 0).",
        ),
    ],
)
def test_division_rule_names_the_mistake(wrong, message):
    assert verdict(check_division_rule(wrong)) == message


@pytest.mark.parametrize(
    "returned,message",
    [
        (None, "✗ division_backward returned None: did you forget `return`?"),
        (0.5, "✗ division_backward returned float; it must return two numbers, (∂C/∂a, ∂C/∂b)."),
        (
            (0.5, -0.75, 0.0),
            "✗ division_backward returned 3 values; it must return two numbers, (∂C/∂a, ∂C/∂b).",
        ),
        (("0.5", -0.75), "✗ division_backward returned '0.5' (str) where a number is due."),
        (
            (Value(0.5), -0.75),
            "✗ division_backward returned Value(0.5, grad=0) (Value) where a number is due.",
        ),
        ((True, -0.75), "✗ division_backward returned True (bool) where a number is due."),
        (
            (np.array([1.0, 2.0]), -0.75),
            "✗ division_backward returned array([1., 2.]) (ndarray) where a number is due.",
        ),
    ],
)
def test_division_rule_explains_malformed_returns(returned, message):
    def division_backward(a, b, grad):
        return returned

    assert verdict(check_division_rule(division_backward)) == message


def test_checkers_report_unwritten_failing_and_non_callable_solutions():
    def division_backward(a, b, grad):
        raise NotImplementedError

    assert verdict(check_division_rule(division_backward)) == (
        "✗ division_backward is not written yet: replace the `raise NotImplementedError` line."
    )
    assert verdict(check_division_rule(lambda a, b, g: a / 0)) == (
        "✗ division_backward raised ZeroDivisionError: float division by zero"
    )
    assert verdict(check_division_rule(3)) == (
        "✗ pass the function itself, e.g. check(…, division_backward), not 3"
    )
    assert (
        verdict(check_backward("backward"))
        == "✗ pass the function itself, e.g. check(…, backward), not 'backward'"
    )
    assert verdict(check_topological_order(None)) == (
        "✗ pass the function itself, e.g. check(…, topological_order), not None"
    )
    assert (
        verdict(check_training([])) == "✗ pass the function itself, e.g. check(…, train_with_engine), not []"
    )


# 6.4 the missing += ------------------------------------------------------------------------------------


def backward(output):
    order = topological_order(output)
    for node in order:
        node.grad = 0.0
    output.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad


def test_backward_accepts_the_reference_and_the_library():
    message = "✓ backward gives the right gradient of every node on all 4 graphs."
    assert verdict(check_backward(backward)) == message
    assert verdict(check_backward(lambda output: output.backward())) == message


def test_backward_uses_the_readers_own_function_name():
    def my_backward(output):
        output.backward()

    assert verdict(check_backward(my_backward)) == (
        "✓ my_backward gives the right gradient of every node on all 4 graphs."
    )


def test_backward_finds_the_missing_plus_equals_in_the_chapters_dictionary_version():
    def backward(output):  # exercise 6.4 as printed in the chapter
        grads = {id(output): 1.0}
        order = topological_order(output)
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                grads[id(parent)] = local * grads[id(node)]
        for node in order:
            node.grad = grads.get(id(node), 0.0)

    assert verdict(check_backward(backward)) == (
        "✗ on f = x·x + x at x = 3: ∂f/∂x should be 7, got 3 (1 of 3 gradients wrong). The nodes that went "
        "wrong are exactly those used by more than one operation: each use sends its own contribution, and "
        "the gradient must collect all of them."
    )


def test_backward_names_a_wrong_order_a_missing_seed_and_a_missing_reset():
    def breadth_first(output):
        from backprop.graphs import backward_steps, breadth_first_order

        backward_steps(output, order=breadth_first_order(output))

    assert verdict(check_backward(breadth_first)) == (
        "✗ on f = σ(σ(2x)) + 2x at x = 0.3: ∂f/∂x should be 2.10325, got 2 (1 of 5 gradients wrong). A node "
        "was visited before every node that uses it had sent its contribution: visit the nodes in reverse "
        "topological order."
    )

    def unseeded(output):
        order = topological_order(output)
        for node in order:
            node.grad = 0.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    assert verdict(check_backward(unseeded)) == (
        "✗ on f = x·x + x at x = 3: ∂f/∂x should be 7, got 0 (3 of 3 gradients wrong). Every gradient is 0: "
        "start the backward pass with output.grad = 1."
    )

    def no_reset(output):
        output.grad = 1.0
        for node in reversed(topological_order(output)):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    assert verdict(check_backward(no_reset)) == (
        "✗ on f = x·x + x at x = 3, a second call of backward changed the gradients: set every grad to 0 "
        "before the pass, or they add up over the calls."
    )


def test_backward_explains_other_wrong_answers_and_failures():
    def doubled(output):
        output.backward()
        for node in topological_order(output):
            node.grad *= 2

    assert verdict(check_backward(doubled)) == (
        "✗ on f = x·x + x at x = 3: ∂f/∂x should be 7, got 14 (3 of 3 gradients wrong)."
    )
    assert verdict(check_backward(lambda output: output.nonexistent())) == (
        "✗ backward raised AttributeError: 'Value' object has no attribute 'nonexistent'"
    )


# 6.5 topological order ---------------------------------------------------------------------------------


def test_topological_order_accepts_the_reference_and_the_library():
    assert verdict(check_topological_order(my_topological_order)) == (
        "✓ my_topological_order orders all 5 graphs correctly."
    )
    assert verdict(check_topological_order(topological_order)) == (
        "✓ topological_order orders all 5 graphs correctly."
    )


def test_topological_order_accepts_any_valid_order():
    def kahn(output):  # Kahn's algorithm: a different valid order from depth-first search
        nodes = my_topological_order(output)
        waiting = {id(n): len({id(p) for p in n.parents}) for n in nodes}
        users = {id(n): [] for n in nodes}
        for n in nodes:
            for p in {id(p): p for p in n.parents}.values():
                users[id(p)].append(n)
        ready = [n for n in nodes if not n.parents][::-1]
        order = []
        while ready:
            node = ready.pop()
            order.append(node)
            for user in users[id(node)]:
                waiting[id(user)] -= 1
                if waiting[id(user)] == 0:
                    ready.append(user)
        return order

    assert check_topological_order(kahn)


def test_topological_order_names_the_mistakes():
    def recursive(output):
        order, seen = [], set()

        def place(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    place(parent)
                order.append(node)

        place(output)
        return order

    assert verdict(check_topological_order(recursive)) == (
        "✗ recursive raised RecursionError: a recursive search goes as deep as the graph, and Python stops "
        "at a depth of about a thousand. Keep your own stack of nodes to visit instead."
    )

    def without_seen(output):
        order, stack = [], [(output, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            else:
                stack.append((node, True))
                stack.extend((parent, False) for parent in reversed(node.parents))
        return order

    assert verdict(check_topological_order(without_seen)) == (
        "✗ on f = x·x + x, node 'x' is listed 3 times: a node reached along several paths must be listed "
        "once (remember the nodes already seen)."
    )
    assert verdict(check_topological_order(lambda output: my_topological_order(output)[::-1])) == (
        "✗ on f = x·x + x, the output comes first: that is the order of the backward pass. Return the "
        "topological order itself, inputs first and the output last."
    )
    assert verdict(check_topological_order(lambda output: my_topological_order(output)[1:])) == (
        "✗ on f = x·x + x, 1 of the 3 nodes are missing, e.g. 'x': follow the parents of every node, down "
        "to the inputs."
    )

    def breadth_first_reversed(output):
        from backprop.graphs import breadth_first_order

        return breadth_first_order(output)[::-1]

    assert verdict(check_topological_order(breadth_first_reversed)) == (
        "✗ on f = σ(x·y)·tanh(x·y) + y, 'p' comes before its parent 'y': a node may be listed only once all "
        "its parents are."
    )


@pytest.mark.parametrize(
    "returned,message",
    [
        (None, "✗ order returned None: did you forget `return`?"),
        (5, "✗ order returned int; it must return a list of the graph's nodes."),
        ({1: 2}, "✗ order returned dict; it must return a list of the graph's nodes."),
        (
            [1.0, 2.0],
            "✗ order returned a list holding 1.0 (float); it must hold the nodes (Values) themselves.",
        ),
        ([Value(1.0)], "✗ on f = x·x + x, Value(1, grad=0) is not a node of the graph."),
    ],
)
def test_topological_order_explains_malformed_returns(returned, message):
    def order(output):
        return returned

    assert verdict(check_topological_order(order)) == message


def test_topological_order_reports_a_labelless_node_by_its_operation():
    def with_outsider(output):
        return [*my_topological_order(output), Value(2.0) * 3]

    assert verdict(check_topological_order(with_outsider)) == (
        "✗ on f = x·x + x, '3 × ·' is not a node of the graph."
    )


# 6.7 training with the reader's engine ---------------------------------------------------------------------


def test_training_accepts_the_reference():
    assert verdict(check_training(train_with_engine)) == (
        "✓ train_with_engine takes the same steps as the library on both networks, to 1e-9."
    )


def variant(*, total=False, sign=1.0, keep=False, count=None):
    """The reference with one plausible mistake: a summed cost, a step uphill, gradients kept, …"""

    def train(net, X, Y, eta, steps):
        m = X.shape[1]
        kept = None
        for _ in range(steps if count is None else count):
            graph = network_graph(net, X, Y)
            graph.cost.backward()
            grads = [(np.array([[w.grad for w in row] for row in graph.W[l]]),
                      np.array([[b.grad] for b in graph.b[l]])) for l in range(1, net.L + 1)]  # fmt: skip
            if keep:
                kept = (
                    grads
                    if kept is None
                    else [(a + c, b + d) for (a, b), (c, d) in zip(kept, grads, strict=True)]
                )
                grads = kept
            for l, (gW, gb) in enumerate(grads, start=1):
                scale = m if total else 1.0
                net.W[l] -= sign * eta * scale * gW
                net.b[l] -= sign * eta * scale * gb

    return train


@pytest.mark.parametrize(
    "wrong,explanation",
    [
        (
            variant(total=True),
            "You added the examples' gradients: the cost C is the average over the examples, so divide by "
            "the number of examples (or build the cost as the mean).",
        ),
        (variant(sign=-1.0), "The parameters moved uphill: subtract η times the gradient."),
        (
            variant(keep=True),
            "The steps grew from one step to the next: the gradients of the previous steps were still in "
            "`grad`. Set them to 0 before every backward pass, or build fresh Values each step.",
        ),
        (variant(count=1), "Only one step was taken: repeat the step `steps` times."),
        (variant(count=0), "The parameters did not change: update net.W[l] and net.b[l] in place."),
    ],
)
def test_training_names_the_mistake(wrong, explanation):
    message = verdict(check_training(wrong))
    assert message.startswith(
        "✗ on the [2, 3, 1] network, after 15 steps with η = 2 the parameters differ from "
    )
    assert message.endswith(explanation)


def test_training_explains_malformed_results():
    def replaced(net, X, Y, eta, steps):
        net.W[1] = [[0.0]]

    assert verdict(check_training(replaced)) == (
        "✗ after replaced, net.W and net.b no longer hold arrays of the parameters' shapes: update them in "
        "place (net.W[l][j, k] -= …) or assign arrays of the same shape."
    )

    def exploded(net, X, Y, eta, steps):
        net.W[1] *= np.inf

    assert verdict(check_training(exploded)) == "✗ after exploded, some parameters are NaN or infinite."

    def half_step(net, X, Y, eta, steps):
        train_with_engine(net, X, Y, eta / 2, steps)

    message = verdict(check_training(half_step))
    assert message.startswith("✗ on the [2, 3, 1] network, after 15 steps with η = 2 the parameters differ")
    assert message.endswith(".")
