"""The published book in a real browser, on a laptop and on a phone.

Every page of the table of contents, at 1366 px and at 390 px: nothing is thrown or logged,
nothing fails to load, nothing comes from another host, the page never scrolls sideways; at
1366 px no code, output, table or equation scrolls sideways either (folded code included), and
at 390 px whatever is wider than the screen scrolls inside a box of its own. A chapter page
loads at most 4 MB. Math renders, every stored widget is drawn, and for each of chapters 1–5
a slider moved by the mouse and by the keyboard shows the value computed here in Python.
Screenshots of every chapter at both widths go to _build/screenshots/.
"""

import json
import re
import urllib.parse
import urllib.request
from importlib import import_module
from pathlib import Path

import numpy as np
import pytest
import yaml

from backprop import Network, load_digits, train
from backprop.chain import chain_backward, chain_forward
from backprop.descent import line_fitting_problem
from backprop.experiments import training_curve
from backprop.predictions import CHAPTERS, Question

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
MAX_PAGE_BYTES = 4_000_000
DESKTOP, PHONE = (1366, 900), (390, 844)
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def toc_pages() -> list[str]:
    """Every page of _toc.yml whose source exists, as built: index, then root and chapters."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [entry["file"] for entry in toc.get("chapters", [])]
    present = [f for f in files if list(ROOT.glob(f + ".*"))]
    return ["index"] + present


PAGES = toc_pages()
NOTEBOOKS = [p for p in PAGES if (ROOT / f"{p}.ipynb").exists()]


def stored_widgets(page: str) -> int:
    notebook = json.loads((ROOT / f"{page}.ipynb").read_text())
    return sum(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


# Runs in the page: every element of the article wider than the screen must sit in a box
# that scrolls sideways (overflow-x auto or scroll) and itself fits on the screen; with
# `blocks`, no code, output, table or equation box may scroll sideways at all. Folded code is
# unfolded first, so that it is measured too.
LAYOUT = """(blocks) => {
  for (const d of document.querySelectorAll('article details')) d.open = true;
  const width = document.documentElement.clientWidth;
  const name = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const where = (e) => {
    const cell = e.closest('.cell, div.math, section');
    return name(e) + ' in ' + (cell ? (cell.id || name(cell)) : 'article') + ': '
      + (e.textContent || '').trim().slice(0, 60);
  };
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const hidden = (e) => e.closest('mjx-assistive-mml') !== null;
  const problems = [];
  for (const e of document.querySelectorAll('article *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || hidden(e)) continue;
    if (r.right <= width + 1 && r.left >= -1) continue;
    let box = e.parentElement, ok = false;
    while (box && box !== document.body) {
      if (scrolls(box)) {
        const b = box.getBoundingClientRect();
        ok = b.right <= width + 1 && b.left >= -1;
        break;
      }
      box = box.parentElement;
    }
    if (!ok) problems.push('sticks out: ' + where(e));
    if (problems.length > 8) break;
  }
  if (blocks) {
    const selector = ['div.cell_input pre', 'div.cell_output pre', 'div.cell_output .book-table-box',
      'div.cell_output', '.pst-scrollable-table-container', 'div.math mjx-container',
      '.lookup-figure', '.lookup-figure-panels'].join(', ');
    for (const e of document.querySelectorAll('article ' + selector.split(', ').join(', article '))) {
      if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) problems.push('scrolls: ' + where(e));
    }
  }
  return {page: document.documentElement.scrollWidth - window.innerWidth, problems};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_page_is_clean_offline_and_fits_the_screen(visit, site, path, width):
    page = visit(f"{path}.html", WIDTHS[width])
    if path in NOTEBOOKS and stored_widgets(path):
        page.page.wait_for_selector(".anywidget-static > *")
    page.page.wait_for_selector("html[data-math-ready]", state="attached")
    assert page.errors == [], "JavaScript errors"
    assert page.console_errors == [], "console errors"
    assert page.console_warnings == [], "console warnings"
    assert page.failed == [], "failed requests"
    assert page.foreign == [], "requests to other hosts"
    assert page.bytes_loaded() <= MAX_PAGE_BYTES, f"{page.bytes_loaded():,} bytes"
    layout = page.page.evaluate(LAYOUT, width == "desktop")
    assert layout["page"] <= 0, f"the page is {layout['page']} px wider than the screen"
    assert layout["problems"] == []
    if width == "phone":
        return
    html = page.page.content()
    assert "REPOSITORY-URL" not in html and "INTRO-PAGE" not in html, "a placeholder is published"
    for href in page.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        if not href.startswith(site):
            continue
        target, _, fragment = href.partition("#")
        with urllib.request.urlopen(target) as response:
            assert response.status == 200, href
            body = response.read().decode("utf-8", errors="replace")
        if fragment:
            assert f'id="{urllib.parse.unquote(fragment)}"' in body, f"dead anchor {href}"


def test_front_matter(visit):
    page = visit("book/intro.html")
    text = page.page.inner_text("body")
    assert "How to cite" in text and "CC BY 4.0" in text
    assert "How Neural Networks Learn contributors" in text
    assert "The authors of" not in text
    icon = page.page.eval_on_selector("link[rel~=icon]", "link => link.href")
    with urllib.request.urlopen(icon) as response:
        assert response.status == 200
    for name in ("LICENSE", "LICENSE-TEXT", "CITATION.cff"):
        assert (ROOT / name).exists(), name


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_math_renders_every_widget_is_drawn_and_screenshots(visit, path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.split("/")[-1]
    expected = stored_widgets(path)
    for width, viewport in WIDTHS.items():
        page = visit(f"{path}.html", viewport)
        page.page.wait_for_selector("html[data-math-ready]", state="attached")
        assert page.page.locator("mjx-merror").count() == 0
        if expected:
            page.page.wait_for_selector(".anywidget-static > *")
        drawn = page.page.eval_on_selector_all(
            ".anywidget-static", "els => els.filter(e => e.getBoundingClientRect().height > 80).length"
        )
        assert drawn == expected, f"{drawn} of {expected} widgets drawn at {width} width"
        page.page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("chapter", [p for p in NOTEBOOKS if re.match(r"book/0[1-5]_", p)])
def test_widgets_follow_the_dark_theme(visit, chapter):
    page = visit(f"{chapter}.html")
    page.page.wait_for_selector(".lookup-figure svg")
    page.page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    colours = page.page.eval_on_selector(
        ".lookup-figure",
        """figure => {
          let e = figure, background = 'rgba(0, 0, 0, 0)';
          while (e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
            background = getComputedStyle(e).backgroundColor; e = e.parentElement;
          }
          return [getComputedStyle(figure).color, background];
        }""",
    )

    def brightness(css: str) -> float:
        r, g, b = (float(v) for v in re.findall(r"[\d.]+", css)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    text, background = (brightness(c) for c in colours)
    assert text > 0.6 and background < 0.3, f"text {colours[0]} on {colours[1]}"
    figure = page.page.locator(".lookup-figure").first
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=SCREENSHOTS / f"{chapter.split('/')[-1]}-widget-dark.png")


# ---------- the widgets compute: mouse and keyboard, against Python ----------


def readout(figure) -> dict:
    cells = figure.locator("td[data-readout]")
    return {
        cells.nth(i).get_attribute("data-readout"): cells.nth(i).inner_text() for i in range(cells.count())
    }


def by_keyboard(page, figure, control: int, position: int) -> dict:
    """Focus one slider and walk it to `position` with Home and the right arrow."""
    slider = figure.locator("input[type=range]").nth(control)
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(position):
        page.keyboard.press("ArrowRight")
    assert int(slider.input_value()) == position
    return readout(figure)


def by_mouse(page, figure, control: int, fraction: float) -> tuple[int, dict]:
    """Click the slider's track at `fraction` of its length; returns where it went and the readout."""
    slider = figure.locator("input[type=range]").nth(control)
    slider.scroll_into_view_if_needed()
    before = int(slider.input_value())
    box = slider.bounding_box()
    page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
    position = int(slider.input_value())
    assert position != before, "the click did not move the slider"
    return position, readout(figure)


def open_widget(visit, chapter: str, viewport=DESKTOP):
    page = visit(f"book/{chapter}.html", viewport)
    page.page.wait_for_selector(".lookup-figure svg")
    return page.page, page.page.locator(".lookup-figure").first


@pytest.fixture(scope="module")
def digits():
    return load_digits()


@pytest.fixture(scope="module")
def trained_for_chapter_1(digits):
    net = Network([784, 16, 16, 10], seed=0)
    train(net, digits.X_train, digits.Y_train, epochs=5, eta=1.0, batch_size=10, seed=0)
    return net


CHOSEN_WEIGHTS = [(3, 2, 5), (3, 7, 11), (2, 3, 7), (2, 9, 14), (1, 5, 350), (1, 12, 406)]


@pytest.mark.parametrize("width", WIDTHS)
def test_wiggling_a_weight_shows_the_cost_at_that_weight(visit, digits, trained_for_chapter_1, width):
    page, figure = open_widget(visit, "01_cost", WIDTHS[width])

    def expected(w: int, i: int) -> float:
        net = trained_for_chapter_1.copy()
        l, j, k = CHOSEN_WEIGHTS[w]
        net.set_weight(l, j, k, net.get_weight(l, j, k) - 4.0 + 0.2 * i)  # Δw = −4 … 4 in 41 steps
        return net.cost(digits.X_train, digits.Y_train)

    shown = by_keyboard(page, figure, 0, 2)  # the third weight: w⁽²⁾[3, 7]
    assert shown["weight"] == "w⁽²⁾[3, 7]"
    shown = by_keyboard(page, figure, 1, 30)  # Δw = +2.0
    assert float(shown["C (average over 4,000 examples)"]) == pytest.approx(expected(2, 30), abs=1e-4)
    i, shown = by_mouse(page, figure, 1, 0.15)
    assert float(shown["C (average over 4,000 examples)"]) == pytest.approx(expected(2, i), abs=1e-4)


ETAS_2 = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.43, 0.45, 0.5]
STARTS_2 = [(-1.0, 3.0), (3.5, 3.5), (3.5, -1.5), (-2.0, -1.5)]


def descent_by_hand(eta: float, steps: int, start) -> tuple[float, float, float]:
    """Gradient descent on mean((w x + b − y)²), the derivatives written out."""
    _, x, y = line_fitting_problem(n=50, seed=0)
    w, b = start
    for _ in range(steps):
        residual = w * x + b - y
        w, b = w - eta * np.mean(2 * residual * x), b - eta * np.mean(2 * residual)
    return w, b, float(np.mean((w * x + b - y) ** 2))


@pytest.mark.parametrize("width", WIDTHS)
def test_learning_rate_widget_shows_gradient_descent_by_hand(visit, width):
    page, figure = open_widget(visit, "02_gradient_descent", WIDTHS[width])
    assert readout(figure)["η"] == "0.4"  # the opening view: η = 0.4, all 40 steps
    by_keyboard(page, figure, 0, 5)  # η = 0.3
    shown = by_keyboard(page, figure, 1, 4)  # after 4 steps
    w, b, cost = descent_by_hand(0.3, 4, STARTS_2[0])
    assert float(shown["w"]) == pytest.approx(w, abs=1e-3)
    assert float(shown["C(w, b)"]) == pytest.approx(cost, rel=1e-3)
    steps, shown = by_mouse(page, figure, 1, 0.5)
    w, b, cost = descent_by_hand(0.3, steps, STARTS_2[0])
    assert float(shown["b"]) == pytest.approx(b, abs=1e-3)
    # Pick another start by clicking near its dashed circle in the picture.
    rings = figure.locator(".lookup-figure-pick circle")
    assert rings.count() == len(STARTS_2)
    rings.nth(2).scroll_into_view_if_needed()
    ring = rings.nth(2).bounding_box()
    page.mouse.click(ring["x"] + ring["width"] / 2 + 3, ring["y"] + ring["height"] / 2 - 2)
    shown = readout(figure)
    w, b, cost = descent_by_hand(0.3, steps, STARTS_2[2])
    assert float(shown["w"]) == pytest.approx(w, abs=1e-3)
    assert float(shown["C(w, b)"]) == pytest.approx(cost, rel=1e-3)


CHAIN_WS, CHAIN_BS = [1.5, -2.0, 1.8, 2.5], [0.2, 0.5, -0.6, 0.1]


@pytest.mark.parametrize("width", WIDTHS)
def test_tangent_widget_shows_the_chain_formula(visit, width):
    page, figure = open_widget(visit, "03_chain_rule", WIDTHS[width])

    def check(node: int, i: int, shown: dict) -> None:
        ws = list(CHAIN_WS)
        ws[node] += -3.0 + 0.2 * i  # Δw = −3 … 3 in 31 steps
        assert float(shown["cost C"]) == pytest.approx(chain_forward(ws, CHAIN_BS, 1.0, 0.0).loss, abs=1e-5)
        slope = chain_backward(ws, CHAIN_BS, 1.0, 0.0).w[node + 1]
        assert float(shown["∂C/∂w_i by backprop"]) == pytest.approx(slope, abs=1e-5)

    by_keyboard(page, figure, 0, 2)  # node 3
    check(2, 5, by_keyboard(page, figure, 1, 5))  # Δw = −2.0
    i, shown = by_mouse(page, figure, 1, 0.8)
    check(2, i, shown)


@pytest.fixture(scope="module")
def partly_trained(digits):
    net = Network([784, 16, 16, 10], seed=0)
    train(net, digits.X_train, digits.Y_train, epochs=1, eta=3.0, batch_size=10, seed=0)
    return net


@pytest.mark.parametrize("width", WIDTHS)
def test_image_picker_shows_the_cost_of_that_image(visit, digits, partly_trained, width):
    page, figure = open_widget(visit, "04_backpropagation", WIDTHS[width])
    labels = digits.labels_train
    guesses = partly_trained.predict(digits.X_train)
    misread_two = int(np.flatnonzero((labels == 2) & (guesses != 2))[0])
    examples = [int(np.flatnonzero(labels == d)[0]) for d in range(10)] + [misread_two]

    def check(position: int, shown: dict) -> None:
        i = examples[position]
        assert shown["label"] == str(labels[i])
        assert shown["network's guess"] == str(guesses[i])
        cost = partly_trained.cost(digits.X_train[:, [i]], digits.Y_train[:, [i]])
        assert float(shown["its cost C_x"]) == pytest.approx(cost, abs=1e-4)

    check(len(examples) - 1, readout(figure))  # it opens on the misread 2
    check(3, by_keyboard(page, figure, 0, 3))
    position, shown = by_mouse(page, figure, 0, 0.6)
    check(position, shown)


ETAS_5 = [0.1, 0.3, 1.0, 3.0, 10.0, 30.0]


@pytest.mark.parametrize("width", WIDTHS)
def test_batch_size_widget_shows_that_runs_training_cost(visit, digits, width):
    page, figure = open_widget(visit, "05_stochastic_gradient_descent", WIDTHS[width])
    test = (digits.X_test, digits.labels_test)

    def check(e: int, shown: dict) -> None:
        curve = training_curve(
            digits.X_train, digits.Y_train, batch_size=100, eta=ETAS_5[e], epochs=10, every=400, seed=0,
            test=test,
        )  # fmt: skip
        assert shown["batch size m"] == "100" and shown["steps per epoch"] == "40"
        if curve.diverged:
            assert shown["training cost at the end"] == "diverged"
        else:
            assert float(shown["training cost at the end"]) == pytest.approx(curve.cost[-1], abs=1e-4)

    # It opens comparing the learning rates of one batch size: one curve per η, and a legend.
    assert figure.locator(".lookup-figure-legend-item").count() == len(ETAS_5)
    by_keyboard(page, figure, 0, 1)  # m = 100
    check(3, by_keyboard(page, figure, 1, 3))  # η = 3: every machine reproduces it to many digits
    e, shown = by_mouse(page, figure, 1, 0.02)
    check(e, shown)


# ---------- predict, then run: a guess locks in, the reveal explains every guess ----------


def first_questions() -> list[tuple[str, Question]]:
    """(chapter page, its first question) for every chapter that asks one."""
    pages = dict(zip(CHAPTERS, sorted(p for p in NOTEBOOKS if re.match(r"book/0\d_", p)), strict=True))
    firsts = []
    for chapter in CHAPTERS:
        questions = import_module(f"backprop.predictions_{chapter}").PREDICTIONS
        if questions:
            firsts.append((pages[chapter], next(iter(questions.values()))))
    return firsts


@pytest.mark.parametrize(
    "page_path, question",
    first_questions(),
    ids=lambda v: v.split("/")[-1] if isinstance(v, str) else "first",
)
def test_a_guess_locks_in_and_the_reveal_explains_every_guess(visit, page_path, question):
    page = visit(f"{page_path}.html", PHONE)
    page.page.wait_for_selector(".prediction-guess")
    widget = page.page.locator(".prediction").first
    assert widget.locator(".prediction-question").inner_text() == question.question
    guesses = widget.locator(".prediction-guess")
    assert [guesses.nth(i).inner_text().split(maxsplit=1)[1] for i in range(guesses.count())] == [
        g.text for g in question.guesses
    ]
    reveal = widget.locator(".prediction-reveal")
    assert not reveal.is_visible() and not widget.locator(".prediction-answers").is_visible()

    wrong = (question.answer + 1) % len(question.guesses)
    guesses.nth(wrong).focus()
    page.page.keyboard.press("Enter")  # the keyboard works as well as a tap
    letter = "ABCDEFGH"[wrong]
    assert widget.locator(".prediction-status").inner_text().startswith(f"You predicted {letter}. Now run")
    assert all(guesses.nth(i).is_disabled() for i in range(guesses.count())), "the guess is locked in"
    reveal.click()
    answers = widget.locator(".prediction-answers li")
    assert answers.count() == len(question.guesses)
    right = widget.locator(".prediction-right")
    assert right.count() == 1 and question.guesses[question.answer].why in right.inner_text()
    mine = answers.nth(wrong)
    assert "your guess" in mine.inner_text() and question.guesses[wrong].why in mine.inner_text()
    status = widget.locator(".prediction-status").inner_text()
    assert status.startswith(f"You predicted {letter}; the answer is {'ABCDEFGH'[question.answer]}.")
    box = widget.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], "the widget fits a phone's screen"
