"""The words `/about/standard` uses for each consistency finding, kept beside the rules."""

from __future__ import annotations

from dataclasses import dataclass

from registry.consistency.architecture import MAX_VOCAB_PAD, VOCAB_PADDING
from registry.consistency.dialects import DIALECTS, FIELDS, SIZING_FIELDS
from registry.consistency.parameters import PARAMETER_TOLERANCE


@dataclass(frozen=True)
class FindingMeaning:
    """One finding: its name, what it asks, and how each answer is reached."""

    id: str
    title: str
    meaning: str


FINDINGS: tuple[FindingMeaning, ...] = (
    FindingMeaning(
        "architecture",
        "Architecture agreement",
        "The training configs the code check found (YAML, JSON, gin, TOML, Python, launcher "
        "arguments) are each read in their framework's dialect (table below); the one agreeing "
        "with the weights' config.json on most fields is compared field by field: layers, "
        "hidden size, attention heads, key/value heads, vocabulary size and context length "
        "must be equal, except that a vocabulary padded to a multiple of "
        f"{VOCAB_PADDING} (by at most {MAX_VOCAB_PAD} rows) is the same vocabulary. The "
        "parameter count estimated from the config's sizes must be within "
        f"{PARAMETER_TOLERANCE:.0%} of the count read from the weight headers. Each field "
        "is reported as agrees, differs (with both values and the file and line) or not stated.",
    ),
    FindingMeaning(
        "data",
        "Data agreement",
        "The datasets named by the chosen training config, the launchers and data scripts, and "
        "the model card (its datasets metadata and dataset links) are compared with the "
        "release's data artifacts. A Hub id is covered by an artifact with that id; a data path "
        "by an artifact whose name or folders share a distinctive word with it (never `data`, "
        "`preprocessed`, a version or a number). Covered when every named source is, partly "
        "covered (the missing ones listed) when some are, unrelated when none is.",
    ),
    FindingMeaning(
        "pins",
        "Pinning",
        "The model card or the code README must name a code commit or version tag of the "
        "release's own repository, and a revision of its data. A branch moves, so it pins "
        "nothing. Each named ref is asked of its repository through the registry's guarded "
        "adapters (a git fetch of exactly that ref; the Hub's tree at that revision): pinned "
        "when it exists, does not exist when the repository has no such ref, unverified when "
        "the repository could not be asked.",
    ),
    FindingMeaning(
        "environment",
        "Environment",
        "The training repository declares its dependencies with versions: a lock file, a "
        "requirements file or conda environment where every requirement names an exact "
        "version, or a container file whose base image has a tag or digest.",
    ),
    FindingMeaning(
        "tuple",
        "Reproducibility tuple",
        "The weights revision, the code commit and the data revision the check saw, recorded "
        "together; a commit or revision nothing pins is marked as the head at check time.",
    ),
    FindingMeaning(
        "mark",
        "The consistent mark",
        "A release is marked consistent (and its consistency badge says so) only when the "
        "architecture agrees, the data is covered, and both the code commit and the data "
        "revision are pinned. These are findings, not a score: the tier stays the standard's.",
    ),
)


def dialect_table() -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Return the dialect mapping as a table: one row per dialect, one column per field."""
    names = {**FIELDS, **SIZING_FIELDS}
    columns = ("Dialect", *names.values())
    rows = [
        (dialect, *(", ".join(table.get(field, ())) or "–" for field in names))
        for dialect, table in DIALECTS.items()
    ]
    return columns, rows
