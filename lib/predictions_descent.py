"""Chapter 2's predictions (gradient descent): what the reader guesses before each key experiment."""

from __future__ import annotations

import numpy as np

from .data import load_digits
from .descent import descent_path, line_fitting_problem
from .network import Network
from .predictions import Guess, Question
from .training import train

START = (-1.0, 3.0)  # where section 2.2's paths start


def _eta_045_path() -> int:
    """Where 40 steps at η = 0.45 end, against η = 0.3 and against the start."""
    net, x, y = line_fitting_problem(n=50, seed=0)
    cost = descent_path(net, x, y, START, 0.45, steps=40)[:, 2]
    at_03 = descent_path(net, x, y, START, 0.3, steps=40)[-1, 2]
    if cost[-1] < at_03:
        return 0
    if cost[-1] < cost[0]:
        return 1
    if abs(cost[-1] - cost[-3]) < 0.01 * cost[-1]:
        return 3
    return 2


def _steps_to_one_percent(eta: float) -> int | None:
    """The steps from section 2.2's start until the cost is within 1 % of its minimum (None: not in 1000)."""
    net, x, y = line_fitting_problem(n=50, seed=0)
    inputs = np.vstack([x, np.ones_like(x)]).T
    (w, b), *_ = np.linalg.lstsq(inputs, y.ravel(), rcond=None)
    lowest = np.mean((w * x + b - y) ** 2)
    cost = descent_path(net, x, y, START, eta, steps=1000)[:, 2]
    within = np.flatnonzero(cost <= 1.01 * lowest)
    return int(within[0]) if within.size else None


def _steps_just_under_limit() -> int:
    """How the count at η = 0.43 compares with η = 0.2's."""
    slow, near_limit = _steps_to_one_percent(0.2), _steps_to_one_percent(0.43)
    if near_limit is None:
        return 3
    if near_limit > slow:
        return 2
    return 0 if near_limit <= 0.55 * slow else 1


def _most_sensitive_layer() -> int:
    """The layer of the untrained digit network's largest |∂C/∂w| (or 'none', if they are alike)."""
    digits = load_digits()
    gradient = Network([784, 16, 16, 10], seed=0).backprop(digits.X_train, digits.Y_train)
    largest = [np.abs(gradient.W[l]).max() for l in (1, 2, 3)]
    if max(largest) < 2 * min(largest):
        return 2
    return {0: 0, 1: 1, 2: 3}[int(np.argmax(largest))]


def _after_ten_full_batch_steps() -> int:
    """What ten full-batch steps at η = 3 make of the untrained digit network's answers."""
    digits = load_digits()
    net = Network([784, 16, 16, 10], seed=0)
    train(net, digits.X_train, digits.Y_train, epochs=10, eta=3.0)
    average = float(np.mean(net(digits.X_train)))
    accuracy = net.accuracy(digits.X_test, digits.labels_test)
    if accuracy > 0.5:
        return 0
    if average < 0.03:
        return 2
    return 1 if abs(average - 0.1) < 0.01 and accuracy < 0.25 else -1


PREDICTIONS: dict[str, Question] = {
    "eta_045_path": Question(
        "Forty gradient steps from (w, b) = (−1, 3) at η = 0.3 end close to the minimum of C(w, b). "
        "What do forty steps from the same start at η = 0.45, one and a half times larger, do?",
        (
            Guess(
                "They end even closer to the minimum: larger steps cover more ground.",
                "On a gentle slope a larger η does go further per step. But the step is η times the "
                "gradient, and across the steep walls of this valley 0.45 times the slope carries the "
                "point past the floor and higher up the other side. After 40 steps the cost is not "
                "below η = 0.3's 0.041 but over two thousand times higher, 88.",
            ),
            Guess(
                "They overshoot and zigzag across the valley, but the zigzag dies out and they settle, "
                "only more slowly.",
                "Overshooting alone is not diverging: at η = 0.3 the path also jumps across the valley "
                "at every step, and each swing is 0.38 times the last, so it settles. That needs "
                "|1 − ηλ| < 1 for the curvature λ across the valley; at η = 0.45 each swing is 1.07 "
                "times the last, so the zigzag grows instead of dying out.",
            ),
            Guess(
                "They zigzag across the valley with ever larger swings, and the cost grows without bound.",
                "Across the steep direction every step multiplies the offset from the minimum by "
                "1 − ηλ_max, with λ_max = 4.6 the curvature across the valley (computed below). At "
                "η = 0.45 that factor is −1.07: the point flips sides at every step and lands 7 % "
                "further out each time. After 40 steps the cost is 88, and every further step raises it.",
            ),
            Guess(
                "They bounce back and forth between two points on opposite walls, at the same cost forever.",
                "A step that exactly mirrors the point across the valley happens only when "
                "1 − ηλ_max = −1, at η = 2/λ_max = 0.434, the exact limit. At 0.45, just past it, the "
                "mirror image lands a little further out every time (factor −1.07), so the bounce "
                "grows step after step: the cost after 40 steps is 88, not the start's.",
            ),
        ),
        answer=2,
        verify=_eta_045_path,
    ),
    "steps_just_under_limit": Question(
        "Count the gradient steps from (−1, 3) until the cost is within 1 % of its minimum. At η = 0.2 "
        "descent needs 70 steps. How many does it need at η = 0.43, just under the limit "
        "2/λ_max = 0.434?",
        (
            Guess(
                "About 33: η is a little more than twice as large, so twice as far per step and half "
                "as many steps.",
                "That is how the flat floor of the valley behaves, where each step shrinks the offset "
                "by the factor 1 − ηλ_min, and it holds from η = 0.05 up to 0.4: 285, 142, 70, 34 "
                "steps. It fails just under the limit, where the steep direction, not the flat one, "
                "becomes the slow one.",
            ),
            Guess(
                "Between 34 and 70: the zigzag across the valley wastes part of each step, but longer "
                "steps still win.",
                "It treats the zigzag as a small tax. Across the valley each step multiplies the offset "
                "by 1 − 0.43 λ_max = −0.980: every swing is 98 % of the one before, so the zigzag "
                "needs more than a hundred steps to die out, far more than the floor needs.",
            ),
            Guess(
                "More than 70: it needs more steps than η = 0.2.",
                "Descent is as slow as its slowest direction, the one whose factor 1 − ηλ is closest "
                "to ±1. At η = 0.43 the flat factor is +0.873 but the steep one is −0.980: the path "
                "swings across the valley, each swing only 2 % smaller than the last, and needs 168 "
                "steps. The fastest η balances the two, 2/(λ_min + λ_max) = 0.408.",
            ),
            Guess(
                "It never gets within 1 %: this close to the limit the zigzag never dies out.",
                "Below 2/λ_max every factor |1 − ηλ| is below 1, however close η is to the limit, so "
                "every offset shrinks to zero in the end. At η = 0.43 the steep factor is −0.980: "
                "slow, 168 steps, but it converges. Only from η = 0.434 on does the swing stop "
                "shrinking.",
            ),
        ),
        answer=2,
        verify=_steps_just_under_limit,
    ),
    "most_sensitive_layer": Question(
        "The untrained digit network (784 → 16 → 16 → 10) has 12,960 weights in three layers. In which "
        "layer is the weight with the largest gradient component |∂C/∂w|, the one whose nudge changes "
        "the cost most?",
        (
            Guess(
                "Layer 1: everything after it depends on it, so its nudges reach the cost through the "
                "whole network.",
                "A first-layer weight does act through every later layer, but each layer passes its "
                "effect on multiplied by a weight and by σ′(z) ≤ 1/4, so it arrives weakened; and many "
                "inputs are blank pixels, 0, whose weights do not matter at all. The largest "
                "first-layer component is 0.0070, 31 times smaller than the largest one.",
            ),
            Guess(
                "Layer 2: it is fed by hidden neurons instead of blank pixels, and one more layer "
                "amplifies its effect.",
                "One more layer does not amplify: going back through a layer multiplies by w·σ′(z), "
                "with σ′ ≤ 1/4, which shrinks more often than it grows. The largest component of "
                "layer 2 is 0.049, about 4.5 times smaller than the output layer's 0.219.",
            ),
            Guess(
                "No layer stands out: all weights were drawn from the same distribution, so their "
                "components are about the same size.",
                "The weights start alike, their gradients do not: ∂C/∂w is the error at the weight's "
                "neuron times the activation feeding the weight, and both depend on the layer. The "
                "largest components are 0.0070, 0.049 and 0.219 in layers 1, 2 and 3, more than a "
                "factor of 30 apart.",
            ),
            Guess(
                "Layer 3, the output layer: its weights act on the cost most directly.",
                "∂C/∂w⁽³⁾ is the output error (times σ′) times a hidden activation between 0 and 1. "
                "Each layer further back multiplies the error by a weight and by σ′(z) ≤ 1/4 (chapters "
                "3 and 4 derive it), so the largest components shrink from 0.219 in layer 3 to 0.049 "
                "in layer 2 and 0.0070 in layer 1.",
            ),
        ),
        answer=3,
        verify=_most_sensitive_layer,
    ),
    "after_ten_full_batch_steps": Question(
        "Ten full-batch steps at η = 3 take the untrained digit network's cost from 3.95 to about "
        "0.90, more than three quarters of the way down to 0. What does the network do after these "
        "ten steps?",
        (
            Guess(
                "It recognises most digits: a cost that fell by three quarters means most answers are right.",
                "The cost measures how far the ten outputs are from their targets, not how many images "
                "are classified right. Most of the fall comes from outputs that were far too high (0.6 "
                "on average) coming down; the test accuracy after ten steps is 0.177, not far above "
                "the 0.1 of guessing.",
            ),
            Guess(
                "It answers about 0.1 on every output, whatever the image, and is right hardly more "
                "often than a guess.",
                "Before it can tell digits apart, descent finds the best answer that ignores the image: "
                "a constant output equal to the average target, 0.1, since each digit is a tenth of "
                "the labels. That answer costs 0.90. After ten steps the average output is 0.098 and "
                "the test accuracy 0.177; telling the images apart comes later.",
            ),
            Guess(
                "It answers about 0 on every output: nine targets in ten are 0, so pushing every output "
                "down lowers the cost most.",
                "Answering 0 everywhere costs 1.0 per image (the one target that is 1 is missed "
                "completely), more than answering 0.1 everywhere, which costs 0.90: a constant answer "
                "has the lowest quadratic cost at the average target. The average output after ten "
                "steps is 0.098, not 0.",
            ),
        ),
        answer=1,
        experiment="the next two cells",
        verify=_after_ten_full_batch_steps,
    ),
}
