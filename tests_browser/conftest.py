"""Build the HTML book, serve it on 127.0.0.1 and open it in Debian's Chromium, offline."""

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP, PHONE = (1366, 900), (390, 844)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    """The book, freshly built (the build fails on any Sphinx warning), served locally."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jupyter_book), "build", str(ROOT)], check=True, capture_output=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=HTML))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package 'chromium'")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """One page open in the browser (in a fresh context: nothing cached), with everything that
    went wrong on the way: page errors, console errors and warnings, failed requests, requests
    to other hosts."""

    def __init__(self, browser, site: str, path: str, viewport=DESKTOP):
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.errors, self.console_errors, self.console_warnings = [], [], []
        self.failed, self.foreign = [], []
        self.page.route("**/*", self._only_local(site))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))
        self.page.on(
            "response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        self.page.goto(f"{site}/{path}", wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)
        elif message.type == "warning":
            self.console_warnings.append(message.text)

    def _only_local(self, site: str):
        def handle(route):
            url = route.request.url
            if url.startswith(site + "/") or url.startswith("data:") or url.startswith("blob:"):
                route.continue_()
            else:
                self.foreign.append(url)
                route.abort()

        return handle

    def bytes_loaded(self) -> int:
        """Everything the page loaded, as transferred: the document and every resource."""
        return self.page.evaluate(
            """() => performance.getEntriesByType('navigation')
                 .concat(performance.getEntriesByType('resource'))
                 .reduce((total, entry) => total + (entry.encodedBodySize || 0), 0)"""
        )

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, site):
    opened = []

    def open_page(path: str, viewport=DESKTOP) -> Visit:
        opened.append(Visit(browser, site, path, viewport))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()
