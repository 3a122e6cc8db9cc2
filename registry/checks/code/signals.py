"""Training-code signals as data, and the rule that turns them into "training code found".

Sources: the Papers with Code ML Code Completeness Checklist, the Model Openness
Framework (arXiv 2403.13784) and OSI's Open Source AI Definition 1.0. Each table below
is one family of evidence; the rule in `assess` needs two families to agree. Path names
are read with the tables of `paths`; README commands with `commands`; training loops, in
each language, with the rows of `loops`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from posixpath import dirname, join, normpath
from urllib.parse import urljoin

from registry.checks.code.contents import (
    CONFIG_SUFFIXES,
    FINE_TUNING_CONFIG,
    RUNS_SCRIPT,
    SCRIPT_TOKEN,
    fine_tunes,
    is_config_candidate,
    is_training_config,
    launches,
    training_shown,
)
from registry.checks.code.loops import PYTHON, language_of
from registry.checks.code.paths import (
    SCRIPT_SUFFIXES,
    counts,
    is_entrypoint,
    is_evaluation,
    is_fine_tuning,
    is_inference,
    is_source_entrypoint,
)
from registry.checks.code.stubs import lfs_pointer_size, stubs
from registry.checks.commands import Command, module_paths, readme_commands, resolve
from registry.checks.notebooks import NOTEBOOK_SUFFIX
from registry.checks.readme import is_readme
from registry.checks.shell import CommandKind, run_target, split_words


class Family(StrEnum):
    """A kind of evidence that a repository can train a model."""

    ENTRYPOINT = "training entrypoint"
    CONFIG = "training config"
    LAUNCHER = "distributed launcher"
    TRAINING_LOOP = "training loop or trainer API"
    README = "README training instructions"


# Families that are training artifacts themselves (prose and launchers only point at them).
ARTIFACT_FAMILIES = frozenset({Family.ENTRYPOINT, Family.CONFIG})
# Families that are a recipe for a run (what was trained, how), not the trainer's code.
RECIPE_FAMILIES = frozenset({Family.CONFIG, Family.LAUNCHER})
MIN_FAMILIES = 2

# Submodules are published code too (MAP-NEO's training code is its Megatron-LM-NEO one).
GITMODULES = ".gitmodules"
GITMODULE_SECTION = re.compile(r"^\s*\[submodule\b[^\]]*\]\s*$", re.M)
GITMODULE_PATH = re.compile(r"^\s*path\s*=\s*(\S+)\s*$", re.M)
GITMODULE_URL = re.compile(r"^\s*url\s*=\s*(\S+)\s*$", re.M)


@dataclass(frozen=True)
class TrainingAssessment:
    """The training-code signals of one commit and whether they add up to training code."""

    found: bool
    signals: Mapping[Family, tuple[str, ...]] = field(default_factory=dict)
    fine_tuning: tuple[str, ...] = ()
    evaluation: tuple[str, ...] = ()
    inference: tuple[str, ...] = ()
    entrypoint: str | None = None
    entrypoint_exists: bool = False
    commands: tuple[Command, ...] = ()  # the README training-section commands read
    # Files named like training code that are not: stubs (path -> why), and files read only
    # as a Git LFS pointer (path -> the object's size), whose code was never read.
    stubs: Mapping[str, str] = field(default_factory=dict)
    lfs_pointers: Mapping[str, int] = field(default_factory=dict)
    # What each training-loop file's code shows: its trainer API or loop, in which
    # language, and the signals matched (path -> sentence).
    loops: Mapping[str, str] = field(default_factory=dict)


def assess(
    paths: tuple[str, ...],
    texts: Mapping[str, str],
    entrypoint: str | None,
    self_url: str | None = None,
    launched: Iterable[str] = (),
) -> TrainingAssessment:
    """Apply the rule: the declared entrypoint exists, or two families agree (one an artifact).

    A single fine-tuning example (bigcode's `finetune.py` next to inference code) or a
    README paragraph alone is NOT pretraining code, so one family is never enough.
    `launched` names files of this repository that another repository's README runs.
    """
    commands = _commands(texts, self_url)
    stubbed, pointers = _hollow(texts, entrypoint)
    hollow = {*stubbed, *pointers}
    signals = _signals(paths, texts, commands, set(launched), hollow)
    # A declared entrypoint that is a stub, or was read only as a pointer, shows nothing.
    entrypoint_exists = entrypoint is not None and entrypoint in set(paths)
    entrypoint_exists = entrypoint_exists and entrypoint not in hollow
    families = {f for f, where in signals.items() if where}
    by_signals = len(families) >= MIN_FAMILIES and bool(families & ARTIFACT_FAMILIES)
    return TrainingAssessment(
        found=entrypoint_exists or by_signals,
        signals={f: where for f, where in signals.items() if where},
        fine_tuning=_fine_tuning(paths, texts)[:20],
        evaluation=tuple(p for p in paths if is_evaluation(p) and _is_code(p))[:20],
        inference=tuple(p for p in paths if is_inference(p))[:20],
        entrypoint=entrypoint,
        entrypoint_exists=entrypoint_exists,
        commands=commands,
        stubs=stubbed,
        lfs_pointers=pointers,
        loops=_loops(signals[Family.TRAINING_LOOP], texts),
    )


def _loops(trainers: Iterable[str], texts: Mapping[str, str]) -> dict[str, str]:
    return {p: shown for p in trainers if (shown := training_shown(p, texts[p]))}


def _hollow(
    texts: Mapping[str, str], entrypoint: str | None
) -> tuple[dict[str, str], dict[str, int]]:
    # Stubs and LFS pointers among the files whose text counts (and the declared entrypoint).
    counted = [(p, t) for p, t in texts.items() if counts(p) or p == entrypoint]
    pointers = {p: n for p, t in counted if (n := lfs_pointer_size(t)) is not None}
    return stubs((p, t) for p, t in counted if is_entrypoint(p) or p == entrypoint), pointers


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


def _commands(texts: Mapping[str, str], self_url: str | None) -> tuple[Command, ...]:
    return tuple(
        command
        for path, text in texts.items()
        if is_readme(path) and counts(path)
        for command in readme_commands(path, text, self_url)
    )


def _signals(
    paths: Iterable[str],
    texts: Mapping[str, str],
    commands: tuple[Command, ...],
    outside: set[str],
    hollow: set[str],
) -> dict[Family, tuple[str, ...]]:
    # A hollow file (a stub, an LFS pointer) is named like training code and shows none:
    # neither its name nor a launcher or README command that only runs it counts.
    present = {p for p in paths if counts(p)}
    readable = {p: t for p, t in texts.items() if counts(p) and p not in hollow}
    launched = _launched_trainers(present, readable, commands, outside)
    named = [
        p
        for p in present
        if is_entrypoint(p) and p not in hollow and not fine_tunes(readable.get(p, ""))
    ]
    trainers = [p for p, t in readable.items() if _trains(p, t, launched)]
    # A C/C++/CUDA, Rust or Julia file is an entrypoint by its name only when its code trains.
    named += [p for p in trainers if is_source_entrypoint(p)]
    launchers = [
        p for p, t in readable.items() if launches(p, t) and not _only_runs(p, t, present, hollow)
    ]
    return {
        Family.ENTRYPOINT: tuple(dict.fromkeys(sorted(named) + sorted(launched))),
        Family.CONFIG: tuple(p for p, t in readable.items() if is_training_config(p, t)),
        Family.LAUNCHER: tuple(launchers),
        Family.TRAINING_LOOP: tuple(trainers),
        Family.README: _readme_instructions(commands, present, hollow),
    }


def _only_runs(source: str, text: str, present: set[str], hollow: set[str]) -> bool:
    # A launcher whose every script it runs is hollow launches nothing.
    run = {
        p for line in text.splitlines() if RUNS_SCRIPT.search(line)
        for p in _resolve_scripts(source, line, present)
    }  # fmt: skip
    return bool(run) and run <= hollow


def _readme_instructions(
    commands: tuple[Command, ...], present: set[str], hollow: set[str]
) -> tuple[str, ...]:
    # A README training command counts when it runs here and what it runs is here (a
    # module or console script we cannot place is given the benefit of the doubt); one
    # that runs an external trainer, or a script that is missing, is that repo's business.
    # One that runs a stub runs nothing.
    def runs_here(command: Command) -> bool:
        if command.kind is not CommandKind.TRAINING or command.repo is not None:
            return False
        hit = resolve(command, present.__contains__)
        return (command.script is None or hit is not None) and hit not in hollow

    return tuple(dict.fromkeys(c.readme for c in commands if runs_here(c)))


def _launched_trainers(
    present: set[str], readable: Mapping[str, str], commands: tuple[Command, ...], outside: set[str]
) -> set[str]:
    # A script that a launcher or a README training command runs, and whose code trains,
    # is a training entrypoint whatever its name (LLM360's run.sh -> main.py).
    launched = set(outside)
    for source, text in readable.items():
        if source.lower().endswith(SCRIPT_SUFFIXES):
            for line in text.splitlines():
                if RUNS_SCRIPT.search(line):
                    launched.update(_resolve_scripts(source, line, present))
                    launched.update(_resolve_module(line, present))
    for command in commands:
        if command.kind is CommandKind.TRAINING and command.repo is None:
            hit = resolve(command, present.__contains__)
            launched.update([hit] if hit else [])
    return {p for p in launched if p in readable and training_shown(p, readable[p])}


def _resolve_scripts(source: str, line: str, present: set[str]) -> set[str]:
    found = set()
    for token in SCRIPT_TOKEN.findall(line):
        for candidate in (normpath(join(dirname(source), token)), normpath(token)):
            if candidate in present:
                found.add(candidate)
                break
    return found


def _resolve_module(line: str, present: set[str]) -> list[str]:
    # `python -m lab.models.llama_train` in a script runs lab/models/llama_train.py, as
    # it would in a README command (EasyLM's examples/pretrain_llama_7b.sh).
    words = split_words(line.strip().removesuffix("\\"))
    module = run_target(words)[2] if words else None
    return [p for p in module_paths(module) if p in present][:1] if module else []


def _trains(path: str, text: str, launched: set[str]) -> bool:
    language = language_of(path)
    if language is None:
        return False
    named = is_entrypoint(path) if language is PYTHON else is_source_entrypoint(path)
    return (named or path in launched) and training_shown(path, text) is not None


def _fine_tuning(paths: Iterable[str], texts: Mapping[str, str]) -> tuple[str, ...]:
    by_name = [p for p in paths if is_fine_tuning(p) and _is_text(p)]
    by_code = [p for p, t in texts.items() if _is_python(p) and counts(p) and fine_tunes(t)]
    by_config = [
        p for p, t in texts.items() if is_config_candidate(p) and FINE_TUNING_CONFIG.search(t)
    ]
    return tuple(dict.fromkeys(by_name + by_code + by_config))


def _is_code(path: str) -> bool:
    return _is_python(path) or path.lower().endswith(SCRIPT_SUFFIXES)


def _is_python(path: str) -> bool:
    # A notebook's code cells are read as Python (registry.checks.notebooks).
    return path.lower().endswith((".py", NOTEBOOK_SUFFIX))


def _is_text(path: str) -> bool:
    # Code, configs and docs: what a recipe is written in (not images or data).
    return _is_code(path) or path.lower().endswith((*CONFIG_SUFFIXES, ".md", ".rst"))
