"""Our MOF evaluation against vectors MOT's own PHP evaluator computed (see the file's note)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from registry.frameworks.mof import document_from_dict, evaluate

VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "mof" / "mot-conformance.json").read_text()
)["cases"]


def test_the_vectors_cover_every_class() -> None:
    assert {case["class"] for case in VECTORS} == {0, 1, 2, 3}


@pytest.mark.parametrize("case", VECTORS, ids=lambda c: f"class{c['class']}")
def test_class_and_progress_match_mot(case: dict[str, Any]) -> None:
    evaluation = evaluate(document_from_dict({"release": case["release"]}))
    assert evaluation.mof_class == case["class"]
    for mof_class in (3, 2, 1):
        expected = case["progress"][str(mof_class)]
        assert evaluation.classes[mof_class].progress == pytest.approx(expected)
