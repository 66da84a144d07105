"""Sphinx extension: serve every front-end asset from the book itself, and fail on warnings.

At the start of `jupyter-book build .` it installs the pinned npm packages of package.json
(`npm ci`, from the npm registry) when they are missing or stale, and copies what the
pages load — require.js, the Jupyter widget manager, anywidget's front end and MathJax —
into _vendor/, which _config.yml lists in html_static_path. No page then needs the network.
"""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_vendor"
NODE_MODULES = ROOT / "node_modules"

# destination in _vendor/ → source under node_modules/
NPM_ASSETS = {
    "require.js": "requirejs/require.js",
    "embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "mathjax/tex-chtml.js": "mathjax/es5/tex-chtml.js",
    "mathjax/output/chtml/fonts/woff-v2": "mathjax/es5/output/chtml/fonts/woff-v2",
}


def install_npm_packages() -> None:
    """`npm ci` when node_modules is missing or older than the lock file."""
    lock, marker = ROOT / "package-lock.json", NODE_MODULES / ".package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)


def copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, destination, dirs_exist_ok=True)
    else:
        shutil.copyfile(source, destination)


def vendor_assets() -> None:
    install_npm_packages()
    for destination, source in NPM_ASSETS.items():
        copy(NODE_MODULES / source, VENDOR / destination)
    # The AMD build of anywidget's front end ships with the Python package, so its version
    # always matches the widgets the notebooks stored.
    amd_build = importlib.resources.files("anywidget") / "nbextension" / "index.js"
    with importlib.resources.as_file(amd_build) as amd:
        copy(amd, VENDOR / "anywidget.js")
    # The widget manager's icon fonts, where it looks for them: next to its own module id.
    manager = NODE_MODULES / "@jupyter-widgets/html-manager/dist"
    for font in manager.iterdir():
        if font.suffix in {".woff2", ".woff", ".ttf", ".eot", ".svg"}:
            copy(font, VENDOR / "@jupyter-widgets/html-manager/dist" / font.name)


def drop_thebe(app, pagename, templatename, context, doctree) -> None:
    """Remove sphinx-thebe's scripts: no launch button uses them, and the theme includes
    its inline `const THEBE_JS_URL` twice, which throws on every page."""

    def is_thebe(script) -> bool:
        body = getattr(script, "attributes", {}).get("body", "") or ""
        return getattr(script, "filename", script) == "sphinx-thebe.js" or "THEBE_JS_URL" in body

    context["script_files"] = [s for s in context.get("script_files", []) if not is_thebe(s)]


def setup(app):
    vendor_assets()
    app.connect("html-page-context", drop_thebe)
    app.warningiserror = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}
