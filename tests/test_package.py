"""The wheel that `pip install .` builds holds the whole library: every module and every asset.

The wheel is built offline (no build isolation, no index) from a snapshot of the repository's
top-level files and lib/, so neither a stale build/ directory nor another engineer's edit
halfway through can change what is checked. The expected contents are read from the disk,
not listed here: a file added to lib/ and not shipped fails the test.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "lib"  # installed as the package `backprop`
PACKAGE = "backprop"
# Never shipped: bytecode caches, and hidden files (editor swap files, checkpoints).
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def _skipped(parts: tuple[str, ...]) -> bool:
    return any(part == "__pycache__" or part.startswith(".") for part in parts) or parts[-1].endswith(".pyc")


def _library_files(lib: Path) -> set[str]:
    """The wheel paths lib/'s files must have: lib/widgets.py is backprop/widgets.py."""
    return {
        f"{PACKAGE}/{path.relative_to(lib).as_posix()}"
        for path in lib.rglob("*")
        if path.is_file() and not _skipped(path.relative_to(lib).parts)
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the wheel, the files of the lib/ it was built from)."""
    if importlib.util.find_spec("setuptools") is None:
        pytest.fail("building the wheel offline needs setuptools in this environment: pip install setuptools")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for path in ROOT.iterdir():  # pyproject.toml, README.md, any setup.py or MANIFEST.in
        if path.is_file():
            shutil.copy2(path, source / path.name)
    shutil.copytree(LIB, source / "lib", ignore=SKIP)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    command += ["--disable-pip-version-check", "--quiet", "--wheel-dir", str(tmp / "dist"), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    (wheel,) = (tmp / "dist").glob("*.whl")
    return wheel, _library_files(source / "lib")


def test_the_snapshot_holds_the_library_and_its_front_end(built):
    _, expected = built
    assert expected == _library_files(LIB)
    assert {
        f"{PACKAGE}/__init__.py",
        f"{PACKAGE}/lookup_figure.js",
        f"{PACKAGE}/lookup_figure.css",
    } <= expected


def test_wheel_ships_every_module_and_asset_of_lib(built):
    wheel, expected = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = {name for name in names if name.startswith(f"{PACKAGE}/")}
        missing = sorted(expected - shipped)
        assert not missing, (
            f"{wheel.name} lacks {missing}: add them to [tool.setuptools.package-data] in pyproject.toml"
        )
        assert shipped == expected, (
            f"{wheel.name} ships files that are not in lib/: {sorted(shipped - expected)}"
        )
        for name in expected:
            assert archive.read(name) == (LIB / name.removeprefix(f"{PACKAGE}/")).read_bytes(), name
    others = {name for name in names - shipped if not name.startswith("backprop_book-")}
    assert not others, f"{wheel.name} ships files outside the package: {sorted(others)}"


def _third_party_imports() -> set[str]:
    """Top-level names of the modules lib/ imports that are neither the standard library nor its own."""
    names = set()
    for path in LIB.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__", PACKAGE}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_wheel_requires_every_package_lib_imports(built):
    """A fresh `pip install` of the wheel brings everything `import backprop...` needs."""
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        requires = Parser().parsestr(archive.read(metadata).decode()).get_all("Requires-Dist") or []
    declared = {_canonical(re.match(r"[A-Za-z0-9._-]+", r).group()) for r in requires}
    distributions = importlib.metadata.packages_distributions()
    imports = _third_party_imports()
    assert {"numpy", "anywidget", "matplotlib"} <= imports
    undeclared = {
        module: distributions.get(module, ["?"])
        for module in sorted(imports)
        if not declared & {_canonical(d) for d in distributions.get(module, [module])}
    }
    assert not undeclared, (
        f"lib/ imports {undeclared} (module: distributions) that pyproject.toml does not require"
    )
