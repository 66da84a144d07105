"""The offline digit sample and the full-MNIST loader (on small IDX files the tests write)."""

import gzip
import hashlib
import struct

import numpy as np
import pytest

from backprop import data, load_digits, load_mnist, one_hot


def test_offline_digits_are_real_and_split_by_class(digits):
    assert digits.X_train.shape == (784, 4000) and digits.X_test.shape == (784, 1000)
    assert digits.Y_train.shape == (10, 4000) and digits.Y_test.shape == (10, 1000)
    assert 0.0 == digits.X_train.min() and digits.X_train.max() == 1.0
    assert np.bincount(digits.labels_test).tolist() == [100] * 10
    assert np.bincount(digits.labels_train).tolist() == [400] * 10
    np.testing.assert_array_equal(np.argmax(digits.Y_train, axis=0), digits.labels_train)
    # Handwritten strokes: most pixels are background, but every image has ink.
    assert np.all((digits.X_train > 0.5).sum(axis=0) > 20)


def test_split_depends_only_on_the_seed(digits):
    again = load_digits(seed=0)
    assert np.array_equal(again.X_test, digits.X_test)
    assert not np.array_equal(load_digits(seed=1).labels_train[:50], digits.labels_train[:50])


@pytest.mark.parametrize("n_test", [0, 5, 5000])
def test_bad_test_size(n_test):
    with pytest.raises(ValueError, match="multiple of 10"):
        load_digits(n_test=n_test)


def test_one_hot():
    assert one_hot([2, 0], k=3).tolist() == [[0, 1], [0, 0], [1, 0]]


def idx_bytes(array: np.ndarray) -> bytes:
    codes = {np.dtype(np.uint8): 0x08, np.dtype(">i4"): 0x0C}
    header = bytes([0, 0, codes[array.dtype], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


def test_read_idx_parses_images_and_other_types():
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    assert np.array_equal(data.read_idx(idx_bytes(images)), images)
    ints = np.array([[1, -2], [300000, 4]], dtype=">i4")
    assert np.array_equal(data.read_idx(idx_bytes(ints)), ints)


@pytest.mark.parametrize(
    "raw,message",
    [
        (b"\x01\x00\x08\x01\x00\x00\x00\x01\x05", "not an IDX file"),
        (b"\x00\x00\x08\x03\x00\x00", "ends first"),
        (idx_bytes(np.zeros((3, 2), dtype=np.uint8))[:-1], r"should be 18 bytes long, got 17"),
    ],
)
def test_read_idx_rejects_corrupt_files(raw, message):
    with pytest.raises(data.CorruptDataError, match=message):
        data.read_idx(raw)


@pytest.fixture
def mirror(tmp_path):
    """A tiny MNIST in IDX form on a file:// mirror, with its own checksums."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "mirror"
    folder.mkdir()
    checksums = {}
    for prefix, n in (("train", 6), ("t10k", 4)):
        files = {
            f"{prefix}-images-idx3-ubyte.gz": rng.integers(0, 256, (n, 28, 28), dtype=np.uint8),
            f"{prefix}-labels-idx1-ubyte.gz": rng.integers(0, 10, n, dtype=np.uint8),
        }
        for name, array in files.items():
            packed = gzip.compress(idx_bytes(array))
            (folder / name).write_bytes(packed)
            checksums[name] = hashlib.sha256(packed).hexdigest()
    return folder.as_uri() + "/", checksums


def test_load_mnist_downloads_verifies_and_caches(mirror, tmp_path):
    url, checksums = mirror
    cache = tmp_path / "cache"
    mnist = load_mnist(cache, mirrors=[url], checksums=checksums)
    assert mnist.X_train.shape == (784, 6) and mnist.X_test.shape == (784, 4)
    assert mnist.X_train.max() <= 1.0 and mnist.Y_test.shape == (10, 4)
    assert sorted(p.name for p in cache.iterdir()) == sorted(checksums)
    # Second call: served from the cache, no mirror needed.
    again = load_mnist(cache, mirrors=[], checksums=checksums)
    assert np.array_equal(again.X_train, mnist.X_train)


def test_checksum_mismatch_is_an_error_and_keeps_nothing(mirror, tmp_path):
    url, checksums = mirror
    wrong = dict(checksums, **{"train-images-idx3-ubyte.gz": "0" * 64})
    cache = tmp_path / "cache"
    with pytest.raises(data.CorruptDataError, match="failed its SHA-256 check"):
        load_mnist(cache, mirrors=[url], checksums=wrong)
    assert not (cache / "train-images-idx3-ubyte.gz").exists()


def test_corrupted_cached_file_is_fetched_again(mirror, tmp_path):
    url, checksums = mirror
    cache = tmp_path / "cache"
    load_mnist(cache, mirrors=[url], checksums=checksums)
    (cache / "t10k-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    assert load_mnist(cache, mirrors=[url], checksums=checksums).labels_test.shape == (4,)


def test_offline_raises_a_clear_error(tmp_path):
    # Port 9 on the loopback interface refuses connections: the loader's offline path.
    with pytest.raises(data.DataUnavailableError, match="are you offline"):
        load_mnist(tmp_path, mirrors=["http://127.0.0.1:9/"])


def test_default_cache_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    assert data.default_cache_dir() == tmp_path
    monkeypatch.delenv("BACKPROP_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert data.default_cache_dir() == tmp_path / "backprop-book" / "mnist"
