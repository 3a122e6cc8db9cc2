"""An evidence row's findings (its `facts`) as labelled rows people read, not a key dump.

FINDINGS is the table: each known key with its label and how its value is written; keys
it does not name are shown last, their key turned into words, so a checker's new finding
is never hidden. Long lists keep the first LIST_SHOWN items and say how many more there
are (the API has them all). Keys that only explain the checker's own bookkeeping are left
out (HIDDEN), each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from registry.checks.base import human_size
from registry.checks.weights.sentences import count, parameters

LIST_SHOWN = 10


@dataclass(frozen=True)
class FindingRow:
    """One finding: a label, a sentence or a list (its first items), and how many more."""

    key: str
    label: str
    text: str = ""
    items: tuple[str, ...] = ()
    more: int = 0


Writer = Callable[[Any], "str | list[str]"]


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def _plain(value: Any) -> str | list[str]:
    if isinstance(value, bool):
        return _yes_no(value)
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        return [f"{k}: {_joined(v)}" for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [_joined(v) for v in value] if value else "none"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _joined(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_joined(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_joined(v) for v in value) or "none"
    return str(value) if not isinstance(value, bool) else _yes_no(value)


def _parameters(value: Any) -> str:
    return parameters(value) if isinstance(value, Mapping) and value else "none found"


def _count(value: Any) -> str:
    return count(int(value)) if isinstance(value, int) else str(value)


def _hub_safetensors(value: Any) -> str:
    total = value.get("total") if isinstance(value, Mapping) else None
    return f"{count(int(total))} parameters" if isinstance(total, int) else _joined(value)


def _weight_sets(value: Any) -> list[str]:
    lines = []
    for s in value or ():
        name, reason = str(s.get("name")), str(s.get("reason") or s.get("state"))
        # A set's reason usually starts with its own name: do not say it twice.
        lines.append(reason if reason.startswith(name) else f"{name}: {reason}")
    return lines


def _files_read(value: Any) -> list[str]:
    lines = []
    for f in value or ():
        parts = [human_size(f.get("size"))]
        if f.get("tensors") is not None:
            parts.append(f"{f['tensors']} tensors")
        if f.get("parameters"):
            parts.append(parameters(f["parameters"]))
        lines.append(f"{f.get('path')} ({', '.join(parts)})")
    return lines


def _indexes(value: Any) -> list[str]:
    return [
        f"{i.get('index')}: {i.get('shards')} shards, "
        + (f"missing {', '.join(i['missing'])}" if i.get("missing") else "none missing")
        for i in value or ()
    ]


def _licence_sections(value: Any) -> list[str]:
    lines = []
    for s in value or ():
        match = f", {round(100 * s['score'])}% match" if s.get("score") is not None else ""
        found = s.get("licence") or s.get("closest") or "no licence recognised"
        lines.append(f"{s.get('file')} ({s.get('lines')}): {found}{match}")
    return lines


def _doubts(value: Any) -> list[str]:
    return [f"{d.get('detail')} (at most {d.get('ceiling')})" for d in value or ()]


def _offline(value: Any) -> str:
    return "a bundled snapshot (offline mode), not the live source" if value else "the live source"


# Key -> (label, writer). The order is the order on the page: what decides first.
FINDINGS: Mapping[str, tuple[str, Writer]] = {
    "offline": ("Checked against", _offline),
    "doubts": ("Doubts", _doubts),
    "licence_class": ("Licence class", _plain),
    "gated": ("Gated (access needs approval)", _yes_no),
    "gate_mode": ("Gate mode", _plain),
    "private": ("Private", _yes_no),
    "disabled": ("Disabled by the Hub", _yes_no),
    "weights_format": ("Weights format", _plain),
    "parameter_total": ("Parameters", _count),
    "parameters": ("Parameters by type", _parameters),
    "hub_safetensors": ("The Hub's own count", _hub_safetensors),
    "config_embedding_floor": ("Embedding size in config.json", _count),
    "weight_file_count": ("Weight files", _plain),
    "weight_sets": ("Weight sets", _weight_sets),
    "weight_sets_omitted": ("Weight sets not listed", _plain),
    "sharded_indexes": ("Shard indexes", _indexes),
    "weight_files_read": ("Weight files read", _files_read),
    "header_reads": ("File headers read", _plain),
    "training_code_found": ("Training code found", _yes_no),
    "training_code_in": ("Training code in", _plain),
    "training_signals": ("Signs of training code", _plain),
    "training_loops": ("What the training code shows", _plain),
    "declared_entrypoint": ("Declared entrypoint", _plain),
    "declared_entrypoint_exists": ("Declared entrypoint exists", _yes_no),
    "inference_only": ("Inference code only", _yes_no),
    "readme_commands": ("Commands in the README", _plain),
    "external_trainers": ("External trainers", _plain),
    "submodules": ("Submodules", _plain),
    "licence_sections": ("Licence text read", _licence_sections),
    "default_branch": ("Default branch", _plain),
    "files_read": ("Files read", _plain),
    "fine_tuning_files": ("Fine-tuning files", _plain),
    "evaluation_files": ("Evaluation files", _plain),
    "inference_files": ("Inference files", _plain),
    "data_file_count": ("Data files", _plain),
    "empty_data_files": ("Empty data files", _plain),
    "files_listed": ("Files listed", _plain),
    "files_omitted_from_evidence": ("Files not kept in the evidence", _plain),
    "listing_truncated": ("Listing cut short", _yes_no),
    "paths_truncated": ("Path list cut short", _yes_no),
    "tags": ("Tags", _plain),
    "status": ("HTTP status", _plain),
    "final_url": ("Final address", _plain),
    "redirects": ("Redirects", _plain),
    "content_type": ("Content type", _plain),
    "licence_link": ("Licence link", _plain),
}
HIDDEN = frozenset(
    {
        "header_read_cap",  # a constant of the checker, not a finding about the artifact
        "listing_pages",  # how many pages the Hub's listing took: paging, not evidence
    }
)


def finding_rows(facts: Mapping[str, Any] | None) -> list[FindingRow]:
    """Return the findings as rows: known keys in table order, then the rest by name."""
    facts = facts or {}
    known = [k for k in FINDINGS if k in facts]
    rest = sorted(k for k in facts if k not in FINDINGS and k not in HIDDEN)
    return [_row(k, facts[k]) for k in (*known, *rest)]


def _row(key: str, value: Any) -> FindingRow:
    label, writer = FINDINGS.get(key, (key.replace("_", " ").capitalize(), _plain))
    written = writer(value)
    if isinstance(written, str):
        return FindingRow(key, label, text=written)
    return shown(key, label, written)


def shown(key: str, label: str, items: Iterable[str]) -> FindingRow:
    """Return a list row with its first LIST_SHOWN items and the count of the rest."""
    listed = list(items)
    if not listed:
        return FindingRow(key, label, text="none")
    more = max(0, len(listed) - LIST_SHOWN)
    return FindingRow(key, label, items=tuple(listed[:LIST_SHOWN]), more=more)
