"""backprop: the small numpy library behind the book *How Neural Networks Learn*."""

from . import browser as _browser
from .activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from .costs import cross_entropy, quadratic
from .data import Digits, load_digits, load_mnist, one_hot
from .errors import (
    BackpropTypeError,
    BackpropValueError,
    NotFiniteError,
    TrainingDiverged,
    UnscaledInputWarning,
)
from .gradcheck import numerical_gradient, relative_error
from .network import Network
from .training import History, train

_browser.adapt()  # nothing natively; in the browser (Pyodide), the settings it needs

__all__ = [
    "BackpropTypeError",
    "BackpropValueError",
    "Digits",
    "History",
    "Network",
    "NotFiniteError",
    "TrainingDiverged",
    "UnscaledInputWarning",
    "cross_entropy",
    "load_digits",
    "load_mnist",
    "numerical_gradient",
    "one_hot",
    "quadratic",
    "relative_error",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "train",
]
