"""Sphinx extension: serve every front-end asset from the book itself, and fail on warnings.

At the start of `jupyter-book build .` it installs the pinned npm packages of package.json
(`npm ci`, from the npm registry) when they are missing or stale, and copies what the
pages load from them — MathJax — into _vendor/, which _config.yml lists in
html_static_path. The widgets need no package: assets/anywidget-static.js imports each
widget's own front end from the state stored in the page. No page needs the network.

It also keeps the pages light and their links whole: the theme's 1.5 MB icon script is
replaced by an empty one (the theme's CSS already draws the same icons with its icon font),
and the repository's address, set once in _config.yml, decides whether the pages link to it.

When the HTML is written it builds the book's JupyterLite site into _build/html/lite/
(tools/build_lite.py): every chapter runnable in the browser, Pyodide served by the book
itself. Every chapter page gets a "run in the browser" link to its notebook there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_vendor"
NODE_MODULES = ROOT / "node_modules"

# destination in _vendor/ → source under node_modules/
NPM_ASSETS = {
    "mathjax/tex-chtml.js": "mathjax/es5/tex-chtml.js",
    "mathjax/output/chtml/fonts/woff-v2": "mathjax/es5/output/chtml/fonts/woff-v2",
}

# Where the JupyterLite site is published in the HTML output, and the app that opens a notebook.
LITE_DIR = "lite"
LITE_APP = "notebooks/index.html"

# The footer's link to the introduction's "How to cite", resolved on every page.
INTRO_LINK = "INTRO-PAGE"


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
    shutil.rmtree(VENDOR, ignore_errors=True)  # nothing stale from an older build gets published
    for destination, source in NPM_ASSETS.items():
        copy(NODE_MODULES / source, VENDOR / destination)


def repository_links(app, config) -> None:
    """The repository's address is set once, in _config.yml (`repository: url:`). With it,
    the introduction links to the repository and every page has a repository button; without
    it, the introduction says "this repository" and no page shows a link that goes nowhere."""
    options = config.html_theme_options
    url = (options.get("repository_url") or "").strip()
    options["use_repository_button"] = bool(url)
    if not url:
        options["use_issues_button"] = options["use_edit_page_button"] = False
    substitutions = dict(config.myst_substitutions or {})
    substitutions["repository"] = f"[the book's repository]({url})" if url else "this repository"
    config.myst_substitutions = substitutions


def drop_thebe(app, pagename, templatename, context, doctree) -> None:
    """Remove sphinx-thebe's scripts: no launch button uses them, and the theme includes
    its inline `const THEBE_JS_URL` twice, which throws on every page."""

    def is_thebe(script) -> bool:
        body = getattr(script, "attributes", {}).get("body", "") or ""
        return getattr(script, "filename", script) == "sphinx-thebe.js" or "THEBE_JS_URL" in body

    context["script_files"] = [s for s in context.get("script_files", []) if not is_thebe(s)]


def resolve_footer_link(app, pagename, templatename, context, doctree) -> None:
    footer = context.get("theme_extra_footer") or ""
    if INTRO_LINK in footer:
        target = "" if pagename == "book/intro" else context["pathto"]("book/intro")
        context["theme_extra_footer"] = footer.replace(INTRO_LINK, target)


def run_in_browser_link(app, pagename, templatename, context, doctree) -> None:
    """A chapter (a notebook) opens with a link to the same notebook in the JupyterLite site."""
    if doctree is None or not str(app.env.doc2path(pagename)).endswith(".ipynb"):
        return
    notebook = Path(str(app.env.doc2path(pagename))).name
    href = context["pathto"](f"{LITE_DIR}/{LITE_APP}", 1) + f"?path={notebook}"
    link = (
        f'<p class="book-run-in-browser"><a href="{href}">Run this chapter in your browser</a> '
        "<span>Python runs inside the page: change the code, run the exercises. Nothing to "
        "install, no server; the first start takes a few seconds.</span></p>\n"
    )
    context["body"] = link + context.get("body", "")


def build_lite_site(app, exception) -> None:
    """The JupyterLite site, beside the book (tools/build_lite.py)."""
    if exception is not None or app.builder.format != "html":
        return
    sys.path.insert(0, str(ROOT / "tools"))
    import build_lite

    build_lite.build(Path(app.outdir) / LITE_DIR)


def empty_icon_script(app, exception) -> None:
    """pydata-sphinx-theme loads Font Awesome's 1.5 MB script, which only swaps the icons that
    its CSS already draws with the icon font for inline SVG copies: publish an empty one."""
    if exception is None and app.builder.format == "html":
        script = Path(app.outdir) / "_static" / "scripts" / "fontawesome.js"
        if script.exists():
            script.write_text("/* The icons are drawn by the theme's CSS and icon font. */\n")


def setup(app):
    vendor_assets()
    app.connect("config-inited", repository_links)
    app.connect("html-page-context", drop_thebe)
    app.connect("html-page-context", resolve_footer_link)
    app.connect("html-page-context", run_in_browser_link)
    app.connect("build-finished", empty_icon_script)
    app.connect("build-finished", build_lite_site)
    app.warningiserror = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}
