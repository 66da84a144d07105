"""Reverse-mode automatic differentiation with matrices as nodes: backpropagation, derived.

A `Tensor` is the `Value` of backprop.autodiff with a numpy array inside. Its local derivative
would be a Jacobian, far too large to store (the product W A of the digit network's first
layer has a Jacobian of 16·m × 12,544 numbers), so each node stores instead a *rule*: given
∂C/∂(this node), return ∂C/∂(parent) — a vector–Jacobian product. For Z = W A the rules are
∂C/∂W = G Aᵀ and ∂C/∂A = Wᵀ G, for a = σ(z) it is G ⊙ σ′(z): the equations of
backpropagation, which the engine applies to whatever graph the forward pass built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import _relu_prime, _sigmoid, _softmax
from .autodiff import parents_first
from .costs import _log_softmax
from .errors import BackpropTypeError, BackpropValueError
from .validation import check_batch, check_network, describe

Rule = Callable[[np.ndarray], np.ndarray]


class Tensor:
    """An array that records how it was computed.

    data:    the array (or a 0-d array for a number such as the cost)
    grad:    ∂(output)/∂(this array) after `output.backward()`, an array of the same shape
    parents: the Tensors this one was computed from
    rules:   one function per parent: ∂C/∂(this) ↦ its contribution to ∂C/∂(parent)
    op:      the operation's name
    """

    __slots__ = ("data", "grad", "parents", "rules", "op", "label")
    __array_ufunc__ = None  # array * Tensor calls Tensor.__rmul__, not numpy's elementwise loop

    def __init__(self, data, parents: tuple = (), rules: tuple = (), op: str = "", label: str = "") -> None:
        self.data = np.asarray(data, dtype=float)
        self.grad = np.zeros_like(self.data)
        self.parents, self.rules, self.op, self.label = tuple(parents), tuple(rules), op, label

    @staticmethod
    def _other(other) -> Tensor:
        if isinstance(other, Tensor):
            return other
        if isinstance(other, (int, float, np.ndarray)) and not isinstance(other, bool):
            return Tensor(other, label="constant")
        raise BackpropTypeError(
            f"a Tensor combines with a Tensor, a number or an array, not {describe(other)}"
        )

    def __matmul__(self, other: Tensor) -> Tensor:
        A, B = self, self._other(other)
        return Tensor(A.data @ B.data, (A, B), (lambda G: G @ B.data.T, lambda G: A.data.T @ G), "@")

    def __add__(self, other) -> Tensor:
        A, B = self, self._other(other)
        return Tensor(
            A.data + B.data,
            (A, B),
            (lambda G: _unbroadcast(G, A.data), lambda G: _unbroadcast(G, B.data)),
            "+",
        )

    __radd__ = __add__

    def __sub__(self, other) -> Tensor:
        A, B = self, self._other(other)
        return Tensor(
            A.data - B.data,
            (A, B),
            (lambda G: _unbroadcast(G, A.data), lambda G: -_unbroadcast(G, B.data)),
            "−",
        )

    def __mul__(self, other) -> Tensor:
        A, B = self, self._other(other)
        return Tensor(
            A.data * B.data,
            (A, B),
            (lambda G: _unbroadcast(G * B.data, A.data), lambda G: _unbroadcast(G * A.data, B.data)),
            "⊙",
        )

    __rmul__ = __mul__

    def __pow__(self, exponent: int) -> Tensor:
        if exponent != 2:
            raise BackpropValueError(f"this small engine squares only (exponent 2), got {exponent!r}")
        A = self
        return Tensor(A.data**2, (A,), (lambda G: 2 * A.data * G,), "·²")

    def sigmoid(self) -> Tensor:
        s = _sigmoid(self.data)
        return Tensor(s, (self,), (lambda G: G * s * (1 - s),), "σ")

    def relu(self) -> Tensor:
        z = self.data
        return Tensor(np.maximum(z, 0.0), (self,), (lambda G: G * _relu_prime(z),), "ReLU")

    def softmax(self) -> Tensor:
        """Softmax of every column; its rule applies the Jacobian diag(a) − a aᵀ without forming it."""
        a = _softmax(self.data)
        return Tensor(a, (self,), (lambda G: a * (G - np.sum(G * a, axis=0, keepdims=True)),), "softmax")

    def log_softmax(self) -> Tensor:
        """log softmax of every column, exact where softmax rounds to 0."""
        out = _log_softmax(self.data)
        a = np.exp(out)
        return Tensor(out, (self,), (lambda G: G - a * np.sum(G, axis=0, keepdims=True),), "log softmax")

    def sum(self) -> Tensor:
        """The sum of every entry, a number."""
        shape = self.data.shape
        return Tensor(np.sum(self.data), (self,), (lambda G: np.broadcast_to(G, shape).copy(),), "Σ")

    def backward(self) -> None:
        """Set `grad` of every Tensor this one (a number) depends on, in reverse topological order."""
        if self.data.size != 1:
            raise BackpropValueError(
                f"backward starts from a number (a cost), not an array of shape {self.data.shape}"
            )
        order = _topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):
            for parent, rule in zip(node.parents, node.rules, strict=True):
                parent.grad = parent.grad + rule(node.grad)

    def __repr__(self) -> str:
        return f"Tensor({self.op or self.label or 'input'}, shape {self.data.shape})"


def _unbroadcast(G: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Sum G over the axes numpy broadcast `like` along (a bias column added to every example)."""
    while G.ndim > like.ndim:
        G = G.sum(axis=0)
    for axis, size in enumerate(like.shape):
        if size == 1 and G.shape[axis] != 1:
            G = G.sum(axis=axis, keepdims=True)
    return G


def _topological_order(output: Tensor) -> list[Tensor]:
    return parents_first(output)


def graph_nodes(output: Tensor) -> int:
    """How many Tensors the graph of `output` holds."""
    return len(_topological_order(output))


@dataclass
class TensorGraph:
    """A network's average cost over a batch, built from Tensors: cost, W[l], b[l] (index 0 None)."""

    cost: Tensor
    W: list
    b: list


def network_tensor_graph(net, X, Y) -> TensorGraph:
    """The network's average cost over the columns of X and Y, one Tensor per layer operation.

    Follows the network's activations and cost, as `backprop.autodiff.network_graph` does with
    scalars; `cost.backward()` then fills W[l].grad and b[l].grad with ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾.
    """
    check_network(net)
    X, Y = check_batch(net, X, Y)
    L, m = net.L, X.shape[1]
    W = [None] + [Tensor(net.W[l], label=f"W{l}") for l in range(1, L + 1)]
    b = [None] + [Tensor(net.b[l], label=f"b{l}") for l in range(1, L + 1)]
    a = Tensor(X, label="X")
    for l in range(1, L + 1):
        z = W[l] @ a + b[l]
        name = net.activations[l].name
        if l == L and net.cost_function.name == "cross_entropy":
            cost = (z.log_softmax() * Y).sum() * (-1.0 / m)
            return TensorGraph(cost, W, b)
        a = {"sigmoid": z.sigmoid, "relu": z.relu, "softmax": z.softmax, "linear": lambda z=z: z}[name]()
    cost = ((a - Y) ** 2).sum() * (1.0 / m)
    return TensorGraph(cost, W, b)
