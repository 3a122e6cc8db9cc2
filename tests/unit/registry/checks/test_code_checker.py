"""The code checker's rules: training code needs strong evidence, and a licence to be open."""

from __future__ import annotations

import pytest

from registry.checks.code import CodeChecker
from registry.checks.code.choosing import choose_paths
from registry.checks.code.signals import Family, assess
from registry.model import FailureKind, Verdict
from tests.unit.registry.checks.checks_fakes import (
    COMMIT,
    MIT_TEXT,
    NOW,
    FakeGit,
    fake_clients,
    repo,
)

URL = "https://git.example/lab/model"

TRAIN_CONFIG = """model:
  d_model: 4096
optimizer:
  name: adamw
  learning_rate: 3.0e-4
scheduler:
  t_warmup: 2000
max_duration: 2T
global_train_batch_size: 2048
"""
TRAIN_SCRIPT = """import torch
def main(cfg):
    for batch in loader:
        loss = model(batch).loss
        loss.backward()
        optimizer.step()
"""
FINETUNE = """from transformers import TrainingArguments
from trl import SFTTrainer
trainer = SFTTrainer(model=model, args=TrainingArguments(output_dir="out"))
trainer.train()
"""
README_FINETUNE = """# StarCoder2

## Fine-tuning

```bash
accelerate launch finetune.py --model_id bigcode/starcoder2-3b
```
"""
README_TRAINING = """# Model

## Reproducing training

```bash
python train.py configs/model.yaml
```
"""
LAUNCHER = "#!/bin/bash\n#SBATCH --nodes=64\ntorchrun --nproc_per_node 8 pretrain_gpt.py $ARGS\n"


def check(files: dict[str, str], entrypoint: str | None = None):
    git = FakeGit()
    git.add(URL, files)
    return CodeChecker().run(repo(URL, entrypoint), fake_clients(git=git), NOW)


def test_training_repo_under_an_open_licence_is_open() -> None:
    files = {"LICENSE": MIT_TEXT, "scripts/train.py": TRAIN_SCRIPT, "configs/7b.yaml": TRAIN_CONFIG}
    result = check(files)
    assert result.verdict is Verdict.OPEN
    evidence = result.evidence
    assert evidence is not None
    assert (evidence.checker_id, evidence.revision, evidence.endpoint) == ("code", COMMIT, URL)
    assert evidence.facts["default_branch"] == "main"
    assert evidence.facts["training_code_found"] is True
    assert {f.path for f in evidence.files} >= {"scripts/train.py", "configs/7b.yaml"}
    assert evidence.licences[0].expression == "MIT"
    assert evidence.licences[0].source == "LICENSE file (text)"


def test_inference_only_repo_is_absent_and_says_so() -> None:
    files = {"LICENSE": MIT_TEXT, "inference.py": "generate()", "model.py": "class M: ..."}
    result = check(files)
    assert result.verdict is Verdict.ABSENT
    assert result.failure is None
    assert "inference-only" in result.reasons[0]
    assert result.evidence is not None
    assert result.evidence.facts["inference_only"] is True
    assert result.evidence.facts["inference_files"] == ("inference.py", "model.py")


def test_a_fine_tuning_example_in_an_inference_repo_is_not_training_code() -> None:
    files = {"LICENSE": MIT_TEXT, "README.md": README_FINETUNE, "finetune.py": FINETUNE}
    result = check(files)
    assert result.verdict is Verdict.ABSENT
    assert "fine-tuning files (finetune.py)" in result.reasons[0]


def test_readme_instructions_alone_are_not_enough() -> None:
    readme = "# Model\n\n## Training\n\n```bash\npython -m lab.pretrain --size 7b\n```\n"
    result = check({"LICENSE": MIT_TEXT, "README.md": readme})
    assert result.verdict is Verdict.ABSENT
    assert "fall short" in result.reasons[0]


def test_configs_plus_readme_instructions_count() -> None:
    files = {"LICENSE": MIT_TEXT, "README.md": README_TRAINING, "models/7b.yml": TRAIN_CONFIG,
             "train.py": "main()"}  # fmt: skip
    assert check(files).verdict is Verdict.OPEN


def test_pretraining_launcher_counts() -> None:
    files = {"LICENSE": MIT_TEXT, "scripts/pretrain_65b.sh": LAUNCHER}
    result = check(files)
    assert result.verdict is Verdict.OPEN
    signals = result.evidence.facts["training_signals"]  # type: ignore[union-attr]
    assert set(signals) == {Family.ENTRYPOINT.value, Family.LAUNCHER.value}


def test_declared_entrypoint_that_exists_is_enough() -> None:
    result = check({"LICENSE": MIT_TEXT, "src/run.py": "main()"}, entrypoint="src/run.py")
    assert result.verdict is Verdict.OPEN
    assert "declared training entrypoint src/run.py exists" in result.reasons[0]


def test_declared_entrypoint_that_is_missing_is_reported() -> None:
    result = check({"LICENSE": MIT_TEXT, "demo.py": "x"}, entrypoint="train.py")
    assert result.verdict is Verdict.ABSENT
    assert "declared entrypoint train.py does not exist" in result.reasons[0]


def test_training_code_without_a_licence_is_restricted() -> None:
    result = check({"train.py": TRAIN_SCRIPT, "configs/a.yaml": TRAIN_CONFIG})
    assert result.verdict is Verdict.RESTRICTED
    assert any("No licence" in r for r in result.reasons)


def test_readme_licence_section_is_the_fallback() -> None:
    readme = README_TRAINING + "\n## License\n\nThis project is released under the MIT license.\n"
    result = check({"README.md": readme, "train.py": TRAIN_SCRIPT, "configs/a.yaml": TRAIN_CONFIG})
    assert result.verdict is Verdict.OPEN
    assert result.evidence is not None
    assert result.evidence.licences[0].source == "README licence section"


def test_training_code_under_a_restricted_licence_is_restricted() -> None:
    llama = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\n..."
    result = check({"LICENSE": llama, "train.py": TRAIN_SCRIPT, "configs/a.yaml": TRAIN_CONFIG})
    assert result.verdict is Verdict.RESTRICTED


@pytest.mark.parametrize("call", ["remote_head", "inspect"])
@pytest.mark.parametrize("kind", [FailureKind.REFUSED, FailureKind.TIMEOUT, FailureKind.NOT_FOUND])
def test_git_failure_is_unverified(call: str, kind: FailureKind) -> None:
    git = FakeGit()
    git.add(URL, {"train.py": TRAIN_SCRIPT})
    git.fail(call, URL, kind)
    result = CodeChecker().run(repo(URL), fake_clients(git=git), NOW)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is kind


@pytest.mark.parametrize(
    ("paths", "texts", "found"),
    [
        # An entrypoint plus a config with optimizer, learning rate and schedule.
        (("train.py", "cfg/a.yaml"), {"cfg/a.yaml": TRAIN_CONFIG}, True),
        # An entrypoint whose own code is a training loop.
        (("train.py",), {"train.py": TRAIN_SCRIPT}, True),
        # A lone entrypoint name proves nothing.
        (("train.py",), {"train.py": "print('hi')"}, False),
        # An architecture config is not a training config.
        (("train.py", "config.json"), {"config.json": '{"hidden_size": 4096}'}, False),
        # Fine-tuning recipes never count, however complete.
        (
            ("sft/train.py", "sft/cfg.yaml"),
            {"sft/train.py": FINETUNE, "sft/cfg.yaml": TRAIN_CONFIG},
            False,
        ),
        # Tests never count.
        (("tests/train_test.py", "tests/cfg.yaml"), {"tests/cfg.yaml": TRAIN_CONFIG}, False),
        # A launcher and README instructions, but no training artifact.
        (("run.sh", "README.md"), {"run.sh": LAUNCHER, "README.md": README_TRAINING}, False),
    ],
)
def test_training_code_rule(paths: tuple[str, ...], texts: dict[str, str], found: bool) -> None:
    assert assess(paths, texts, None).found is found


def test_choose_paths_reads_licences_readmes_and_candidates_only() -> None:
    paths = ("LICENSE", "README.md", "src/model.py", "scripts/train.py", "configs/a.yaml", "x.png")
    assert choose_paths(paths, None) == [
        "LICENSE",
        "README.md",
        "scripts/train.py",
        "configs/a.yaml",
    ]


AMBER_README = """# Amber

# Pretraining

```bash
pip install -r requirements.txt
# download the data chunks into ./data
sbatch run.sh
```

# Fine-tuning

See finetune/.
"""
RUN_SH = "#!/bin/bash\n#SBATCH --nodes=56\nsrun python main.py --n_nodes 56\n"
FABRIC_LOOP = "fabric.backward(loss)\noptimizer.step()\noptimizer.zero_grad()\n"


def test_a_launched_script_that_trains_is_an_entrypoint_whatever_its_name() -> None:
    files = {
        "LICENSE": MIT_TEXT,
        "README.md": AMBER_README,
        "run.sh": RUN_SH,
        "main.py": FABRIC_LOOP,
    }
    result = check(files)
    assert result.verdict is Verdict.OPEN
    signals = result.evidence.facts["training_signals"]  # type: ignore[union-attr]
    assert signals[Family.ENTRYPOINT.value] == ("main.py",)
    assert signals[Family.TRAINING_LOOP.value] == ("main.py",)


def test_a_launched_inference_example_is_not_an_entrypoint() -> None:
    launcher = "torchrun --nproc_per_node 1 example_chat_completion.py --ckpt_dir x/\n"
    files = {"run_chat.sh": launcher, "example_chat_completion.py": "generator.chat_completion()"}
    assert check(files).verdict is Verdict.ABSENT


def test_gin_configs_with_a_learning_rate_schedule_count() -> None:
    gin = "learning_rate_schedules.constant_learning_rate.learning_rate = 0.001\n"
    readme = "# T\n\n### Training\n\n```sh\nt5_mesh_transformer --gin_file=dataset.gin\n```\n"
    files = {"README.md": readme, "t5/gin/lr/constant.gin": gin, "LICENSE": MIT_TEXT}
    assert check(files).verdict is Verdict.OPEN


def test_comments_in_code_blocks_are_not_headings() -> None:
    readme = "## Reproducing Training\n\n```bash\n# first, unshard\n"
    readme += "python deepy.py train.py x.yml\n```\n"
    paths = ("README.md", "x.yml", "deepy.py")
    assert assess(paths, {"README.md": readme, "x.yml": TRAIN_CONFIG}, None).found


@pytest.mark.parametrize("heading", ["Training data", "Fine-tuning", "Training details"])
def test_readme_sections_about_something_else_do_not_count(heading: str) -> None:
    readme = f"## {heading}\n\n```\npython train.py\n```\n"
    assert assess(("README.md",), {"README.md": readme}, None).signals == {}


SUBMODULE = "https://git.example/lab/megatron-fork"
GITMODULES = f'[submodule "megatron"]\n\tpath = megatron\n\turl = {SUBMODULE}.git\n'


def test_training_code_in_a_submodule_counts_with_both_licences() -> None:
    git = FakeGit()
    readme = "# Model\n\n## License\n\nMIT\n"
    git.add(URL, {".gitmodules": GITMODULES, "README.md": readme, "inference.py": "x"})
    git.add(f"{SUBMODULE}.git", {"LICENSE": MIT_TEXT, "pretrain_gpt.py": TRAIN_SCRIPT})
    result = CodeChecker().run(repo(URL), fake_clients(git=git), NOW)
    assert result.verdict is Verdict.OPEN
    assert "in the submodule megatron" in result.reasons[0]
    evidence = result.evidence
    assert evidence is not None
    assert evidence.facts["training_code_in"] == "megatron"
    assert "megatron/pretrain_gpt.py" in {f.path for f in evidence.files}
    sources = {f.source for f in evidence.licences}
    assert sources == {"README licence section", "submodule megatron LICENSE file (text)"}


def test_an_unreachable_submodule_is_a_note_not_a_failure() -> None:
    git = FakeGit()
    git.add(URL, {".gitmodules": GITMODULES, "LICENSE": MIT_TEXT, "demo.py": "x"})
    result = CodeChecker().run(repo(URL), fake_clients(git=git), NOW)
    assert result.verdict is Verdict.ABSENT
    assert result.failure is None
    assert any("submodule megatron" in r and "could not be inspected" in r for r in result.reasons)
    facts = result.evidence.facts  # type: ignore[union-attr]
    assert facts["submodules"]["megatron"]["failure"] == "not_found"


def test_no_training_code_in_a_path_list_cut_at_the_cap_is_unverified_never_absent() -> None:
    git = FakeGit()
    git.add(URL, {"LICENSE": MIT_TEXT, "README.md": "# Model", "zz/train.py": TRAIN_SCRIPT,
                  "zz/config.yaml": TRAIN_CONFIG})
    git.max_paths = 2
    result = CodeChecker().run(repo(URL), fake_clients(git=git), NOW)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "cap" in result.failure.message
