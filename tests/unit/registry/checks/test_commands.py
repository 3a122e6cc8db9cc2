"""README training commands: what each runs, what it is for, and in which repository."""

from __future__ import annotations

import pytest

from registry.checks.commands import Command, ExternalRepo, readme_commands, resolve
from registry.checks.shell import CommandKind

TRAINING, EVALUATION = CommandKind.TRAINING, CommandKind.EVALUATION
FINE_TUNING, INFERENCE = CommandKind.FINE_TUNING, CommandKind.INFERENCE
SELF = "https://github.com/lab/model"


def commands(block: str, heading: str = "Pretraining", fence: str = "bash") -> tuple[Command, ...]:
    return readme_commands("README.md", f"# M\n\n## {heading}\n\n```{fence}\n{block}\n```\n", SELF)


@pytest.mark.parametrize(
    ("line", "kind", "program", "target"),
    [
        ("python train.py --config configs/7b.yaml", TRAINING, "python", "train.py"),
        ("python3 -u scripts/pretrain.py", TRAINING, "python", "scripts/pretrain.py"),
        ("python -m olmo.train configs/7b.yaml", TRAINING, "python", "olmo.train"),
        ("torchrun --nproc_per_node 8 scripts/train.py cfg.yaml", TRAINING, "torchrun", "scripts/train.py"),
        ("python -m torch.distributed.run --nnodes 2 main.py", TRAINING, "torchrun", "main.py"),
        ("deepspeed --num_gpus 8 pretrain_gpt.py --lr 1e-4", TRAINING, "deepspeed", "pretrain_gpt.py"),
        ("accelerate launch --config_file a.yaml train.py", TRAINING, "accelerate", "train.py"),
        ("srun python main.py --n_nodes 56", TRAINING, "srun", "main.py"),
        ("sbatch run.sh", TRAINING, "sbatch", "run.sh"),
        ("bash scripts/pretrain_65b.sh", TRAINING, "bash", "scripts/pretrain_65b.sh"),
        ("./launch.sh 64", TRAINING, "launch.sh", "./launch.sh"),
        ("CUDA_VISIBLE_DEVICES=0 nohup python train.py", TRAINING, "python", "train.py"),
        ("$ python train.py", TRAINING, "python", "train.py"),  # a prompt
        ("python train.py \\\n  --lr 3e-4", TRAINING, "python", "train.py"),  # continued
        ("t5_mesh_transformer --gin_file=dataset.gin", TRAINING, "t5_mesh_transformer", None),
        # Evaluation, benchmark and batch-submission runs never train.
        ("lm_eval --model hf --tasks hellaswag", EVALUATION, "lm_eval", None),
        ("python -m lm_eval --model hf", EVALUATION, "python", "lm_eval"),
        ("bash eval_7b.sh", EVALUATION, "bash", "eval_7b.sh"),
        ("sbatch submit_eval.sh", EVALUATION, "sbatch", "submit_eval.sh"),
        ("sbatch scripts/run_evalharness.slurm", EVALUATION, "sbatch", "scripts/run_evalharness.slurm"),
        ("python benchmark/throughput.py", EVALUATION, "python", "benchmark/throughput.py"),
        ("python train.py --eval-only", EVALUATION, "python", "train.py"),
        # Fine-tuning and inference are named for what they do.
        ("accelerate launch finetune.py --model_id x", FINE_TUNING, "accelerate", "finetune.py"),
        ("python sft/train.py", FINE_TUNING, "python", "sft/train.py"),
        ("python generate.py --prompt hi", INFERENCE, "python", "generate.py"),
    ],
)
def test_what_a_command_runs(line: str, kind: CommandKind, program: str, target: str | None) -> None:
    (command,) = commands(line)
    assert (command.kind, command.program, command.target) == (kind, program, target)


@pytest.mark.parametrize(
    "block",
    [
        "pip install -r requirements.txt",
        "git clone https://github.com/lab/model && cd model",
        "conda activate train && export WANDB_MODE=offline",
        "python setup.py install",
        "wget https://example.org/run.sh && bash run.sh",  # downloaded, not published code
        "docker build -t train .",
    ],
)
def test_setup_steps_run_nothing(block: str) -> None:
    assert commands(block) == ()


@pytest.mark.parametrize(
    ("fence", "block"),
    [
        ("yaml", "optimizer: adamw\nlr: 3e-4"),
        ("python", "from transformers import Trainer\ntrainer.train()"),
        ("", "model = build()\ntrainer.fit(model)"),  # code in a bare block
        ("", "pretraining"),  # a bare word in a bare block is not shown to be a command
    ],
)
def test_code_that_is_not_shell_runs_nothing(fence: str, block: str) -> None:
    assert commands(block, fence=fence) == ()


@pytest.mark.parametrize("heading", ["Fine-tuning", "Evaluation", "Inference", "Installation"])
def test_sections_that_are_not_training_give_no_commands(heading: str) -> None:
    assert commands("python train.py", heading=heading) == ()


@pytest.mark.parametrize(
    ("block", "repo", "cwd"),
    [
        # A clone at a branch, entered: the run is in that repository, at that ref.
        (
            "git clone -b neo https://github.com/lab/trainer.git && cd trainer && bash pretrain.sh",
            ExternalRepo("https://github.com/lab/trainer", "neo", "git clone"),
            "",
        ),
        (
            "git clone --branch=v2 https://github.com/lab/trainer tr\ncd tr/scripts\nbash run.sh",
            ExternalRepo("https://github.com/lab/trainer", "v2", "git clone"),
            "scripts",
        ),
        # `git checkout` moves the ref; it persists into later blocks of the section.
        (
            "git clone https://github.com/EleutherAI/gpt-neox.git\ncd gpt-neox\ngit checkout v1.0\n"
            "```\n\n```bash\npython deepy.py train.py pythia.yml",
            ExternalRepo("https://github.com/EleutherAI/gpt-neox", "v1.0", "git clone"),
            "",
        ),
        (
            "git clone git@github.com:lab/trainer.git\ncd trainer\npython train.py",
            ExternalRepo("https://github.com/lab/trainer", None, "git clone"),
            "",
        ),
        # Cloning the README's own repository is not an external trainer.
        ("git clone https://github.com/lab/model.git\ncd model\npython train.py", None, ""),
        # Leaving the clone comes back to the README's repository.
        ("git clone https://github.com/lab/t\ncd t\ncd ..\npython train.py", None, ""),
        # A `cd` somewhere we cannot follow leaves the script unresolved, never "missing".
        ("cd $WORK/run && python train.py", None, None),
    ],
)
def test_where_a_command_runs(block: str, repo: ExternalRepo | None, cwd: str | None) -> None:
    *_, command = commands(block)
    assert (command.repo, command.cwd) == (repo, cwd)


def test_a_pip_installed_trainer_is_kept_for_its_entrypoints() -> None:
    block = "pip install 'git+https://github.com/lab/trainer@v2#egg=trainer'\npython -m trainer.train"
    (command,) = commands(block)
    assert command.repo is None
    assert command.installed == (ExternalRepo("https://github.com/lab/trainer", "v2", "pip install"),)
    assert command.candidates()[:2] == ("trainer/train.py", "trainer/train/__main__.py")


def test_each_section_is_its_own_session() -> None:
    text = (
        "## Pretraining\n\n```\ngit clone https://github.com/lab/t\ncd t\n```\n\n"
        "## Reproducing\n\n```\npython train.py\n```\n"
    )
    (command,) = readme_commands("README.md", text, SELF)
    assert command.repo is None


@pytest.mark.parametrize(
    ("readme", "line", "present", "found"),
    [
        ("README.md", "python train.py", {"train.py"}, "train.py"),
        ("text/pretraining/README.md", "sbatch launch.slurm", {"text/pretraining/launch.slurm"},
         "text/pretraining/launch.slurm"),
        ("README.md", "cd src && python train.py", {"src/train.py"}, "src/train.py"),
        ("README.md", "python ./scripts/../train.py", {"train.py"}, "train.py"),
        ("README.md", "python -m lab.train", {"src/lab/train.py"}, "src/lab/train.py"),
        ("README.md", "python train.py", {"scripts/train.py"}, None),
    ],
)
def test_resolving_a_script(readme: str, line: str, present: set[str], found: str | None) -> None:
    (command,) = readme_commands(readme, f"## Training\n\n```bash\n{line}\n```\n", SELF)
    assert resolve(command, present.__contains__) == found
