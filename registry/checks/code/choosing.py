"""Which files of a repository the code checker reads: a few of each kind, likeliest first.

The git adapter lists every path and reads only what `choose_paths` returns (licences,
READMEs, entrypoints in any language `loops` reads, scripts, configs), so the check
stays a handful of blob reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from posixpath import dirname

from registry.checks.code.contents import is_config_candidate
from registry.checks.code.paths import (
    SCRIPT_SUFFIXES,
    counts,
    is_entrypoint,
    is_source_entrypoint,
)
from registry.checks.code.signals import GITMODULES
from registry.checks.licences.sources import is_licence_file
from registry.checks.notebooks import NOTEBOOK_SUFFIX
from registry.checks.readme import is_readme

# Where training configs usually live: read these first.
CONFIG_HINT = re.compile(r"(^|/)(configs?|recipes?|hparams|experiments?|models?)/|train|config")
# Files that declare console scripts, so `t5_mesh_transformer` in a README can be found.
PACKAGING_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg"})

# How many files of each group the checker may read; the git adapter caps the total.
MAX_ENTRYPOINTS = 12
MAX_SCRIPTS = 12
MAX_CONFIGS = 20
MAX_READMES = 4
MAX_ROOT_SCRIPTS = 8  # root-level .py files: main.py or run.py is often the training loop
# Entry modules a README command often runs, a folder or two down (`src/main.py`): read
# them up front, since the README is read in the same round as the files it names.
ENTRY_MODULE = re.compile(r"^([^/]+/){1,2}(main|run|launch|cli|__main__)\.py$")
# A model's trainer module, anywhere (EasyLM's EasyLM/models/llama/llama_train.py, which its
# pretraining script runs with `python -m`): read, so a script or README that runs it can
# be followed; it counts only when something runs it and its code trains.
TRAINER_MODULE = re.compile(r"(^|/)[^/]+_(pre)?train\.py$")
MAX_TRAINER_MODULES = 6


def choose_paths(
    paths: tuple[str, ...], entrypoint: str | None, wanted: Iterable[str] = ()
) -> list[str]:
    """Return the files worth reading: licences, READMEs, entrypoints, scripts, configs."""
    counted = [p for p in paths if counts(p)]
    chosen = [p for p in paths if "/" not in p and is_licence_file(p)][:4]
    chosen += [p for p in paths if p == GITMODULES or p in PACKAGING_FILES]
    chosen += _readmes(paths)
    chosen += [entrypoint] if entrypoint else []
    chosen += list(wanted)
    named = (p for p in counted if is_entrypoint(p) or is_source_entrypoint(p))
    chosen += _ranked(named)[:MAX_ENTRYPOINTS]
    chosen += _ranked(p for p in counted if "/" not in p and _is_python(p))[:MAX_ROOT_SCRIPTS]
    chosen += _ranked(p for p in counted if ENTRY_MODULE.search(p.lower()))[:MAX_ROOT_SCRIPTS]
    trainers = (p for p in counted if TRAINER_MODULE.search(p.lower()))
    chosen += _ranked(trainers)[:MAX_TRAINER_MODULES]
    chosen += _ranked(p for p in counted if p.lower().endswith(SCRIPT_SUFFIXES))[:MAX_SCRIPTS]
    configs = [p for p in counted if is_config_candidate(p)]
    hinted = [p for p in configs if CONFIG_HINT.search(p.lower())]
    chosen += (_ranked(hinted) + _ranked(p for p in configs if p not in hinted))[:MAX_CONFIGS]
    return list(dict.fromkeys(chosen))


def _is_python(path: str) -> bool:
    # A notebook's code cells are read as Python (registry.checks.notebooks).
    return path.lower().endswith((".py", NOTEBOOK_SUFFIX))


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
