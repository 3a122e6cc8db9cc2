"""Data agreement: is the data the training names the data the release publishes?

A named Hub id is covered by a data artifact with that id. A named data folder is covered
when one of its distinctive words (not `data`, `preprocessed`, a version or a number) is
the name of a published dataset or of a folder in its files: `s3://…/preprocessed/dclm/…`
is covered by a dataset holding `data/dclm/`, and `/fsx/pile_deduped/…` by
`EleutherAI/the_pile_deduplicated`. Covered when every named source is, partly covered
(with the missing ones listed) when some are, unrelated when none is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from registry.consistency.data_names import NamedSource
from registry.consistency.report import Coverage, DataFinding

# Words a data path shares with any dataset: never evidence that two are the same data.
GENERIC_WORDS = frozenset(
    "data datasets dataset preprocessed processed tokenized tokenizer tokens raw train "
    "training valid validation val test text document documents shard shards part split "
    "mix mixture corpus fsx mnt home scratch tmp local users user output outputs default all "
    "npy bin idx json jsonl gz zst parquet arrow mds final clean cleaned dedup deduped "
    "deduplicated filtered sample samples files file index the and of gpt neox llama bpe "
    "s3 gs http https www org com net io hf huggingface datasets main en web code".split()
)
WORD = re.compile(r"[a-z0-9]+")
MIN_WORD = 3
VERSION_OR_NUMBER = re.compile(r"^(v?\d+[a-z]?\d*|\d+[bmkt])$")


@dataclass(frozen=True)
class DataArtifact:
    """A data artifact the release declares, with the files its check listed."""

    locator: str
    files: tuple[str, ...] = ()


def compare(named: Sequence[NamedSource], artifacts: Sequence[DataArtifact]) -> DataFinding:
    """Return whether the release's data artifacts cover every source the training names."""
    if not artifacts:
        return DataFinding(
            Coverage.NO_DATA,
            "The release publishes no data artifact.",
            tuple(n.described() for n in named),
        )
    if not named:
        return DataFinding(
            Coverage.NOT_NAMED,
            "No training config, data script or model card read names a dataset or data path.",
        )
    covered = [n for n in named if _covered(n, artifacts)]
    missing = [n for n in named if n not in covered]
    described = tuple(n.described() for n in named)
    published = ", ".join(a.locator for a in artifacts)
    if not missing:
        return DataFinding(
            Coverage.COVERED,
            f"Every named source is in the published data ({published}).",
            described,
            tuple(n.described() for n in covered),
        )
    state = Coverage.PARTLY if covered else Coverage.UNRELATED
    lead = (
        f"{len(covered)} of {len(named)} named sources are in the published data ({published})"
        if covered
        else f"None of the {len(named)} named sources is in the published data ({published})"
    )
    return DataFinding(
        state,
        f"{lead}; not published: {'; '.join(n.described() for n in missing)}.",
        described,
        tuple(n.described() for n in covered),
        tuple(n.described() for n in missing),
    )


def _covered(source: NamedSource, artifacts: Sequence[DataArtifact]) -> bool:
    if source.hub_id:
        wanted = source.name.lower()
        return any(wanted == a.locator.lower() or wanted in a.locator.lower() for a in artifacts)
    words = _distinctive(_path_part(source.name))
    return any(_matches(words, _artifact_words(a)) for a in artifacts)


def _artifact_words(artifact: DataArtifact) -> set[str]:
    name = artifact.locator.rstrip("/").rsplit("/", 1)[-1]
    folders = {segment for path in artifact.files for segment in path.split("/")[:-1]}
    return _distinctive([name, *folders])


def _matches(ours: set[str], theirs: set[str]) -> bool:
    return any(_same_word(a, b) for a in ours for b in theirs)


def _same_word(a: str, b: str) -> bool:
    # `smollm2` names the same corpus as `smollm`: a version digit appended is no new word.
    short, long = sorted((a, b), key=len)
    return a == b or (long.startswith(short) and long[len(short) :].isdigit())


def _distinctive(parts: Iterable[str]) -> set[str]:
    words = {w for part in parts for w in WORD.findall(part.lower())}
    return {
        w
        for w in words
        if len(w) >= MIN_WORD and w not in GENERIC_WORDS and not VERSION_OR_NUMBER.match(w)
    }


def _path_part(name: str) -> list[str]:
    # A URL's host (a CDN, a bucket) says where the data sits, not what it is.
    if "://" in name:
        name = name.split("://", 1)[1].partition("/")[2]
    return name.split("/")
