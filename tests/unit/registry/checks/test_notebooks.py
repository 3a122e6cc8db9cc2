"""Notebooks read as code: their code cells, whole or salvaged from a truncated read."""

from __future__ import annotations

import json

import pytest

from registry.checks.notebooks import as_code, is_notebook, notebook_code

CELLS = [
    {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "optimizer.step()\n"]},
    {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["import torch\n", "x = 1\n"]},
    {"cell_type": "code", "metadata": {}, "outputs": [], "source": "loss.backward()"},
    {"cell_type": "raw", "metadata": {}, "source": ["not code"]},
]
NOTEBOOK = json.dumps({"cells": CELLS, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_code_cells_only_in_order() -> None:
    assert notebook_code(NOTEBOOK) == "import torch\nx = 1\n\n\nloss.backward()"


def test_a_truncated_notebook_keeps_the_cells_read_before_the_cut() -> None:
    cut = NOTEBOOK[: NOTEBOOK.index("loss.backward") + 4]
    assert notebook_code(cut) == "import torch\nx = 1\n"


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"cells": 3}', '{"cells": [1, "a"]}'])
def test_anything_else_has_no_code(text: str) -> None:
    assert notebook_code(text) == ""


@pytest.mark.parametrize(
    ("path", "notebook"),
    [("train.ipynb", True), ("nb/Train.IPYNB", True), ("train.py", False), ("ipynb.md", False)],
)
def test_notebook_names(path: str, notebook: bool) -> None:
    assert is_notebook(path) is notebook


def test_only_notebooks_are_rewritten() -> None:
    texts = {"train.ipynb": NOTEBOOK, "train.py": "print(1)", "README.md": NOTEBOOK}
    rewritten = as_code(texts)
    assert rewritten["train.ipynb"].startswith("import torch")
    assert rewritten["train.py"] == "print(1)" and rewritten["README.md"] == NOTEBOOK
