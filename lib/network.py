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
from .errors import BackpropTypeError, BackpropValueError, NotFiniteError
from .validation import (
    check_batch,
    check_bool,
    check_input,
    check_labels,
    check_real,
    check_seed,
    check_sizes,
    check_vector,
    describe,
)

# numpy reports overflow and invalid operations (∞ − ∞) as warnings; the public methods silence
# them and check their result instead, so that huge inputs give one clear error, not noise.
_QUIET = {"over": "ignore", "invalid": "ignore"}


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


class StepBuffers:
    """The arrays of a training step on batches of m examples, allocated once for a training run.

    z[l], a[l] and delta[l] hold z⁽ˡ⁾, a⁽ˡ⁾ and δ⁽ˡ⁾ (one column per example; a[0] is the batch
    itself; in a hidden layer a⁽ˡ⁾ takes the place of z⁽ˡ⁾), grad_a[l] holds ∂C_x/∂a⁽ˡ⁾ of the
    hidden layers, costs the C_x of a measurement, and scratch what the cost needs on the way.
    `gradient` holds ∂C/∂θ, then the step η ∂C/∂θ, for every layer at once, and W[l], b[l] are its
    parts shaped like W⁽ˡ⁾ and b⁽ˡ⁾: scaling one array takes one call, not one per layer. `rows`
    (for mini-batches, `gather=True`) receives the examples of a batch as rows: inputs, targets.
    `forward_done` says that z and a already hold the forward pass of the next step's batch at the
    current parameters.
    """

    def __init__(self, net: Network, m: int, gather: bool = False) -> None:
        empty = lambda *shape: np.empty(shape, net.dtype)  # noqa: E731
        sizes = net.sizes
        self.z = [None] + [empty(n, m) for n in sizes[1:]]
        # A hidden layer's a⁽ˡ⁾ overwrites its z⁽ˡ⁾: the backward pass of sigmoid, ReLU and linear
        # layers needs only a⁽ˡ⁾ (ReLU's z > 0 is a > 0), and one array fewer stays in the cache.
        # The output layer keeps both: the cross-entropy is computed from z⁽ᴸ⁾.
        self.a = [None] + self.z[1:-1] + [empty(sizes[-1], m)]
        self.delta = [None] + [empty(n, m) for n in sizes[1:]]
        self.grad_a = [None] + [empty(n, m) for n in sizes[1:-1]] + [None]
        self.scratch = empty(sizes[-1], m)
        self.costs = empty(m)
        self.gradient = empty(net.n_params)
        self.W, self.b, start = [None], [None], 0
        for l in range(1, net.L + 1):
            for part, shape in ((self.W, net.W[l].shape), (self.b, net.b[l].shape)):
                size = shape[0] * shape[1]
                part.append(self.gradient[start : start + size].reshape(shape))
                start += size
        self.rows = (empty(m, sizes[0]), empty(m, sizes[-1])) if gather else None
        self.forward_done = False


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
        self.dtype = _check_dtype(dtype)
        self.cost_function: Cost = get_cost(cost, "cost")
        hidden_activation = get_activation(hidden, "hidden")
        output_activation = get_activation(output, "output")
        if hidden_activation.name == "softmax":
            raise BackpropValueError(
                "softmax is an output activation; hidden layers take 'sigmoid', 'relu' or 'linear', "
                "got hidden='softmax'"
            )
        if self.cost_function.name == "cross_entropy" and output_activation.name != "softmax":
            raise BackpropValueError(
                f"the cross-entropy cost needs output='softmax' (probabilities over the labels), "
                f"got output={output!r}"
            )
        if output_activation.name == "softmax" and self.sizes[-1] == 1:
            raise BackpropValueError(
                f"softmax over a single output neuron is always 1, so nothing could be learned; got sizes="
                f"{self.sizes}. Use at least two outputs, or output='sigmoid'"
            )
        self.activations: list[Activation | None] = (
            [None] + [hidden_activation] * (self.L - 1) + [output_activation]
        )
        self.initialise(seed)

    def initialise(self, seed: int) -> None:
        """Draw fresh parameters: W⁽ˡ⁾ ~ N(0, 1/n_{l−1}) so z starts of order 1, b⁽ˡ⁾ ~ N(0, 1)."""
        rng = np.random.default_rng(check_seed(seed))
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
        return self._checked_forward(check_input(self, X))

    def _checked_forward(self, X: np.ndarray) -> ForwardPass:
        """The forward pass of an X already checked, with its output checked to be finite."""
        with np.errstate(**_QUIET):
            fp = self._forward(X)
        if not np.all(np.isfinite(fp.output)):
            raise self._overflow("the output a⁽ᴸ⁾", X)
        return fp

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
        X = check_input(self, X)
        labels = check_labels(labels, self.sizes[-1], m=X.shape[1])
        return self._accuracy(X, labels)

    def _accuracy(self, X: np.ndarray, labels: np.ndarray) -> float:
        """accuracy on X and labels already checked."""
        return float(np.mean(np.argmax(self._checked_forward(X).output, axis=0) == labels))

    def cost_per_example(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """C_x for every example (column) of the batch."""
        X, Y = check_batch(self, X, Y)
        with np.errstate(**_QUIET):
            costs = self._cost_per_example(X, Y)
        if not np.all(np.isfinite(costs)):
            raise self._overflow("the cost", X)
        return costs

    def _cost_per_example(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        fp = self._forward(X)
        return self.cost_function.per_example(fp.z[-1], fp.a[-1], Y)

    def cost(self, X: np.ndarray, Y: np.ndarray) -> float:
        """The average cost C = (1/m) Σ_x C_x over the batch."""
        X, Y = check_batch(self, X, Y)
        with np.errstate(**_QUIET):
            cost = self._cost(X, Y)  # the mean itself can overflow, though each C_x is finite
        if not np.isfinite(cost):
            raise self._overflow("the cost", X)
        return cost

    def _cost(self, X: np.ndarray, Y: np.ndarray) -> float:
        """cost on a batch already checked, with no check of the result (training checks it)."""
        return float(np.mean(self._cost_per_example(X, Y)))

    def _overflow(self, what: str, X: np.ndarray) -> NotFiniteError:
        """The error for a result that is not finite although X and the parameters were checked."""
        if not all(np.all(np.isfinite(p)) for p in self.parameters()):
            return NotFiniteError(
                f"{what} is not finite because the network's parameters contain NaN or infinity "
                f"(did a training run diverge?); set them again, e.g. with net.initialise(seed)"
            )
        largest = max(float(np.max(np.abs(p))) for p in self.parameters())
        return NotFiniteError(
            f"{what} overflowed to infinity or NaN: the numbers are too large for {self.dtype} "
            f"(largest |input| {float(np.max(np.abs(X))):.3g}, largest |parameter| {largest:.3g}). "
            f"Scale the input X to a range like [0, 1]"
        )

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
        input_gradient = check_bool(input_gradient, "input_gradient")
        if not check_bool(check, "check"):
            return self._backprop(X, Y, input_gradient)
        X, Y = check_batch(self, X, Y)
        with np.errstate(**_QUIET):
            grads = self._backprop(X, Y, input_gradient)
        if not np.isfinite(grads.cost):
            raise self._overflow("the cost", X)
        return grads

    def _backprop(self, X: np.ndarray, Y: np.ndarray, input_gradient: bool = False) -> Gradients:
        """backprop on a batch already checked: the training loop's inner step."""
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

    # The training step ------------------------------------------------------------

    def _forward_into(self, X: np.ndarray, buffers: StepBuffers) -> None:
        """_forward written into the buffers: the same operations, so the same numbers."""
        z, a = buffers.z, buffers.a
        a[0] = X
        for l in range(1, self.L + 1):
            np.matmul(self.W[l], a[l - 1], out=z[l])
            z[l] += self.b[l]
            self.activations[l].into(z[l], out=a[l])

    def _sgd_step(self, X: np.ndarray, Y: np.ndarray, eta: float, buffers: StepBuffers) -> float:
        """θ ← θ − η ∂C/∂θ on a checked batch, in the buffers; returns the batch's cost C before it.

        backprop's equations, and the same numbers bit for bit as backprop followed by
        W⁽ˡ⁾ −= η ∂C/∂W⁽ˡ⁾ and b⁽ˡ⁾ −= η ∂C/∂b⁽ˡ⁾, without allocating an array: each result goes into
        the buffers. Stochastic gradient descent can amplify a difference in the last bit into a
        different run, so the order of the roundings is kept: ∂C/∂W⁽ˡ⁾ = (δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ)·(1/m), then
        times η. Overflow warnings are left to the caller, which checks the returned cost.
        """
        if not buffers.forward_done:
            self._forward_into(X, buffers)
        buffers.forward_done = False
        z, a, delta, L, m = buffers.z, buffers.a, buffers.delta, self.L, X.shape[1]
        total = self.cost_function.output_error_into(
            z[L], a[L], Y, self.activations[L], delta[L], buffers.scratch
        )
        for l in range(L, 0, -1):
            np.matmul(delta[l], a[l - 1].T, out=buffers.W[l])  # Σ_x δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ over the batch
            np.add.reduce(delta[l], axis=1, keepdims=True, out=buffers.b[l])  # Σ_x δ⁽ˡ⁾
            if l > 1:  # δ⁽ˡ⁻¹⁾ = (W⁽ˡ⁾)ᵀ δ⁽ˡ⁾ ⊙ σ′(z⁽ˡ⁻¹⁾)
                grad_a = np.matmul(self.W[l].T, delta[l], out=buffers.grad_a[l - 1])
                self.activations[l - 1].backward_into(z[l - 1], a[l - 1], grad_a, out=delta[l - 1])
        step = buffers.gradient
        step *= 1 / m  # ∂C/∂θ, the average over the batch, of every layer at once
        step *= eta
        for l in range(1, L + 1):  # only now: every δ⁽ˡ⁻¹⁾ above needed W⁽ˡ⁾ before its step
            self.W[l] -= buffers.W[l]
            self.b[l] -= buffers.b[l]
        return total / m

    # Reading and setting parameters --------------------------------------------------

    def get_weight(self, l: int, j: int, k: int) -> float:
        """w⁽ˡ⁾_jk: the weight from neuron k of layer l−1 to neuron j of layer l."""
        return float(self.W[self._check_layer(l)][self._check_index(l, j, k)])

    def set_weight(self, l: int, j: int, k: int, value: float) -> None:
        """Set w⁽ˡ⁾_jk to a finite number."""
        self.W[self._check_layer(l)][self._check_index(l, j, k)] = self._check_value(
            value, "the weight value"
        )

    def get_bias(self, l: int, j: int) -> float:
        """b⁽ˡ⁾_j: the bias of neuron j of layer l."""
        return float(self.b[self._check_layer(l)][self._check_index(l, j), 0])

    def set_bias(self, l: int, j: int, value: float) -> None:
        """Set b⁽ˡ⁾_j to a finite number."""
        self.b[self._check_layer(l)][self._check_index(l, j), 0] = self._check_value(value, "the bias value")

    def parameters(self) -> list[np.ndarray]:
        """The parameter arrays in a fixed order: W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾, …"""
        return [p for l in range(1, self.L + 1) for p in (self.W[l], self.b[l])]

    def get_flat(self) -> np.ndarray:
        """All parameters as one vector, in the order of `parameters()`."""
        return np.concatenate([p.ravel() for p in self.parameters()])

    def set_flat(self, theta: np.ndarray) -> None:
        """Set all parameters from one vector made by `get_flat()`."""
        theta = check_vector(theta, "theta", nonempty=False)
        if theta.shape != (self.n_params,):
            raise BackpropValueError(
                f"expected a vector of {self.n_params} parameters for theta (as get_flat() returns), "
                f"got {theta.size} numbers"
            )
        if theta.size and np.max(np.abs(theta)) > float(np.finfo(self.dtype).max):
            raise BackpropValueError(
                f"theta has values too large for {self.dtype} (largest |value| {np.max(np.abs(theta)):.3g})"
            )
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
        if isinstance(l, (bool, np.bool_)) or not isinstance(l, (int, np.integer)):
            raise BackpropTypeError(f"layer l must be an integer from 1 to L = {self.L}, got {describe(l)}")
        if not 1 <= l <= self.L:
            hint = " (layer 0 is the input, which has no weights)" if l == 0 else ""
            raise BackpropValueError(f"layer l must be an integer from 1 to L = {self.L}, got {l!r}{hint}")
        return int(l)

    def _check_index(self, l: int, j: int, *k: int) -> tuple | int:
        """j of layer l for a bias; (j, k) for a weight, k a neuron of layer l − 1."""
        j = self._check_neuron(j, "j", l)
        return (j, self._check_neuron(k[0], "k", l - 1)) if k else j

    def _check_neuron(self, index: int, letter: str, layer: int) -> int:
        expected = f"neuron {letter} must be in 0 … {self.sizes[layer] - 1} for layer {layer}"
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            raise BackpropTypeError(f"{expected}, got {describe(index)}")
        if not 0 <= index < self.sizes[layer]:
            raise BackpropValueError(f"{expected}, got {index!r}")
        return int(index)

    def _check_value(self, value: float, name: str) -> float:
        value = check_real(value, name)
        if abs(value) > float(np.finfo(self.dtype).max):
            raise BackpropValueError(f"{name} must fit in {self.dtype}, got {value!r}")
        return value


def _check_dtype(dtype) -> np.dtype:
    """float32 or float64, given as np.float32, "float32", np.dtype("float32"), …"""
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise BackpropTypeError(f"dtype must be np.float32 or np.float64, got {describe(dtype)}") from None
    if dtype not in (np.float32, np.float64):
        raise BackpropTypeError(f"dtype must be float32 or float64, got {dtype}")
    return dtype
