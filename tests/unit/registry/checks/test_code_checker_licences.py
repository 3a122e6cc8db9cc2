"""The code checker's licence reading: sections, the file's own scoping, unreadable texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.checks.code import CodeChecker
from registry.checks.doubts import DoubtId
from registry.model import ArtifactKind, ArtifactRef, CheckResult, Pillar, Verdict
from tests.unit.registry.checks.checks_fakes import MIT_TEXT, NOW, FakeGit, fake_clients

URL = "https://github.com/lab/model"
TEXTS = Path(__file__).resolve().parents[4] / "standins" / "snapshots" / "texts"
BSD = (TEXTS / "BSD-3-Clause.txt").read_text()
LOOP = "import torch\nloss.backward()\noptimizer.step()\n"
CONFIG = "optimizer:\n  name: adamw\n  lr: 3.0e-4\nscheduler:\n  warmup_steps: 100\n"
TRAINING = {"train.py": LOOP, "configs/7b.yaml": CONFIG}


def check(files: dict[str, str], declared: str | None = None) -> CheckResult:
    git = FakeGit()
    git.add(URL, {**TRAINING, **files})
    artifact = ArtifactRef(Pillar.CODE, ArtifactKind.GIT, URL, declared)
    return CodeChecker().run(artifact, fake_clients(git=git), NOW)


def doubts(result: CheckResult) -> set[str]:
    facts = result.evidence.facts if result.evidence else {}
    return {d["id"] for d in facts.get("doubts", ())}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("licence", "verdict", "said"),
    [
        # A BSD grant plus a section the file scopes to paths the training code is not in.
        (BSD + "\nFiles under third_party/tool/ are licensed under CC BY-NC 4.0.\n",
         Verdict.OPEN, "so that section is set aside as the file itself scopes it"),
        # The same section scoped to the training configs: the least open reading decides.
        (BSD + "\nFiles under configs/ are licensed under CC BY-NC 4.0.\n",
         Verdict.RESTRICTED, "code in question is there (configs/7b.yaml)"),
        # An unscoped non-commercial section applies to everything.
        (BSD + "\nThis software is also released under CC BY-NC 4.0.\n",
         Verdict.RESTRICTED, "LICENSE holds 2 licence sections"),
        # NVIDIA's composite file: three open licences, each with its lines.
        ((TEXTS / "Megatron-DeepSpeed-LICENSE.txt").read_text(), Verdict.OPEN,
         "BSD-3-Clause (lines 1–36), Apache-2.0 (lines 37–241), MIT (lines 242–265)"),
    ],
)
def test_licence_sections_and_scopes(licence: str, verdict: Verdict, said: str) -> None:
    result = check({"LICENSE": licence})
    assert result.verdict is verdict, result.reasons
    assert any(said in r for r in result.reasons)
    sections = result.evidence.facts["licence_sections"]  # type: ignore[union-attr]
    assert all("lines" in s for s in sections)


@pytest.mark.parametrize(
    "files",
    [
        # An unrecognised text with a permissive README section beside it.
        {"LICENSE": "Copyright Lab. Research use only; you may not redistribute it.\n",
         "README.md": "# M\n\n## License\n\nMIT\n"},
        # Terms appended to an MIT text.
        {"LICENSE": MIT_TEXT + "\nYou may not use this software for commercial purposes.\n"},
    ],
)
def test_an_unreadable_licence_text_is_never_upgraded(files: dict[str, str]) -> None:
    result = check(files, declared="MIT")
    assert result.verdict is Verdict.RESTRICTED
    assert DoubtId.LICENCE_TEXT_UNREADABLE in doubts(result)
    doubt = next(r for r in result.reasons if r.startswith("Doubt:"))
    assert "the release declares MIT" in doubt
    assert "cannot stand in for the file's own terms" in doubt


def test_a_declared_licence_the_repository_contradicts_is_named() -> None:
    result = check({"LICENSE": "LLAMA 2 COMMUNITY LICENSE AGREEMENT\n..."}, declared="MIT")
    assert result.verdict is Verdict.RESTRICTED
    assert "The release declares MIT, which no licence source in the repository states." in result.reasons


@pytest.mark.parametrize("declared", ["Apache-2.0", "apache-2.0", "MIT AND Apache-2.0", "other", None])
def test_a_declared_licence_the_repository_states_says_nothing(declared: str | None) -> None:
    apache = (TEXTS / "Apache-2.0.txt").read_text()
    result = check({"LICENSE-APACHE": apache, "LICENSE-MIT": MIT_TEXT}, declared=declared)
    assert not any("The release declares" in r for r in result.reasons)
