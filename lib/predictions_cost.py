"""Chapter 1's predictions (the cost): what the reader guesses before each key experiment."""

from __future__ import annotations

from functools import cache

import numpy as np

from .costs import quadratic
from .data import Digits, load_digits, one_hot
from .landscape import cost_along_line, swap_hidden_neurons
from .network import Network
from .predictions import Guess, Question
from .training import train


@cache
def _digits() -> Digits:
    return load_digits()


def _nearest(value: float, candidates: list[float]) -> int:
    """The index of the candidate nearest to `value` on a log scale (by ratio, not difference)."""
    return int(np.argmin(np.abs(np.log(value) - np.log(candidates))))


def _untrained_cost_of_the_two() -> int:
    digits = _digits()
    i = int(np.flatnonzero(digits.labels_train == 2)[0])
    net = Network([784, 16, 16, 10], seed=0)
    cost = quadratic(net(digits.X_train[:, i]), digits.Y_train[:, [i]])[0]
    return _nearest(cost, [0.4, 1, 4, 10])


def _when_the_likelihood_underflows() -> int:
    digits = _digits()
    labels = digits.labels_train
    soft = Network([784, 16, 16, 10], output="softmax", cost="cross_entropy", seed=0)
    p_correct = soft(digits.X_train)[labels, np.arange(labels.size)]
    running = np.cumprod(p_correct)
    if running[-1] > 0:
        return 3
    return _nearest(np.argmax(running == 0) + 1, [25, 250, 1000])


def _quadratic_growth_when_confidently_wrong() -> int:
    def cost(p_right: float) -> float:
        a = np.full((10, 1), (1 - p_right) / 9)
        a[2] = p_right
        return quadratic(a, one_hot([2]))[0]

    return _nearest(cost(0.001) / cost(0.1), [1.2, 3, 100, 10_000])


def _cost_halfway_between_twins() -> int:
    digits = _digits()
    X, Y = digits.X_train, digits.Y_train
    trained = Network([784, 16, 16, 10], seed=0)
    train(trained, X, Y, epochs=5, eta=1.0, batch_size=10, seed=0, epoch_cost=False)
    swapped = swap_hidden_neurons(trained, 1, 0, 1)
    towards = swapped.get_flat() - trained.get_flat()
    start, middle, end = cost_along_line(trained, X, Y, towards, [0, 0.5, 1])
    ratio = middle / max(start, end)
    if ratio < 1 - 1e-9:
        return 1
    if ratio <= 1 + 1e-9:
        return 0
    return 2 if ratio < 1.5 else 3


PREDICTIONS: dict[str, Question] = {
    "untrained_cost": Question(
        "The untrained network's ten outputs for this 2 are printed above; the wanted y is 1 at "
        "position 2 and 0 everywhere else. About how large is its quadratic cost "
        "C_x = Σⱼ (aⱼ − yⱼ)²?",
        (
            Guess(
                "About 0.4",
                "Tempting if you average the ten squares instead of adding them, as the 'mean "
                "squared error' convention does. The squared gaps are indeed about 0.4 each on "
                "average here, but C_x adds all ten of them, so it is about ten times that.",
            ),
            Guess(
                "About 1",
                "Tempting if you think of a cost as an error rate between 0 and 1, or count 'one "
                "wrong answer, cost 1'. The quadratic cost has no such bound: with ten outputs it "
                "can reach 10, and here the nine outputs that should be 0 sit between 0.15 and 0.94.",
            ),
            Guess(
                "About 4",
                "Right. Every output is far from its target: the nine that should be 0 are about "
                "0.6 on average, and the one that should be 1 is only 0.555. Ten squared gaps of "
                "about 0.4 each add up to about 4; the cell prints C_x ≈ 4.04.",
            ),
            Guess(
                "About 10",
                "Tempting because the network is wrong about everything, and 10 is the largest "
                "value the cost can take. But 10 needs every output at the wrong end (the nine at "
                "1, the digit-2 output at 0); outputs that sit in the middle give squares of about "
                "0.4, not 1.",
            ),
        ),
        answer=2,
        verify=_untrained_cost_of_the_two,
    ),
    "likelihood_underflow": Question(
        "Multiply, one example after another, the probabilities that the untrained softmax "
        "network gives to the correct labels of the 4,000 training images. After how many "
        "examples is the running product exactly 0.0 in float64?",
        (
            Guess(
                "After about 25 examples",
                "Tempting if you expect floats to give out much sooner, near 10⁻³⁸ as 32-bit floats "
                "do. A float64 holds numbers down to about 5·10⁻³²⁴ (denormals included); losing "
                "about 1.3 decimal digits per example, the product takes about 250 examples to get "
                "there, not 25.",
            ),
            Guess(
                "After about 250 examples",
                "Right. The untrained network gives the correct label a probability of about 0.05 "
                "(its geometric mean over the examples), so each factor removes about 1.3 decimal "
                "digits. A float64 reaches down to about 5·10⁻³²⁴, and 324 / 1.3 ≈ 250: the product "
                "is exactly 0.0 from example 242 on.",
            ),
            Guess(
                "After about 1,000 examples",
                "Tempting from 0.5¹⁰²⁴ ≈ 10⁻³⁰⁸, as if every probability were about one half. But "
                "an untrained network spreads its belief over ten labels, so the correct one gets "
                "about 0.05, not 0.5: the product shrinks four times as fast, in decimal digits, "
                "and is gone after about 250 examples.",
            ),
            Guess(
                "Never: it stops at the smallest positive float and stays there",
                "Tempting if you picture underflow as a clamp at the smallest number a float can "
                "hold. Floating point rounds instead: a product below half the smallest denormal "
                "(about 5·10⁻³²⁴) rounds to 0.0, every later product with 0.0 stays 0.0, and numpy "
                "does not even warn.",
            ),
        ),
        answer=1,
        verify=_when_the_likelihood_underflows,
    ),
    "quadratic_confidently_wrong": Question(
        "The network gives probability p to the correct label and shares 1 − p equally among the "
        "nine others. As p falls from 0.1 to 0.001, a wrong answer held 100 times more "
        "confidently, how many times larger does the quadratic cost C_x become?",
        (
            Guess(
                "About 1.2 times: it barely grows",
                "Right. Every output lies between 0 and 1, and so does every gap aⱼ − yⱼ: at "
                "p = 0.1 the correct output is already 0.9 short of its target, at p = 0.001 it is "
                "0.999 short. Squares of gaps below 1 cannot blow up: C_x goes from 0.90 to about "
                "1.11, and it never passes 2 while the outputs add up to 1.",
            ),
            Guess(
                "About 3 times, like the cross-entropy",
                "Tempting if every cost measures wrongness the same way. The cross-entropy −log p "
                "does triple (from 2.30 to 6.91), because log p runs off to −∞ as p goes to 0; the "
                "quadratic cost only sees the gap 1 − p, which barely moves from 0.9 to 0.999.",
            ),
            Guess(
                "About 100 times: the mistake is 100 times more confident",
                "Tempting because the probability of the correct label changed 100-fold. But the "
                "quadratic cost does not look at ratios of probabilities, it looks at differences "
                "between output and target, and the difference 1 − p only grows from 0.9 to 0.999.",
            ),
            Guess(
                "About 10,000 times: squaring turns 100 into 10,000",
                "Tempting from 'squaring punishes large errors hard'. But what is squared is the "
                "gap between an output and its target, not the ratio of two probabilities; that gap "
                "is at most 1, so its square is at most 1 too, and the cost cannot run away.",
            ),
        ),
        answer=0,
        verify=_quadratic_growth_when_confidently_wrong,
    ),
    "midpoint_of_twins": Question(
        "Walk the straight line from the trained network (t = 0) to its twin with hidden neurons "
        "0 and 1 swapped (t = 1): both have the same cost C. At the midpoint t = 0.5 every "
        "parameter is the average of its two values. What is C there?",
        (
            Guess(
                "Exactly the same C: both ends compute the same function, so every point between does too",
                "Tempting because the two ends are one network in disguise. The points between are "
                "not: at t = 0.5 neurons 0 and 1 both get the average of their two weight vectors, "
                "so they become identical copies, and the layer has one distinct neuron fewer.",
            ),
            Guess(
                "Lower: averaging two good networks gives a better one",
                "Tempting from ensembles, where averaging the predictions of two networks often "
                "helps. Averaging their parameters is something else: a non-linear network with "
                "averaged weights does not compute the average of the two functions, and here the "
                "cost goes up, not down.",
            ),
            Guess(
                "Higher, but by less than half",
                "Right. Only the two swapped neurons change along the line; the other 14 of the "
                "layer and every other layer stay put. At the midpoint the two become identical, "
                "so the network loses one of its 16 detectors: worse, not ruined. C rises by about "
                "a fifth, a bump that a convex cost could not have.",
            ),
            Guess(
                "Far higher, near the untrained network's 3.9",
                "Tempting if you picture the midpoint as a random mix of two networks. But the ends "
                "differ only in two of the 16 neurons of one layer; everything else is shared, so "
                "the midpoint is a mildly damaged trained network, nowhere near an untrained one.",
            ),
        ),
        answer=2,
        verify=_cost_halfway_between_twins,
    ),
}
