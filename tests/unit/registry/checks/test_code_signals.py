"""Every training-code signal and every exclusion, one row each: what counts, and what never does."""

from __future__ import annotations

import pytest

from registry.checks.code.paths import counts, is_evaluation
from registry.checks.code.signals import Family, assess

ENTRY, CONFIG, LAUNCHER = Family.ENTRYPOINT, Family.CONFIG, Family.LAUNCHER
LOOP, README = Family.TRAINING_LOOP, Family.README

LOOP_CODE = "import torch\nfor batch in data:\n    loss.backward()\n    optimizer.step()\n"
HF_PRETRAIN = (
    "from transformers import AutoConfig, AutoModelForCausalLM, Trainer\n"
    "model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained('gpt2'))\n"
    "Trainer(model=model).train()\n"
)
SFT = "from trl import SFTTrainer\nSFTTrainer(model=m).train()\n"
LORA = "from peft import LoraConfig, get_peft_model\nloss.backward()\noptimizer.step()\n"
FROM_RELEASED = (
    "from transformers import AutoModelForCausalLM, Trainer\n"
    "model = AutoModelForCausalLM.from_pretrained('lab/model-7b')\nTrainer(model=model).train()\n"
)
CALLS = "from lab.model import build\nbuild().fit()\n"  # runs something (not a stub)
CONFIG_TEXT = "optimizer:\n  name: adamw\n  lr: 3.0e-4\nscheduler:\n  warmup_steps: 2000\n"
FT_CONFIG = "model_name_or_path: lab/model-7b\nfinetuning_type: lora\nlearning_rate: 1e-4\noptim: adamw\n"
README_RUN = "## Pretraining\n\n### Launch\n\n```bash\n{}\n```\n"


def readme(command: str) -> str:
    return README_RUN.format(command)


@pytest.mark.parametrize(
    ("files", "families"),
    [
        # --- signals ------------------------------------------------------------
        # An entrypoint by name, and a hand-written loop inside it.
        ({"train.py": LOOP_CODE}, {ENTRY, LOOP}),
        # A trainer API building the model from a config is pretraining.
        ({"pretrain.py": HF_PRETRAIN}, {ENTRY, LOOP}),
        # A config with a learning rate and an optimizer or schedule.
        ({"configs/7b.yaml": CONFIG_TEXT}, {CONFIG}),
        ({"t5/gin/lr.gin": "learning_rate_schedules.rsqrt.learning_rate = 0.01\n"}, {CONFIG}),
        # A distributed launcher, whatever launches it (option values included).
        ({"scripts/pretrain_65b.sh": "torchrun --nnodes 8 pretrain_gpt.py\n"}, {ENTRY, LAUNCHER}),
        ({"run.sh": "deepspeed --num_nodes 1 --num_gpus 8 pretrain_gpt.py $ARGS\n"}, {LAUNCHER}),
        ({"run.sh": "srun python main.py\n", "main.py": LOOP_CODE}, {ENTRY, LAUNCHER, LOOP}),
        ({"job.slurm": "#SBATCH --nodes=4\nsrun bash -c \"torchrun x.py\"\n"}, {LAUNCHER}),
        # README training commands, when what they run is here.
        ({"README.md": readme("python train.py"), "train.py": "main()"}, {ENTRY, README}),
        ({"README.md": readme("python -m lab.pretrain"), "lab/pretrain.py": CALLS}, {ENTRY, README}),
        # ... but not when what they run is a stub (only imports, pass, NotImplementedError).
        ({"README.md": readme("python -m lab.pretrain"), "lab/pretrain.py": "x"}, set()),
        ({"README.md": readme("python train.py"), "train.py": "import torch\npass\n"}, set()),
        ({"run.sh": "torchrun train.py\n", "train.py": "raise NotImplementedError\n"}, set()),
        # A script in a folder named for training is an entrypoint by its folder (TinyLlama's
        # pretrain/tinyllama.py); the package's __init__.py is not.
        ({"pretrain/tinyllama.py": LOOP_CODE}, {ENTRY, LOOP}),
        ({"training/run_7b.sh": "echo x\npython -c 1\n"}, {ENTRY}),
        ({"pretrain/__init__.py": LOOP_CODE}, set()),
        ({"lab/train/_helpers.py": LOOP_CODE}, set()),
        # A script a README command runs, whose code trains, is an entrypoint by any name.
        ({"README.md": readme("python main.py"), "main.py": LOOP_CODE}, {ENTRY, LOOP, README}),
        # --- exclusions -----------------------------------------------------------
        # `#SBATCH` headers alone launch nothing.
        ({"job.slurm": "#SBATCH --nodes=64\n#SBATCH --time=48:00:00\necho start\n"}, set()),
        # Batch wrappers that only queue or run an evaluation.
        ({"launch.sh": "#SBATCH --nodes=1\nsrun python eval_harness.py --tasks x\n"}, set()),
        ({"launch.sh": "srun lm_eval --model hf --tasks hellaswag\n"}, set()),
        ({"launch.sh": "torchrun -m lm_eval --model hf\n"}, set()),
        # Evaluation, benchmark and submission scripts by name, however they launch.
        ({"eval_7b.sh": "torchrun --nproc_per_node 8 eval.py\n"}, set()),
        ({"scripts/eval/run.sh": "torchrun x.py\n"}, set()),
        ({"submit_eval.sh": "sbatch --wrap 'torchrun x.py'\n"}, set()),
        ({"submit_train.sh": "torchrun train.py\n"}, set()),
        ({"examples/run_evalharness_deepspeed.slurm": "deepspeed evaluate.py\n"}, set()),
        ({"benchmark/train_throughput.py": LOOP_CODE}, set()),
        ({"run_model_eval.py": LOOP_CODE}, set()),
        # Fine-tuning, by name or by what the code does.
        ({"finetune.py": LOOP_CODE}, set()),
        ({"sft/train.py": LOOP_CODE, "sft/cfg.yaml": CONFIG_TEXT}, set()),
        ({"train.py": SFT}, set()),
        ({"train.py": LORA}, set()),
        ({"train.py": FROM_RELEASED}, set()),
        ({"configs/qwen-7b.yaml": FT_CONFIG}, set()),
        # Tests and CI never count.
        ({"tests/test_train.py": LOOP_CODE, "tests/cfg.yaml": CONFIG_TEXT}, set()),
        # README commands that do not run training here.
        ({"README.md": readme("python train.py")}, set()),  # the script is missing
        ({"README.md": readme("python generate.py"), "generate.py": "x"}, set()),
        ({"README.md": readme("bash eval.sh"), "eval.sh": "x"}, set()),
        ({"README.md": "## Fine-tuning\n\n### Training\n\n```\npython tune.py\n```\n", "tune.py": "x"}, set()),
        ({"README.md": readme("git clone -b b https://g.example/o/t && cd t && bash train.sh")}, set()),
        # An architecture config sets no training hyperparameters.
        ({"config.json": '{"hidden_size": 4096, "num_layers": 32}'}, set()),
    ],
)
def test_signal_families(files: dict[str, str], families: set[Family]) -> None:
    training = assess(tuple(files), files, None)
    assert set(training.signals) == families


@pytest.mark.parametrize(
    ("files", "found"),
    [
        ({"train.py": LOOP_CODE}, True),  # an entrypoint whose code is a loop
        ({"train.py": "print('hi')"}, False),  # a lone name proves nothing
        ({"train.py": CALLS, "configs/a.yaml": CONFIG_TEXT}, True),
        ({"train.py": "x", "configs/a.yaml": CONFIG_TEXT}, False),  # a stub is only a name
        ({"train.py": "# TODO\npass\n", "configs/a.yaml": CONFIG_TEXT}, False),
        ({"run.sh": "torchrun x.py\n", "README.md": readme("bash run.sh")}, False),  # no artifact
        ({"train.py": SFT, "configs/a.yaml": FT_CONFIG}, False),  # a fine-tuning recipe
        ({"eval.py": LOOP_CODE, "configs/eval.yaml": CONFIG_TEXT}, False),
    ],
)
def test_two_families_one_an_artifact(files: dict[str, str], found: bool) -> None:
    assert assess(tuple(files), files, None).found is found


def test_fine_tuning_and_evaluation_files_are_reported() -> None:
    files = {"train.py": SFT, "eval/run_eval.sh": "x", "img/lora.png": "", "lora.md": "x"}
    training = assess(tuple(files), files, None)
    assert training.fine_tuning == ("lora.md", "train.py")
    assert training.evaluation == ("eval/run_eval.sh",)


def test_files_another_repository_launches_are_entrypoints_when_they_train() -> None:
    files = {"pretrain.sh": "torchrun gpt.py\n", "gpt.py": LOOP_CODE}
    training = assess(tuple(files), files, None, launched=["pretrain.sh", "gpt.py"])
    assert training.found
    assert set(training.signals[ENTRY]) == {"pretrain.sh", "gpt.py"}


@pytest.mark.parametrize(
    ("path", "evaluation", "counted"),
    [
        ("eval.sh", True, False),
        ("evals/x.py", True, False),
        ("scripts/run_eval_7b.sh", True, False),
        ("benchmarks/speed.py", True, False),
        ("submit_job.sh", True, False),
        ("lm_eval_harness/run.py", True, False),
        ("mmlu_eval.py", True, False),
        ("train_eval.py", False, True),  # trains and evaluates: the name says train
        ("retrieval.py", False, True),
        ("pretrain_gpt.py", False, True),
        ("finetune/run.sh", False, False),  # fine-tuning, not evaluation
    ],
)
def test_path_tables(path: str, evaluation: bool, counted: bool) -> None:
    assert (is_evaluation(path), counts(path)) == (evaluation, counted)
