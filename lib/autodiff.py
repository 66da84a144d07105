"""A tiny reverse-mode automatic differentiation of scalars, to compare with backpropagation.

Each `Value` remembers the values it was computed from and the local derivative with
respect to each. `backward()` visits the graph from the output back to the inputs and
applies the chain rule at every node: nothing in it knows about layers or networks.
"""

from __future__ import annotations

import math

from .errors import BackpropTypeError, BackpropValueError, NotFiniteError
from .validation import check_example, check_network, check_real, describe


class Value:
    """A number that records how it was computed."""

    def __init__(self, data: float, parents: tuple = (), local_grads: tuple = ()) -> None:
        if not isinstance(parents, (tuple, list)) or not all(isinstance(p, Value) for p in parents):
            raise BackpropTypeError(f"parents must be a tuple of Values, got {describe(parents)}")
        if not isinstance(local_grads, (tuple, list)) or len(local_grads) != len(parents):
            raise BackpropValueError(
                f"local_grads must hold one derivative per parent ({len(parents)}), "
                f"got {describe(local_grads)}"
            )
        self.data = check_real(data, "the data of a Value")
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(check_real(g, "each local gradient") for g in local_grads)

    @classmethod
    def _result(cls, data: float, parents: tuple, local_grads: tuple, expression: str) -> Value:
        """The Value an operation computed, which must be a finite real number (its inputs were)."""
        if not isinstance(data, float) or not math.isfinite(data):
            raise NotFiniteError(f"{expression} is {data!r}, not a finite real number")
        if not all(math.isfinite(g) for g in local_grads):
            raise NotFiniteError(f"the derivative of {expression} is not finite")
        value = cls.__new__(cls)
        value.data, value.grad, value.parents, value.local_grads = data, 0.0, parents, local_grads
        return value

    @staticmethod
    def _operand(other, operation: str) -> Value:
        """The other operand as a Value: a Value, or a finite number (not a bool, a string or an array)."""
        return other if isinstance(other, Value) else Value(check_real(other, f"the number to {operation}"))

    def __add__(self, other: Value | float) -> Value:
        other = self._operand(other, "add")
        return self._result(
            self.data + other.data, (self, other), (1.0, 1.0), f"{self.data!r} + {other.data!r}"
        )

    __radd__ = __add__

    def __mul__(self, other: Value | float) -> Value:
        other = self._operand(other, "multiply")
        return self._result(
            self.data * other.data, (self, other), (other.data, self.data), f"{self.data!r} * {other.data!r}"
        )

    __rmul__ = __mul__

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | float) -> Value:
        return self + (-1.0) * self._operand(other, "subtract")

    def __rsub__(self, other: float) -> Value:
        return self._operand(other, "subtract") + (-1.0) * self

    def __truediv__(self, other: Value | float) -> Value:
        other = self._operand(other, "divide")
        if other.data == 0:
            raise BackpropValueError(f"cannot divide {self.data!r} by a Value equal to 0")
        return self * other**-1.0

    def __rtruediv__(self, other: float) -> Value:
        return self._operand(other, "divide") / self

    def __pow__(self, exponent: float) -> Value:
        if isinstance(exponent, Value):
            raise BackpropTypeError("the exponent of a Value must be a plain number, not a Value")
        exponent = check_real(exponent, "the exponent")
        x, expression = self.data, f"{self.data!r} ** {exponent!r}"
        if x < 0 and not exponent.is_integer():
            raise BackpropValueError(
                f"{expression} is not a real number (a negative base, a fractional exponent)"
            )
        if x == 0 and exponent < 1 and exponent != 0:
            raise BackpropValueError(
                f"{expression}: the derivative of x ** {exponent!r} at x = 0 is infinite"
            )
        try:
            data = x**exponent
            local = 0.0 if exponent == 0 else exponent * x ** (exponent - 1)
        except OverflowError:
            raise NotFiniteError(f"{expression} overflows: the result is too large for a float") from None
        return self._result(data, (self,), (local,), expression)

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e^(−x)), with σ′ = σ(1 − σ) as the local derivative."""
        if self.data > -700:
            s = 1 / (1 + math.exp(-self.data))
        else:  # e^(−x) would overflow: the same σ from e^x, which is tiny
            e = math.exp(self.data)
            s = e / (1 + e)
        return self._result(s, (self,), (s * (1 - s),), f"sigmoid({self.data!r})")

    def backward(self) -> None:
        """Fill `grad` of every value this one depends on with d(self)/d(value)."""
        # Depth-first, parents before children, without recursion: a long sum is a deep graph.
        order, seen = [], {id(self)}
        stack = [(self, iter(self.parents))]
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, iter(parent.parents)))
                    break
            else:
                stack.pop()
                order.append(node)
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    def __repr__(self) -> str:
        return f"Value({self.data:.6g}, grad={self.grad:.6g})"


def network_cost(net, x, y) -> tuple[Value, list]:
    """The quadratic cost of one example through `net`, computed with Values.

    `net` must have sigmoid layers and the quadratic cost (the only ones written here with
    Values); x is one example (n_0 numbers) and y its target (n_L numbers).
    Returns the cost and the weights as nested lists of Values, W[l][j][k] (W[0] is None),
    whose `grad` is filled by `cost.backward()`.
    """
    check_network(net)
    names = {activation.name for activation in net.activations[1:]}
    if names != {"sigmoid"} or net.cost_function.name != "quadratic":
        raise BackpropValueError(
            f"network_cost follows sigmoid layers and the quadratic cost, got {net!r}; "
            f"build the network with Network(sizes) (the defaults)"
        )
    x, y = check_example(net, x, y)
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
