"""The chapters are committed executed, in one run, with the widget state the HTML book needs, and
show the reference solutions that the tests run."""

import importlib
import importlib.util
import inspect
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"


def code_cells(notebook: dict) -> list:
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_every_chapter_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    assert CHAPTERS and all(f"book/{path.stem}" in toc for path in CHAPTERS)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_was_executed_top_to_bottom_in_one_run(path):
    counts = [c["execution_count"] for c in code_cells(json.loads(path.read_text()))]
    assert counts == list(range(1, len(counts) + 1)), "re-execute with tools/execute_notebooks.py"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_displayed_widget_has_saved_state(path):
    notebook = json.loads(path.read_text())
    views = [
        o["data"][VIEW]["model_id"]
        for c in code_cells(notebook)
        for o in c["outputs"]
        if VIEW in o.get("data", {})
    ]
    assert views, "every chapter has at least one widget"
    saved = notebook["metadata"]["widgets"][STATE]["state"]
    assert all(model in saved for model in views)


def test_execute_command_stores_outputs_and_widget_state(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "execute_notebooks", ROOT / "tools" / "execute_notebooks.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell("print(6 * 7)"),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3)"),
    ]
    path = tmp_path / "scratch.ipynb"
    nbformat.write(notebook, path)
    tool.execute(path)
    executed = json.loads(path.read_text())
    assert "".join(executed["cells"][0]["outputs"][0]["text"]) == "42\n"
    model = executed["cells"][1]["outputs"][0]["data"][VIEW]["model_id"]
    assert executed["metadata"]["widgets"][STATE]["state"][model]["state"]["value"] == 3


def reference_solutions(path: Path) -> list[str]:
    """The code of every "Reference solution" block of a chapter (the prose around it left out)."""
    blocks = []
    for cell in json.loads(path.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            pattern = r":::\{admonition\} Reference solution\n:class: dropdown\n(.*?)\n:::"
            for block in re.findall(pattern, source, re.S):
                code = re.findall(r"```python\n(.*?)```", block, re.S)
                assert code, f"a reference solution with no python code:\n{block}"
                blocks += code
    return blocks


def library_source(name: str) -> str:
    """The source of the function `name` in the modules that hold the reference solutions."""
    modules = ["exercises_solutions"] + [p.stem for p in (ROOT / "lib").glob("projects_*.py")]
    for module in modules:
        function = getattr(importlib.import_module(f"backprop.{module}"), name, None)
        if function is not None:
            return inspect.getsource(function)
    raise AssertionError(f"{name} is in no module of reference solutions")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_reference_solution_shown_is_the_tested_code(path):
    for block in reference_solutions(path):
        names = re.findall(r"^def (\w+)\(", block, re.M)
        assert names, f"a reference solution with no function:\n{block}"
        assert block == "\n\n".join(library_source(name) for name in names)
