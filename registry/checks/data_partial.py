"""A dataset card that says its files are not the data: a sample, a subset, ids only.

Labs publish a repository named after their corpus whose card then says what it really
holds: "a 1% sample of the corpus", "the full dataset is available on request", "only the
document ids and URLs; the text is not distributed". The files exist, but they are not the
training data the release names, so the data checker records a doubt (never open) with the
card's own words. Each row needs a word that says *only part* is here, so a card that merely
describes sampling in its method section ("we sample documents by quality") never matches.

File names can say the same without the card: a repository whose every data file sits in
a `sample/` or `preview/` folder (or is named `train_sample.jsonl`) holds a sample, and one
whose every data file is a validation or test split holds no training data at all. One full
copy beside its sample (FineWeb's `data/` and `sample/10BT/`) is the whole data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from registry.checks.licences.sources import card_phrases

_HERE = r"(?:this\s+(?:repo(?:sitory)?|dataset|release|version)|here|these\s+files)"
_DATA = r"(?:corpus|dataset|data(?:set)?|collection|pre-?training\s+data)"
PARTIAL_PHRASES: tuple[tuple[str, str], ...] = (
    # "This repository holds a 1% sample": a sample of what the release trained on. ("This
    # dataset is a subset of FineWeb" describes where a whole dataset came from: no match.)
    (rf"\b{_HERE}\s+(?:only\s+)?(?:contains?|holds?|includes?|is|provides?)\s+(?:only\s+)?"
     r"(?:a|an)\s+(?:small\s+|random\s+|\d+(?:\.\d+)?\s*%\s+)?(?:sample|preview|excerpt)\b",
     "the repository holds a sample or subset of the data"),
    # "a 1% sample of our corpus", "a subset of the full dataset": part of the lab's own data.
    (r"\b(?:a|an)\s+(?:small\s+|random\s+)?(?:\d+(?:\.\d+)?\s*%\s+)?(?:sample|subset|preview)"
     r"\s+of\s+(?:our\s+(?:full\s+|complete\s+|entire\s+)?|the\s+(?:full|complete|entire)\s+)"
     rf"(?:\w+[- ]?){{0,2}}{_DATA}\b",
     "the repository holds a sample or subset of the data"),
    (rf"\b(?:the\s+)?(?:full|complete|entire|whole)\s+(?:\w+[- ]?){{0,2}}{_DATA}\s+(?:is\s+)?"
     r"(?:(?:only\s+)?available\s+)?(?:on|upon|by)\s+request\b",
     "the full data is only available on request"),
    (r"\b(?:(?:contains?|holds?|includes?|provides?|releases?)\s+(?:only|just)|(?:only|just)\s+"
     r"(?:contains?|holds?|includes?|provides?))\s+(?:the\s+)?(?:document\s+|file\s+|sample\s+)?"
     r"(?:ids|identifiers|swhids|urls|hashes|pointers|indices)\b",
     "the repository holds ids or pointers, not the data itself"),
    (r"\b(?:the\s+)?(?:raw\s+)?(?:text|documents|content|files)\s+(?:themselves\s+|itself\s+)?"
     r"(?:is|are)\s+not\s+(?:re)?(?:distributed|released|included|published|shared)\b",
     "the data itself is not distributed"),
    (rf"\bwe\s+(?:do\s+not|don't|cannot|can't)\s+(?:re)?(?:distribute|release|share|publish)\s+"
     rf"(?:the\s+)?(?:full\s+|raw\s+)?(?:text|documents|{_DATA})\b",
     "the data itself is not distributed"),
)


def partial_publication(card: str) -> list[str]:
    """Return a sentence per way the card's prose says its files are not all the data."""
    found = card_phrases(card, PARTIAL_PHRASES)
    return [f'The card says "{words}": {meaning}.' for words, meaning in found]


# A path segment that names a sample of something larger (not "tiny" or "mini": TinyStories
# and MiniPile are whole datasets, and their names carry no separator there anyway).
SAMPLE_PATH = re.compile(
    r"(^|[/_.-])(samples?|sampled|preview|excerpts?|demo|dummy|debug|toy)([/_.-]|$)"
)
MAX_NAMED = 3


def sample_files(paths: Sequence[str]) -> str | None:
    """Return a sentence when every data file is named as a sample, else None."""
    named = _every_one_named(paths, SAMPLE_PATH)
    if named is None:
        return None
    return (
        f"Every data file is named as a sample or preview ({named}): the repository holds a "
        "sample of the data, not the data."
    )


def _every_one_named(paths: Sequence[str], pattern: re.Pattern[str]) -> str | None:
    """Return the first few paths, for a sentence, when every path matches the pattern."""
    if not paths or not all(pattern.search(p.lower()) for p in paths):
        return None
    more = f" and {len(paths) - MAX_NAMED} more" if len(paths) > MAX_NAMED else ""
    return ", ".join(paths[:MAX_NAMED]) + more


# A path segment naming a held-out split: data kept out of training by definition. A
# repository whose every data file is one (the Pile's val.jsonl and test.jsonl published on
# their own) holds no training data; one with a train split beside them is whole.
HELD_OUT_PATH = re.compile(
    r"(^|[/_.-])(val|valid|validation|dev|test|eval|evaluation|holdout|heldout)([/_.-]|$)"
)


def held_out_files(paths: Sequence[str]) -> str | None:
    """Return a sentence when every data file is named as a validation or test split."""
    named = _every_one_named(paths, HELD_OUT_PATH)
    if named is None:
        return None
    return (
        f"Every data file is named as a validation or test split ({named}): the repository "
        "holds held-out evaluation data, not the training data."
    )
