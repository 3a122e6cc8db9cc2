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
from posixpath import dirname, join, normpath
from urllib.parse import urljoin

from registry.checks.licence_sources import is_licence_file
from registry.checks.readme import is_readme, training_commands


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
# Submodules are published code too (MAP-NEO's training code is its Megatron-LM-NEO one).
GITMODULES = ".gitmodules"
GITMODULE_SECTION = re.compile(r"^\s*\[submodule\b[^\]]*\]\s*$", re.M)
GITMODULE_PATH = re.compile(r"^\s*path\s*=\s*(\S+)\s*$", re.M)
GITMODULE_URL = re.compile(r"^\s*url\s*=\s*(\S+)\s*$", re.M)
CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".gin")  # gin: Google's configs
# Config-looking files that configure tooling, not training (never worth a read).
NOT_CONFIG_PATH = re.compile(
    r"(^|/)(\.github/|\.pre-commit|package(-lock)?\.json|tsconfig|tokenizer[^/]*\.json"
    r"|vocab\.json|special_tokens_map\.json|mkdocs\.ya?ml|environment\.ya?ml|docker-compose"
    r"|\.readthedocs|codecov|citation)"
)
# Where training configs usually live: read these first.
CONFIG_HINT = re.compile(r"(^|/)(configs?|recipes?|hparams|experiments?|models?)/|train|config")

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

# Lines that run a script: the launched file is where the training code is.
RUNS_SCRIPT = re.compile(
    r"\b(python3?|torchrun|deepspeed|accelerate\s+launch|srun|mpirun|composer)\b"
)
SCRIPT_TOKEN = re.compile(r"[\w./-]+\.py\b")

# How many files of each group the checker may read; the git adapter caps the total.
MAX_ENTRYPOINTS = 12
MAX_SCRIPTS = 12
MAX_CONFIGS = 20
MAX_READMES = 4
MAX_ROOT_SCRIPTS = 8  # root-level .py files: main.py or run.py is often the training loop


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
    chosen += [p for p in paths if p == GITMODULES]
    chosen += _readmes(paths)
    chosen += [entrypoint] if entrypoint else []
    chosen += _ranked(p for p in counted if _is_entrypoint(p))[:MAX_ENTRYPOINTS]
    chosen += _ranked(p for p in counted if "/" not in p and p.endswith(".py"))[:MAX_ROOT_SCRIPTS]
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
    entrypoint_exists = entrypoint is not None and entrypoint in set(paths)
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


def submodules(texts: Mapping[str, str], base_url: str) -> tuple[tuple[str, str], ...]:
    """Return (path, url) for each submodule `.gitmodules` declares; relative URLs resolved."""
    base = base_url.rstrip("/") + "/"
    found = []
    for section in GITMODULE_SECTION.split(texts.get(GITMODULES, ""))[1:]:
        path, url = GITMODULE_PATH.search(section), GITMODULE_URL.search(section)
        if path and url:
            raw = url.group(1)
            found.append((path.group(1), urljoin(base, raw) if raw.startswith("../") else raw))
    return tuple(found)


def _signals(paths: Iterable[str], texts: Mapping[str, str]) -> dict[Family, tuple[str, ...]]:
    counted = [p for p in paths if counts(p)]
    readable = {p: t for p, t in texts.items() if counts(p)}
    launched = _launched_trainers(set(counted), readable)
    entrypoints = [p for p in counted if _is_entrypoint(p)] + sorted(launched)
    trainers = [p for p, t in readable.items() if _trains(p, t, launched)]
    return {
        Family.ENTRYPOINT: tuple(dict.fromkeys(entrypoints)),
        Family.CONFIG: tuple(p for p, t in readable.items() if _is_training_config(p, t)),
        Family.LAUNCHER: tuple(p for p, t in readable.items() if _launches(p, t)),
        Family.TRAINING_LOOP: tuple(trainers),
        Family.README: tuple(p for p, t in readable.items() if training_commands(p, t)),
    }


def _launched_trainers(present: set[str], readable: Mapping[str, str]) -> set[str]:
    # A script that a launcher or a README training command runs, and whose code trains,
    # is a training entrypoint whatever its name (LLM360's run.sh -> main.py).
    launched = set()
    for source, text in readable.items():
        for line in _run_lines(source, text):
            launched.update(_resolve_scripts(source, line, present))
    return {p for p in launched if p in readable and _has_training_code(readable[p])}


def _run_lines(source: str, text: str) -> list[str]:
    if source.lower().endswith(SCRIPT_SUFFIXES):
        return [line for line in text.splitlines() if RUNS_SCRIPT.search(line)]
    if is_readme(source):
        return [line for line in training_commands(source, text) if RUNS_SCRIPT.search(line)]
    return []


def _resolve_scripts(source: str, line: str, present: set[str]) -> set[str]:
    found = set()
    for token in SCRIPT_TOKEN.findall(line):
        for candidate in (normpath(join(dirname(source), token)), normpath(token)):
            if candidate in present:
                found.add(candidate)
                break
    return found


def _is_entrypoint(path: str) -> bool:
    lowered = path.lower()
    return any(pattern.search(lowered) for pattern in ENTRYPOINT_PATHS)


def _is_config_candidate(path: str) -> bool:
    lowered = path.lower()
    return lowered.endswith(CONFIG_SUFFIXES) and NOT_CONFIG_PATH.search(lowered) is None


def _is_training_config(path: str, text: str) -> bool:
    if not path.lower().endswith(CONFIG_SUFFIXES):
        return False
    groups = {name for name, pattern in CONFIG_KEY_GROUPS if pattern.search(text)}
    return REQUIRED_CONFIG_GROUP in groups and len(groups) >= MIN_CONFIG_GROUPS


def _launches(path: str, text: str) -> bool:
    if not path.lower().endswith(SCRIPT_SUFFIXES) and not _is_entrypoint(path):
        return False
    return any(pattern.search(text) for pattern in LAUNCHER_PATTERNS)


def _trains(path: str, text: str, launched: set[str]) -> bool:
    if not path.lower().endswith(".py"):
        return False
    return (_is_entrypoint(path) or path in launched) and _has_training_code(text)


def _has_training_code(text: str) -> bool:
    return any(all(p.search(text) for p in row) for _, row in TRAINING_CODE_PATTERNS)


def _readmes(paths: Iterable[str]) -> list[str]:
    readmes = [p for p in paths if is_readme(p)]
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
