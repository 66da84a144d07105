"""A feed-forward network of any layer sizes, with its forward and backward pass.

Conventions, the same as the book's mathematics:
- a batch of m examples is a matrix with one example per column, so a⁽⁰⁾ = X has
  shape (n_0, m) and every formula holds letter for letter for the whole batch;
- layers are numbered l = 0 … L and every per-layer list is indexed by l, so
  `net.W[l]` is W⁽ˡ⁾ (shape n_l × n_{l−1}) and `net.b[l]` is b⁽ˡ⁾ (shape n_l × 1);
  index 0 holds None because the input layer has no weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import Activation, get_activation
from .costs import Cost, get_cost
from .validation import check_batch, check_input, check_labels, check_sizes


@dataclass
class ForwardPass:
    """Everything the forward pass computed: z[l] (z[0] is None) and a[l] (a[0] = x)."""

    z: list
    a: list

    @property
    def output(self) -> np.ndarray:
        return self.a[-1]


@dataclass
class Gradients:
    """What backpropagation computed for one batch.

    W[l], b[l]: ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ of the average cost C, shaped like the parameters.
    delta[l]:   δ⁽ˡ⁾ = ∂C_x/∂z⁽ˡ⁾, one column per example.
    grad_a[l]:  ∂C_x/∂a⁽ˡ⁾, one column per example (grad_a[0], with respect to the input,
                only when asked for).
    cost:       the average cost C of the batch, from the same forward pass.
    """

    W: list
    b: list
    delta: list
    grad_a: list
    cost: float


class Network:
    """Layers of sizes n_0 … n_L joined by weights W⁽ˡ⁾ and biases b⁽ˡ⁾."""

    def __init__(
        self,
        sizes: list[int],
        *,
        hidden: str = "sigmoid",
        output: str = "sigmoid",
        cost: str = "quadratic",
        seed: int = 0,
        dtype: type = np.float64,
    ) -> None:
        self.sizes = check_sizes(sizes)
        self.L = len(self.sizes) - 1
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {self.dtype}")
        self.cost_function: Cost = get_cost(cost)
        hidden_activation = get_activation(hidden)
        output_activation = get_activation(output)
        if hidden_activation.name == "softmax":
            raise ValueError("softmax is an output activation; hidden layers take 'sigmoid' or 'relu'")
        if self.cost_function.name == "cross_entropy" and output_activation.name != "softmax":
            raise ValueError(
                f"the cross-entropy cost needs output='softmax' (probabilities over the labels), "
                f"got output={output!r}"
            )
        self.activations: list[Activation | None] = (
            [None] + [hidden_activation] * (self.L - 1) + [output_activation]
        )
        self.initialise(seed)

    def initialise(self, seed: int) -> None:
        """Draw fresh parameters: W⁽ˡ⁾ ~ N(0, 1/n_{l−1}) so z starts of order 1, b⁽ˡ⁾ ~ N(0, 1)."""
        rng = np.random.default_rng(seed)
        self.W: list = [None]
        self.b: list = [None]
        for n_prev, n in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            self.W.append((rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)).astype(self.dtype))
            self.b.append(rng.standard_normal((n, 1)).astype(self.dtype))

    def __repr__(self) -> str:
        hidden = self.activations[1].name if self.L > 1 else "-"
        return (
            f"Network(sizes={self.sizes}, hidden={hidden!r}, output={self.activations[-1].name!r}, "
            f"cost={self.cost_function.name!r}, parameters={self.n_params})"
        )

    @property
    def n_params(self) -> int:
        """The number of weights and biases: Σ_l n_l·n_{l−1} + n_l."""
        return sum(self.W[l].size + self.b[l].size for l in range(1, self.L + 1))

    # The forward pass -------------------------------------------------------------

    def forward(self, X: np.ndarray) -> ForwardPass:
        """z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ and a⁽ˡ⁾ = σ(z⁽ˡ⁾) for l = 1 … L, keeping all of them."""
        return self._forward(check_input(self, X))

    def _forward(self, X: np.ndarray) -> ForwardPass:
        z, a = [None], [X]
        for l in range(1, self.L + 1):
            z.append(self.W[l] @ a[l - 1])
            z[l] += self.b[l]  # in place: one array fewer per layer
            a.append(self.activations[l](z[l]))
        return ForwardPass(z, a)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """The output activations a⁽ᴸ⁾, one column per example."""
        return self.forward(X).output

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The label of the most active output neuron, one per example."""
        return np.argmax(self(X), axis=0)

    def accuracy(self, X: np.ndarray, labels: np.ndarray) -> float:
        """The fraction of examples whose predicted label is the right one."""
        labels = check_labels(labels, self.sizes[-1])
        predicted = self.predict(X)
        if predicted.shape != labels.shape:
            raise ValueError(f"got {labels.size} labels for {predicted.size} examples")
        return float(np.mean(predicted == labels))

    def cost_per_example(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """C_x for every example (column) of the batch."""
        X, Y = check_batch(self, X, Y)
        fp = self._forward(X)
        return self.cost_function.per_example(fp.z[-1], fp.a[-1], Y)

    def cost(self, X: np.ndarray, Y: np.ndarray) -> float:
        """The average cost C = (1/m) Σ_x C_x over the batch."""
        return float(np.mean(self.cost_per_example(X, Y)))

    # The backward pass ------------------------------------------------------------

    def backprop(
        self, X: np.ndarray, Y: np.ndarray, *, input_gradient: bool = False, check: bool = True
    ) -> Gradients:
        """All ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ from one forward and one backward pass.

        δ⁽ᴸ⁾ = ∇_a C_x ⊙ σ′(z⁽ᴸ⁾)              (a⁽ᴸ⁾ − y for softmax with cross-entropy)
        δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ σ′(z⁽ˡ⁾)
        ∂C/∂b⁽ˡ⁾ = mean over the batch of δ⁽ˡ⁾,  ∂C/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ / m

        check=False skips the input checks, for training loops that checked the data once.
        """
        if check:
            X, Y = check_batch(self, X, Y)
        fp = self._forward(X)
        z, a, L, m = fp.z, fp.a, self.L, X.shape[1]
        delta = [None] * (L + 1)
        grad_a = [None] * (L + 1)
        grad_W = [None] * (L + 1)
        grad_b = [None] * (L + 1)
        grad_a[L] = self.cost_function.gradient(a[L], Y)
        delta[L] = self.cost_function.output_error(z[L], a[L], Y, self.activations[L], grad_a[L])
        for l in range(L, 0, -1):
            grad_W[l] = delta[l] @ a[l - 1].T
            grad_W[l] *= 1 / m
            grad_b[l] = delta[l].sum(axis=1, keepdims=True)
            grad_b[l] *= 1 / m
            if l > 1 or input_gradient:
                grad_a[l - 1] = self.W[l].T @ delta[l]
            if l > 1:
                delta[l - 1] = self.activations[l - 1].backward(z[l - 1], a[l - 1], grad_a[l - 1])
        cost = float(self.cost_function.per_example(z[L], a[L], Y).sum()) / m
        return Gradients(grad_W, grad_b, delta, grad_a, cost)

    # Reading and setting parameters --------------------------------------------------

    def get_weight(self, l: int, j: int, k: int) -> float:
        """w⁽ˡ⁾_jk: the weight from neuron k of layer l−1 to neuron j of layer l."""
        return float(self.W[self._check_layer(l)][self._check_index(l, j, k)])

    def set_weight(self, l: int, j: int, k: int, value: float) -> None:
        self.W[self._check_layer(l)][self._check_index(l, j, k)] = value

    def get_bias(self, l: int, j: int) -> float:
        """b⁽ˡ⁾_j: the bias of neuron j of layer l."""
        return float(self.b[self._check_layer(l)][self._check_index(l, j), 0])

    def set_bias(self, l: int, j: int, value: float) -> None:
        self.b[self._check_layer(l)][self._check_index(l, j), 0] = value

    def parameters(self) -> list[np.ndarray]:
        """The parameter arrays in a fixed order: W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾, …"""
        return [p for l in range(1, self.L + 1) for p in (self.W[l], self.b[l])]

    def get_flat(self) -> np.ndarray:
        """All parameters as one vector, in the order of `parameters()`."""
        return np.concatenate([p.ravel() for p in self.parameters()])

    def set_flat(self, theta: np.ndarray) -> None:
        """Set all parameters from one vector made by `get_flat()`."""
        theta = np.asarray(theta, dtype=self.dtype)
        if theta.shape != (self.n_params,):
            raise ValueError(f"expected a vector of {self.n_params} parameters, got shape {theta.shape}")
        start = 0
        for p in self.parameters():
            p[...] = theta[start : start + p.size].reshape(p.shape)
            start += p.size

    def copy(self) -> Network:
        """An independent copy with the same parameters."""
        twin = object.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin.W = [None] + [w.copy() for w in self.W[1:]]
        twin.b = [None] + [b.copy() for b in self.b[1:]]
        return twin

    def _check_layer(self, l: int) -> int:
        if not isinstance(l, (int, np.integer)) or not 1 <= l <= self.L:
            raise ValueError(f"layer l must be an integer from 1 to L = {self.L}, got {l!r}")
        return int(l)

    def _check_index(self, l: int, j: int, k: int | None = None) -> tuple | int:
        if not isinstance(j, (int, np.integer)) or not 0 <= j < self.sizes[l]:
            raise ValueError(f"neuron j must be in 0 … {self.sizes[l] - 1} for layer {l}, got {j!r}")
        if k is None:
            return int(j)
        if not isinstance(k, (int, np.integer)) or not 0 <= k < self.sizes[l - 1]:
            raise ValueError(f"neuron k must be in 0 … {self.sizes[l - 1] - 1} for layer {l - 1}, got {k!r}")
        return int(j), int(k)
