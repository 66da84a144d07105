"""A tiny reverse-mode automatic differentiation of scalars, to compare with backpropagation.

Each `Value` remembers the values it was computed from and the local derivative with
respect to each. `backward()` visits the graph from the output back to the inputs and
applies the chain rule at every node: nothing in it knows about layers or networks.
"""

from __future__ import annotations

import math


class Value:
    """A number that records how it was computed."""

    def __init__(self, data: float, parents: tuple = (), local_grads: tuple = ()) -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads

    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def __sub__(self, other: Value | float) -> Value:
        return self + (-1.0) * other

    def __pow__(self, exponent: float) -> Value:
        return Value(self.data**exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def sigmoid(self) -> Value:
        s = 1 / (1 + math.exp(-self.data))
        return Value(s, (self,), (s * (1 - s),))

    def backward(self) -> None:
        """Fill `grad` of every value this one depends on with d(self)/d(value)."""
        order, seen = [], set()

        def visit(node: Value) -> None:
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    def __repr__(self) -> str:
        return f"Value({self.data:.6g}, grad={self.grad:.6g})"


def network_cost(net, x, y) -> tuple[Value, list]:
    """The quadratic cost of one example through `net`, computed with Values.

    Returns the cost and the weights as nested lists of Values, W[l][j][k] (W[0] is None),
    whose `grad` is filled by `cost.backward()`.
    """
    W = [None] + [[[Value(w) for w in row] for row in net.W[l]] for l in range(1, net.L + 1)]
    b = [None] + [[Value(v) for v in net.b[l][:, 0]] for l in range(1, net.L + 1)]
    a = [Value(v) for v in x]
    for l in range(1, net.L + 1):
        a = [
            sum((w * a_k for w, a_k in zip(W[l][j], a, strict=True)), b[l][j]).sigmoid()
            for j in range(len(b[l]))
        ]
    cost = sum((a_j - y_j) ** 2 for a_j, y_j in zip(a, y, strict=True))
    return cost, W
