"""Reverse-mode automatic differentiation of scalars: the engine chapter 6 builds.

A `Value` is a number that remembers how it was computed: the Values it came from (its
parents) and the local derivative of the result with respect to each. `backward()` visits the
graph from the output back to the inputs in reverse topological order and applies the chain
rule at every node, *adding* each contribution into the parent's `grad`: a value used by
several operations collects one contribution from each. Nothing in it knows about layers or
networks; `network_graph` writes a whole network's cost with Values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import BackpropTypeError, BackpropValueError, NotFiniteError
from .validation import check_batch, check_example, check_network, check_real, describe

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _number(c: float) -> str:
    """A constant as an operation's label shows it: 2, −1.5, 0.001."""
    return f"{c:g}".replace("-", "−")


class Value:
    """A number that records how it was computed.

    data:        the number
    grad:        d(output)/d(this value) after `output.backward()`; 0 before
    parents:     the Values this one was computed from (none for an input)
    local_grads: ∂(this value)/∂(parent), one per parent, computed with the value itself
    op:          the operation, as the book writes it ("×", "+", "σ", "· − 1", …; "" for an input)
    label:       an optional name ("w", "z", …), for tables and pictures
    """

    __slots__ = ("data", "grad", "parents", "local_grads", "op", "label")

    def __init__(
        self, data: float, parents: tuple = (), local_grads: tuple = (), op: str = "", label: str = ""
    ) -> None:
        if not isinstance(parents, (tuple, list)) or not all(isinstance(p, Value) for p in parents):
            raise BackpropTypeError(f"parents must be a tuple of Values, got {describe(parents)}")
        if not isinstance(local_grads, (tuple, list)) or len(local_grads) != len(parents):
            raise BackpropValueError(
                f"local_grads must hold one derivative per parent ({len(parents)}), "
                f"got {describe(local_grads)}"
            )
        if not isinstance(op, str) or not isinstance(label, str):
            raise BackpropTypeError(f"op and label must be strings, got {describe(op)} and {describe(label)}")
        self.data = check_real(data, "the data of a Value")
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(check_real(g, "each local gradient") for g in local_grads)
        self.op = op
        self.label = label

    @classmethod
    def _result(cls, data: float, parents: tuple, local_grads: tuple, op: str, expression: str) -> Value:
        """The Value an operation computed, which must be a finite real number (its inputs were)."""
        if not isinstance(data, float) or not math.isfinite(data):
            raise NotFiniteError(f"{expression} is {data!r}, not a finite real number")
        if not all(math.isfinite(g) for g in local_grads):
            raise NotFiniteError(f"the derivative of {expression} is not finite")
        value = cls.__new__(cls)
        value.data, value.grad, value.parents, value.local_grads = data, 0.0, parents, local_grads
        value.op, value.label = op, ""
        return value

    @staticmethod
    def _constant(other, operation: str) -> float:
        """The other operand when it is not a Value: a finite number (not a bool, a string or an array)."""
        return check_real(other, f"the number to {operation}")

    # + − × ÷ with a Value or a number on either side --------------------------------------------

    def __add__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return self._result(
                self.data + other.data, (self, other), (1.0, 1.0), "+", f"{self.data!r} + {other.data!r}"
            )
        c = self._constant(other, "add")
        return self._result(self.data + c, (self,), (1.0,), f"· + {_number(c)}", f"{self.data!r} + {c!r}")

    __radd__ = __add__

    def __sub__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return self._result(
                self.data - other.data, (self, other), (1.0, -1.0), "−", f"{self.data!r} - {other.data!r}"
            )
        c = self._constant(other, "subtract")
        return self._result(self.data - c, (self,), (1.0,), f"· − {_number(c)}", f"{self.data!r} - {c!r}")

    def __rsub__(self, other: float) -> Value:
        c = self._constant(other, "subtract")
        return self._result(c - self.data, (self,), (-1.0,), f"{_number(c)} − ·", f"{c!r} - {self.data!r}")

    def __neg__(self) -> Value:
        return self._result(-self.data, (self,), (-1.0,), "−·", f"-{self.data!r}")

    def __mul__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return self._result(
                self.data * other.data,
                (self, other),
                (other.data, self.data),
                "×",
                f"{self.data!r} * {other.data!r}",
            )
        c = self._constant(other, "multiply")
        return self._result(self.data * c, (self,), (c,), f"{_number(c)} × ·", f"{self.data!r} * {c!r}")

    __rmul__ = __mul__

    def __truediv__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            b = other.data
            if b == 0:
                raise BackpropValueError(f"cannot divide {self.data!r} by a Value equal to 0")
            # For a tiny b, 1/b² is infinite although a/b may not be: _result then refuses it.
            local = (1.0 / b, -self.data / b / b)
            return self._result(self.data / b, (self, other), local, "÷", f"{self.data!r} / {b!r}")
        c = self._constant(other, "divide by")
        if c == 0:
            raise BackpropValueError(f"cannot divide {self.data!r} by 0")
        return self._result(self.data / c, (self,), (1.0 / c,), f"· ÷ {_number(c)}", f"{self.data!r} / {c!r}")

    def __rtruediv__(self, other: float) -> Value:
        c = self._constant(other, "divide")
        b = self.data
        if b == 0:
            raise BackpropValueError(f"cannot divide {c!r} by a Value equal to 0")
        return self._result(c / b, (self,), (-c / b / b,), f"{_number(c)} ÷ ·", f"{c!r} / {b!r}")

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
            data = float(x**exponent)
            local = 0.0 if exponent == 0 else float(exponent * x ** (exponent - 1))
        except (OverflowError, ZeroDivisionError):
            raise NotFiniteError(f"{expression} overflows: the result is too large for a float") from None
        if exponent.is_integer() and abs(exponent) < 10:
            op = "·" + str(int(exponent)).translate(SUPERSCRIPT)
        else:
            op = f"· ** {_number(exponent)}"
        return self._result(data, (self,), (local,), op, expression)

    # Functions of one Value -----------------------------------------------------------------------

    def exp(self) -> Value:
        """e^x, whose derivative is e^x itself."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise NotFiniteError(
                f"exp({self.data!r}) overflows: the result is too large for a float"
            ) from None
        return self._result(e, (self,), (e,), "exp", f"exp({self.data!r})")

    def log(self) -> Value:
        """The natural logarithm, defined for x > 0, with derivative 1/x."""
        if self.data <= 0:
            raise BackpropValueError(f"log({self.data!r}) is not a real number: the logarithm needs x > 0")
        return self._result(math.log(self.data), (self,), (1.0 / self.data,), "log", f"log({self.data!r})")

    def tanh(self) -> Value:
        """tanh(x), with tanh′ = 1 − tanh²."""
        t = math.tanh(self.data)
        return self._result(t, (self,), (1.0 - t * t,), "tanh", f"tanh({self.data!r})")

    def sigmoid(self) -> Value:
        """σ(x) = 1 / (1 + e^(−x)), with σ′ = σ(1 − σ), exact for any finite x.

        Both come from e^(−|x|), which never overflows: σ′ is computed as e^(−|x|)/(1 + e^(−|x|))²,
        not as σ(1 − σ), which loses every digit when σ rounds to 1.
        """
        e = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return self._result(s, (self,), (e / (1.0 + e) ** 2,), "σ", f"sigmoid({self.data!r})")

    def relu(self) -> Value:
        """max(0, x); its derivative is 1 for x > 0 and 0 otherwise (0 at x = 0, a convention)."""
        positive = self.data > 0
        return self._result(
            self.data if positive else 0.0,
            (self,),
            (1.0 if positive else 0.0,),
            "ReLU",
            f"relu({self.data!r})",
        )

    # The backward pass ----------------------------------------------------------------------------

    def backward(self) -> None:
        """Set `grad` of every Value this one depends on to d(self)/d(value).

        Every grad in the graph is first set to 0 (so calling it twice gives the same numbers),
        then self.grad = 1, and the nodes are visited from this one back to the inputs; each
        adds local derivative × its own grad into each parent's grad.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"


def topological_order(output: Value) -> list[Value]:
    """Every Value `output` depends on, each after all of its parents; `output` comes last.

    A depth-first search that appends a node once all its parents are in the list. It runs
    without recursion, because a long sum is a deep graph; a node reached along two paths is
    listed once.
    """
    if not isinstance(output, Value):
        raise BackpropTypeError(f"output must be a Value, got {describe(output)}")
    return parents_first(output)


def parents_first(output) -> list:
    """Every node `output` depends on (anything with `.parents`), each after all its parents."""
    order, seen = [], {id(output)}
    stack = [(output, iter(output.parents))]
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
    return order


# A whole network as a graph of Values ---------------------------------------------------------------


@dataclass
class NetworkGraph:
    """A network's average cost over a batch, written with Values.

    cost: the average cost C over the examples, a Value; `cost.backward()` fills the grads
    W[l][j][k], b[l][j]: the parameters as Values (index 0 is None), shared by every example
    X[i][k]: the inputs x_k of example i, as Values (their grads are ∂C/∂x_k)
    """

    cost: Value
    W: list
    b: list
    X: list


def _layer(l: int) -> str:
    """⁽ˡ⁾ for a layer number: ⁽¹⁾, ⁽²⁾, …"""
    return "⁽" + str(l).translate(SUPERSCRIPT) + "⁾"


def _activation(values: list[Value], name: str) -> list[Value]:
    """One layer's activation, applied to its weighted inputs z_j (as Values)."""
    if name == "sigmoid":
        return [z.sigmoid() for z in values]
    if name == "relu":
        return [z.relu() for z in values]
    if name == "linear":
        return list(values)
    if name == "softmax":
        # softmax(z) = softmax(z − c) for every constant c; c = max z keeps every e^(z_j − c) ≤ 1.
        largest = max(z.data for z in values)
        exps = [(z - largest).exp() for z in values]
        total = sum(exps[1:], exps[0])
        return [e / total for e in exps]
    raise BackpropValueError(f"network_graph has no rule for the activation {name!r}")  # pragma: no cover


def _example_cost(z: list[Value], a: list[Value], y, cost: str) -> Value:
    """C_x of one example from its output layer's z and a = σ(z), as in backprop.costs."""
    if cost == "quadratic":
        squares = [(a_j - float(y_j)) ** 2 for a_j, y_j in zip(a, y, strict=True)]
        return sum(squares[1:], squares[0])
    if cost == "cross_entropy":
        # −Σ y_j log softmax(z)_j, written with log-sum-exp: exact where softmax rounds to 0.
        largest = max(z_j.data for z_j in z)
        exps = [(z_j - largest).exp() for z_j in z]
        log_total = sum(exps[1:], exps[0]).log()
        terms = [float(y_j) * (z_j - largest - log_total) for z_j, y_j in zip(z, y, strict=True) if y_j != 0]
        return -sum(terms[1:], terms[0])
    raise BackpropValueError(f"network_graph has no rule for the cost {cost!r}")  # pragma: no cover


def network_graph(net, X, Y) -> NetworkGraph:
    """The network's average cost over the examples (columns) of X and Y, built from Values.

    Follows the network's configuration: its hidden activation (sigmoid, ReLU or linear), its
    output activation (sigmoid, ReLU, linear or softmax) and its cost (quadratic, or
    cross-entropy with softmax, computed from z as the library does). Every parameter is one
    Value shared by all the examples, so `cost.backward()` adds up their contributions.
    """
    check_network(net)
    X, Y = check_batch(net, X, Y)
    return _network_graph(net, X, Y)


def _network_graph(net, X, Y) -> NetworkGraph:
    L, m = net.L, X.shape[1]
    names = [activation.name for activation in net.activations[1:]]
    W = [None] + [
        [
            [Value(float(w), label=f"w{_layer(l)}_{j},{k}") for k, w in enumerate(row)]
            for j, row in enumerate(net.W[l])
        ]
        for l in range(1, L + 1)
    ]
    b = [None] + [
        [Value(float(v), label=f"b{_layer(l)}_{j}") for j, v in enumerate(net.b[l][:, 0])]
        for l in range(1, L + 1)
    ]
    inputs, costs = [], []
    for i in range(m):
        a = [Value(float(v), label=f"x_{k}") for k, v in enumerate(X[:, i])]
        inputs.append(a)
        for l in range(1, L + 1):
            z = [sum((w * a_k for w, a_k in zip(W[l][j], a, strict=True)), b[l][j]) for j in range(len(b[l]))]
            a = _activation(z, names[l - 1])
        costs.append(_example_cost(z, a, Y[:, i], net.cost_function.name))
    total = sum(costs[1:], costs[0])
    return NetworkGraph(total if m == 1 else total / float(m), W, b, inputs)


def network_cost(net, x, y) -> tuple[Value, list]:
    """The cost C_x of one example through `net`, computed with Values.

    x is one example (n_0 numbers) and y its target (n_L numbers). Follows the network's
    activations and cost, as `network_graph` does. Returns the cost and the weights as nested
    lists of Values, W[l][j][k] (W[0] is None), whose `grad` is filled by `cost.backward()`.
    """
    check_network(net)
    x, y = check_example(net, x, y)
    graph = _network_graph(net, x.reshape(-1, 1), y.reshape(-1, 1))
    return graph.cost, graph.W
