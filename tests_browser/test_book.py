"""The published book in a real browser: clean pages, rendered math, and widgets that compute."""

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from backprop import Network, load_digits, train
from backprop.chain import chain_backward, chain_forward
from backprop.descent import line_fitting_problem
from backprop.experiments import training_curve

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"

CHAPTERS = [
    "01_cost",
    "02_gradient_descent",
    "03_chain_rule",
    "04_backpropagation",
    "05_stochastic_gradient_descent",
]
PAGES = ["index", "book/intro", "book/course", "book/notation"] + [f"book/{c}" for c in CHAPTERS]


def stored_widgets(chapter: str) -> int:
    notebook = json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text())
    return sum(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_is_clean_offline_and_its_links_work(visit, site, path):
    page = visit(f"{path}.html")
    assert page.errors == [], "JavaScript errors"
    assert page.console_errors == [], "console errors"
    assert page.failed == [], "failed requests"
    assert page.foreign == [], "requests to other hosts"
    for href in page.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        if not href.startswith(site):
            continue
        target, _, fragment = href.partition("#")
        with urllib.request.urlopen(target) as response:
            assert response.status == 200, href
            body = response.read().decode("utf-8", errors="replace")
        if fragment:
            assert f'id="{urllib.parse.unquote(fragment)}"' in body, f"dead anchor {href}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_renders_math_and_every_widget(visit, chapter):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = visit(f"book/{chapter}.html")
    page.page.wait_for_selector("mjx-container")
    assert page.page.locator("mjx-container").count() > 10
    assert page.page.locator("mjx-merror").count() == 0
    expected = stored_widgets(chapter)
    assert expected >= 1
    page.page.wait_for_selector(".lookup-figure svg")
    assert page.page.locator(".lookup-figure").count() == expected
    page.page.screenshot(path=SCREENSHOTS / f"{chapter}-desktop.png", full_page=True)
    phone = visit(f"book/{chapter}.html", viewport=(390, 844))
    phone.page.wait_for_selector(".lookup-figure svg")
    phone.page.screenshot(path=SCREENSHOTS / f"{chapter}-phone.png", full_page=True)
    assert phone.errors == [] and phone.failed == []


def move(page, widget: int, control: int, position: int) -> dict:
    """Move one slider of one widget, as a reader would, and return the readout shown."""
    figure = page.locator(".lookup-figure").nth(widget)
    figure.scroll_into_view_if_needed()
    figure.locator("input[type=range]").nth(control).fill(str(position))
    cells = figure.locator("td[data-readout]")
    return {
        cells.nth(i).get_attribute("data-readout"): cells.nth(i).inner_text() for i in range(cells.count())
    }


@pytest.fixture(scope="module")
def digits():
    return load_digits()


def test_wiggling_a_weight_shows_the_cost_at_that_weight(visit, digits):
    page = visit("book/01_cost.html")
    move(page.page, 0, 0, 2)  # the third weight of the list: w⁽²⁾[3, 7]
    shown = move(page.page, 0, 1, 30)  # nudge Δw = −4 + 30 · 0.2 = +2.0
    trained = Network([784, 16, 16, 10], seed=0)
    train(trained, digits.X_train, digits.Y_train, epochs=5, eta=1.0, batch_size=10, seed=0)
    trained.set_weight(2, 3, 7, trained.get_weight(2, 3, 7) + 2.0)
    expected = trained.cost(digits.X_train, digits.Y_train)
    assert shown["weight"] == "w⁽²⁾[3, 7]"
    assert float(shown["C (average over 4,000 examples)"]) == pytest.approx(expected, abs=1e-4)


def test_learning_rate_widget_shows_gradient_descent_by_hand(visit):
    page = visit("book/02_gradient_descent.html")
    move(page.page, 0, 0, 5)  # η = 0.3
    shown = move(page.page, 0, 1, 4)  # after 4 steps
    _, x, y = line_fitting_problem(n=50, seed=0)
    w, b = -1.0, 3.0
    for _ in range(4):  # the derivatives of mean((w x + b − y)²), written out
        residual = w * x + b - y
        w, b = w - 0.3 * np.mean(2 * residual * x), b - 0.3 * np.mean(2 * residual)
    assert float(shown["w"]) == pytest.approx(w, abs=1e-3)
    assert float(shown["C(w, b)"]) == pytest.approx(np.mean((w * x + b - y) ** 2), rel=1e-3)


def test_tangent_widget_shows_the_chain_formula(visit):
    page = visit("book/03_chain_rule.html")
    move(page.page, 0, 0, 2)  # node 3
    shown = move(page.page, 0, 1, 5)  # Δw = −3 + 5 · 0.2 = −2.0
    ws, bs = [1.5, -2.0, 1.8 - 2.0, 2.5], [0.2, 0.5, -0.6, 0.1]
    assert float(shown["cost C"]) == pytest.approx(chain_forward(ws, bs, 1.0, 0.0).loss, abs=1e-5)
    assert float(shown["∂C/∂w_i by backprop"]) == pytest.approx(
        chain_backward(ws, bs, 1.0, 0.0).w[3], abs=1e-5
    )


def test_image_picker_shows_the_cost_of_that_image(visit, digits):
    page = visit("book/04_backpropagation.html")
    shown = move(page.page, 0, 0, 3)  # the first 3 of the training set
    net = Network([784, 16, 16, 10], seed=0)
    train(net, digits.X_train, digits.Y_train, epochs=1, eta=3.0, batch_size=10, seed=0)
    i = int(np.flatnonzero(digits.labels_train == 3)[0])
    assert shown["label"] == "3"
    assert float(shown["its cost C_x"]) == pytest.approx(
        net.cost(digits.X_train[:, [i]], digits.Y_train[:, [i]]), abs=1e-4
    )
    assert re.fullmatch(r"\d", shown["network's guess"])


def test_batch_size_widget_shows_that_runs_training_cost(visit, digits):
    page = visit("book/05_stochastic_gradient_descent.html")
    move(page.page, 0, 0, 1)  # m = 100
    shown = move(page.page, 0, 1, 3)  # η = 3, a run that every machine reproduces to many digits
    test = (digits.X_test, digits.labels_test)
    X, Y = digits.X_train, digits.Y_train
    curve = training_curve(X, Y, batch_size=100, eta=3.0, epochs=10, every=400, seed=0, test=test)
    assert shown["batch size m"] == "100" and shown["steps per epoch"] == "40"
    assert float(shown["training cost at the end"]) == pytest.approx(curve.cost[-1], abs=1e-4)
