"""Every public function meets malformed arguments with a right result or the library's own clear error."""

from __future__ import annotations

import dataclasses
import math
import pickle
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop import (
    BackpropTypeError,
    BackpropValueError,
    History,
    Network,
    TrainingDiverged,
    UnscaledInputWarning,
    activations,
    costs,
    cross_entropy,
    data,
    descent,
    gradcheck,
    landscape,
    load_digits,
    numerical_gradient,
    one_hot,
    quadratic,
    train,
    training,
)
from backprop.autodiff import Value, network_cost, network_graph, topological_order
from backprop.chain import chain_backward, chain_forward, chain_network, random_chain
from backprop.nudges import nudges, tile

OWN_ERRORS = (BackpropValueError, BackpropTypeError)

# Valid arguments, rebuilt for every call (some functions change the network they are given).
RNG = np.random.default_rng(0)
X_DATA = RNG.random((3, 5))
LABELS = np.array([0, 1, 1, 0, 1])
Y_DATA = one_hot(LABELS, k=2)
Z_DATA = RNG.normal(size=(4, 3))
P_DATA = np.array([[0.2, 0.7, 0.5], [0.8, 0.3, 0.5]])
T_DATA = one_hot([1, 0, 0], k=2)
LINE_X = RNG.uniform(0, 2, (1, 6))
LINE_Y = 1.5 * LINE_X + 0.5


def net() -> Network:
    return Network([3, 4, 2], seed=0)


def softmax_net() -> Network:
    return Network([3, 4, 2], output="softmax", cost="cross_entropy", seed=0)


def line_net() -> Network:
    return Network([1, 1], output="linear", seed=0)


# The malformed values thrown at every argument -----------------------------------------------

BAD_VALUES = {
    "None": None,
    "str digit": "1",
    "str word": "abc",
    "bytes": b"\x00\x01",
    "True": True,
    "False": False,
    "numpy bool": np.bool_(True),
    "NaN": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "-1": -1,
    "0": 0,
    "-0.0": -0.0,
    "0.5": 0.5,
    "1.0 (float where int is due)": 1.0,
    "2.5": 2.5,
    "-1e308": -1e308,
    "1e308": 1e308,
    "10**30": 10**30,
    "-10**30": -(10**30),
    "10**400": 10**400,
    "complex": 1 + 2j,
    "numpy complex": np.complex128(1 + 0j),
    "empty list": [],
    "list of one": [1],
    "list of three": [1.0, 2.0, 3.0],
    "ragged list": [[1, 2], [3]],
    "tuple pair": (1, 2),
    "dict": {},
    "dict of numbers": {1: 2},
    "set": {1, 2},
    "object": object(),
    "function": lambda: 1,
    "function of two arguments": lambda a, b: None,
    "slice": slice(None),
    "empty array": np.array([]),
    "empty rows": np.zeros((0, 3)),
    "empty columns": np.zeros((3, 0)),
    "0-d array": np.array(3.0),
    "3-d array": np.ones((2, 2, 2)),
    "object array": np.array([1, 2], dtype=object),
    "object array of None": np.array([None, None]),
    "string array": np.array(["a", "b"]),
    "complex array": np.array([1 + 1j, 2]),
    "bool array": np.array([True, False]),
    "NaN matrix": np.full((3, 2), np.nan),
    "inf matrix": np.full((2, 3), np.inf),
    "list with NaN": [math.nan, 1.0],
    "huge array": np.array([1e308, -1e308]),
    "float32 scalar": np.float32(1.5),
    "int64 scalar": np.int64(3),
    "uint8 scalar": np.uint8(255),
    "datetime": np.datetime64("2020-01-01"),
    "timedelta array": np.array([1, 2], dtype="timedelta64[s]"),
    "rows of 784": np.zeros((2, 784)),
}


def variants(value) -> dict[str, tuple[object, bool]]:
    """Near misses derived from a valid value, each with whether it means the same as the valid one."""
    out: dict[str, tuple[object, bool]] = {}
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf" and value.size:
        out["transposed"] = (value.T, value.ndim < 2 or value.shape[0] == value.shape[1])
        out["one NaN"] = (np.where(np.arange(value.size).reshape(value.shape) == 0, np.nan, value), False)
        out["one inf"] = (np.where(np.arange(value.size).reshape(value.shape) == 0, np.inf, value), False)
        out["as complex"] = (value.astype(complex), False)
        out["as object"] = (value.astype(object), False)
        out["extra axis"] = (value[None], False)
        out["flattened"] = (value.ravel(), value.ndim == 1)
        out["as nested lists"] = (value.tolist(), True)
        out["as float32"] = (value.astype(np.float32), False)
        out["negated"] = (-value, False)
        out["halved"] = (value / 2, False)
        out["times 1e300"] = (value * 1e300, False)
        out["one column fewer" if value.ndim == 2 else "one entry fewer"] = (value[..., :-1], False)
        out["empty slice"] = (value[..., :0], False)
        if np.all(value == np.round(value)):
            out["as ints"] = (value.astype(int), True)
    elif isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], np.ndarray):
        X, labels = value  # test=(X_test, labels_test)
        out["swapped"] = ((labels, X), False)
        out["X transposed"] = ((X.T, labels), False)
        out["one-hot targets for labels"] = ((X, one_hot(labels, k=int(labels.max()) + 1)), False)
        out["one label fewer"] = ((X, labels[:-1]), False)
        out["a label out of range"] = ((X, labels + 5), False)
        out["as a list"] = ([X, labels], True)
        out["one element"] = ((X,), False)
        out["three elements"] = ((X, labels, labels), False)
    elif isinstance(value, bool):
        out["as int"] = (int(value), False)
        out["as str"] = (str(value), False)
    elif isinstance(value, int):
        out["as float"] = (float(value), False)
        out["plus a half"] = (value + 0.5, False)
        out["negated"] = (-value - 1, False)
        out["as numpy int"] = (np.int64(value), True)
        out["as str"] = (str(value), False)
        out["in a list"] = ([value], False)
    elif isinstance(value, float):
        out["as numpy float"] = (np.float64(value), True)
        out["as 0-d array"] = (np.array(value), True)
        out["negated"] = (-value, False)
        out["as str"] = (str(value), False)
        out["in a list"] = ([value], False)
    elif isinstance(value, str):
        out["upper case"] = (value.upper(), False)
        out["with a space"] = (value + " ", False)
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, (int, float)) for v in value):
        out["one more"] = ([*value, value[-1]], False)
        out["one fewer"] = (list(value[:-1]), False)
        out["as array"] = (np.array(value), True)
    return out


# Every public function, with valid arguments and the ones not to vary ---------------------------


@dataclass
class Case:
    name: str
    call: Callable
    args: Callable[[], dict]
    fixed: tuple = ()  # `self` of a method: the library is not asked to survive None.method()
    infinite_ok: bool = False  # results that are rightly infinite (cross-entropy of a probability 0)
    nan_ok: bool = False  # results with NaN by design (the gaps between tiled pictures)


def _value_op(op: str) -> Callable:
    def call(a, b):
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b, "r+": b + a, "r-": b - a, "r*": b * a}[op]

    return call


CASES = [
    # network.py
    Case(
        "Network",
        lambda **a: Network(**a),
        lambda: dict(
            sizes=[3, 4, 2], hidden="sigmoid", output="sigmoid", cost="quadratic", seed=0, dtype=float
        ),
    ),
    Case(
        "Network.initialise",
        lambda net, seed: net.initialise(seed),
        lambda: dict(net=net(), seed=1),
        ("net",),
    ),
    Case("Network.forward", lambda net, X: net.forward(X), lambda: dict(net=net(), X=X_DATA), ("net",)),
    Case("Network.__call__", lambda net, X: net(X), lambda: dict(net=net(), X=X_DATA), ("net",)),
    Case("Network.predict", lambda net, X: net.predict(X), lambda: dict(net=net(), X=X_DATA), ("net",)),
    Case(
        "Network.accuracy",
        lambda net, X, labels: net.accuracy(X, labels),
        lambda: dict(net=net(), X=X_DATA, labels=LABELS),
        ("net",),
    ),
    Case(
        "Network.cost",
        lambda net, X, Y: net.cost(X, Y),
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA),
        ("net",),
    ),
    Case(
        "Network.cost (cross-entropy)",
        lambda net, X, Y: net.cost(X, Y),
        lambda: dict(net=softmax_net(), X=X_DATA, Y=Y_DATA),
        ("net",),
    ),
    Case(
        "Network.cost_per_example",
        lambda net, X, Y: net.cost_per_example(X, Y),
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA),
        ("net",),
    ),
    Case(
        "Network.backprop",
        lambda net, X, Y, input_gradient: net.backprop(X, Y, input_gradient=input_gradient),
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, input_gradient=False),
        ("net",),
    ),
    Case(
        "Network.backprop (cross-entropy)",
        lambda net, X, Y: net.backprop(X, Y),
        lambda: dict(net=softmax_net(), X=X_DATA, Y=Y_DATA),
        ("net",),
    ),
    Case(
        "Network.get_weight",
        lambda net, l, j, k: net.get_weight(l, j, k),
        lambda: dict(net=net(), l=2, j=1, k=3),
        ("net",),
    ),
    Case(
        "Network.set_weight",
        lambda net, l, j, k, value: net.set_weight(l, j, k, value),
        lambda: dict(net=net(), l=2, j=1, k=3, value=0.5),
        ("net",),
    ),
    Case(
        "Network.get_bias", lambda net, l, j: net.get_bias(l, j), lambda: dict(net=net(), l=1, j=3), ("net",)
    ),
    Case(
        "Network.set_bias",
        lambda net, l, j, value: net.set_bias(l, j, value),
        lambda: dict(net=net(), l=1, j=3, value=-0.5),
        ("net",),
    ),
    Case(
        "Network.set_flat",
        lambda net, theta: net.set_flat(theta),
        lambda: dict(net=net(), theta=np.arange(26.0)),
        ("net",),
    ),
    Case(
        "Network float32 set_weight",
        lambda net, value: net.set_weight(1, 0, 0, value),
        lambda: dict(net=Network([3, 2], dtype=np.float32), value=0.5),
        ("net",),
    ),
    # training.py
    Case("gradient_step", training.gradient_step, lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, eta=0.5)),
    Case("steps_per_epoch", training.steps_per_epoch, lambda: dict(n=23, batch_size=5)),
    Case(
        "train",
        lambda **a: train(**a),
        lambda: dict(
            net=net(),
            X=X_DATA,
            Y=Y_DATA,
            epochs=2,
            eta=0.5,
            batch_size=2,
            seed=0,
            test=(X_DATA, LABELS),
            progress=False,
            on_step=None,
        ),
    ),
    # activations.py
    *[
        Case(f"activations.{name}", getattr(activations, name), lambda: dict(z=Z_DATA))
        for name in ("sigmoid", "sigmoid_prime", "relu", "relu_prime", "linear", "linear_prime", "softmax")
    ],
    Case(
        "activations.sigmoid_prime_from_output", activations.sigmoid_prime_from_output, lambda: dict(a=P_DATA)
    ),
    Case(
        "activations.softmax_backward",
        activations.softmax_backward,
        lambda: dict(a=P_DATA, grad_a=Z_DATA[:2]),
    ),
    Case("activations.get_activation", activations.get_activation, lambda: dict(name="relu")),
    # costs.py
    Case("costs.quadratic", costs.quadratic, lambda: dict(a=P_DATA, y=T_DATA)),
    Case("costs.quadratic_gradient", costs.quadratic_gradient, lambda: dict(a=P_DATA, y=T_DATA)),
    Case("costs.cross_entropy", costs.cross_entropy, lambda: dict(a=P_DATA, y=T_DATA), infinite_ok=True),
    Case(
        "costs.cross_entropy_gradient",
        costs.cross_entropy_gradient,
        lambda: dict(a=P_DATA, y=T_DATA),
        infinite_ok=True,
    ),
    Case("costs.log_softmax", costs.log_softmax, lambda: dict(z=Z_DATA)),
    Case(
        "costs.cross_entropy_from_logits",
        costs.cross_entropy_from_logits,
        lambda: dict(z=Z_DATA[:2], y=T_DATA),
    ),
    Case("costs.get_cost", costs.get_cost, lambda: dict(name="quadratic")),
    # data.py
    Case("one_hot", one_hot, lambda: dict(labels=LABELS, k=3)),
    Case("data.as_image", data.as_image, lambda: dict(x=np.zeros(784))),
    Case("data.read_idx", data.read_idx, lambda: dict(data=bytes([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]))),
    # gradcheck.py
    Case("gradcheck.all_params", gradcheck.all_params, lambda: dict(net=net())),
    Case(
        "numerical_gradient",
        lambda **a: numerical_gradient(**a),
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, eps=1e-6, params=[("W", 1, 0, 0), ("b", 2, 1)]),
    ),
    Case(
        "gradcheck.backprop_gradient",
        gradcheck.backprop_gradient,
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, params=[("W", 2, 1, 3)]),
    ),
    Case("gradcheck.relative_error", gradcheck.relative_error, lambda: dict(a=Z_DATA, b=Z_DATA + 1e-9)),
    # landscape.py
    Case(
        "landscape.WeightWiggle",
        landscape.WeightWiggle,
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, l=1, j=2, k=0),
    ),
    Case(
        "landscape.WeightWiggle.cost",
        lambda wiggle, value: wiggle.cost(value),
        lambda: dict(wiggle=landscape.WeightWiggle(net(), X_DATA, Y_DATA, 1, 2, 0), value=0.25),
        ("wiggle",),
    ),
    Case(
        "landscape.wiggle_weight",
        landscape.wiggle_weight,
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, l=2, j=0, k=1, values=[0.0, 1.0], example=4),
    ),
    Case(
        "landscape.cost_along_line",
        landscape.cost_along_line,
        lambda: dict(net=net(), X=X_DATA, Y=Y_DATA, direction=np.ones(26), ts=[0.0, 0.5]),
    ),
    Case(
        "landscape.swap_hidden_neurons", landscape.swap_hidden_neurons, lambda: dict(net=net(), l=1, i=0, j=3)
    ),
    # descent.py
    Case("descent.line_fitting_problem", descent.line_fitting_problem, lambda: dict(n=7, seed=1)),
    Case(
        "descent.cost_surface",
        descent.cost_surface,
        lambda: dict(net=line_net(), X=LINE_X, Y=LINE_Y, ws=[0.0, 1.0, 2.0], bs=[0.5, 1.0]),
    ),
    Case(
        "descent.descent_path",
        descent.descent_path,
        lambda: dict(net=line_net(), X=LINE_X, Y=LINE_Y, start=(-1.0, 3.0), eta=0.3, steps=4),
    ),
    Case("descent.divergence_threshold", descent.divergence_threshold, lambda: dict(X=LINE_X)),
    Case(
        "descent.sgd_path",
        descent.sgd_path,
        lambda: dict(
            net=line_net(), X=LINE_X, Y=LINE_Y, start=(0.0, 0.0), eta=0.1, epochs=2, batch_size=2, seed=0
        ),
    ),
    # chain.py
    Case("chain_forward", chain_forward, lambda: dict(ws=[1.5, -2.0], bs=[0.2, 0.5], x=1.0, y=0.0)),
    Case("chain_backward", chain_backward, lambda: dict(ws=[1.5, -2.0], bs=[0.2, 0.5], x=1.0, y=0.0)),
    Case("chain_network", chain_network, lambda: dict(ws=[1.5, -2.0], bs=[0.2, 0.5])),
    Case("random_chain", random_chain, lambda: dict(n=3, seed=1, scale=0.5)),
    # autodiff.py
    Case("Value", Value, lambda: dict(data=0.5)),
    Case(
        "Value with parents",
        lambda data, parents, local_grads: Value(data, parents, local_grads),
        lambda: dict(data=0.5, parents=(Value(1.0),), local_grads=(2.0,)),
    ),
    *[
        Case(f"Value {op}", _value_op(op), lambda: dict(a=Value(1.5), b=2.0), ("a",))
        for op in ("+", "-", "*", "/", "r+", "r-", "r*")
    ],
    Case("Value **", lambda a, exponent: a**exponent, lambda: dict(a=Value(1.5), exponent=2.0), ("a",)),
    *[
        Case(f"Value.{name}", lambda data, name=name: getattr(Value(data), name)(), lambda: dict(data=0.5))
        for name in ("sigmoid", "exp", "log", "tanh", "relu")
    ],
    Case("topological_order", topological_order, lambda: dict(output=Value(2.0) * Value(3.0) + 1.0)),
    Case("network_graph", network_graph, lambda: dict(net=net(), X=X_DATA[:, :2], Y=Y_DATA[:, :2])),
    Case("network_cost", network_cost, lambda: dict(net=net(), x=X_DATA[:, 0], y=Y_DATA[:, 0])),
    # nudges.py
    Case("nudges", nudges, lambda: dict(net=net(), x=X_DATA[:, 1], y=Y_DATA[:, 1])),
    Case("tile", tile, lambda: dict(images=np.ones((3, 4)), columns=2, shape=(2, 2), gap=1), nan_ok=True),
]


# What counts as a right outcome -----------------------------------------------------------------


def numbers_in(result):
    """Every number a result holds (arrays, floats, Values, networks, dataclasses, lists)."""
    if isinstance(result, np.ndarray):
        if result.dtype.kind in "iufb":
            yield from np.asarray(result, dtype=float).ravel()
    elif isinstance(result, (bool, np.bool_)):
        return
    elif isinstance(result, int):
        yield float(min(result, 10**300))  # a huge count is a finite result
    elif isinstance(result, (float, np.number)):
        yield float(result)
    elif isinstance(result, Value):
        yield result.data
    elif isinstance(result, Network):
        yield from result.get_flat()
    elif isinstance(result, landscape.WeightWiggle):
        yield from numbers_in(result.forward.output)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for f in dataclasses.fields(result):
            if f.name != "seconds":
                yield from numbers_in(getattr(result, f.name))
    elif isinstance(result, (list, tuple)):
        for item in result:
            yield from numbers_in(item)


def same(a, b) -> bool:
    """Equal results: the same numbers in the same structure (times excluded)."""
    x, y = list(numbers_in(a)), list(numbers_in(b))
    return len(x) == len(y) and np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True)


def outcome(call: Callable, infinite_ok: bool = False, nan_ok: bool = False):
    """Run `call`: return ("ok", result) or ("error", message); anything else fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning or ComplexWarning is a failure too
        warnings.simplefilter("ignore", UnscaledInputWarning)
        try:
            result = call()
        except OWN_ERRORS as error:
            message = str(error)
            assert message.strip(), f"{type(error).__name__} with an empty message"
            return "error", message
    numbers = [v for v in numbers_in(result) if not (nan_ok and math.isnan(v))]
    if infinite_ok:
        assert not any(math.isnan(v) for v in numbers), f"NaN in the result {result!r}"
    else:
        assert all(math.isfinite(v) for v in numbers), f"a result that is not finite: {result!r}"
    return "ok", result


def run_case(case: Case, argument: str, value, equivalent: bool = False) -> None:
    valid = case.args()
    expected = outcome(lambda: case.call(**valid), case.infinite_ok, case.nan_ok) if equivalent else None
    args = case.args()
    args[argument] = value
    kind, result = outcome(lambda: case.call(**args), case.infinite_ok, case.nan_ok)
    if equivalent and kind == "ok":
        assert expected[0] == "ok" and same(result, expected[1]), (
            f"{case.name}({argument}={value!r}) means the same as the valid call but gave {result!r}"
        )


def argument_slots():
    for case in CASES:
        for argument in case.args():
            if argument not in case.fixed:
                yield pytest.param(case, argument, id=f"{case.name}-{argument}")


# The tests ----------------------------------------------------------------------------------------


def test_valid_calls_succeed():
    for case in CASES:
        kind, result = outcome(lambda case=case: case.call(**case.args()), case.infinite_ok, case.nan_ok)
        assert kind == "ok", f"{case.name} with valid arguments raised: {result}"


@pytest.mark.parametrize("case,argument", list(argument_slots()))
def test_every_malformed_value_gives_a_right_result_or_a_clear_error(case, argument):
    tried = dict(BAD_VALUES)
    tried.update({label: value for label, (value, _) in variants(case.args()[argument]).items()})
    equivalent = {
        label for label, (_, same_meaning) in variants(case.args()[argument]).items() if same_meaning
    }
    for label, value in tried.items():
        try:
            run_case(case, argument, value, equivalent=label in equivalent)
        except AssertionError as failure:
            raise AssertionError(f"{case.name}, {argument} = {label}: {failure}") from None


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(allow_nan=True),
    st.text(max_size=4),
    st.binary(max_size=4),
)
DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128])
ARRAYS = hnp.arrays(
    dtype=DTYPES,
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)
NESTED = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4), max_leaves=8)
MALFORMED = st.one_of(SCALARS, ARRAYS, NESTED)


def near(valid) -> st.SearchStrategy:
    """Arrays shaped like a valid array argument (or transposed), of any dtype and any elements."""
    if not isinstance(valid, np.ndarray):
        return st.nothing()
    return hnp.arrays(dtype=DTYPES, shape=st.sampled_from([valid.shape, valid.shape[::-1]]))


@settings(max_examples=300, deadline=None)
@given(slot=st.sampled_from(list(argument_slots())), data=st.data())
def test_random_malformed_values(slot, data):
    case, argument = slot.values
    value = data.draw(st.one_of(MALFORMED, near(case.args()[argument])), label=argument)
    run_case(case, argument, value)


def test_load_digits_arguments():
    for n_test in (None, "1000", 1000.0, True, -10, 0, 5, 5000, 10**30, [1000]):
        assert outcome(lambda n_test=n_test: load_digits(n_test=n_test))[0] == "error"
    for seed in (None, "0", 0.0, True, -1, 1.5, [0]):
        assert outcome(lambda seed=seed: load_digits(seed=seed))[0] == "error"


def test_full_mnist_arguments_are_checked_before_any_download(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a string cache_dir such as "1" may be created here, harmlessly
    for bad in (5, ["a"], {}, object(), 1.5):
        assert outcome(lambda bad=bad: data.load_mnist(bad, mirrors=[]))[0] == "error"
    for mirrors in ("https://example.org/", [5], ["no-slash"], None, 3):
        assert outcome(lambda m=mirrors: data.load_mnist(tmp_path, mirrors=m))[0] == "error"
    for checksums in (None, [], {"a": 5}, {"train-images-idx3-ubyte.gz": "0" * 64}):
        assert outcome(lambda c=checksums: data.load_mnist(tmp_path, mirrors=[], checksums=c))[0] == "error"
    for name in (None, 3, "other.gz", ["train-images-idx3-ubyte.gz"]):
        assert outcome(lambda n=name: data.fetch(n, tmp_path, mirrors=[]))[0] == "error"
    for path in (None, 3, b"file", ["a"]):
        assert outcome(lambda p=path: data.sha256(p))[0] == "error"


# The hints for recognisable mistakes ------------------------------------------------------------


def test_labels_where_one_hot_targets_are_due_suggest_one_hot():
    with pytest.raises(BackpropValueError, match=r"It looks like labels: pass one_hot\(Y, k=2\)"):
        net().cost(X_DATA, LABELS)
    with pytest.raises(BackpropValueError, match=r"one_hot\(Y, k=2\)"):
        train(net(), X_DATA, LABELS.reshape(1, -1), epochs=1, eta=1.0)
    with pytest.raises(BackpropValueError, match=r"It looks like y holds labels: pass one_hot\(y, k=2\)"):
        quadratic(P_DATA, [1, 0, 0])


def test_targets_as_rows_suggest_the_transpose():
    with pytest.raises(
        BackpropValueError, match=r"got shape \(5, 2\)\. It looks like examples are rows: pass Y\.T"
    ):
        net().backprop(X_DATA, Y_DATA.T)
    with pytest.raises(BackpropValueError, match=r"pass X\.T"):
        net()(X_DATA.T)
    with pytest.raises(BackpropValueError, match=r"pass y\.T"):
        quadratic(P_DATA, T_DATA.T)


def test_one_hot_targets_where_labels_are_due_suggest_argmax():
    with pytest.raises(BackpropValueError, match=r"one-hot targets: pass np\.argmax\(labels_test, axis=0\)"):
        train(net(), X_DATA, Y_DATA, epochs=1, eta=1.0, test=(X_DATA, Y_DATA))
    with pytest.raises(BackpropValueError, match=r"got 3 labels for 5 examples"):
        net().accuracy(X_DATA, [0, 1, 1])


def test_messages_name_the_argument_what_was_given_and_what_was_expected():
    cases = [
        (
            lambda: train(net(), X_DATA, Y_DATA, epochs=2.0, eta=1.0),
            r"epochs must be an integer ≥ 0, got 2\.0 \(a float\)\. Pass the integer 2",
        ),
        (
            lambda: train(net(), X_DATA, Y_DATA, epochs=1, eta="0.1"),
            r"the learning rate eta must be a finite number > 0\.0, got '0\.1' \(a str\)",
        ),
        (
            lambda: train(net(), X_DATA, Y_DATA, epochs=1, eta=1, batch_size=True),
            r"batch_size must be a positive integer or None",
        ),
        (
            lambda: train(net(), X_DATA, Y_DATA, epochs=1, eta=1, seed=-1),
            r"seed must be an integer ≥ 0, got -1",
        ),
        (lambda: net().set_weight(1, 0, 0, math.nan), r"the weight value must be a finite number, got nan"),
        (lambda: net().get_weight(1, True, 0), r"neuron j must be in 0 … 3 for layer 1, got True \(a bool\)"),
        (lambda: Network([3, 10**6, 10**6, 2]), r"parameters .* Is a layer size mistyped\?"),
        (
            lambda: Network([3, 2], hidden="Sigmoid"),
            r"unknown activation 'Sigmoid' for hidden; .* Did you mean 'sigmoid'\?",
        ),
        (
            lambda: Network([3, 1], output="softmax", cost="cross_entropy"),
            r"softmax over a single output neuron",
        ),
        (lambda: net()(X_DATA.astype(complex)), r"complex numbers"),
        (lambda: net()([[1, 2, 3], [4, 5]]), r"numpy cannot read as one"),
        (lambda: net()(np.zeros((3, 0))), r"at least one example"),
        (lambda: numerical_gradient(net(), X_DATA, Y_DATA, eps=1e-300), r"eps = 1e-300 is too small"),
        (
            lambda: numerical_gradient(net(), X_DATA, Y_DATA, params=("W", 1, 0, 0)),
            r"For one parameter pass \[\('W', 1, 0, 0\)\]",
        ),
        (lambda: Value(-1.0) ** 0.5, r"not a real number"),
        (lambda: Value(1.0) + "2", r"the number to add must be a finite number, got '2' \(a str\)"),
        (lambda: Value(0.0) ** -1, r"derivative of x \*\* -1\.0 at x = 0 is infinite"),
        (
            lambda: network_cost(net(), [0.5, 1.0], [1.0, 0.0]),
            r"the input x of one example must be 3 numbers, shape \(3,\) or \(3, 1\), got shape \(2,\)",
        ),
        (
            lambda: nudges(net(), X_DATA, Y_DATA),
            r"It looks like several examples: pick one column, x\[:, i\]",
        ),
        (
            lambda: nudges(net(), X_DATA[:, 0], 1),
            r"It looks like a label: pass one_hot\(\[1\], k=2\)\[:, 0\]",
        ),
        (
            lambda: chain_forward([1.0, 2.0], [0.5], 1.0, 0.0),
            r"bs must be one bias per node, 2 like ws, got 1 biases",
        ),
        (lambda: descent.cost_surface(net(), X_DATA, Y_DATA, [0.0], [0.0]), r"exactly two parameters"),
        (
            lambda: landscape.swap_hidden_neurons(net(), 2, 0, 1),
            r"the hidden layer l must be an integer from 1 to 1, got 2",
        ),
        (lambda: one_hot(3), r"For one label pass \[3\]"),
        (lambda: Network([3, 2], dtype=np.float32).set_weight(1, 0, 0, 1e300), r"must fit in float32"),
        (lambda: Network([3, 2], dtype=np.float32)(np.full(3, 1e300)), r"too large for float32"),
    ]
    for call, message in cases:
        with pytest.raises(OWN_ERRORS, match=message):
            call()


def test_errors_are_the_builtin_errors_too():
    assert issubclass(BackpropValueError, ValueError) and issubclass(BackpropTypeError, TypeError)
    assert issubclass(TrainingDiverged, BackpropValueError) and issubclass(TrainingDiverged, ValueError)
    assert issubclass(data.CorruptDataError, BackpropValueError)
    with pytest.raises(TypeError):
        net()(None)
    with pytest.raises(ValueError):
        net()(np.zeros(4))


# Cross-entropy targets must be probability distributions -----------------------------------------


@pytest.mark.parametrize(
    "Y,message",
    [
        (np.array([[1.0, 0.5, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 0.0, 1.0]]), r"column 1 sums to 0\.5"),
        (np.array([[1.0, 1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0, 1.0]]), r"column 0 sums to 2"),
        (
            np.array([[1.5, 1.0, 0.0, 1.0, 0.0], [-0.5, 0.0, 1.0, 0.0, 1.0]]),
            r"negative entries, e\.g\. -0\.5 in row 1, column 0",
        ),
    ],
)
def test_cross_entropy_refuses_targets_that_are_not_distributions(Y, message):
    # The cost would be right and the gradient δ = a − y silently wrong: refused, everywhere.
    for call in (
        lambda: softmax_net().cost(X_DATA, Y),
        lambda: softmax_net().backprop(X_DATA, Y),
        lambda: train(softmax_net(), X_DATA, Y, epochs=1, eta=0.1),
        lambda: cross_entropy(np.full((2, 5), 0.5), Y),
        lambda: costs.cross_entropy_from_logits(np.zeros((2, 5)), Y),
    ):
        with pytest.raises(BackpropValueError, match=rf"probability distributions .*{message}"):
            call()


def test_cross_entropy_accepts_soft_targets_and_its_gradient_is_right_for_them():
    # Distributions other than one-hot (label smoothing) are fine: δ = a − y holds for them.
    Y = 0.9 * Y_DATA + 0.05
    network = softmax_net()
    error = gradcheck.relative_error(
        numerical_gradient(network, X_DATA, Y), gradcheck.backprop_gradient(network, X_DATA, Y)
    )
    assert error < 1e-7


# Divergence -----------------------------------------------------------------------------------


def diverging_run(**kwargs):
    rng = np.random.default_rng(1)
    X, Y = rng.random((20, 40)), one_hot(rng.integers(0, 3, 40), k=3)
    network = Network([20, 16, 3], hidden="relu", output="linear", seed=0)
    return train(network, X, Y, epochs=30, eta=5.0, batch_size=4, seed=0, **kwargs)


def test_relu_with_a_large_learning_rate_raises_training_diverged_without_numpy_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning from numpy fails the test
        with pytest.raises(TrainingDiverged) as caught:
            diverging_run()
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.eta == 5.0 and isinstance(error.epoch, int) and isinstance(error.step, int)
    assert 0 <= error.step < 10 and 0 <= error.epoch < 30
    assert f"epoch {error.epoch}, step {error.step}" in str(error)
    assert "eta = 5 is too large" in str(error) and "try a smaller one" in str(error)
    history = error.history
    assert isinstance(history, History)
    # The first cost that was not finite is left out: a step's own, or the training set's after it.
    assert len(history.step_cost) in (10 * error.epoch + error.step, 10 * error.epoch + error.step + 1)
    assert len(history.epoch_cost) == error.epoch + 1
    assert all(math.isfinite(c) for c in history.step_cost + history.epoch_cost)
    again = pickle.loads(pickle.dumps(error))
    assert (again.epoch, again.step, again.eta) == (error.epoch, error.step, error.eta)


def test_on_step_that_fails_on_diverged_parameters_becomes_training_diverged():
    rng = np.random.default_rng(1)
    X = rng.random((20, 40))
    measured = []

    def measure(network, seen):
        measured.append(network.cost(X, one_hot(rng.integers(0, 3, 40), k=3)))

    with pytest.raises(TrainingDiverged, match="the parameters became NaN or infinite|the cost"):
        diverging_run(on_step=measure)
    assert measured and all(math.isfinite(c) for c in measured)


def test_gradient_step_raises_training_diverged_too():
    network = Network([1, 1], output="linear", seed=0)
    with pytest.raises(TrainingDiverged, match=r"epoch 0, step 0") as caught:
        for _ in range(2000):
            training.gradient_step(network, LINE_X * 1e100, LINE_Y, 1.0)
    assert caught.value.epoch == 0 and caught.value.step == 0


def test_a_run_that_does_not_diverge_is_the_plain_sgd_loop():
    # The checks sit outside the loop: inside it, training is the textbook loop, step for step.
    network, reference = net(), net()
    history = train(network, X_DATA, Y_DATA, epochs=3, eta=0.5, batch_size=2, seed=0)
    rng, costs = np.random.default_rng(0), []
    for _ in range(3):
        order = rng.permutation(5)
        for k in range(0, 5, 2):
            gradients = reference.backprop(X_DATA[:, order[k : k + 2]], Y_DATA[:, order[k : k + 2]])
            costs.append(gradients.cost)
            for l in (1, 2):
                reference.W[l] -= 0.5 * gradients.W[l]
                reference.b[l] -= 0.5 * gradients.b[l]
    np.testing.assert_allclose(history.step_cost, costs, rtol=1e-12)
    np.testing.assert_allclose(network.get_flat(), reference.get_flat(), rtol=1e-12)


# Unscaled pixels ----------------------------------------------------------------------------------


def raw_pixels(m: int = 3) -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, (784, m)).astype(float)


def test_raw_0_to_255_pixels_get_a_warning_that_says_divide_by_255():
    network = Network([784, 5, 10])
    Y = one_hot([1, 2, 3])
    for call in (
        lambda: network(raw_pixels()),
        lambda: network.cost(raw_pixels(), Y),
        lambda: network.backprop(raw_pixels().astype(np.uint8), Y),
        lambda: train(network, raw_pixels(), Y, epochs=1, eta=0.1),
        lambda: nudges(network, raw_pixels()[:, 0], Y[:, 0]),
    ):
        with pytest.warns(UnscaledInputWarning, match=r"raw pixel values .* pass X / 255|pass x / 255"):
            call()
    assert issubclass(UnscaledInputWarning, UserWarning)


def test_the_pixel_warning_never_fires_on_the_books_inputs(digits):
    network = Network([784, 5, 10])
    line, x, y = descent.line_fitting_problem(n=50)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnscaledInputWarning)
        network(digits.X_train[:, :50])  # scaled to [0, 1]
        network(raw_pixels() / 255)
        network((raw_pixels() > 128).astype(float))  # binary images, 0 and 1
        network(np.random.default_rng(0).normal(size=(784, 4)))  # reals, some > 1
        Network([3, 2])(np.array([[3.0], [200.0], [7.0]]))  # whole numbers, but not 784 pixels
        line.cost(x * 100, y)  # the line-fitting problem at any scale
        line.cost(np.round(x * 100), y)
