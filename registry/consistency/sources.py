"""What the consistency check reads, chosen from what the pillar checks already saw.

The pillar checks leave evidence: the weights' revision and header parameter count, the
code commit and the training files the code checker recognised, the data revisions and
their files. This module turns that evidence into the few reads worth making: the files
next to each training config (a family's other sizes), the environment declarations, the
README and the data scripts. Pure: the reads themselves are in `check`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from registry.checks.code.contents import is_config_candidate
from registry.consistency.environment import is_environment_file
from registry.model import ArtifactKind, ArtifactRef, CheckResult

MAX_READS = 60  # the git adapter reads at most 64 files per inspection
MAX_DATA_SCRIPTS = 8
TRAINING_FAMILIES = ("training config", "distributed launcher", "training entrypoint")
DATA_SCRIPT = re.compile(
    r"(^|/)[^/]*(data|dataset|mixture|prepare|tokeni[sz]e)[^/]*\.(py|sh|ya?ml|json|toml)$", re.I
)
# A config file named inside another config or a command: the architecture often lives there.
CONFIG_REFERENCE = re.compile(r"[\w./\-]+\.(?:json|ya?ml|gin|toml)\b")
ROOT_README = re.compile(r"^readme(\.\w+)?$", re.I)
SCRIPT = re.compile(r"\.(sh|slurm|sbatch|py)$", re.I)


@dataclass(frozen=True)
class ArtifactSeen:
    """One artifact as its latest good check saw it: revision, files and facts."""

    ref: ArtifactRef
    revision: str | None = None
    files: tuple[str, ...] = ()
    facts: Mapping[str, object] = field(default_factory=dict)


def first(seen: Sequence[ArtifactSeen], kind: ArtifactKind) -> ArtifactSeen | None:
    """Return the first artifact of a kind, None when the release declares none."""
    return next((s for s in seen if s.ref.kind is kind), None)


def data_artifacts(seen: Sequence[ArtifactSeen]) -> list[ArtifactSeen]:
    """Return the artifacts of the data pillar."""
    return [s for s in seen if s.ref.kind in (ArtifactKind.HF_DATASET, ArtifactKind.URL)]


def training_files(code: ArtifactSeen) -> list[str]:
    """Return the training configs, launchers and entrypoint the code checker recognised."""
    signals = code.facts.get("training_signals")
    if not isinstance(signals, Mapping):
        return []
    found: dict[str, None] = {}
    for family in TRAINING_FAMILIES:
        paths = signals.get(family)
        if isinstance(paths, (list, tuple)):
            found.update(dict.fromkeys(str(p) for p in paths))
    return list(found)


def training_commands(code: ArtifactSeen) -> tuple[str, ...]:
    """Return the README training commands the code checker recorded (not fine-tuning ones)."""
    commands = code.facts.get("readme_commands")
    if not isinstance(commands, (list, tuple)):
        return ()
    return tuple(str(c) for c in commands if "(training):" in str(c))


def command_configs(commands: Sequence[str], paths: Sequence[str]) -> list[str]:
    """Return the repository's config files that training commands name (`--gin_file=x.gin`)."""
    present = set(paths)
    found: dict[str, None] = {}
    for command in commands:
        for token in CONFIG_REFERENCE.findall(command):
            resolved = resolve_path(token, "", present, paths)
            if resolved:
                found[resolved] = None
    return list(found)


def resolve_path(token: str, where: str, present: set[str], paths: Sequence[str]) -> str | None:
    """Return the repository path a file name in a text means, None when there is none.

    As written, beside the naming file, or under any folder (gin's include search path).
    """
    token = token.removeprefix("./")
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(where), token))
    for candidate in (token, beside):
        if candidate in present:
            return candidate
    return next((p for p in paths if p.endswith("/" + token)), None)


def choose_reads(paths: Sequence[str], training: Sequence[str]) -> list[str]:
    """Return the files to read: training files, their sibling configs, environment, README."""
    folders = {posixpath.dirname(p) for p in training if is_config_candidate(p)}
    siblings = [p for p in paths if posixpath.dirname(p) in folders and is_config_candidate(p)]
    environment = [p for p in paths if is_environment_file(p)]
    readme = [p for p in paths if ROOT_README.match(p)]
    scripts = [p for p in paths if DATA_SCRIPT.search(p)][:MAX_DATA_SCRIPTS]
    present = set(paths)
    ordered = [p for p in training if p in present] + siblings + readme + environment + scripts
    return list(dict.fromkeys(ordered))[:MAX_READS]


def is_config(path: str) -> bool:
    """Return True for a config-looking file (architecture lives in configs and launchers)."""
    return is_config_candidate(path) or SCRIPT.search(path) is not None


def header_parameters(weights: ArtifactSeen | None) -> int | None:
    """Return the parameter count the weights checker read from the headers (or the Hub's)."""
    if weights is None:
        return None
    total = weights.facts.get("parameter_total")
    if isinstance(total, int) and total > 0:
        return total
    summary = weights.facts.get("hub_safetensors")
    if isinstance(summary, Mapping) and isinstance(summary.get("total"), int):
        return int(summary["total"])
    return None


def card_datasets(card: str) -> list[str]:
    """Return the `datasets:` list of a model card's YAML front matter."""
    if not card.startswith("---"):
        return []
    front = card[3:].split("\n---", 1)[0]
    found: list[str] = []
    inside = False
    for line in front.splitlines():
        if re.match(r"^datasets\s*:", line):
            inside = True
            inline = line.split(":", 1)[1].strip().strip("[]")
            found += [d.strip(" '\"") for d in inline.split(",") if d.strip(" '\"")]
            continue
        if inside:
            item = re.match(r"^\s*-\s*(?P<id>\S+)", line)
            if item is None:
                break
            found.append(item["id"].strip("'\""))
    return found


def seen_from_result(result: CheckResult) -> ArtifactSeen:
    """Return what a pillar check saw of its artifact, as the consistency check reads it."""
    evidence = result.evidence
    if evidence is None:
        return ArtifactSeen(result.artifact)
    files = tuple(f.path for f in evidence.files)
    return ArtifactSeen(result.artifact, evidence.revision, files, dict(evidence.facts))
