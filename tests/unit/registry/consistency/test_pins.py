"""Pins: which refs a card or README names count as pinning the release's code and data."""

from __future__ import annotations

import pytest

from registry.consistency.data_names import Text
from registry.consistency.pins import find_pins, is_pin

CODE = "https://github.com/lab/trainer"
DATA = ["lab/corpus"]
SHA = "0123456789abcdef0123456789abcdef01234567"


def pins(text: str, where: str = "model card") -> tuple[list[str], list[str]]:
    code, data = find_pins([Text(where, text)], CODE, DATA)
    return [p.ref for p in code], [p.ref for p in data]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (SHA, True),
        ("0123abc", True),
        ("v1.0", True),
        ("2024-06-release", True),
        ("main", False),
        ("master", False),
        ("dev", False),
        ("feature-branch", False),
    ],
)
def test_only_refs_that_cannot_move_are_pins(ref: str, expected: bool) -> None:
    assert is_pin(ref) is expected


@pytest.mark.parametrize(
    ("text", "code", "data"),
    [
        (f"Trained with https://github.com/lab/trainer/commit/{SHA}.", [SHA], []),
        ("Code: https://github.com/lab/trainer/tree/v1.2.0", ["v1.2.0"], []),
        ("https://github.com/lab/trainer/releases/tag/v2", ["v2"], []),
        ("See https://github.com/lab/trainer/blob/main/train.py", [], []),  # a branch
        ("https://github.com/other/project/commit/" + SHA, [], []),  # not our repository
        ("The trainer at commit 0123abc of lab/trainer.", ["0123abc"], []),
        ("Data: https://huggingface.co/datasets/lab/corpus/tree/v1.5", [], ["v1.5"]),
        (f'load_dataset("lab/corpus", revision="{SHA}")', [], [SHA]),
        ("https://huggingface.co/datasets/other/corpus/tree/v1.5", [], []),
        ("https://huggingface.co/datasets/lab/corpus/tree/main", [], []),
    ],
)
def test_pins_named_in_text(text: str, code: list[str], data: list[str]) -> None:
    assert pins(text) == (code, data)


def test_a_checkout_pins_the_repository_cloned_before_it_only() -> None:
    ours = "git clone https://github.com/lab/trainer.git\ncd trainer\ngit checkout v1.0\n"
    theirs = (
        "git clone https://github.com/EleutherAI/gpt-neox.git\ncd gpt-neox\ngit checkout v1.0\n"
    )
    assert pins(ours, "README") == (["v1.0"], [])
    assert pins(theirs, "README") == ([], [])
