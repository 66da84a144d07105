"""Chapter 6's predictions (automatic differentiation): what the reader guesses before each key experiment."""

from __future__ import annotations

from .autodiff import Value, network_graph, topological_order
from .data import load_digits
from .graphs import backward_steps, breadth_first_order, forward_mode, graph_size, neuron_graph
from .memory import stored_floats
from .network import Network
from .predictions import Guess, Question
from .tensor import graph_nodes, network_tensor_graph


def _overwritten_gradient() -> int:
    """Which guess ∂C/∂w with `=` bears out, on the graph of section 6.1 (w is used once)."""
    C = neuron_graph(0.5, -1.0)
    C.backward()
    w = topological_order(C)[0]
    right = w.grad
    backward_steps(C, accumulate=False)
    wrong = w.grad
    if wrong == right:
        return 0
    return 1 if wrong * right > 0 else 2


def _with_skip(x: float) -> Value:
    h = Value(x) * 2.0
    return h.sigmoid().sigmoid() + h


def _breadth_first_visits() -> int:
    """Which share of ∂f/∂x the breadth-first backward pass keeps, for f = σ(σ(2x)) + 2x."""
    right, wrong = _with_skip(0.3), _with_skip(0.3)
    right.backward()
    backward_steps(wrong, order=breadth_first_order(wrong))
    exact = topological_order(right)[0].grad
    skip = 2.0  # the direct path: ∂f/∂h · ∂h/∂x = 1 · 2
    candidates = [exact, skip, exact - skip, 2 * exact]
    got = topological_order(wrong)[0].grad
    return min(range(len(candidates)), key=lambda i: abs(candidates[i] - got))


def _forward_mode_work() -> int:
    """Forward mode's work for the whole gradient of the digit network's cost on one image."""
    digits = load_digits()
    net = Network([784, 16, 16, 10], seed=0)
    graph = network_graph(net, digits.X_train[:, :1], digits.Y_train[:, :1])
    arrows = graph_size(graph.cost).edges
    one_pass = forward_mode(graph.cost, graph.W[1][3][406]).multiply_adds
    candidates = [arrows, 784 * arrows, net.n_params * arrows, 10 * arrows]
    return candidates.index(net.n_params * one_pass)


def _activation_memory() -> int:
    """How the floats kept for the backward pass, on 1,000 images, compare with the parameters."""
    net = Network([784, 16, 16, 10], seed=0)
    kept = stored_floats(net, load_digits().X_train[:, :1000])
    ratio = kept / net.n_params
    return 0 if ratio < 0.5 else 1 if ratio < 2 else 2 if ratio < 100 else 3


def _matrix_graph_size() -> int:
    """The number of Tensor nodes in the digit network's cost: for 4 and for 100 images."""
    digits = load_digits()
    net = Network([784, 16, 16, 10], seed=0)
    X, Y = digits.X_train, digits.Y_train
    counts = {m: graph_nodes(network_tensor_graph(net, X[:, :m], Y[:, :m]).cost) for m in (4, 100)}
    if counts[4] == counts[100] and counts[100] < 50:
        return 2
    return 1 if counts[100] < 100_000 else 0


PREDICTIONS: dict[str, Question] = {
    "overwritten_gradient": Question(
        "Write = instead of += in the backward pass and run it on the graph of section 6.1 "
        "(x = 0.5, w = −1), where a is used by both u₀ and u₁. The right ∂C/∂w is +0.2020. "
        "What becomes of ∂C/∂w, although w itself is used only once?",
        (
            Guess(
                "Nothing: w has a single use, so = and += give it the same gradient",
                "The bug is not confined to the nodes used twice. w's gradient is built from "
                "∂C/∂a, via z; a kept only u₀'s contribution, so z, x and w all inherit the "
                "mistake: w gets −0.1529, not +0.2020.",
            ),
            Guess(
                "It shrinks but keeps its sign: a keeps one of its two contributions, so w is "
                "pushed the same way, only less",
                "That holds only if the two uses of a pull the same way. Here they pull in "
                "opposite directions (the two paths of section 6.2 give +0.31 and −0.71), so "
                "dropping u₁'s wish flips ∂C/∂a from +1.72 to −1.30, and w's gradient with it.",
            ),
            Guess(
                "It changes sign: a gradient step would now move w the wrong way",
                "a keeps only the contribution that arrived last, u₀'s, −1.30 instead of the "
                "sum +1.72, and passes it on through z to w: ∂C/∂w = −0.1529. The two uses of "
                "a pulled in opposite directions, so losing one reverses the result.",
            ),
            Guess(
                "The program stops with an error: a gradient arrives at a node that already has one",
                "Nothing checks. Overwriting a number is a legal assignment, and the wrong "
                "gradients look as plausible as the right ones; only a comparison with an "
                "independent computation, such as central differences, catches the bug.",
            ),
        ),
        answer=2,
        verify=_overwritten_gradient,
    ),
    "breadth_first_visits": Question(
        "In f(x) = σ(σ(h)) + h with h = 2x, h reaches f along two paths: directly (the skip "
        "connection) and through the two sigmoids. Visit the nodes breadth-first from the "
        "output instead of in reverse topological order. What does the backward pass give "
        "for ∂f/∂x at x = 0.3?",
        (
            Guess(
                "The right derivative: the contributions are added with +=, and a sum does not "
                "depend on the order its terms arrive in",
                "The sum at h is right in the end, but too late: breadth-first visits h (one "
                "step from f) before the long path has sent its share, and h passes its "
                "gradient on to x at that visit. What arrives afterwards never reaches x.",
            ),
            Guess(
                "Only the skip connection's share: h passes its gradient on before the long "
                "path's contribution reaches it",
                "Breadth-first meets h directly, one step from the output, and visits it right "
                "after the first σ, when only the skip connection's 1 has arrived: x gets 2, "
                "not 2.1033. The long path's 0.1033 arrives at h after h has sent.",
            ),
            Guess(
                "Only the long path's share: breadth-first walks the path through the sigmoids first",
                "Breadth-first works outwards by distance from the output, so the short path "
                "is walked first, not the long one: h is one step from f directly and three "
                "steps away through the sigmoids, and it is visited at the first distance.",
            ),
            Guess(
                "Twice the right value: h is reached along two paths, so it is visited and sends twice",
                "A breadth-first search marks the nodes it has met and visits each once. The "
                "trouble is not a visit too many but one too early: h sends before it has "
                "received everything, and x gets only the skip connection's 2.",
            ),
        ),
        answer=1,
        verify=_breadth_first_visits,
    ),
    "forward_mode_work": Question(
        "Reverse mode gives all 13,002 derivatives of the digit network's cost on one image in "
        "one pass over its graph, at one multiply-add per arrow. How much work does forward "
        "mode need for the same 13,002 derivatives?",
        (
            Guess(
                "The same: both modes apply the chain rule once per arrow, in opposite directions",
                "One pass of either mode does cost one multiply-add per arrow, 51,920 here. "
                "But a forward pass carries the nudge of one input, so it yields the "
                "derivative with respect to one parameter only; the gradient needs 13,002 passes.",
            ),
            Guess(
                "784 passes, one per pixel: forward mode runs once per input of the network",
                "For training, the inputs of the function being differentiated are the "
                "parameters; the image is fixed data. 784 passes would give ∂C/∂x for every "
                "pixel and not one weight's derivative: the gradient takes 13,002 passes.",
            ),
            Guess(
                "13,002 passes over the whole graph, one per parameter: 13,002 times reverse mode's work",
                "A forward pass follows the nudge of one input through every arrow: 51,920 "
                "multiply-adds for one derivative. The cost has 13,002 inputs that matter, the "
                "parameters, so forward mode takes 13,002 passes, 675 million multiply-adds.",
            ),
            Guess(
                "10 passes, one per output neuron of the network",
                "One pass per output is reverse mode's rule, and the function here has a "
                "single output, the cost, which is why reverse mode needs one pass. Forward "
                "mode counts the inputs instead: the 13,002 parameters.",
            ),
        ),
        answer=2,
        verify=_forward_mode_work,
    ),
    "activation_memory": Question(
        "The digit network, with 13,002 parameters, runs its forward pass on a batch of 1,000 "
        "images. How many floats must it keep for the backward pass?",
        (
            Guess(
                "Far fewer than its parameters: activations are one number per neuron, weights "
                "one per connection",
                "Per image that is right: 2 × (16 + 16 + 10) = 84 floats of z and a against "
                "13,002 weights. But z and a are kept for every image of the batch, so 1,000 "
                "images keep 84,000 floats, six and a half times the parameters.",
            ),
            Guess(
                "About as many as its parameters: the backward pass needs one number per weight",
                "The gradient has one number per weight, but it is computed, not kept from "
                "the forward pass. What the backward pass reads is z⁽ˡ⁾ and a⁽ˡ⁾, one pair "
                "per neuron and per image: 84,000 floats for 1,000 images.",
            ),
            Guess(
                "Several times as many as its parameters: the memory grows with the batch",
                "Every layer's z⁽ˡ⁾ and a⁽ˡ⁾ are kept for every image: 2 × (16 + 16 + 10) × "
                "1,000 = 84,000 floats, 6.5 times the 13,002 parameters. In large networks "
                "these stored activations, not the weights, fill a GPU's memory.",
            ),
            Guess(
                "About 13 million: one float per weight and per image",
                "Nothing per weight and per image is stored: the batch gradient δ Aᵀ sums "
                "over the images as the product is computed. What is kept is per neuron and "
                "per image, 84 floats an image, 84,000 for the batch.",
            ),
        ),
        answer=2,
        verify=_activation_memory,
    ),
    "matrix_graph_size": Question(
        "The scalar graph of the digit network's cost on 4 images has 120,106 nodes. Written "
        "with matrix nodes (Tensors), how many nodes does the graph of its cost on a batch of "
        "100 images have?",
        (
            Guess(
                "About 3 million: 25 times as many images, 25 times as many nodes",
                "With matrices as nodes the batch is not more nodes but more columns: the "
                "images are the columns of A, and Z = W A handles them all in one node. The "
                "graph has 22 nodes for 4 images and 22 for 100.",
            ),
            Guess(
                "At least 13,002: one node for every parameter",
                "A node now holds a whole array: W⁽¹⁾ with its 12,544 weights is one node, "
                "b⁽¹⁾ another. The 13,002 parameters fill 6 nodes, and the whole graph has "
                "22, whatever the batch size.",
            ),
            Guess(
                "About twenty, the same for any batch size: a few nodes per layer",
                "Each layer is Z = W A, + b and σ: a handful of nodes holding arrays, with "
                "the images as columns. Three layers and the cost make 22 nodes, for 4 images "
                "or 100; the work moves into matrix products that numpy runs in compiled loops.",
            ),
            Guess(
                "About 300: one node per layer and per image",
                "The images are not handled one at a time: they are the columns of the "
                "matrix A, and one product W A computes the layer for all of them at once. "
                "The graph has 22 nodes for any batch size.",
            ),
        ),
        answer=2,
        verify=_matrix_graph_size,
    ),
}
