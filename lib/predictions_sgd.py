"""Chapter 5's predictions (stochastic gradient descent): what the reader guesses first."""

from __future__ import annotations

import numpy as np

from .data import load_digits
from .descent import line_fitting_problem, sgd_path
from .experiments import disagreement, gradient_cosines
from .network import Network
from .predictions import Guess, Question
from .training import train

# The learning rate that the chapter's search of section 5.4 chooses for mini-batches of 10. At
# it, a run nudged by one part in 10¹² ends where the plain run does (section 5.4), so the facts
# below hold on every machine.
ETA_10 = 1.0
DIGIT_NETWORK = [784, 16, 16, 10]


def _walker() -> int:
    """Ten passes over the 50 points of the line-fitting problem, in batches of 50, 5 and 1."""
    net, x, y = line_fitting_problem(n=50, seed=0)
    runs = [(50, 0.3), (5, 0.1), (1, 0.05)]
    full, five, one = (sgd_path(net, x, y, (-1.0, 3.0), eta, 10, m, seed=0)[-1, 2] for m, eta in runs)
    if max(full, five, one) < 1.5 * min(full, five, one):
        return 1
    if full < min(five, one):
        return 0
    if one < five / 2 and one < full / 3:
        return 3
    return 2 if max(five, one) < full / 3 else -1


def _cosine_at_10() -> int:
    """The median cosine of 50 mini-batches of 10 with the full gradient, after one epoch."""
    digits = load_digits()
    X, Y = digits.X_train, digits.Y_train
    net = Network(DIGIT_NETWORK, seed=0)
    train(net, X, Y, epochs=1, eta=ETA_10, batch_size=10, seed=0, epoch_cost=False)
    sizes = [1, 2, 5, 10]  # the chapter draws these first: the same 50 mini-batches of 10
    median = float(np.median(gradient_cosines(net, X, Y, sizes, samples=50, seed=0)[10]))
    # Guesses from the highest cosine (above 0.9) to the lowest (below −0.3).
    return 3 - int(np.digitize(median, [-0.3, 0.3, 0.9]))


def _three_starts() -> int:
    """Three starts trained alike: how far apart their costs, accuracies and predictions are."""
    digits = load_digits()
    X, Y = digits.X_train, digits.Y_train
    nets = []
    for seed in range(3):
        net = Network(DIGIT_NETWORK, seed=seed)
        train(net, X, Y, epochs=10, eta=ETA_10, batch_size=10, seed=seed, epoch_cost=False)
        nets.append(net)
    accuracies = [net.accuracy(digits.X_test, digits.labels_test) for net in nets]
    shares = [disagreement(nets[a], nets[b], digits.X_test) for a, b in [(0, 1), (0, 2), (1, 2)]]
    if max(accuracies) - min(accuracies) > 0.1:
        return 2
    if max(shares) < 0.01:
        return 0
    return 1 if min(shares) > 0.03 else -1


def _less_data() -> int:
    """Test accuracy after 4,000 steps of 10 on the first 100 training images, and on all 4,000."""
    digits = load_digits()
    accuracy = {}
    for size in (100, 4000):
        net = Network(DIGIT_NETWORK, seed=0)
        X, Y = digits.X_train[:, :size], digits.Y_train[:, :size]
        train(net, X, Y, epochs=40_000 // size, eta=ETA_10, batch_size=10, seed=0, epoch_cost=False)
        accuracy[size] = net.accuracy(digits.X_test, digits.labels_test)
    few = accuracy[100]
    if few > accuracy[4000]:
        return 3
    if few >= 0.85:
        return 0
    if few < 0.3:
        return 2
    return 1 if 0.5 <= few <= 0.8 else -1


PREDICTIONS: dict[str, Question] = {
    "walker": Question(
        "The same start, the same ten passes over the 50 points: full batch takes 10 steps with "
        "η = 0.3, mini-batches of 5 take 100 steps with η = 0.1, single examples take 500 steps with "
        "η = 0.05. Which run ends at the lowest cost C over all 50 points?",
        (
            Guess(
                "Full batch: each of its steps follows the exact gradient",
                "Exact steps are the best steps per step, which makes this tempting. But the budget "
                "is counted in examples, not steps: full batch gets only 10 of them, and ten careful "
                "steps leave it far from the bottom of the valley, at a cost about seven times that "
                "of the stochastic runs.",
            ),
            Guess(
                "About the same for all three: they used the same examples",
                "The same examples carry the same information, but the runs do not use it alike. "
                "Full batch spends all 50 examples on one step; the others turn the same work into "
                "10 or 50 times as many steps, and the final costs differ by a factor of about seven.",
            ),
            Guess(
                "Both stochastic runs, far below full batch",
                "Each mini-batch gradient is a noisy estimate of the full one, right on average "
                "(exercise 5.3), so the many quick steps go downhill on average. For the same work "
                "they are 10 or 50 times as many as full batch's, and they get much further: both end "
                "near the bottom, jittering a little, while full batch is still on the way.",
            ),
            Guess(
                "Single examples, by far: the more steps, the lower the cost",
                "More steps help until a run reaches the floor of the valley; there each step's own "
                "noise keeps it jittering instead of settling. The 500 single-example steps at "
                "η = 0.05 end at about the same cost as the 100 steps of 5 at η = 0.1.",
            ),
        ),
        answer=2,
        verify=_walker,
    ),
    "cosine_m10": Question(
        "Take the digit network after one epoch of training. Draw a random mini-batch of m = 10 of "
        "the 4,000 training images and compute its gradient. What is the cosine of the angle between "
        "it and the full gradient over all 4,000 images (the median over 50 such mini-batches)?",
        (
            Guess(
                "Above 0.9: ten images already point almost where all 4,000 do",
                "An average of ten feels like a good estimate, and all the images are digits. But the "
                "gradient has 13,002 components, and each image pulls them its own way: one image "
                "alone has a median cosine of only about 0.14. Averaging ten shrinks that noise only "
                "by √10 (exercise 5.4); it takes about a hundred images to pass 0.9.",
            ),
            Guess(
                "Between 0.3 and 0.9: downhill, but tens of degrees off",
                "A mini-batch gradient is the full gradient plus noise whose size falls like 1/√m. At "
                "m = 10 the noise is still about as large as the common direction, so the median "
                "cosine is near 0.6, an angle of about 50°: the step goes downhill, but by a detour.",
            ),
            Guess(
                "Near 0 (between −0.3 and 0.3): a random direction",
                "Ten images out of 4,000 seem too few to say anything about the rest. But the images "
                "share a common pull: even a single image's gradient leans towards the full gradient "
                "more often than not, and averaging ten makes the common part stand out clearly.",
            ),
            Guess(
                "Below −0.3: a typical mini-batch points uphill for the whole set",
                "A mini-batch gradient is right on average: its expectation is exactly the full "
                "gradient (exercise 5.3), so its cosine with the full gradient cannot be negative "
                "for a typical mini-batch. Only some single images point against the crowd.",
            ),
        ),
        answer=1,
        verify=_cosine_at_10,
    ),
    "three_starts": Question(
        "Train the digit network from three random starts, each with mini-batches of 10, the same η "
        "and 10 epochs. How do the three trained networks compare?",
        (
            Guess(
                "The same: equal costs, and the same label for nearly every test digit",
                "This is the picture of a single bowl-shaped valley, whose one minimum every start "
                "reaches. The cost of a network with hidden layers is not like that: the three runs "
                "end with similar costs, but each pair disagrees on several percent of the test "
                "digits. They are different networks.",
            ),
            Guess(
                "Similar cost and accuracy, but they disagree on several percent of the test digits",
                "The cost is not convex: from different starts, gradient descent rolls into different "
                "valleys. For a network like this one the valleys are about equally deep, so the "
                "costs and accuracies agree closely, but the networks compute different functions and "
                "make different mistakes.",
            ),
            Guess(
                "Very different: one start gets stuck, far less accurate than the others",
                "Not convex suggests bad local minima that trap some runs. Here they do not show: "
                "all three starts reach a low cost and about the same test accuracy. The many minima "
                "that random starts find are of similar quality, a common finding for networks "
                "trained with SGD.",
            ),
        ),
        answer=1,
        verify=_three_starts,
    ),
    "less_data": Question(
        "Train on only the first 100 training images, with the same 4,000 steps of 10 (so 400 "
        "passes over those 100). What is the accuracy on the 1,000 test images?",
        (
            Guess(
                "About 0.9, as with all 4,000: the same steps train it just as well",
                "Steps are not the scarce resource here. 4,000 steps fit the 100 images almost "
                "perfectly (a training cost near 0.002), but 100 images show only about ten ways of "
                "writing each digit, and the test digits are written in many more: the test accuracy "
                "is about 0.7.",
            ),
            Guess(
                "Between 0.5 and 0.8: far above chance, clearly below 0.9",
                "About ten examples of each digit already teach a lot about the typical shapes, so "
                "the network does far better than guessing. But it learns those 100 images by heart "
                "rather than what makes a 4 a 4, so it misreads many test digits that look unlike "
                "any of them: about 0.7.",
            ),
            Guess(
                "About 0.1, chance: 100 images are far too few",
                "A hundred images sound like nothing next to the 13,002 parameters. But about ten "
                "examples of each digit carry a lot of information about their typical shapes: the "
                "network reads about 70% of the test digits correctly, seven times better than "
                "guessing.",
            ),
            Guess(
                "Higher than with all 4,000: 400 passes fit the images perfectly",
                "It does fit its training images almost perfectly, better than the network trained "
                "on all 4,000. But fitting the training set is not the aim: a network that has "
                "memorised 100 images generalises worse, and its test accuracy is lower, about 0.7 "
                "against 0.9.",
            ),
        ),
        answer=1,
        verify=_less_data,
    ),
}
