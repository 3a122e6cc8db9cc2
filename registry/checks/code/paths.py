"""What a path in a code repository is, by its name: the tables the code checker reads paths with.

Shared by the README command reader (`commands`) and the training-signal rule
(`signals`), so "an evaluation script" means the same thing in both.
"""

from __future__ import annotations

import re

from registry.checks.code.loops import OTHER_LANGUAGES

# Fine-tuning recipes adapt someone else's pretrained model (a `finetune.py` in an
# inference repo is not the code that trained the model).
FINE_TUNING_PATH = re.compile(
    r"(^|[/_.-])(finetun\w*|fine[_-]tun\w*|sft|lora|qlora|peft|dpo|rlhf|ppo|grpo|orpo|kto"
    r"|instruct[_-]?tun\w*)([/_.-]|$)"
)
# Evaluation, benchmark and batch-submission scripts measure or queue work; they never
# train (`eval_7b.sh`, `run_evalharness.slurm`, `benchmark/`, `submit_eval.sh`).
EVALUATION_PATH = re.compile(
    r"(^|/)(evals?|eval[_.-][^/]*|evaluat\w*|run_eval\w*|benchmarks?|benchmark[_.-][^/]*|bench"
    r"|submit[_.-][^/]*|lm[_-]eval\w*|harness\w*)([/_.]|$)"
    # `model_eval.py`, `run-mmlu-eval.sh`; but `train_eval.py` also trains, so not those.
    r"|(^|/)(?![^/]*train)[^/]*[_.-]eval(uation)?([/_.]|$)"
)
# Tests exercise code rather than train anything; CI configs are tooling.
IGNORED_PATH = re.compile(r"(^|/)(tests?|\.github)/")

# Training entrypoints, matched on the lower-cased path.
ENTRYPOINT_PATHS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(^|/)(pre)?train[^/]*\.(py|ipynb|sh|slurm|sbatch)$"),  # train.py, pretrain.sh
    re.compile(r"(^|/)run_(pre)?train[^/]*\.(py|sh)$"),  # nanotron's run_train.py
    re.compile(r"(^|/)scripts/(pre)?train[^/]*$"),  # scripts/train, scripts/train_7b.sh
    # A script in a folder named for training is named by its folder: TinyLlama's
    # pretrain/tinyllama.py. (Not `__init__.py` or a private `_helper.py`: they run nothing.)
    re.compile(r"(^|/)(pre)?train(ing)?/(?![_.])[^/]+\.(py|ipynb|sh|slurm|sbatch)$"),
)
# Training entrypoints in C/C++/CUDA, Rust or Julia (llm.c's train_gpt2.cu, a crate's
# src/bin/train.rs, train.jl). A compiled program's entry is `main`, named by its folder
# (Cargo's examples/mnist-training/main.rs). Unlike a Python script, such a file counts
# only when its code trains (`loops`): the name alone is no evidence.
PROGRAM_SUFFIXES = tuple(suffix for lang in OTHER_LANGUAGES for suffix in lang.programs)
SOURCE_SUFFIX = "(" + "|".join(re.escape(suffix) for suffix in PROGRAM_SUFFIXES) + ")$"
SOURCE_ENTRYPOINT_PATHS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(^|/)(pre)?train[^/]*" + SOURCE_SUFFIX),
    re.compile(r"(^|/)(pre)?train(ing)?/(?![_.])[^/]+" + SOURCE_SUFFIX),
    re.compile(r"(^|/)[^/]*train[^/]*/main" + SOURCE_SUFFIX),
)

# Files that only run a trained model: reported, so "inference only" shows its evidence.
INFERENCE_PATHS = re.compile(
    r"(^|/)(inference|infer|generate|generation|demo|chat|serve|server|sample|sampling"
    r"|example_[^/]*|modeling_[^/]*|model)\.py$"
    # ... and their C/C++/CUDA, Rust and Julia kin (llama2.c's run.c, a crate's generate.rs).
    r"|(^|/)(inference|infer|generate|generation|chat|serve|server|sample|sampling|run)"
    + SOURCE_SUFFIX
)

# Where a repository keeps examples and tutorials rather than its own runs.
EXAMPLE_PATH = re.compile(r"(^|/)(examples?|samples?|tutorials?|notebooks?|docs?|demos?)/")

SCRIPT_SUFFIXES = (".sh", ".slurm", ".sbatch")
RUNNABLE_SUFFIXES = (".py", *SCRIPT_SUFFIXES)


def counts(path: str) -> bool:
    """Return True when a path's signals count (not fine-tuning, evaluation or a test)."""
    lowered = path.lower()
    return not (
        FINE_TUNING_PATH.search(lowered)
        or EVALUATION_PATH.search(lowered)
        or IGNORED_PATH.search(lowered)
    )


def is_entrypoint(path: str) -> bool:
    """Return True when a path is named like a training entrypoint."""
    lowered = path.lower()
    return any(pattern.search(lowered) for pattern in ENTRYPOINT_PATHS)


def is_source_entrypoint(path: str) -> bool:
    """Return True when a C/C++/CUDA, Rust or Julia file is named like a training entrypoint."""
    lowered = path.lower()
    return any(pattern.search(lowered) for pattern in SOURCE_ENTRYPOINT_PATHS)


def is_fine_tuning(path: str) -> bool:
    """Return True when a path is named like a fine-tuning recipe."""
    return FINE_TUNING_PATH.search(path.lower()) is not None


def is_evaluation(path: str) -> bool:
    """Return True when a path is named like an evaluation, benchmark or submission script."""
    return EVALUATION_PATH.search(path.lower()) is not None


def is_inference(path: str) -> bool:
    """Return True when a path is named like code that only runs a trained model."""
    return INFERENCE_PATHS.search(path.lower()) is not None
