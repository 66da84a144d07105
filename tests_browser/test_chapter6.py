"""Chapter 6 in a real browser: a clean page, rendered math, and a backward pass the reader steps through
whose numbers are the ones Python computes."""

import json
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from backprop.autodiff import topological_order
from backprop.graphs import backward_steps, neuron_graph
from backprop.predictions_autodiff import PREDICTIONS

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHAPTER = "06_automatic_differentiation"
GRID = np.arange(-2.0, 2.01, 0.5)  # the chapter's slider values for x and w


def stored_widgets() -> int:
    notebook = json.loads((ROOT / "book" / f"{CHAPTER}.ipynb").read_text())
    return sum(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


def readout(figure) -> dict:
    cells = figure.locator("td[data-readout]")
    return {
        cells.nth(i).get_attribute("data-readout"): cells.nth(i).inner_text() for i in range(cells.count())
    }


def move(page, control: int, position: int) -> dict:
    """Move one slider of the graph widget, as a reader would, and return the readout shown."""
    figure = page.locator(".graph-figure").first
    figure.scroll_into_view_if_needed()
    figure.locator("input[type=range]").nth(control).fill(str(position))
    return readout(figure)


def node_grad(page, name: str) -> str:
    """The gradient line drawn in the box of one node."""
    return page.locator(f".graph-figure g[data-node='{name}'] .graph-figure-grad").text_content()


def test_page_is_clean_offline_and_its_links_work(visit, site):
    page = visit(f"book/{CHAPTER}.html")
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


def test_math_renders_and_every_widget_is_drawn(visit):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = visit(f"book/{CHAPTER}.html")
    page.page.wait_for_selector("mjx-container")
    assert page.page.locator("mjx-container").count() > 10
    assert page.page.locator("mjx-merror").count() == 0
    questions = len(PREDICTIONS)
    assert stored_widgets() == 1 + questions  # the stepped graph, and a widget per prediction
    page.page.wait_for_selector(".graph-figure svg")
    assert page.page.locator(".graph-figure").count() == 1
    assert page.page.locator(".prediction").count() == questions
    assert page.page.locator(".graph-figure g[data-node]").count() == 10
    page.page.screenshot(path=SCREENSHOTS / f"{CHAPTER}-desktop.png", full_page=True)
    phone = visit(f"book/{CHAPTER}.html", viewport=(390, 844))
    phone.page.wait_for_selector(".graph-figure svg")
    # On a phone the graph keeps a readable size and scrolls sideways inside the page's width.
    assert phone.page.locator(".graph-figure-picture").bounding_box()["width"] <= 390
    assert phone.page.locator(".graph-figure svg").bounding_box()["width"] >= 600
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.page.screenshot(path=SCREENSHOTS / f"{CHAPTER}-phone.png", full_page=True)
    assert phone.errors == [] and phone.failed == []


def test_the_start_shows_the_forward_pass_only(visit):
    page = visit(f"book/{CHAPTER}.html")
    page.page.wait_for_selector(".graph-figure svg")
    shown = readout(page.page.locator(".graph-figure").first)
    assert shown["step"] == "0 of 10"
    assert shown["∂C/∂x"] == "not reached yet" and shown["∂C/∂w"] == "not reached yet"
    assert float(shown["C"]) == pytest.approx(neuron_graph(0.5, -1.0).data, abs=5e-5)
    assert node_grad(page.page, "a") == "∂ ·"


@pytest.mark.parametrize("x_index,w_index", [(7, 1), (0, 8), (4, 4)])
def test_stepping_shows_the_gradients_python_computes(visit, x_index, w_index):
    page = visit(f"book/{CHAPTER}.html")
    page.page.wait_for_selector(".graph-figure svg")
    move(page.page, 0, x_index)
    move(page.page, 1, w_index)
    x, w = GRID[x_index], GRID[w_index]
    output = neuron_graph(x, w)
    steps = backward_steps(output)
    nodes = topological_order(output)
    for number, step in enumerate(steps, start=1):
        shown = move(page.page, 2, number)
        assert shown["step"] == f"{number} of 10"
        assert shown["visiting"].startswith(step.node.label)
        label, _, value = shown["its gradient"].partition(" = ")
        assert label == f"∂C/∂{step.node.label}"
        assert float(value) == pytest.approx(step.grad, abs=5e-5)
        for node, grad in zip(nodes, step.grads, strict=True):  # every box, after this visit
            text = node_grad(page.page, node.label)
            if grad is None:
                assert text == "∂ ·", (number, node.label)
            else:
                assert float(text.split()[1]) == pytest.approx(grad, abs=5e-5), (number, node.label)
    x_node, w_node = (n for n in nodes if n.label == "x"), (n for n in nodes if n.label == "w")
    assert float(shown["∂C/∂x"]) == pytest.approx(next(x_node).grad, abs=5e-5)
    assert float(shown["∂C/∂w"]) == pytest.approx(next(w_node).grad, abs=5e-5)
    assert float(shown["C"]) == pytest.approx(output.data, abs=5e-5)


def test_a_value_used_twice_shows_a_partial_sum_until_both_uses_have_sent(visit):
    page = visit(f"book/{CHAPTER}.html")
    page.page.wait_for_selector(".graph-figure svg")
    output = neuron_graph(0.5, -1.0)
    steps = backward_steps(output)
    u1 = next(c for s in steps if s.node.label == "u₁" for c in s.contributions)
    visit_u1 = next(i for i, s in enumerate(steps, start=1) if s.node.label == "u₁")
    visit_a = next(i for i, s in enumerate(steps, start=1) if s.node.label == "a")
    move(page.page, 2, visit_u1)
    partial = node_grad(page.page, "a")
    assert partial.endswith("…") and float(partial.split()[1]) == pytest.approx(u1[2], abs=5e-5)
    move(page.page, 2, visit_a)
    complete = node_grad(page.page, "a")
    assert not complete.endswith("…")
    assert float(complete.split()[1]) == pytest.approx(steps[visit_a - 1].grad, abs=5e-5)


def test_arrow_keys_move_the_step(visit):
    page = visit(f"book/{CHAPTER}.html")
    page.page.wait_for_selector(".graph-figure svg")
    slider = page.page.locator(".graph-figure input[type=range]").nth(2)
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.page.keyboard.press("ArrowRight")
    page.page.keyboard.press("ArrowRight")
    assert readout(page.page.locator(".graph-figure").first)["step"] == "2 of 10"
    page.page.keyboard.press("End")
    assert readout(page.page.locator(".graph-figure").first)["step"] == "10 of 10"
