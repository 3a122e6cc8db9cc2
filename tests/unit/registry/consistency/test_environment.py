"""Environment: dependency declarations with exact versions, and those without."""

from __future__ import annotations

import pytest

from registry.consistency.environment import assess
from registry.consistency.report import EnvironmentState


@pytest.mark.parametrize(
    ("path", "text", "state"),
    [
        ("poetry.lock", None, EnvironmentState.PINNED),
        ("uv.lock", None, EnvironmentState.PINNED),
        ("requirements.txt", "torch==2.1.0\nnumpy==1.26.4\n# a comment\n", EnvironmentState.PINNED),
        ("requirements.txt", "torch>=2.1\nnumpy\n", EnvironmentState.UNPINNED),
        ("requirements.txt", "torch==2.1.0\nnumpy\n", EnvironmentState.UNPINNED),
        (
            "requirements/train.txt",
            "megatron @ git+https://github.com/x/y@0123456789abcdef\n",
            EnvironmentState.PINNED,
        ),
        (
            "environment.yml",
            "dependencies:\n  - python=3.10\n  - pytorch=2.1.0\n",
            EnvironmentState.PINNED,
        ),
        ("environment.yml", "dependencies:\n  - python\n  - pytorch\n", EnvironmentState.UNPINNED),
        (
            "Dockerfile",
            "FROM nvcr.io/nvidia/pytorch:24.01-py3\nRUN pip install x\n",
            EnvironmentState.PINNED,
        ),
        ("Dockerfile", "FROM python:latest\n", EnvironmentState.UNPINNED),
        ("Dockerfile", "FROM ubuntu\n", EnvironmentState.UNPINNED),
        (
            "pyproject.toml",
            '[project]\ndependencies = [\n  "torch>=2",\n]\n',
            EnvironmentState.UNPINNED,
        ),
    ],
)
def test_declarations(path: str, text: str | None, state: EnvironmentState) -> None:
    texts = {path: text} if text is not None else {}
    assert assess(texts, [path, "train.py"]).state is state


def test_no_declaration_at_all() -> None:
    finding = assess({}, ["train.py", "README.md"])
    assert finding.state is EnvironmentState.NONE


def test_one_pinned_declaration_is_enough() -> None:
    finding = assess({"requirements.txt": "torch\n"}, ["requirements.txt", "uv.lock"])
    assert finding.state is EnvironmentState.PINNED
    assert finding.pinned == ("uv.lock",) and finding.unpinned == ("requirements.txt",)
