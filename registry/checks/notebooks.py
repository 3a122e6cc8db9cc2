"""Jupyter notebooks as code: a lab's `train.ipynb` is training code like a `train.py`.

The code checker reads a notebook's code cells as one Python source (markdown and outputs
dropped), so the same signals find a training loop in it. A notebook cut short by the read
cap is no longer valid JSON; its code cells are then salvaged one by one, so the cells read
before the cut still count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

NOTEBOOK_SUFFIX = ".ipynb"
# One cell's "source": [...] array (nbformat 4), for a notebook whose JSON was truncated.
_SOURCE_ARRAY = re.compile(
    r'"cell_type":\s*"code".*?"source":\s*(\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\])', re.S
)


def is_notebook(path: str) -> bool:
    """Return True for a Jupyter notebook."""
    return path.lower().endswith(NOTEBOOK_SUFFIX)


def as_code(texts: Mapping[str, str]) -> dict[str, str]:
    """Return the texts with every notebook replaced by the source of its code cells."""
    return {path: notebook_code(t) if is_notebook(path) else t for path, t in texts.items()}


def notebook_code(text: str) -> str:
    """Return the code cells of a notebook as one Python source ("" when none is readable)."""
    try:
        document = json.loads(text)
    except ValueError:
        return "\n\n".join(_salvaged(text))
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return ""
    return "\n\n".join(
        _joined(cell.get("source"))
        for cell in cells
        if isinstance(cell, dict) and cell.get("cell_type") == "code"
    )


def _salvaged(text: str) -> Iterator[str]:
    for match in _SOURCE_ARRAY.finditer(text):
        try:
            yield _joined(json.loads(match.group(1)))
        except ValueError:
            continue


def _joined(source: object) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(line for line in source if isinstance(line, str))
    return ""
