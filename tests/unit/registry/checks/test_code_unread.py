"""Code the checker holds but cannot read (archives, LFS objects): unverified, never absent."""

from __future__ import annotations

import pytest

from registry.checks.code import CodeChecker
from registry.checks.code.unread import is_code_archive
from registry.model import FailureKind, Verdict
from tests.unit.registry.checks.checks_fakes import MIT_TEXT, NOW, FakeGit, fake_clients, repo

URL = "https://git.example/lab/model"
POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nsize 48213\n"
)
LOOP = "import torch\nfor b in data:\n    loss.backward()\n    optimizer.step()\n"
CONFIG = "optimizer:\n  name: adamw\n  lr: 3.0e-4\nscheduler:\n  warmup_steps: 2000\n"


def check(files: dict[str, str]):
    git = FakeGit()
    git.add(URL, files)
    return CodeChecker().run(repo(URL), fake_clients(git=git), NOW)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("training_code.zip", True), ("src.tar.gz", True), ("release/pretrain-scripts.tgz", True),
        ("megatron.7z", True), ("train.tar.bz2", True), ("src.zip.001", True),
        ("assets.zip", False), ("images.tar", False),
        ("training_code.md", False), ("eval/eval_code.zip", False), ("tests/src.zip", False),
    ],
)  # fmt: skip
def test_archives_named_like_code(path: str, code: bool) -> None:
    assert is_code_archive(path) is code


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"training_code.zip": "PK", "README.md": "# M\n"}, "training_code.zip may hold"),
        ({"train.py": POINTER, "configs/a.yaml": CONFIG},
         "train.py (a pointer to a 48.2 KB object) is stored in Git LFS"),
        ({"scripts/pretrain.sh": POINTER}, "scripts/pretrain.sh (a pointer"),
    ],
)  # fmt: skip
def test_unread_code_makes_absence_unverified(files: dict[str, str], said: str) -> None:
    result = check({"LICENSE": MIT_TEXT, **files})
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert said in result.failure.message and "not shown" in result.failure.message


@pytest.mark.parametrize(
    ("files", "verdict"),
    [
        # Training code shown elsewhere decides; the unread files change nothing.
        ({"train.py": LOOP, "configs/a.yaml": CONFIG, "training_code.zip": "PK"}, Verdict.OPEN),
        ({"train.py": LOOP, "configs/a.yaml": CONFIG, "old/train_v0.py": POINTER}, Verdict.OPEN),
        # An archive not named like code leaves an absence shown.
        ({"demo.py": "print(1)\n", "assets.zip": "PK"}, Verdict.ABSENT),
    ],
)  # fmt: skip
def test_unread_code_never_changes_a_shown_verdict(files: dict[str, str], verdict: Verdict) -> None:
    assert check({"LICENSE": MIT_TEXT, **files}).verdict is verdict
