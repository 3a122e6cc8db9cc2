"""What a file's text shows: a training config, a launcher, a training loop, fine-tuning.

Content tables, read on the few files the checker fetches; `paths` reads names, and
`loops` holds what a training loop looks like in each language.
"""

from __future__ import annotations

import re

from registry.checks.code.loops import PYTHON, language_of, training_code
from registry.checks.code.paths import (
    SCRIPT_SUFFIXES,
    is_entrypoint,
    is_evaluation,
    is_fine_tuning,
    is_inference,
)

CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".gin")  # gin: Google's configs
# Config-looking files that configure tooling, not training (never worth a read).
NOT_CONFIG_PATH = re.compile(
    r"(^|/)(\.github/|\.pre-commit|package(-lock)?\.json|tsconfig|tokenizer[^/]*\.json"
    r"|vocab\.json|special_tokens_map\.json|mkdocs\.ya?ml|environment\.ya?ml|docker-compose"
    r"|\.readthedocs|codecov|citation|pyproject\.toml)"
)
# Keys of a training config, by group. A config trains when it sets a learning rate plus
# an optimizer or a schedule/budget; a model architecture config (config.json) sets none.
CONFIG_KEY_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("learning rate", re.compile(r"\b(lr|learning_rate|max_lr|peak_lr|min_lr)\b", re.I)),
    ("optimizer", re.compile(r"\boptim(izer)?\b|\badamw?\b|\badafactor\b", re.I)),
    (
        "schedule or budget",
        re.compile(
            r"\b(warmup\w*|max_steps|train_iters|train_steps|total_steps|global_batch_size"
            r"|max_duration|gradient_accumulation_steps|lr_decay\w*|weight_decay"
            r"|learning_rate_schedules?|lr_schedule\w*)\b",
            re.I,
        ),
    ),
)
REQUIRED_CONFIG_GROUP = "learning rate"
MIN_CONFIG_GROUPS = 2
# Keys that make a config a fine-tuning recipe: it starts from a released model.
FINE_TUNING_CONFIG = re.compile(
    r"\b(model_name_or_path|base_model|pretrained_model_name_or_path|finetuning_type"
    r"|lora_(r|rank|alpha|target|dropout)|peft_\w+|adapter_name_or_path)\b"
    r"|\bstage:\s*[\"']?(sft|dpo|rm|ppo|kto)\b",
    re.I,
)

# Distributed launchers in shell scripts (multi-node pretraining runs through these).
# `#SBATCH` headers alone are not here: a batch job may only queue an evaluation.
LAUNCHER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\btorchrun\b"),
    re.compile(r"\baccelerate\s+launch\b"),
    re.compile(r"\bdeepspeed\b[^\n]*\S+\.py\b"),  # `deepspeed --num_gpus 8 pretrain_gpt.py`
    re.compile(r"torch\.distributed\.(launch|run)\b"),
    re.compile(r"\bsrun\b[^\n]*\b(python3?|torchrun|bash)\b"),
    re.compile(r"\bmpirun\b[^\n]*\bpython"),
)

# Code that adapts a released model: trl's post-training trainers, peft adapters, or a
# model loaded with `from_pretrained` and never built from a config. A script that does
# this fine-tunes, whatever its name (`train.py` running `SFTTrainer`).
FINE_TUNING_CODE: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        "trl post-training",
        re.compile(r"\bfrom\s+trl\b|\bimport\s+trl\b|\b(SFT|DPO|PPO|ORPO|KTO|GRPO|CPO)Trainer\b"),
        None,
    ),
    (
        "peft adapters",
        re.compile(r"\b(get_peft_model|LoraConfig|prepare_model_for_kbit_training|PeftModel)\b"),
        None,
    ),
    (
        "a released model loaded to train on",
        re.compile(
            r"\b(AutoModel\w*|\w+For(CausalLM|ConditionalGeneration|Seq2SeqLM|MaskedLM)"
            r"|\w+LMHeadModel)\.from_pretrained\s*\("
        ),
        re.compile(r"\bfrom_config\s*\(|_from_config\s*\("),
    ),
)

# Lines of a shell script that run something: the launched file is where the code is.
RUNS_SCRIPT = re.compile(
    r"\b(python3?|torchrun|deepspeed|accelerate\s+launch|srun|mpirun|composer|sbatch)\b"
)
SCRIPT_TOKEN = re.compile(r"[\w./-]+\.(?:py|sh|slurm|sbatch)\b")
EVAL_LINE = re.compile(r"\blm[_-]eval\b|\blighteval\b|\bopencompass\b")


def fine_tunes(text: str) -> bool:
    """Return True when a script's code adapts a released model rather than training one."""
    return any(
        pattern.search(text) and not (unless and unless.search(text))
        for _, pattern, unless in FINE_TUNING_CODE
    )


def is_config_candidate(path: str) -> bool:
    """Return True for a config-looking file that may configure training (not tooling)."""
    lowered = path.lower()
    return lowered.endswith(CONFIG_SUFFIXES) and NOT_CONFIG_PATH.search(lowered) is None


def is_training_config(path: str, text: str) -> bool:
    """Return True when a config sets a learning rate and an optimizer or a schedule."""
    if not is_config_candidate(path) or FINE_TUNING_CONFIG.search(text):
        return False
    groups = {name for name, pattern in CONFIG_KEY_GROUPS if pattern.search(text)}
    return REQUIRED_CONFIG_GROUP in groups and len(groups) >= MIN_CONFIG_GROUPS


def launches(path: str, text: str) -> bool:
    """Return True when a script launches a distributed run of something that is not eval."""
    if not path.lower().endswith(SCRIPT_SUFFIXES) and not is_entrypoint(path):
        return False
    if not any(pattern.search(text) for pattern in LAUNCHER_PATTERNS):
        return False
    runs = [line for line in text.splitlines() if RUNS_SCRIPT.search(line)]
    return not all(_runs_something_else(line) for line in runs)


def _runs_something_else(line: str) -> bool:
    # A run line that only evaluates, fine-tunes or serves: a batch wrapper around it
    # launches no training (`srun lm_eval ...`, `sbatch eval_7b.slurm`).
    if EVAL_LINE.search(line):
        return True
    scripts = SCRIPT_TOKEN.findall(line)
    return bool(scripts) and all(
        is_evaluation(s) or is_fine_tuning(s) or is_inference(s) for s in scripts
    )


def training_shown(path: str, text: str) -> str | None:
    """Say what training code a file shows (its trainer API or loop, and the signals); else None."""
    # A launched script in no language of `loops` (a shell heredoc) is read as Python, as
    # it always was; fine-tuning code (Python's trl, peft, from_pretrained) trains no model.
    language = language_of(path) or PYTHON
    if language is PYTHON and fine_tunes(text):
        return None
    return training_code(language, text)
