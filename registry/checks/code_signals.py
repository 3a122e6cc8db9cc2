"""Training-code signals as data, and the rule that turns them into "training code found".

Sources: the Papers with Code ML Code Completeness Checklist, the Model Openness
Framework (arXiv 2403.13784) and OSI's Open Source AI Definition 1.0. Each table below
is one family of evidence; the rule in `assess` needs two families to agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from posixpath import basename, dirname

from registry.checks.licence_sources import is_licence_file


class Family(StrEnum):
    """A kind of evidence that a repository can train a model."""

    ENTRYPOINT = "training entrypoint"
    CONFIG = "training config"
    LAUNCHER = "distributed launcher"
    TRAINING_LOOP = "training loop or trainer API"
    README = "README training instructions"


# Families that are training artifacts themselves (prose and launchers only point at them).
ARTIFACT_FAMILIES = frozenset({Family.ENTRYPOINT, Family.CONFIG})
MIN_FAMILIES = 2

# Paths whose signals never count: fine-tuning recipes adapt someone else's pretrained
# model (a `finetune.py` in an inference repo is not the code that trained the model), and
# tests exercise code rather than train anything.
FINE_TUNING_PATH = re.compile(
    r"(^|[/_.-])(finetun\w*|fine[_-]tun\w*|sft|lora|qlora|peft|dpo|rlhf)([/_.-]|$)"
)
IGNORED_PATH = re.compile(r"(^|/)(tests?|\.github)/")

# Training entrypoints, matched on the lower-cased path.
ENTRYPOINT_PATHS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(^|/)(pre)?train[^/]*\.(py|sh|slurm|sbatch)$"),  # train.py, pretrain_65b.sh
    re.compile(r"(^|/)run_(pre)?train[^/]*\.(py|sh)$"),  # nanotron's run_train.py
    re.compile(r"(^|/)scripts/(pre)?train[^/]*$"),  # scripts/train, scripts/train_7b.sh
)

# Files that only run a trained model: reported, so "inference only" shows its evidence.
INFERENCE_PATHS = re.compile(
    r"(^|/)(inference|infer|generate|generation|demo|chat|serve|server|sample|sampling"
    r"|example_[^/]*|modeling_[^/]*|model)\.py$"
)

SCRIPT_SUFFIXES = (".sh", ".slurm", ".sbatch")
CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
# Config-looking files that configure tooling, not training (never worth a read).
NOT_CONFIG_PATH = re.compile(
    r"(^|/)(\.github/|\.pre-commit|package(-lock)?\.json|tsconfig|tokenizer[^/]*\.json"
    r"|vocab\.json|special_tokens_map\.json|mkdocs\.ya?ml|environment\.ya?ml|docker-compose"
    r"|\.readthedocs|codecov|citation)"
)
# Where training configs usually live: read these first.
CONFIG_HINT = re.compile(r"(^|/)(configs?|recipes?|hparams|experiments?|models?)/|train|config")

# A training config names an optimizer, a learning rate and a schedule or budget; a model
# architecture config (config.json) names none of them.
CONFIG_KEY_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("optimizer", re.compile(r"\boptim(izer)?\b", re.I)),
    ("learning rate", re.compile(r"\b(lr|learning_rate|max_lr|peak_lr|min_lr)\b", re.I)),
    (
        "schedule or budget",
        re.compile(
            r"\b(warmup\w*|max_steps|train_iters|train_steps|total_steps|global_batch_size"
            r"|max_duration|gradient_accumulation_steps|lr_decay\w*|weight_decay)\b",
            re.I,
        ),
    ),
)

# Distributed launchers in shell scripts (multi-node pretraining runs through these).
LAUNCHER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\btorchrun\b"),
    re.compile(r"\baccelerate\s+launch\b"),
    re.compile(r"\bdeepspeed\s+(--?\S+\s+)*\S+\.py"),
    re.compile(r"^#SBATCH\b", re.M),
    re.compile(r"torch\.distributed\.(launch|run)\b"),
    re.compile(r"\bsrun\b[^\n]*\bpython"),
)

# Trainer APIs or a hand-written loop inside a training entrypoint; every pattern of a
# row must match (a bare `.backward()` without an optimizer step is not a loop).
TRAINING_CODE_PATTERNS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("transformers Trainer", (re.compile(r"\b(Trainer|TrainingArguments)\b"),)),
    ("trl trainer", (re.compile(r"\bfrom\s+trl\b|\bimport\s+trl\b"),)),
    ("Lightning Trainer", (re.compile(r"\b(L|pl|lightning)\.Trainer\b"),)),
    ("accelerate Accelerator", (re.compile(r"\bAccelerator\s*\("),)),
    ("deepspeed engine", (re.compile(r"\bdeepspeed\.initialize\s*\("),)),
    ("composer Trainer", (re.compile(r"\bfrom\s+composer\b.*\bTrainer\b"),)),
    (
        "hand-written loop",
        (re.compile(r"\.backward\s*\("), re.compile(r"\boptim\w*\.step\s*\(\s*\)")),
    ),
)

# README sections about (pre)training or reproducing it, with a command to run.
README_HEADING = re.compile(r"^#{1,6}\s*(.*)$", re.M)
README_TRAINING_HEADING = re.compile(r"(pre-?)?train|reproduc", re.I)
README_FINE_TUNING_HEADING = re.compile(r"fine-?tun|sft|lora|adapt", re.I)
README_COMMAND = re.compile(
    r"\b(python3?|torchrun|bash|sbatch|srun|deepspeed|accelerate\s+launch|composer)\s+\S+"
)

# How many files of each group the checker may read; the git adapter caps the total.
MAX_ENTRYPOINTS = 12
MAX_SCRIPTS = 12
MAX_CONFIGS = 20
MAX_READMES = 4


@dataclass(frozen=True)
class TrainingAssessment:
    """The training-code signals of one commit and whether they add up to training code."""

    found: bool
    signals: Mapping[Family, tuple[str, ...]] = field(default_factory=dict)
    fine_tuning: tuple[str, ...] = ()
    inference: tuple[str, ...] = ()
    entrypoint: str | None = None
    entrypoint_exists: bool = False


def counts(path: str) -> bool:
    """Return True when a path's signals count (not a fine-tuning recipe, not a test)."""
    lowered = path.lower()
    return not FINE_TUNING_PATH.search(lowered) and not IGNORED_PATH.search(lowered)


def choose_paths(paths: tuple[str, ...], entrypoint: str | None) -> list[str]:
    """Return the files worth reading: licences, READMEs, entrypoints, scripts, configs."""
    counted = [p for p in paths if counts(p)]
    chosen = [p for p in paths if "/" not in p and is_licence_file(p)][:4]
    chosen += _readmes(paths)
    chosen += [entrypoint] if entrypoint else []
    chosen += _ranked(p for p in counted if _is_entrypoint(p))[:MAX_ENTRYPOINTS]
    chosen += _ranked(p for p in counted if p.lower().endswith(SCRIPT_SUFFIXES))[:MAX_SCRIPTS]
    configs = [p for p in counted if _is_config_candidate(p)]
    hinted = [p for p in configs if CONFIG_HINT.search(p.lower())]
    chosen += (_ranked(hinted) + _ranked(p for p in configs if p not in hinted))[:MAX_CONFIGS]
    return list(dict.fromkeys(chosen))


def assess(
    paths: tuple[str, ...], texts: Mapping[str, str], entrypoint: str | None
) -> TrainingAssessment:
    """Apply the rule: the declared entrypoint exists, or two families agree (one an artifact).

    A single fine-tuning example (bigcode's `finetune.py` next to inference code) or a
    README paragraph alone is NOT pretraining code, so one family is never enough.
    """
    signals = _signals(paths, texts)
    present = set(paths)
    entrypoint_exists = entrypoint is not None and entrypoint in present
    families = {f for f, where in signals.items() if where}
    by_signals = len(families) >= MIN_FAMILIES and bool(families & ARTIFACT_FAMILIES)
    return TrainingAssessment(
        found=entrypoint_exists or by_signals,
        signals={f: where for f, where in signals.items() if where},
        fine_tuning=tuple(p for p in paths if FINE_TUNING_PATH.search(p.lower()))[:20],
        inference=tuple(p for p in paths if INFERENCE_PATHS.search(p.lower()))[:20],
        entrypoint=entrypoint,
        entrypoint_exists=entrypoint_exists,
    )


def _signals(paths: Iterable[str], texts: Mapping[str, str]) -> dict[Family, tuple[str, ...]]:
    counted = [p for p in paths if counts(p)]
    readable = {p: t for p, t in texts.items() if counts(p)}
    return {
        Family.ENTRYPOINT: tuple(p for p in counted if _is_entrypoint(p)),
        Family.CONFIG: tuple(p for p, t in readable.items() if _is_training_config(p, t)),
        Family.LAUNCHER: tuple(p for p, t in readable.items() if _launches(p, t)),
        Family.TRAINING_LOOP: tuple(p for p, t in readable.items() if _trains(p, t)),
        Family.README: tuple(p for p, t in readable.items() if _readme_instructs(p, t)),
    }


def _is_entrypoint(path: str) -> bool:
    lowered = path.lower()
    return any(pattern.search(lowered) for pattern in ENTRYPOINT_PATHS)


def _is_config_candidate(path: str) -> bool:
    lowered = path.lower()
    return lowered.endswith(CONFIG_SUFFIXES) and NOT_CONFIG_PATH.search(lowered) is None


def _is_training_config(path: str, text: str) -> bool:
    if not path.lower().endswith(CONFIG_SUFFIXES):
        return False
    return all(pattern.search(text) for _, pattern in CONFIG_KEY_GROUPS)


def _launches(path: str, text: str) -> bool:
    if not path.lower().endswith(SCRIPT_SUFFIXES) and not _is_entrypoint(path):
        return False
    return any(pattern.search(text) for pattern in LAUNCHER_PATTERNS)


def _trains(path: str, text: str) -> bool:
    if not path.lower().endswith(".py") or not _is_entrypoint(path):
        return False
    return any(all(p.search(text) for p in row) for _, row in TRAINING_CODE_PATTERNS)


def _readme_instructs(path: str, text: str) -> bool:
    if not basename(path).lower().startswith("readme"):
        return False
    return any(_section_instructs(heading, body) for heading, body in _sections(text))


def _section_instructs(heading: str, body: str) -> bool:
    if README_FINE_TUNING_HEADING.search(heading):
        return False
    return bool(README_TRAINING_HEADING.search(heading) and README_COMMAND.search(body))


def _sections(text: str) -> list[tuple[str, str]]:
    headings = list(README_HEADING.finditer(text))
    ends = [h.start() for h in headings[1:]] + [len(text)]
    return [(h.group(1), text[h.end() : end]) for h, end in zip(headings, ends, strict=True)]


def _readmes(paths: Iterable[str]) -> list[str]:
    readmes = [p for p in paths if basename(p).lower().startswith("readme")]
    root = [p for p in readmes if "/" not in p][:1]
    nested = [p for p in readmes if "/" in p and counts(p) and "train" in dirname(p).lower()]
    return root + nested[: MAX_READMES - len(root)]


def _ranked(paths: Iterable[str]) -> list[str]:
    # Pretraining first, then training, then shallow paths: the likeliest evidence first.
    def rank(path: str) -> tuple[int, int, str]:
        lowered = path.lower()
        topic = 0 if "pretrain" in lowered else 1 if "train" in lowered else 2
        return (topic, lowered.count("/"), lowered)

    return sorted(paths, key=rank)
