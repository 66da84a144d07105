"""Checkers for the exercises: run the reader's function and name the likely mistake.

Each checker compares the reader's function with a reference solution on a few cases. It
first reads the answer in the form the exercise asks for, and says plainly what came back
when that is wrong (None, a string, a dict, a list of arrays, the wrong shape …). When the
numbers differ it compares the answer with plausible wrong solutions (a missing σ′, a sum
where a mean is due …) and says which mistake the answer matches.

The checkers live with their chapters and are gathered here:

    chapter 1  exercises_cost      check_quadratic_cost, check_average_cost, check_cross_entropy
    chapter 2  exercises_descent   check_gradient_step, check_central_difference
    chapter 3  exercises_chain     check_chain_backward
    chapter 4  exercises_backprop  check_layer_delta, check_backward_pass
    chapter 5  exercises_sgd       check_steps_per_epoch, check_sgd_epoch

The machinery they share is in exercises_feedback; a reference solution of every coding
exercise, written as a reader would write it, is in exercises_solutions.
"""

from .exercises_backprop import check_backward_pass, check_layer_delta
from .exercises_chain import check_chain_backward
from .exercises_cost import check_average_cost, check_cross_entropy, check_quadratic_cost
from .exercises_descent import check_central_difference, check_gradient_step
from .exercises_feedback import Feedback, Mistake, check
from .exercises_sgd import check_sgd_epoch, check_steps_per_epoch

__all__ = [
    "Feedback",
    "Mistake",
    "check",
    "check_average_cost",
    "check_backward_pass",
    "check_central_difference",
    "check_chain_backward",
    "check_cross_entropy",
    "check_gradient_step",
    "check_layer_delta",
    "check_quadratic_cost",
    "check_sgd_epoch",
    "check_steps_per_epoch",
]
