"""Open-washing cases for the code pillar, through the real git client against the stand-in.

Each row is a repository as a lab might publish it, with the verdict the truth implies
written down before the checker ran, and the one sentence of truth behind it. The bar
is no false open: a claim the artifacts do not show is never "open".

(The package's shared `support.py` was not on main when these were written, so the few
lines that turn a row into stand-in manifests live here.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from registry.adapters import build_clients
from registry.model import ArtifactKind, ArtifactRef, Pillar, Verdict
from registry.ports import Clients
from registry.verify import check_release
from tests.integration.checks.open_washing.support import CONFIG, LOOP
from tests.integration.checks.standin_support import loopback_settings
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

OPEN, RESTRICTED, ABSENT = Verdict.OPEN, Verdict.RESTRICTED, Verdict.ABSENT
HOST = "https://github.com/open-washing"
TEXTS = Path(__file__).resolve().parents[4] / "standins" / "snapshots" / "texts"
BSD = (TEXTS / "BSD-3-Clause.txt").read_text()

SFT = (
    "from datasets import load_dataset\nfrom transformers import AutoModelForCausalLM\n"
    "from trl import SFTConfig, SFTTrainer\n\n"
    "model = AutoModelForCausalLM.from_pretrained('open-washing/base-7b')\n"
    "SFTTrainer(model=model, args=SFTConfig(output_dir='out'), train_dataset=data).train()\n"
)
def notebook(*cells: str) -> str:
    """A Jupyter notebook (nbformat 4) with one code cell per argument and a markdown title."""
    code = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
             "source": c.splitlines(keepends=True)} for c in cells]  # fmt: skip
    title = {"cell_type": "markdown", "metadata": {}, "source": ["# Training OW-7B\n"]}
    return json.dumps({"cells": [title, *code], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


SFT_CONFIG = "model_name_or_path: open-washing/base-7b\nlearning_rate: 2.0e-5\noptim: adamw_torch\n"


def text(path: str, content: str) -> dict[str, Any]:
    return {"path": path, "content": content}


def readme(title: str, *sections: tuple[str, str]) -> dict[str, Any]:
    body = "".join(f"\n{heading}\n\n{content}\n" for heading, content in sections)
    return text("README.md", f"# {title}\n{body}")


def bash(*lines: str, fence: str = "```") -> str:
    return f"{fence}bash\n" + "\n".join(lines) + f"\n{fence}"


@dataclass(frozen=True)
class Case:
    """One repository, the verdict its truth implies, and a phrase its evidence must hold."""

    name: str
    truth: Verdict
    why: str
    files: list[dict[str, Any]]
    said: str
    branches: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    declared: str | None = None

    @property
    def url(self) -> str:
        return f"{HOST}/{self.name}"


# Repositories other cases point at (trainers, forks) that are not artifacts themselves.
TRAINER = "trainer"
TRAINER_FILES = [text("LICENSE", MIT_TEXT), text("generate.py", "print('tokens')\n")]
TRAINER_BRANCHES = {
    # The lab's pinned branch adds its pretraining launcher and loop.
    "ow-7b": [
        text("pretrain.sh", "#!/bin/bash\ntorchrun --nproc_per_node 8 pretrain_gpt.py $@\n"),
        text("pretrain_gpt.py", LOOP),
    ],
    # A branch that only serves the model.
    "serve": [text("serve.py", "print('serving')\n")],
}
PIP_TRAINER = "pip-trainer"
PIP_TRAINER_FILES = [
    text("LICENSE", MIT_TEXT),
    text("pyproject.toml", '[project]\nname = "owtrain"\n[project.scripts]\now-train = "owtrain.cli:main"\n'),
    text("owtrain/__init__.py", ""),
    text("owtrain/cli.py", "from owtrain.train import main\n"),
    text("owtrain/train.py", LOOP),
]

CASES: tuple[Case, ...] = (
    Case(
        "training-notebook", OPEN,
        "The lab trains in a notebook: its code cells hold the loop, beside a training config.",
        [text("LICENSE", MIT_TEXT), readme("OW-7B", ("## Training", "Run `train.ipynb`.")),
         text("train.ipynb", notebook("import yaml\ncfg = yaml.safe_load(open('configs/7b.yaml'))", LOOP)),
         text("configs/7b.yaml", CONFIG)],
        "training loop or trainer API (train.ipynb)",
    ),
    Case(
        "inference-notebook-only", ABSENT,
        "Its only notebook loads the released model and generates text.",
        [text("LICENSE", MIT_TEXT), readme("OW-7B", ("## Training", "See `demo.ipynb`.")),
         text("demo.ipynb", notebook("from transformers import pipeline\n"
                                     "print(pipeline('text-generation', 'ow/ow-7b')('Hi'))"))],
        "No training code",
    ),
    Case(
        "training-code-coming-soon", ABSENT,
        "The repository is a README that promises the training code later.",
        [text("LICENSE", MIT_TEXT),
         readme("OW-7B", ("## Training", "The training code will be released soon. Stay tuned!"))],
        "No training code",
    ),
    Case(
        "inference-only-says-training-code", ABSENT,
        "The README calls it training code, but the repository only loads and runs the model.",
        [text("LICENSE", MIT_TEXT),
         readme("Training code for OW-7B", ("## Usage", bash("python generate.py --prompt hi"))),
         text("generate.py", "from model import load\nprint(load().generate())\n"),
         text("model.py", "class GPT: ...\n")],
        "inference-only",
    ),
    Case(
        "fine-tuning-only", ABSENT,
        "Every recipe adapts a released base model (SFT from its checkpoint); none pretrains it.",
        [text("LICENSE", MIT_TEXT),
         readme("OW-7B", ("## Training", bash("accelerate launch train.py --config configs/7b.yaml"))),
         text("train.py", SFT), text("configs/7b.yaml", SFT_CONFIG),
         text("scripts/run.sh", "accelerate launch train.py --config configs/7b.yaml\n")],
        "adapt a released model",
    ),
    Case(
        "eval-and-submission-only", ABSENT,
        "Its scripts only evaluate the released model or queue evaluation jobs.",
        [text("LICENSE", MIT_TEXT),
         readme("OW-7B", ("## Reproducing our results", bash("sbatch submit_eval.sh"))),
         text("submit_eval.sh", "#!/bin/bash\n#SBATCH --nodes=1\nsrun lm_eval --model hf --tasks mmlu\n"),
         text("eval.sh", "torchrun --nproc_per_node 8 -m lm_eval --model hf --tasks hellaswag\n"),
         text("jobs/launch.slurm", "#!/bin/bash\n#SBATCH --nodes=4\n#SBATCH --gres=gpu:8\nsrun python run_eval_harness.py\n"),
         text("benchmark/throughput.py", LOOP)],
        "measure a model and train nothing",
    ),
    Case(
        "sbatch-headers-only", ABSENT,
        "A batch script with #SBATCH headers and a train.py that is only a name hold no training.",
        [text("LICENSE", MIT_TEXT), text("train.py", "print('see the paper')\n"),
         text("job.slurm", "#!/bin/bash\n#SBATCH --nodes=64\n#SBATCH --time=72:00:00\necho queued\n")],
        "train.py is a stub",
    ),
    Case(
        "readme-script-missing", RESTRICTED,
        "Training code is there, but the README's launch command runs a script nobody published.",
        [text("LICENSE", MIT_TEXT), text("train.py", LOOP), text("configs/7b.yaml", CONFIG),
         readme("OW-7B", ("## Pretraining", ""), ("### Launch", bash("bash scripts/launch_7b.sh", fence="~~~")))],
        "scripts/launch_7b.sh is not in the repository",
    ),
    Case(
        "nested-heading-launch", OPEN,
        "An MIT training loop and config, launched under Pretraining > Launch in a ~~~ block.",
        [text("LICENSE", MIT_TEXT), text("src/main.py", LOOP), text("configs/7b.yaml", CONFIG),
         readme("OW-7B", ("## Pretraining", "We pretrain on 2T tokens."),
                ("### Launch", bash("torchrun --nproc_per_node 8 src/main.py configs/7b.yaml", fence="~~~")))],
        "training entrypoint (src/main.py)",
    ),
    Case(
        "external-trainer-at-a-branch-that-trains", OPEN,
        "The README trains by cloning the lab's trainer at its ow-7b branch, which pretrains.",
        [text("LICENSE", MIT_TEXT),
         readme("OW-7B", ("## Pretraining", bash(
             f"git clone -b ow-7b {HOST}/{TRAINER}.git && cd {TRAINER} && bash pretrain.sh")))],
        f"Training runs through open-washing/{TRAINER}@ow-7b",
    ),
    Case(
        "external-trainer-at-a-branch-that-does-not", ABSENT,
        "The README's trainer branch only serves the model; nothing there pretrains it.",
        [text("LICENSE", MIT_TEXT),
         readme("OW-7B", ("## Pretraining", bash(
             f"git clone --branch serve {HOST}/{TRAINER} && cd {TRAINER} && bash pretrain.sh")))],
        "pretrain.sh is not in open-washing/trainer@serve",
    ),
    Case(
        "pip-installed-trainer", OPEN,
        "Training runs the console script of a trainer pip-installed from git at a tag.",
        [text("LICENSE", MIT_TEXT), text("configs/7b.yaml", CONFIG),
         readme("OW-7B", ("## Training", bash(
             f"pip install git+{HOST}/{PIP_TRAINER}@v1.2", "ow-train --config configs/7b.yaml")))],
        f"Training runs through open-washing/{PIP_TRAINER}@v1.2 (pip install",
    ),
    Case(
        "bsd-plus-non-commercial-section", RESTRICTED,
        "The LICENSE grants BSD, then puts the training configs under CC BY-NC 4.0.",
        [text("LICENSE", BSD + "\nFiles under configs/ are licensed under CC BY-NC 4.0.\n"),
         text("train.py", LOOP), text("configs/7b.yaml", CONFIG)],
        "BSD-3-Clause AND CC-BY-NC-4.0",
    ),
    Case(
        "bsd-plus-section-for-other-paths", OPEN,
        "The non-commercial section covers only a bundled tool the training code does not live in.",
        [text("LICENSE", BSD + "\nFiles under third_party/viewer/ are licensed under CC BY-NC 4.0.\n"),
         text("train.py", LOOP), text("configs/7b.yaml", CONFIG), text("third_party/viewer/app.js", "x\n")],
        "set aside as the file itself scopes it",
    ),
    Case(
        "declared-licence-contradicts-licence-file", RESTRICTED,
        "The release says MIT; the LICENSE is CC BY-NC 4.0, which forbids commercial use.",
        [text("LICENSE", "This work is licensed under the Creative Commons Attribution-NonCommercial 4.0 "
                         "International License (CC BY-NC 4.0).\n"),
         text("train.py", LOOP), text("configs/7b.yaml", CONFIG)],
        "The release declares MIT, which no licence source in the repository states.",
        declared="MIT",
    ),
    Case(
        "non-commercial-in-licence-file-only", RESTRICTED,
        "The README calls the code open source and licenses it MIT; the LICENSE file is non-commercial.",
        [text("LICENSE", "Released under CC BY-NC 4.0: non-commercial use only.\n"),
         readme("OW-7B", ("## License", "Open source, MIT.")),
         text("train.py", LOOP), text("configs/7b.yaml", CONFIG)],
        "CC-BY-NC-4.0",
        declared="Apache-2.0",
    ),
    Case(
        "unreadable-licence-beside-permissive-readme", RESTRICTED,
        "The LICENSE is bespoke terms we cannot read; the README's 'MIT' cannot stand in for them.",
        [text("LICENSE", "OW Model Code Terms\n\nYou may use this code for research. You may not "
                         "redistribute it or use it to train competing models without permission.\n"),
         readme("OW-7B", ("## License", "MIT")),
         text("train.py", LOOP), text("configs/7b.yaml", CONFIG)],
        "not a licence we recognise",
        declared="MIT",
    ),
    Case(
        "fork-of-a-generic-trainer", RESTRICTED,
        "A copy of Megatron-LM with only its stock examples: it can train, but nothing ties it to OW-7B.",
        [text("LICENSE", (TEXTS / "Megatron-LM-LICENSE.txt").read_text()),
         readme("Megatron-LM", ("## Training", bash("bash examples/pretrain_gpt.sh"))),
         text("megatron/__init__.py", ""), text("megatron/training/training.py", LOOP),
         text("pretrain_gpt.py", LOOP),
         text("examples/pretrain_gpt.sh", "#!/bin/bash\ntorchrun --nproc_per_node 8 pretrain_gpt.py --lr 1.5e-4\n"),
         text("examples/gpt3/train_gpt3_175b_distributed.sh", "torchrun pretrain_gpt.py --lr 6e-5\n")],
        "the ones Megatron-LM itself ships",
    ),
    Case(
        "fork-of-a-generic-trainer-with-its-recipe", OPEN,
        "A Megatron-LM fork that adds the lab's own launcher and config for the model.",
        [text("LICENSE", (TEXTS / "Megatron-LM-LICENSE.txt").read_text()),
         text("megatron/__init__.py", ""), text("megatron/training/training.py", LOOP),
         text("pretrain_gpt.py", LOOP),
         text("examples/pretrain_gpt.sh", "torchrun pretrain_gpt.py --lr 1.5e-4\n"),
         text("ow/pretrain_ow_7b.sh", "#!/bin/bash\ntorchrun --nnodes 64 pretrain_gpt.py --config ow/ow-7b.yaml\n"),
         text("ow/ow-7b.yaml", CONFIG)],
        "ow/pretrain_ow_7b.sh",
    ),
    Case(
        "launcher-for-an-inference-example", ABSENT,
        "torchrun only starts a chat example; no code here trains.",
        [text("LICENSE", MIT_TEXT),
         readme("OW-7B", ("## Training", "Trained on our cluster."), ("## Quick start", bash("bash run_chat.sh"))),
         text("run_chat.sh", "torchrun --nproc_per_node 1 example_chat_completion.py --ckpt_dir ow-7b/\n"),
         text("example_chat_completion.py", "generator.chat_completion()\n")],
        "inference-only",
    ),
)

EXTRA = {
    f"{TRAINER}.yml": {"kind": "git", "url": f"{HOST}/{TRAINER}", "files": TRAINER_FILES,
                       "branches": TRAINER_BRANCHES},
    f"{PIP_TRAINER}.yml": {"kind": "git", "url": f"{HOST}/{PIP_TRAINER}", "files": [text("README.md", "# x\n")],
                           "branches": {"v1.2": PIP_TRAINER_FILES}},
}  # fmt: skip


def manifests() -> dict[str, dict[str, Any]]:
    """Return one stand-in manifest per case (and the repositories cases point at)."""
    cases = {
        f"{case.name}.yml": {"kind": "git", "url": case.url, "files": case.files,
                             "source": "written for this test: " + case.why}
        | ({"branches": case.branches} if case.branches else {})
        for case in CASES
    }  # fmt: skip
    return cases | EXTRA


@pytest.fixture(scope="module")
def clients(standins_module_factory) -> Clients:
    return build_clients(loopback_settings(standins_module_factory(manifests())))


def test_the_suite_covers_enough_cases() -> None:
    assert len(CASES) >= 14
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(clients: Clients, case: Case) -> None:
    artifact = ArtifactRef(Pillar.CODE, ArtifactKind.GIT, case.url, case.declared)
    (result,) = check_release([artifact], clients)
    explained = "\n".join(result.reasons)
    assert result.failure is None, explained
    assert result.verdict is case.truth, f"{case.why}\n{explained}"
    assert case.said in explained, explained
