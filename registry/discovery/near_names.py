"""A dataset id the Hub does not hold, and the public datasets whose names extend it.

Cards outlive the names they link. StarCoder2's cards link `bigcode/the-stack-v2-train`,
which the Hub never published: the training sets went out as `the-stack-v2-train-full-ids`
(600+ languages, StarCoder2-15B) and `the-stack-v2-train-smol-ids` (17 languages, the 3B and
7B). A missing id is not the training data, but the namespace's own datasets whose names
extend it are where the card's words may point. The rules here are pure; `confirm` asks the
Hub for the listing and the candidates' cards.

- **Extends**: the same namespace, and the name followed by a separator (`-`, `_`, `.`) and
  more: `the-stack-v2-train-full-ids` extends `the-stack-v2-train`; `the-stack-v2` does not,
  and neither does `olmo-the-stack-v2-train` (the listing's search matches substrings).
- **One candidate**: it is proposed in the missing id's place, one step less sure, saying so.
- **Several**: each candidate's own card describes it on the lines that name its id; the one
  whose description shares a figure ("600 programming", "17 programming") with the model
  card's paragraphs that link the missing id (the whole card, when only its metadata names
  it) is proposed, and only when no other candidate
  shares one as well. Figures are the facts a card states that a name never carries; words
  alone ("programming languages", "filtered") are shared by every sibling and decide nothing.
- **Otherwise** the missing id stays, marked as not on the Hub, with the candidates named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SEPARATORS = ("-", "_", ".")
# A number as cards write figures (600+, 16,384, 1.5, 3B, 4T, 95%), then the word it counts.
FIGURE = re.compile(
    r"(?<![\w.\-/])(\d+(?:[.,]\d+)*)(\+|%|[kmbt]\b)?\s*\+?\s*([a-z][a-z\-]+)", re.IGNORECASE
)
# Addresses and code spans carry ids and versions, never figures the card states.
ADDRESSES = re.compile(r"\]\([^)]*\)|https?://\S+|`[^`]*`")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Resolution:
    """Which listed dataset a missing id points to, if any, and why (for the evidence)."""

    chosen: str | None
    why: str


def extensions(missing_id: str, listed: Iterable[str]) -> tuple[str, ...]:
    """Return the listed ids in the missing id's namespace whose names extend its name."""
    owner, _, name = missing_id.lower().partition("/")
    found = []
    for repo_id in listed:
        other_owner, _, other_name = repo_id.lower().partition("/")
        if other_owner != owner or len(other_name) <= len(name) + 1:
            continue
        if other_name.startswith(name) and other_name[len(name)] in SEPARATORS:
            found.append(repo_id)
    return tuple(sorted(dict.fromkeys(found), key=str.lower))


def figures(text: str) -> frozenset[str]:
    """Return the figures a text states, normalised: "600 programming", "3b parameter"."""
    plain = ADDRESSES.sub(" ", text)
    # "600+" and "over 600" state one fact, so the plus is not part of the figure.
    return frozenset(
        f"{number.replace(',', '')}{unit.lower().replace('+', '')} {word.lower()}"
        for number, unit, word in FIGURE.findall(plain)
    )


def paragraphs_naming(text: str, repo_id: str) -> str:
    """Return the paragraphs of a card that name `repo_id` itself (not a longer id)."""
    pattern = _naming(repo_id)
    return "\n\n".join(p for p in PARAGRAPH_BREAK.split(text) if pattern.search(p))


def lines_naming(text: str, repo_id: str) -> str:
    """Return the lines of a card that name `repo_id` itself: how its own card describes it."""
    pattern = _naming(repo_id)
    return "\n".join(line for line in text.splitlines() if pattern.search(line))


def choose(
    missing_id: str, candidates: Mapping[str, str], model_card: str
) -> Resolution:
    """Return the candidate the model card's words single out (descriptions by candidate id)."""
    if not candidates:
        return Resolution(None, f"no public dataset of {_owner(missing_id)} extends the name")
    if len(candidates) == 1:
        (only,) = candidates
        return Resolution(only, f"{only} is the only public dataset of {_owner(missing_id)} "
                                "whose name extends it")
    # The paragraphs that link the missing id say what it held; a card that names it only in
    # its metadata speaks of it in the whole text.
    context = figures(paragraphs_naming(model_card, missing_id) or model_card)
    shared = {repo_id: sorted(context & figures(text)) for repo_id, text in candidates.items()}
    sharing = [repo_id for repo_id, found in shared.items() if found]
    names = ", ".join(sorted(candidates, key=str.lower))
    if len(sharing) != 1:
        return Resolution(None, f"{len(candidates)} public datasets extend the name ({names}) "
                                "and the card's figures single out none of them")
    (picked,) = sharing
    quoted = "', '".join(shared[picked])
    return Resolution(picked, f"of the {len(candidates)} public datasets that extend the name "
                              f"({names}), only {picked}'s card states the model card's "
                              f"'{quoted}'")


def _naming(repo_id: str) -> re.Pattern[str]:
    # The id itself, not the start of a longer one: `x/a-b` names `x/a-b`, not `x/a`.
    return re.compile(rf"(?<![\w\-]){re.escape(repo_id)}(?![\w\-])", re.IGNORECASE)


def _owner(repo_id: str) -> str:
    return repo_id.partition("/")[0]
