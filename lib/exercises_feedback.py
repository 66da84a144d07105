"""The machinery behind the exercise checkers: read what the reader's function returned, compare
it with a reference solution, and name the likely mistake.

A checker runs the reader's function and a reference on a few test cases. Before comparing
numbers it reads the answer in the form the exercise asks for (a number, a whole number, an
array of a given shape, two lists of gradients …) and says plainly when the form is wrong:
what came back, what was expected, and, when it can tell, why. When the numbers differ it
compares the answer with plausible wrong solutions (a missing σ′, a sum where a mean is due …)
and says which mistake it matches. It also notices a function that changes the arguments it
was given, and one that gives two answers for the same random generator.

The chapters' checkers are in exercises_cost (chapter 1), exercises_descent (2),
exercises_chain (3), exercises_backprop (4) and exercises_sgd (5); `backprop.exercises`
gathers them.
"""

from __future__ import annotations

import copy
import numbers
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .network import Network


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: passed or not, and a message for the reader."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return ("✓ " if self.passed else "✗ ") + self.message


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong solution and the sentence that explains it."""

    solution: Callable
    explanation: str


class Unreadable(Exception):
    """The answer is not of the form the exercise asks for; the message says what came back."""


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sup(l: int) -> str:
    """⁽ˡ⁾ for a layer number: sup(2) == '⁽²⁾'."""
    return f"⁽{str(l).translate(SUPERSCRIPTS)}⁾"


# Describing values in the reader's words ------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, (numbers.Real, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def describe(value) -> str:
    """What a value is, as a reader would say it: 'the str '40'', 'a list of 2 arrays' …"""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return f"{bool(value)}, a bool"
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:29] + "…"
        return f"the str {text!r}"
    if isinstance(value, (numbers.Integral, np.integer)):
        return f"the int {int(value)}"
    if _is_number(value):
        text = show(value)
        return f"the float {text if any(c in text for c in '.einf') else text + '.0'}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf":
            return (
                f"an array of {value.dtype.kind == 'U' and 'strings' or value.dtype} of shape {value.shape}"
            )
        return f"an array of shape {value.shape}"
    if isinstance(value, dict):
        keys = ", ".join(repr(k) for k in list(value)[:4]) + (", …" if len(value) > 4 else "")
        return f"a dict (keys {keys})" if value else "an empty dict"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        if not value:
            return f"an empty {kind}"
        if all(isinstance(v, np.ndarray) and v.ndim > 0 for v in value):
            things = "array"
        elif all(_is_number(v) for v in value):
            things = "number"
        else:
            things = "item"
        return f"a {kind} of {len(value)} {things}{'' if len(value) == 1 else 's'}"
    if callable(value):
        return "a function (call it to get its value)"
    return f"a {type(value).__name__}"


def show(value) -> str:
    """A number with 6 significant digits, or an array in short."""
    array = np.asarray(value, dtype=float)
    if array.size == 1:
        return f"{float(array.ravel()[0]):.6g}"
    if array.ndim == 2 and array.shape[1] == 1:  # a column, written on one line as a transposed row
        return show(array.ravel()) + "ᵀ"
    return np.array2string(array, precision=4, suppress_small=True, threshold=12)


# Reading an answer in the form the exercise asks for ----------------------------------------
# A form reads a value into labelled parts [(label, float array), …] or raises Unreadable whose
# sentence begins "average_cost returned …" or, for a part of the answer, "backward_pass returned
# ∂C/∂W⁽²⁾ as …".


class Form:
    expected: str = ""
    label: str = "the result"

    def read(self, value, root: str, nested: bool = False) -> list[tuple[str, np.ndarray]]:
        """The parts of `value`; `root` is "<name> returned", `nested` for a part of the answer."""
        return self._read(value, f"{root} {self.label} as" if nested else root, root)

    def _read(self, value, subject: str, root: str) -> list[tuple[str, np.ndarray]]:
        raise NotImplementedError

    def _refuse(self, value, subject: str, hint: str = "") -> Unreadable:
        return Unreadable(
            f"{subject} {describe(value)}; expected {self.expected}." + (f" {hint}" if hint else "")
        )


@dataclass
class Number(Form):
    """One real number: a Python or numpy number, or an array holding exactly one."""

    label: str = "the result"
    expected: str = "a single number"
    hint: str = ""

    def _read(self, value, subject, root):
        if _is_number(value):
            return [(self.label, np.asarray(float(value)))]
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
            return [(self.label, np.asarray(float(value.ravel()[0])))]
        raise self._refuse(value, subject, self.hint)


@dataclass
class WholeNumber(Form):
    """A whole number of Python's or numpy's integer types (not a float that happens to be whole)."""

    label: str = "the result"
    expected: str = "a whole number (an int)"
    hint: str = ""

    def _read(self, value, subject, root):
        if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_)):
            return [(self.label, np.asarray(float(value)))]
        raise self._refuse(value, subject, self.hint if _is_number(value) else "")


@dataclass
class Array(Form):
    """An array of numbers of one shape; a list of numbers of that shape reads as the array."""

    shape: tuple
    label: str = "the result"
    what: str = ""  # e.g. "the shape of net.W[2]", added after the expected shape
    per_example: bool = False  # columns are examples: a list of one array per example gets a hint

    @property
    def expected(self) -> str:
        return f"an array of shape {self.shape}" + (f", {self.what}" if self.what else "")

    def _read(self, value, subject, root):
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
            hint = ""
            if self.per_example and len(self.shape) == 2 and len(value) == self.shape[1]:
                if all(v.size == self.shape[0] for v in value):
                    hint = (
                        "That is one array per example: put them side by side as the columns of one "
                        "array, np.column_stack(…), or compute all the columns at once."
                    )
            raise Unreadable(
                f"{subject} {describe(value)}; expected one array of shape {self.shape}."
                + (f" {hint}" if hint else "")
            )
        if value is None or isinstance(value, (str, bytes, dict, bool, np.bool_)) or callable(value):
            raise self._refuse(value, subject)
        try:
            array = np.asarray(value)
        except ValueError:  # ragged nesting
            raise self._refuse(value, subject) from None
        if array.dtype.kind not in "iuf":
            raise self._refuse(value, subject)
        if array.shape != tuple(self.shape):
            return self._wrong_shape(array, subject)
        return [(self.label, array.astype(float))]

    def _wrong_shape(self, array, subject):
        if array.ndim == 0:
            raise Unreadable(f"{subject} {describe(array.item())}; expected {self.expected}.")
        hint = ""
        if array.ndim == 2 and array.shape == tuple(self.shape)[::-1]:
            hint = " It looks transposed." + (" Keep one column per example." if self.per_example else "")
        elif len(self.shape) == 2 and self.shape[1] == 1 and array.shape == (self.shape[0],):
            hint = (
                f" A column of {self.shape[0]} numbers has shape {self.shape}, not {array.shape}: keep "
                f"the second axis (sum with keepdims=True); with shape {array.shape}, b − η·∂C/∂b would "
                f"broadcast to {self.shape[0]} × {self.shape[0]}."
            )
        raise Unreadable(f"{subject} an array of shape {array.shape}; expected {self.expected}.{hint}")


@dataclass
class Items(Form):
    """A list (or tuple, or 1-d array) of parts read by their own forms, e.g. one gradient per node.

    `leading_none`: also accept one more item, None, first (the library's lists are indexed by
    the layer number l and hold None at index 0).
    """

    parts: Sequence[Form]
    expected: str = ""
    label: str = "the list"
    leading_none: bool = False

    def _read(self, value, subject, root):
        if (
            isinstance(value, np.ndarray)
            and value.ndim == 1
            and all(isinstance(p, Number) for p in self.parts)
        ):
            value = list(value)
        if not isinstance(value, (list, tuple)):
            raise self._refuse(value, subject)
        items = list(value)
        if self.leading_none and len(items) == len(self.parts) + 1 and items[0] is None:
            items = items[1:]
        if len(items) != len(self.parts):
            raise self._refuse(value, subject)
        parts = []
        for form, item in zip(self.parts, items, strict=True):
            parts += form.read(item, root, nested=True)
        return parts


@dataclass
class Together(Form):
    """A fixed number of results returned together, `return a, b`: a tuple or a list."""

    parts: Sequence[Form]
    expected: str = ""
    hint: str = ""
    label: str = "the results"

    def _read(self, value, subject, root):
        if not isinstance(value, (list, tuple)) or len(value) != len(self.parts):
            raise self._refuse(value, subject, self.hint)
        # e.g. a list of the weight gradients alone, where a list of lists was expected
        if any(isinstance(p, Items) and not _listlike(v) for p, v in zip(self.parts, value, strict=True)):
            raise self._refuse(value, subject, self.hint)
        parts = []
        for form, item in zip(self.parts, value, strict=True):
            parts += form.read(item, root, nested=True)
        return parts


# Comparing -------------------------------------------------------------------------------


def _close(a: np.ndarray, b: np.ndarray, rtol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=1e-12))


def _same_parts(got, expected, rtol: float) -> bool:
    return len(got) == len(expected) and all(
        _close(g, e, rtol) for (_, g), (_, e) in zip(got, expected, strict=True)
    )


def _listlike(value) -> bool:
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim == 1)


def _loosely_equal(got, other, rtol: float) -> bool:
    """For answers of the wrong form: does the raw value equal a mistake's raw value (numbers only)?"""
    if isinstance(got, (str, bytes, dict)) or isinstance(other, (str, bytes, dict)):
        return False
    try:
        a, b = np.asarray(got, dtype=float), np.asarray(other, dtype=float)
    except (TypeError, ValueError):
        return False
    return _close(a, b, rtol)


def _unchanged(before, after) -> bool:
    """Is an argument in the state it was given in? (arrays, networks, lists of them, numbers)"""
    if isinstance(before, Network):
        return all(np.array_equal(p, q) for p, q in zip(before.parameters(), after.parameters(), strict=True))
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(before, after)
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(_unchanged(b, a) for b, a in zip(before, after, strict=True))
    try:
        return bool(before == after)
    except Exception:  # objects without a meaningful ==: not checked
        return True


def _contrast(got: np.ndarray, expected: np.ndarray, rtol: float) -> str:
    """'expected …, got …'; for a large array, only at the entry that differs most."""
    if expected.size <= 6:
        return f"expected {show(expected)}, got {show(got)}"
    wrong = ~np.isclose(got, expected, rtol=rtol, atol=1e-12)
    index = np.unravel_index(np.argmax(np.abs(got - expected)), expected.shape)
    at = "[" + ", ".join(str(int(i)) for i in index) + "]"
    return (
        f"{int(wrong.sum())} of its {expected.size} entries differ; the most at {at}: expected "
        f"{show(expected[index])}, got {show(got[index])}"
    )


def _where(error: BaseException, candidate: Callable) -> str:
    """' (in `the line`)' of the reader's code where the error was raised, when it can be found."""
    filename = getattr(getattr(candidate, "__code__", None), "co_filename", None)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if frames and frames[-1].line:
        return f" (in `{frames[-1].line.strip()}`)"
    return ""


@dataclass
class Exercise:
    """What a checker knows about one coding exercise.

    name:      the function's name in the chapter
    reference: the correct solution
    cases:     argument tuples to run both on
    form:      form(*args) → the Form the answer must have for those arguments
    mistakes:  plausible wrong solutions, tried in order
    rtol:      relative tolerance of the comparison
    context:   context(*args) → words naming the test case in a message, e.g. " (a chain of 3 nodes)"
    protected: {argument index: advice}: arguments the function must leave unchanged
    repeatable: the same arguments (and the same random generator) must give the same answer
    """

    name: str
    reference: Callable
    cases: Sequence[tuple]
    form: Callable[..., Form]
    mistakes: Sequence[Mistake] = ()
    rtol: float = 1e-6
    context: Callable[..., str] = field(default=lambda *args: "")
    protected: dict = field(default_factory=dict)
    repeatable: str = ""  # the message when it is not

    def check(self, candidate: Callable) -> Feedback:
        if not callable(candidate):
            return Feedback(
                False, f"pass the function itself, e.g. check(…, {self.name}), not {describe(candidate)}"
            )
        for args in self.cases:
            verdict = self._check_case(candidate, args)
            if verdict is not None:
                return Feedback(False, verdict)
        return Feedback(True, f"{self.name} agrees with the reference on all {len(self.cases)} test cases.")

    def _call(self, function: Callable, args: tuple):
        given = copy.deepcopy(args)
        return function(*given), given

    def _check_case(self, candidate: Callable, args: tuple) -> str | None:
        name = self.name
        try:
            got, given = self._call(candidate, args)
        except NotImplementedError:
            return f"{name} is not written yet: replace the `raise NotImplementedError` line."
        except Exception as error:  # the reader's code may fail in any way; report it
            return f"{name} raised {type(error).__name__}: {str(error).strip()}{_where(error, candidate)}"
        if got is None:
            return f"{name} returned None: did you forget `return`?"
        form = self.form(*args)
        expected = form.read(self.reference(*copy.deepcopy(args)), "the reference returned")
        try:
            parts = form.read(got, f"{name} returned")
        except Unreadable as problem:
            return self._misread(problem, got, form, args)
        if self.repeatable:
            again, _ = self._call(candidate, args)
            try:
                same = _same_parts(form.read(again, ""), parts, 0.0)
            except Unreadable:
                same = False
            if not same:
                return self.repeatable
        if not _same_parts(parts, expected, self.rtol):
            return self._difference(parts, expected, args)
        for index, advice in self.protected.items():
            if not _unchanged(args[index], given[index]):
                return f"{name} {advice}"
        return None

    def _misread(self, problem: Unreadable, got, form: Form, args: tuple) -> str:
        """The message for an answer of the wrong form, naming a mistake of that form if it matches."""
        for mistake in self.mistakes:
            wrong = mistake.solution(*copy.deepcopy(args))
            try:
                form.read(wrong, "")
                continue  # a mistake of the right form: its numbers are compared, not its form
            except Unreadable:
                pass
            if _loosely_equal(got, wrong, self.rtol):
                return f"{problem} {mistake.explanation}"
        return str(problem)

    def _difference(self, parts, expected, args) -> str:
        context = self.context(*args)
        for (label, g), (_, e) in zip(parts, expected, strict=True):
            if not _close(g, e, self.rtol):
                where = f", {label}" if len(expected) > 1 else ""
                message = f"{self.name}{where}{context}: {_contrast(g, e, self.rtol)}."
                break
        form = self.form(*args)
        for mistake in self.mistakes:
            try:
                wrong = form.read(mistake.solution(*copy.deepcopy(args)), "")
            except Exception:  # a mistake that cannot even be computed on this case
                continue
            if _same_parts(parts, wrong, self.rtol):
                return f"{message} {mistake.explanation}"
        return message


def check(
    name: str,
    candidate: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
) -> Feedback:
    """Run `candidate` and `reference` on every case and compare, for results that are arrays.

    The answer must have the shape of the reference's answer (a number if that is a number).
    """

    def form(*args):
        value = np.asarray(reference(*copy.deepcopy(args)), dtype=float)
        return Number() if value.ndim == 0 else Array(value.shape)

    return Exercise(name, reference, cases, form, mistakes, rtol).check(candidate)
