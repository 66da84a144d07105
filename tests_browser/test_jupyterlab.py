"""The chapters read correctly in JupyterLab, not only in the HTML book.

Starts JupyterLab on 127.0.0.1 (a free port, no token, its own settings, workspaces and a
copy of book/ in a temporary folder, so that nothing a test does reaches the repository),
opens the pages in Debian's Chromium with every request to another host blocked, and asserts:

- no MyST directive or role shows as raw text (`:::`, `{admonition}`, `{doc}`, `{eq}`), and
  every worked solution is a closed <details> whose text is hidden;
- a Markdown page (course.md) opens rendered, not as source, and a plain Markdown link, in it
  or in a notebook, opens its page;
- every chapter opens clean: JupyterLab does not mark it modified (the stored kernelspec and
  language_info are what it would write);
- a widget's slider takes the arrow keys: after running the debugging lab, ArrowRight on its
  slider moves it and changes the readout, and the notebook keeps the same active cell;
- a prediction takes the keyboard too: Enter on a guess locks it in, and the reveal opens.

What makes this work is installed by requirements.txt: jupyterlab-myst renders the MyST
markup, and the package in jupyterlab-settings/ makes "Markdown Preview" the default viewer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NOTEBOOKS = sorted(p.name for p in BOOK.glob("*.ipynb"))
RAW = (":::", "{admonition}", "{doc}", "{eq}")
# JavaScript: the document open in the main area, and its node (the tests look only inside it).
WIDGET = "window.jupyterapp.shell.currentWidget"
CURRENT = f"const CURRENT = (window.jupyterapp && {WIDGET}?.node) || document.createElement('div');"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


# The user's settings for the session: no news fetched from the internet, and every cell kept
# in the page (windowing off), so that the whole notebook can be read from the DOM.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The base URL of a JupyterLab serving a copy of book/; stopped, with its kernels, after."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "book"
    shutil.copytree(BOOK, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
    settings = tmp / "settings"
    for name, values in USER_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),  # none of the user's own configuration
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
    }
    log = open(tmp / "server.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(tmp / 'server.log').read_text()}")
                time.sleep(0.3)
        yield base
    finally:
        try:
            for kernel in _get(f"{base}/api/kernels"):
                request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", method="DELETE")
                urllib.request.urlopen(request, timeout=10).close()
        except OSError:
            pass
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


class LabPage:
    """A page of JupyterLab that may talk only to the server on 127.0.0.1."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.foreign, self.errors = [], []
        self.page.route("**/*", self._only_local)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _only_local(self, route):
        url = route.request.url
        if url.startswith(self.base + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, path: str):
        # ?reset: a fresh workspace, with no document of an earlier test open behind this one
        self.page.goto(f"{self.base}/lab/tree/{path}?reset", wait_until="load")
        self.page.wait_for_selector(".jp-Document", timeout=60_000)

    def notebook(self, name: str):
        """Open a notebook; wait until jupyterlab-myst has rendered it and its kernel is idle."""
        self.open(name)
        cells = json.loads((BOOK / name).read_text())["cells"]
        markdown = sum(c["cell_type"] == "markdown" for c in cells)
        self.wait_for(f"CURRENT.querySelectorAll('.jp-Cell').length >= {len(cells)}")
        try:  # jupyterlab-myst renders each markdown cell into an element of class "myst"
            rendered = "CURRENT.querySelectorAll('.jp-MarkdownCell.jp-mod-rendered .myst').length"
            self.wait_for(f"{rendered} >= {markdown}")
        except Exception:  # playwright's TimeoutError
            pytest.fail(f"{name}: MyST is not rendered; is jupyterlab-myst installed (requirements.txt)?")
        self.wait_for(f"{WIDGET}.sessionContext.session?.kernel?.status === 'idle'", timeout=120_000)

    def evaluate(self, expression: str):
        """Evaluate a JavaScript expression in which CURRENT is the open document's node."""
        return self.page.evaluate(f"(() => {{ {CURRENT} return {expression}; }})()")

    def wait_for(self, expression: str, timeout: float = 60_000):
        self.page.wait_for_function(f"(() => {{ {CURRENT} return {expression}; }})()", timeout=timeout)

    def markdown_text(self) -> str:
        cells = "[...CURRENT.querySelectorAll('.jp-MarkdownCell')]"
        return self.evaluate(f"{cells}.map(c => c.innerText).join('\\n')")

    def close(self):
        self.page.close()


@pytest.fixture
def lab_page(browser, lab):
    pages = []

    def new() -> LabPage:
        pages.append(LabPage(browser, lab))
        return pages[-1]

    yield new
    for page in pages:
        assert page.foreign == [], f"requests to other hosts: {page.foreign}"
        page.close()


def _solutions(name: str) -> list[str]:
    """For each folded block of a notebook (a solution, a hint), its longest run of plain words (no math,
    no code)."""
    texts = []
    for cell in json.loads((BOOK / name).read_text())["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        folded = r":::\{admonition\}[^\n]*\n:class: dropdown\n(.*?)\n:::|:::\{dropdown\}[^\n]*\n(.*?)\n:::"
        for block in ("".join(parts) for parts in re.findall(folded, source, re.S)):
            body = re.sub(r"```.*?```|\$[^$]*\$|`[^`]*`|\*", "|", block, flags=re.S)  # runs stop there
            runs = re.findall(r"[A-Za-z][A-Za-z ,]{23,}[A-Za-z]", " ".join(body.split()))
            texts.append(max(runs, key=len)[:40] if runs else "")
    return texts


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_opens_clean_with_myst_rendered_and_solutions_folded(lab_page, name):
    page = lab_page()
    page.notebook(name)
    page.page.wait_for_timeout(1500)  # the kernel's info reply updates the metadata, if it differs
    assert page.evaluate(f"{WIDGET}.context.model.dirty") is False, f"{name} is marked modified on opening"
    text = page.markdown_text()
    for raw in RAW:
        assert raw not in text, f"{name} shows raw MyST markup {raw!r}"
    solutions = _solutions(name)
    page.wait_for(f"CURRENT.querySelectorAll('.jp-MarkdownCell details').length >= {len(solutions)}")
    details = page.evaluate("[...CURRENT.querySelectorAll('.jp-MarkdownCell details')].map(d => d.open)")
    assert len(details) == len(solutions), f"{len(solutions)} folded blocks in {name}, {len(details)} shown"
    assert not any(details), "every worked solution starts folded"
    for words in filter(None, solutions):
        assert words not in text, f"the folded text {words!r} is visible"
    # Unfolded, the same words show: the check above looks at the right text.
    page.evaluate("CURRENT.querySelectorAll('.jp-MarkdownCell details').forEach(d => { d.open = true; })")
    unfolded = page.markdown_text()
    for words in filter(None, solutions):
        assert words in unfolded
    assert page.errors == []


def test_markdown_pages_open_rendered(lab_page):
    page = lab_page()
    page.open("course.md")
    try:
        page.page.wait_for_selector(".jp-MarkdownViewer h1", timeout=30_000)
    except Exception:  # playwright's TimeoutError
        pytest.fail(
            "course.md did not open in Markdown Preview; is the package in jupyterlab-settings/ installed "
            "(requirements.txt)?"
        )
    heading = page.page.locator(".jp-MarkdownViewer h1").first.inner_text()
    assert heading.startswith("Using this book as a course")
    assert page.page.locator(".lm-DockPanel .cm-editor").count() == 0, "course.md also opened as source"
    text = page.page.locator(".jp-MarkdownViewer").first.inner_text()
    assert "```" not in text and "| session |" not in text  # code fences and tables rendered
    link = page.page.locator(".jp-MarkdownViewer table a", has_text="Debugging lab")
    assert link.count() == 1
    # A plain Markdown link, [Debugging lab](debugging_lab.ipynb), opens its page in JupyterLab too.
    link.click()
    page.wait_for(f"{WIDGET}.context?.path === 'debugging_lab.ipynb'", timeout=30_000)


def test_a_slider_takes_the_arrow_keys(lab_page):
    page = lab_page()
    page.notebook("debugging_lab.ipynb")
    page.page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    readout = "CURRENT.querySelector('.lookup-figure [data-readout=\"backward pass\"]')?.textContent"
    page.wait_for(f"{readout} === 'the working pass'", timeout=120_000)
    page.wait_for(f"{WIDGET}.sessionContext.session?.kernel?.status === 'idle'", timeout=120_000)
    slider = page.page.locator(".lookup-figure input[type=range]").first
    slider.scroll_into_view_if_needed()
    slider.focus()
    active = page.evaluate(f"{WIDGET}.content.activeCellIndex")
    page.page.keyboard.press("ArrowRight")
    page.wait_for(f"{readout} === 'bug 1'", timeout=10_000)
    assert slider.input_value() == "1"
    assert page.evaluate("document.activeElement.type") == "range", "the slider keeps the focus"
    assert page.evaluate(f"{WIDGET}.content.activeCellIndex") == active, "the notebook did not move"
    page.page.keyboard.press("End")
    page.wait_for(f"{readout} === 'bug 10'", timeout=10_000)
    page.page.keyboard.press("ArrowLeft")
    page.wait_for(f"{readout} === 'bug 9'", timeout=10_000)
    assert page.evaluate(f"{WIDGET}.content.activeCellIndex") == active


def test_a_markdown_link_in_a_notebook_opens_its_page(lab_page):
    """The markup that works in both places: [chapter 4](04_backpropagation.ipynb) (a {doc} role does
    not open its page in JupyterLab)."""
    page = lab_page()
    page.notebook("debugging_lab.ipynb")
    link = page.page.locator(".jp-MarkdownCell a", has_text="chapter 4").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for(f"{WIDGET}.context?.path === '04_backpropagation.ipynb'", timeout=30_000)


def test_a_prediction_takes_the_keyboard_and_reveals(lab_page):
    """Predict, then run, live: Enter on a guess locks it in (JupyterLab does not take the key to
    edit the cell), and the reveal shows every guess's explanation."""
    name = "03_chain_rule.ipynb"
    cells = json.loads((BOOK / name).read_text())["cells"]
    first = next(i for i, c in enumerate(cells) if "predict(" in "".join(c["source"]))
    page = lab_page()
    page.notebook(name)
    page.evaluate(f"{WIDGET}.content.activeCellIndex = {first}")
    page.page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-above')")
    page.wait_for(f"{WIDGET}.sessionContext.session?.kernel?.status === 'idle'", timeout=120_000)
    page.page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell')")
    guess = page.page.locator(".prediction-guess").first
    guess.wait_for(timeout=60_000)
    guess.scroll_into_view_if_needed()
    guess.focus()
    active = page.evaluate(f"{WIDGET}.content.activeCellIndex")
    page.page.keyboard.press("Enter")
    status = page.page.locator(".prediction-status").first
    assert status.inner_text().startswith("You predicted A. Now run")
    assert page.evaluate(f"{WIDGET}.content.mode") == "command", "Enter did not open a cell for editing"
    assert page.evaluate(f"{WIDGET}.content.activeCellIndex") == active
    page.page.locator(".prediction-reveal").first.click()
    answers = page.page.locator(".prediction").first.locator(".prediction-answers li")
    assert answers.count() >= 3 and page.page.locator(".prediction-right").count() == 1
    assert page.errors == []
