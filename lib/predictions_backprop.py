"""Chapter 4's predictions (backpropagation): what the reader guesses before each key experiment."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .activations import sigmoid_prime
from .crosscheck import path_products
from .data import load_digits
from .gradcheck import all_params, backprop_gradient, numerical_gradient, relative_error
from .network import Network
from .nudges import nudges
from .predictions import Guess, Question
from .training import train


@lru_cache(maxsize=1)
def _chapter() -> tuple[Network, np.ndarray, np.ndarray, int]:
    """Section 4.1's network (one epoch in mini-batches of 10), the training set and the misread 2."""
    digits = load_digits()
    X, Y, labels = digits.X_train, digits.Y_train, digits.labels_train
    net = Network([784, 16, 16, 10], seed=0)
    train(net, X, Y, epochs=1, eta=3.0, batch_size=10, seed=0)
    i = int(np.flatnonzero((labels == 2) & (net.predict(X) != 2))[0])
    return net, X, Y, i


def _largest_wish_for_z() -> int:
    net, X, Y, i = _chapter()
    wished_a = nudges(net, X[:, i], Y[:, i]).activations[3]
    z = net.forward(X[:, [i]]).z[3][:, 0]
    wished_z = wished_a * sigmoid_prime(z)
    if np.ptp(wished_z / wished_a) < 1e-12:
        return 3
    largest = int(np.argmax(np.abs(wished_z)))
    return {0: 0, 2: 1}.get(largest, 2)


def _one_image_alone() -> int:
    net, X, Y, i = _chapter()
    digits = load_digits()
    selfish = Network([784, 16, 16, 10], seed=0)
    train(selfish, X[:, [i]], Y[:, [i]], epochs=30, eta=3.0)
    read = selfish.predict(digits.X_test)
    if np.all(read == 2):
        return 2
    twos = digits.labels_test == 2
    if np.mean(read[twos] == 2) > 0.9:
        return 1
    return 0 if np.mean(read == digits.labels_test) > 0.2 else 3


def _signs_of_the_paths() -> int:
    net, X, Y, i = _chapter()
    one = net.backprop(X[:, [i]], Y[:, [i]])
    pixel = int(np.argmax(X[:, i]))
    neuron = int(np.argmax(np.abs(one.W[1][:, pixel])))
    products = np.array(list(path_products(net, X[:, i], Y[:, i], l=1, j=neuron, k=pixel).values()))
    if np.count_nonzero(products) == 1:
        return 3
    fewer = min(np.sum(products > 0), np.sum(products < 0)) / products.size
    return 0 if fewer == 0 else 1 if fewer < 0.15 else 2


def _digit_gradient_check() -> int:
    # Every 13th derivative of the chapter's check: the same network, images and comparison, in a
    # tenth of the time (the relative error is a ratio of lengths, about the same for any sample).
    net, X, Y, _ = _chapter()
    params = all_params(net)[::13]
    by_differences = numerical_gradient(net, X[:, :10], Y[:, :10], params=params)
    by_backprop = backprop_gradient(net, X[:, :10], Y[:, :10])[::13]
    error = relative_error(by_differences, by_backprop)
    return 0 if error == 0 else 1 if error > 1e-3 else 2 if error > 1e-8 else 3


def _first_layer_nudges() -> int:
    net, X, Y, i = _chapter()
    x = X[:, i]
    pictures = nudges(net, x, Y[:, i]).weights[1]
    lengths = np.linalg.norm(pictures, axis=1) * np.linalg.norm(x)
    cosines = np.abs(pictures @ x) / lengths
    if np.allclose(cosines, 1, rtol=0, atol=1e-12):
        return 1
    blank = np.sum(pictures[:, x == 0] ** 2) / np.sum(pictures**2)
    return 2 if blank > 0.5 else 3


PREDICTIONS: dict[str, Question] = {
    "wish_for_z": Question(
        "The 0-output has the largest wish for its activation a_j, the 2-output the second largest. "
        "Each wish is now multiplied by the slope σ′(z_j) of the sigmoid where that output sits. "
        "Which output ends up with the largest wish, in size, for its weighted input z_j?",
        (
            Guess(
                "The 0-output: the largest wish for a stays the largest wish for z",
                "It would if every output had the same exchange rate. But σ′(z) = a(1 − a) depends on "
                "where the neuron sits: the 0-output, at a ≈ 0.95, is on the flat shoulder of the "
                "sigmoid, where the slope is about 0.05, so its large wish shrinks about twentyfold.",
            ),
            Guess(
                "The 2-output: it sits where the sigmoid is steeper",
                "Right. At a ≈ 0.1 the slope a(1 − a) is about 0.09, nearly twice the 0-output's, and "
                "that outweighs a wish for a that is only slightly smaller. A wish passes through the "
                "sigmoid at the exchange rate σ′(z_j) of its own neuron.",
            ),
            Guess(
                "One of the outputs near 0: σ′ turns their small wishes into large ones",
                "σ′ is never more than 1/4, so it can only shrink a wish, and at an output near 0 the "
                "sigmoid is flat (σ′ ≈ a ≈ 0): a small wish times a tiny slope stays tiny. Those "
                "outputs keep almost nothing.",
            ),
            Guess(
                "It is a tie in proportion: σ′ rescales every wish by the same factor",
                "σ′ is not a constant of the network but the slope at each neuron's own z_j, different "
                "for every output on every image. That is why the order of the wishes can change on "
                "the way from a to z.",
            ),
        ),
        answer=1,
        experiment="the table in the next cell, and the figure after it",
        verify=_largest_wish_for_z,
    ),
    "one_image_alone": Question(
        "A fresh digit network is trained for 30 epochs on this one image of a 2 and on nothing "
        "else. How does it then read the 1,000 test digits?",
        (
            Guess(
                "Better than chance: a 2 has strokes that other digits share",
                "Nothing in this cost asks for strokes. It asks only that this one image give the "
                "output (0, 0, 1, 0, …), and the cheapest ways there, the output biases and the "
                "weights from neurons active on most images, help no other digit.",
            ),
            Guess(
                "The test 2s as 2s, the other digits spread over the ten labels",
                "That assumes the network learnt what a 2 looks like. It never saw an image that should "
                "not be a 2, so no wish ever pushed back: nothing in the cost tells a 7 from a 2, and "
                "the 7s get the same answer.",
            ),
            Guess(
                "Every one of them as a 2",
                "Right. Every wish of the single example says: 2-output up, the others down. Raising "
                "the 2-output's bias, and its weights from neurons that fire on any image, meets that "
                "wish for every input at once, and with no other example to object, every digit "
                "becomes a 2. Hence the average over examples.",
            ),
            Guess(
                "At random, about as before: one example cannot move 13,002 parameters",
                "Thirty steps at η = 3 on one example are plenty to drive its cost down, and the "
                "parameters they move (biases, weights from common neurons) are shared by every "
                "input, so the whole network's answers change.",
            ),
        ),
        answer=2,
        verify=_one_image_alone,
    ),
    "signs_of_the_paths": Question(
        "The derivative ∂C_x/∂w⁽¹⁾_jk of one first-layer weight (from the brightest pixel of the 2 "
        "to the hidden neuron where that derivative is largest) is the sum of the products of "
        "slopes along its 160 paths to the cost. How do the signs of the 160 products split?",
        (
            Guess(
                "All 160 have the derivative's sign: every path pushes the weight the same way",
                "On chapter 3's chain there is one path, and it is the derivative, so it is tempting "
                "to think of paths as agreeing. But the paths cross weights of both signs and reach "
                "outputs that should go up and outputs that should go down.",
            ),
            Guess(
                "Nearly all the derivative's sign, with a handful of exceptions",
                "That pictures one dominant route with a few detours. The signs of a path's product "
                "come from the signs of its two weights and of its output's wish, and those are mixed "
                "all over the network: the exceptions are far more than a handful.",
            ),
            Guess(
                "Both signs in comparable numbers: the derivative is what is left when they cancel",
                "Right. The weights are positive and negative in roughly equal numbers and the ten "
                "outputs wish both ways, so the products come in both signs, and no single path "
                "explains the sum. Backpropagation adds them all without listing one.",
            ),
            Guess(
                "Only one path is not zero: σ′ kills the others",
                "σ′(z) = a(1 − a) is small on the flat parts of the sigmoid but never exactly zero, "
                "so every path contributes something; some are tiny, none vanish.",
            ),
        ),
        answer=2,
        verify=_signs_of_the_paths,
    ),
    "digit_gradient_check": Question(
        "Backpropagation and central differences (step ε = 10⁻⁶, two cost evaluations per "
        "parameter) each compute all 13,002 derivatives of the cost on ten training images. What "
        "relative error ‖g₁ − g₂‖ / (‖g₁‖ + ‖g₂‖) between the two gradients comes out?",
        (
            Guess(
                "Exactly 0: both compute the same derivatives",
                "Both aim at the same numbers, but central differences are an approximation: they err "
                "by about ε² times a third derivative, and subtracting two nearly equal costs loses "
                "digits to float64 rounding. Two independent computations agree closely, never exactly.",
            ),
            Guess(
                "About 10⁻²: finite differences are crude, and 13,002 errors add up",
                "The error of a central difference is tiny in float64, and the relative error is a "
                "ratio of two lengths: it does not grow with the number of derivatives. A result "
                "near 10⁻² would point to a bug, such as a missing σ′ or a transposed W.",
            ),
            Guess(
                "About 10⁻⁶, the size of the step ε",
                "A one-sided difference errs in proportion to ε; the central one cancels that term and "
                "errs by about ε² ≈ 10⁻¹². What is left is mostly rounding: about 10⁻¹⁶ / ε relative "
                "to the cost, far below the step itself.",
            ),
            Guess(
                "Below 10⁻⁸, but not zero",
                "Right. Rounding in the cost differences and the ε² error of the central difference "
                "leave a relative error of order 10⁻⁹, while a wrong equation gives 10⁻² or more. "
                "Agreement this close, over every derivative, is what says the equations are right.",
            ),
        ),
        answer=3,
        verify=_digit_gradient_check,
    ),
    "first_layer_nudges": Question(
        "Next, for each of the 16 first-layer neurons, the nudges this one 2 asks of its 784 "
        "weights from the pixels are drawn as a 28 × 28 picture. What do the 16 pictures look like?",
        (
            Guess(
                "16 different feature detectors: strokes, loops and edges, one kind per neuron",
                "That is what trained first-layer weights can look like after many images. One image's "
                "nudge to w⁽¹⁾_jk is −δ⁽¹⁾_j x_k: one number per neuron times the image, so it cannot "
                "hold any pattern the image does not have.",
            ),
            Guess(
                "Each the 2 itself, in positive or negative, brighter or fainter",
                "Right. ∂C_x/∂w⁽¹⁾_jk = δ⁽¹⁾_j x_k, so row j of the nudges is the image scaled by "
                "−δ⁽¹⁾_j: the neuron's error sets the sign and the strength, the pixels set the shape.",
            ),
            Guess(
                "Mostly the blank background: the nudges push down where the image is not",
                "A weight from a blank pixel multiplies x_k = 0, so changing it changes nothing for "
                "this image: its derivative δ_j x_k is exactly 0. One image never touches the weights "
                "of its blank pixels.",
            ),
            Guess(
                "Noise over all pixels: the wishes of ten outputs mix into no pattern",
                "The ten outputs' wishes do mix, but into one number per hidden neuron, δ⁽¹⁾_j. The "
                "picture is that number times the image, so the mixing changes only its sign and "
                "strength.",
            ),
        ),
        answer=1,
        verify=_first_layer_nudges,
    ),
}
