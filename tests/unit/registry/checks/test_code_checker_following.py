"""The code checker follows the trainers README training commands run, and records its doubts."""

from __future__ import annotations

import pytest

from registry.checks.code import CodeChecker
from registry.checks.doubts import DoubtId
from registry.model import CheckResult, FailureKind, Verdict
from tests.unit.registry.checks.checks_fakes import MIT_TEXT, NOW, FakeGit, fake_clients, repo

URL = "https://github.com/lab/model"
TRAINER = "https://github.com/lab/trainer"
LOOP = "import torch\nloss.backward()\noptimizer.step()\n"
CONFIG = "optimizer:\n  name: adamw\n  lr: 3.0e-4\nscheduler:\n  warmup_steps: 100\n"
TRAINS = {"LICENSE": MIT_TEXT, "pretrain.sh": "torchrun pretrain_gpt.py\n", "pretrain_gpt.py": LOOP}
SERVES = {"LICENSE": MIT_TEXT, "generate.py": "print('hi')\n"}


def readme(block: str, heading: str = "## Pretraining\n\n### Launch") -> str:
    return f"# Model\n\n{heading}\n\n~~~bash\n{block}\n~~~\n"


CLONE_BRANCH = readme("git clone -b neo https://github.com/lab/trainer.git && cd trainer && bash pretrain.sh")


def check(files: dict[str, str], *refs: tuple[str, dict[str, str], str | None]) -> tuple[CheckResult, FakeGit]:
    git = FakeGit()
    git.add(URL, files)
    for url, tree, ref in refs:
        git.add(url, tree, ref=ref)
    return CodeChecker().run(repo(URL), fake_clients(git=git), NOW), git


def doubts(result: CheckResult) -> set[str]:
    facts = result.evidence.facts if result.evidence else {}
    return {d["id"] for d in facts.get("doubts", ())}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("branch_tree", "verdict"),
    [
        (TRAINS, Verdict.OPEN),  # open when that branch trains...
        (SERVES, Verdict.ABSENT),  # ...absent when it does not
    ],
)
def test_an_external_trainer_is_followed_at_its_branch(branch_tree: dict[str, str], verdict: Verdict) -> None:
    result, git = check(
        {"LICENSE": MIT_TEXT, "README.md": CLONE_BRANCH},
        (TRAINER, SERVES, None),  # the default branch does not train: the branch must decide
        (TRAINER, branch_tree, "neo"),
    )
    assert result.verdict is verdict, result.reasons
    assert (TRAINER, "neo") in git.inspected
    trainers = result.evidence.facts["external_trainers"]  # type: ignore[union-attr]
    assert trainers["lab/trainer@neo"]["ref"] == "neo"


def test_the_evidence_says_training_runs_through_the_trainer() -> None:
    result, _ = check({"LICENSE": MIT_TEXT, "README.md": CLONE_BRANCH}, (TRAINER, TRAINS, "neo"))
    assert result.reasons[0].startswith("Training runs through lab/trainer@neo (git clone in README.md)")
    assert "lab/trainer@neo/pretrain_gpt.py" in {f.path for f in result.evidence.files}  # type: ignore[union-attr]


def test_a_branch_without_the_script_records_the_missing_script() -> None:
    result, _ = check({"LICENSE": MIT_TEXT, "README.md": CLONE_BRANCH}, (TRAINER, SERVES, "neo"))
    assert result.verdict is Verdict.ABSENT
    assert any("holds no training code at that ref" in r for r in result.reasons)
    assert DoubtId.COMMAND_SCRIPT_MISSING in doubts(result)
    assert any("pretrain.sh is not in lab/trainer@neo" in r for r in result.reasons)


def test_a_pinned_commit_is_followed() -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    text = readme(f"git clone https://github.com/lab/trainer\ncd trainer\ngit checkout {commit}\nbash pretrain.sh")
    result, git = check({"LICENSE": MIT_TEXT, "README.md": text}, (TRAINER, TRAINS, commit))
    assert result.verdict is Verdict.OPEN
    assert (TRAINER, commit) in git.inspected


def test_a_pip_installed_trainer_runs_its_module() -> None:
    text = readme("pip install git+https://github.com/lab/trainer@v2\npython -m trainer.pretrain --config configs/7b.yaml")
    tree = {"LICENSE": MIT_TEXT, "trainer/__init__.py": "", "trainer/pretrain.py": LOOP}
    result, git = check({"LICENSE": MIT_TEXT, "README.md": text}, (TRAINER, tree, "v2"))
    assert result.verdict is Verdict.OPEN, result.reasons
    assert "Training runs through lab/trainer@v2 (pip install" in result.reasons[0]


def test_a_pip_installed_trainer_runs_its_console_script() -> None:
    text = readme("pip install git+https://github.com/lab/trainer@v2\nlab-train --config configs/7b.yaml")
    pyproject = '[project]\nname = "trainer"\n[project.scripts]\nlab-train = "trainer.train:main"\n'
    tree = {"LICENSE": MIT_TEXT, "pyproject.toml": pyproject, "trainer/train.py": LOOP}
    result, _ = check({"LICENSE": MIT_TEXT, "README.md": text}, (TRAINER, tree, "v2"))
    assert result.verdict is Verdict.OPEN, result.reasons


def test_the_trainer_s_licence_counts_too() -> None:
    tree = {**TRAINS, "LICENSE": "LLAMA 2 COMMUNITY LICENSE AGREEMENT\n..."}
    result, _ = check({"LICENSE": MIT_TEXT, "README.md": CLONE_BRANCH}, (TRAINER, tree, "neo"))
    assert result.verdict is Verdict.RESTRICTED
    assert {f.source for f in result.evidence.licences} >= {"lab/trainer@neo LICENSE file (text)"}  # type: ignore[union-attr]


def test_a_trainer_that_does_not_exist_is_a_note() -> None:
    result, _ = check({"LICENSE": MIT_TEXT, "README.md": CLONE_BRANCH})
    assert result.verdict is Verdict.ABSENT and result.failure is None
    assert any("could not be inspected" in r for r in result.reasons)


@pytest.mark.parametrize("kind", [FailureKind.TIMEOUT, FailureKind.SERVER_ERROR, FailureKind.REFUSED])
def test_a_trainer_that_cannot_be_read_leaves_absence_unshown(kind: FailureKind) -> None:
    git = FakeGit()
    git.add(URL, {"LICENSE": MIT_TEXT, "README.md": CLONE_BRANCH})
    git.add(TRAINER, TRAINS)
    git.fail("inspect", TRAINER, kind)
    result = CodeChecker().run(repo(URL), fake_clients(git=git), NOW)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is kind


def test_a_trainer_is_not_followed_from_a_fine_tuning_section() -> None:
    text = readme("git clone -b neo https://github.com/lab/trainer && cd trainer && bash pretrain.sh", "## Fine-tuning")
    result, git = check({"LICENSE": MIT_TEXT, "README.md": text}, (TRAINER, TRAINS, "neo"))
    assert result.verdict is Verdict.ABSENT
    assert git.inspected == [(URL, None)]


@pytest.mark.parametrize(
    ("files", "missing"),
    [
        ({"README.md": readme("python scripts/pretrain.py"), "train.py": LOOP, "c.yaml": CONFIG}, True),
        ({"README.md": readme("python train.py"), "train.py": LOOP, "c.yaml": CONFIG}, False),
        ({"README.md": readme("cd src && python train.py"), "src/train.py": LOOP, "c.yaml": CONFIG}, False),
        # An evaluation command's script is not training's business.
        ({"README.md": readme("bash eval_7b.sh"), "train.py": LOOP, "c.yaml": CONFIG}, False),
        # A script under a cd we cannot follow is not shown to be missing.
        ({"README.md": readme("cd $WORK && python run.py"), "train.py": LOOP, "c.yaml": CONFIG}, False),
    ],
)
def test_a_readme_command_whose_script_is_missing(files: dict[str, str], missing: bool) -> None:
    result, _ = check({"LICENSE": MIT_TEXT, **files})
    assert (DoubtId.COMMAND_SCRIPT_MISSING in doubts(result)) is missing
    assert result.verdict is (Verdict.RESTRICTED if missing else Verdict.OPEN)


MEGATRON = {"LICENSE": MIT_TEXT, "megatron/training.py": "x", "pretrain_gpt.py": LOOP,
            "examples/pretrain_gpt.sh": "torchrun pretrain_gpt.py --lr 1e-4\n"}  # fmt: skip


@pytest.mark.parametrize(
    ("url", "extra", "doubted"),
    [
        # A fork of a generic trainer with only the trainer's own examples: nothing ties it to a model.
        ("https://github.com/lab/Megatron-LM", {}, True),
        # A launch script of its own, outside the trainer's stock places, does.
        ("https://github.com/lab/Megatron-LM", {"lab/pretrain_7b.sh": "torchrun pretrain_gpt.py\n"}, False),
        ("https://github.com/lab/Megatron-LM", {"configs/ours-7b.yaml": CONFIG}, False),
        # An example folder is still an example.
        ("https://github.com/lab/Megatron-LM", {"examples/ours/pretrain_7b.sh": "torchrun x.py\n"}, True),
        # The trainer's home repository is its makers' own.
        ("https://github.com/NVIDIA/Megatron-LM", {}, False),
    ],
)
def test_a_fork_of_a_generic_trainer(url: str, extra: dict[str, str], doubted: bool) -> None:
    git = FakeGit()
    git.add(url, {**MEGATRON, **extra})
    result = CodeChecker().run(repo(url), fake_clients(git=git), NOW)
    assert (DoubtId.GENERIC_TRAINER_ONLY in doubts(result)) is doubted
    assert result.verdict is (Verdict.RESTRICTED if doubted else Verdict.OPEN)


def test_a_trainer_submodule_with_the_lab_s_own_configs_is_tied_to_the_model() -> None:
    gitmodules = '[submodule "neox"]\n\tpath = neox\n\turl = https://github.com/lab/gpt-neox\n'
    neox = {"LICENSE": MIT_TEXT, "deepy.py": "x", "train.py": LOOP, "megatron/neox_arguments/a.py": "x",
            "configs/125M.yml": CONFIG}  # fmt: skip
    for own, doubted in (({"models/7b.yml": CONFIG}, False), ({}, True)):
        git = FakeGit()
        git.add(URL, {"LICENSE": MIT_TEXT, ".gitmodules": gitmodules, **own})
        git.add("https://github.com/lab/gpt-neox", neox)
        result = CodeChecker().run(repo(URL), fake_clients(git=git), NOW)
        assert (DoubtId.GENERIC_TRAINER_ONLY in doubts(result)) is doubted, result.reasons
