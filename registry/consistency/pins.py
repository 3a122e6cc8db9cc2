"""Pins: the code commit or tag, and the data revision, that a card or README names.

A pin must not move: a commit id, or a tag that looks like a version. A branch (`main`,
`dev`, any name without a digit) moves with every push, so `…/blob/main/train.py` names
the code but pins nothing. Only pins of the release's own code repository and data
artifacts count; a card pinning some other project's commit says nothing of this one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from registry.consistency.data_names import Text

GIT_REF = re.compile(
    r"(?P<repo>(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/[\w.\-]+/[\w.\-]+?)"
    r"(?:\.git)?/(?:-/)?(?:commit|tree|blob|releases/tag|src)/(?P<ref>[\w.\-]*[\w\-])",
    re.I,
)
HUB_DATA_REF = re.compile(
    r"(?:huggingface\.co|hf\.co)/datasets/(?P<repo>[\w.\-]+/[\w.\-]+)/(?:tree|blob|commit)/"
    r"(?P<ref>[\w.\-]*[\w\-])",  # a sentence's full stop is not part of the ref
    re.I,
)
# Pins written in prose or commands, for the repository the release declares.
CHECKOUT = re.compile(r"\bgit\s+checkout\s+(?P<ref>[\w.\-]*[\w\-])")
CLONE = re.compile(r"\bgit\s+clone\s+(?:--?[\w\-=]+\s+)*(?P<url>\S+?)(?:\.git)?(?:\s|$)")
COMMIT_WORD = re.compile(r"\bcommit\s+(?:id\s+)?[`\"']?(?P<ref>[0-9a-f]{7,40})\b", re.I)
REVISION_ARG = re.compile(r"\brevision\s*[=:]\s*[\"'](?P<ref>[\w.\-]+)[\"']")
HEX = re.compile(r"^[0-9a-f]{7,40}$")
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
BRANCHES = frozenset({"main", "master", "dev", "develop", "head", "trunk", "latest"})


@dataclass(frozen=True)
class NamedPin:
    """A ref a text names for the code or the data, and where."""

    what: str  # "code" or "data"
    repository: str
    ref: str
    where: str

    @property
    def full_commit(self) -> bool:
        """Return True for a full commit id (it can be fetched by itself)."""
        return FULL_SHA.match(self.ref.lower()) is not None


def is_pin(ref: str) -> bool:
    """Return True for a ref that cannot move: a commit id or a versioned tag."""
    lowered = ref.lower()
    if lowered in BRANCHES:
        return False
    return HEX.match(lowered) is not None or any(c.isdigit() for c in lowered)


def find_pins(
    texts: Iterable[Text], code_url: str | None, data_ids: Sequence[str]
) -> tuple[list[NamedPin], list[NamedPin]]:
    """Return the code pins and the data pins the texts name, for the release's own repos."""
    code: list[NamedPin] = []
    data: list[NamedPin] = []
    wanted_code = _repo_key(code_url) if code_url else None
    wanted_data = {d.lower() for d in data_ids}
    for text in texts:
        for number, line in enumerate(text.text.splitlines(), start=1):
            where = f"{text.where} line {number}"
            code += _code_pins(line, where, code_url, wanted_code)
            data += _data_pins(line, where, wanted_data, data_ids)
        code += _checkout_pins(text, code_url, wanted_code)
    return _unique(code), _unique(data)


def _code_pins(line: str, where: str, url: str | None, wanted: str | None) -> list[NamedPin]:
    if url is None or wanted is None:
        return []
    pins = [
        NamedPin("code", url, m["ref"], where)
        for m in GIT_REF.finditer(line)
        if _repo_key(m["repo"]) == wanted and is_pin(m["ref"])
    ]
    # "commit <id>" in prose counts when the line names this repository.
    if wanted.split("/")[-1] in line.lower() and not GIT_REF.search(line):
        pins += [
            NamedPin("code", url, m["ref"], where)
            for m in COMMIT_WORD.finditer(line)
            if is_pin(m["ref"])
        ]
    return pins


def _checkout_pins(text: Text, url: str | None, wanted: str | None) -> list[NamedPin]:
    # `git checkout v1.0` pins the repository cloned last before it, which may be another
    # project (Pythia's README checks out a GPT-NeoX tag): only our own clone counts.
    if url is None or wanted is None:
        return []
    pins: list[NamedPin] = []
    cloned: str | None = None
    for number, line in enumerate(text.text.splitlines(), start=1):
        clone = CLONE.search(line)
        if clone:
            cloned = _repo_key(clone["url"])
        for match in CHECKOUT.finditer(line):
            if cloned == wanted and is_pin(match["ref"]):
                pins.append(NamedPin("code", url, match["ref"], f"{text.where} line {number}"))
    return pins


def _data_pins(line: str, where: str, wanted: set[str], data_ids: Sequence[str]) -> list[NamedPin]:
    pins = [
        NamedPin("data", m["repo"], m["ref"], where)
        for m in HUB_DATA_REF.finditer(line)
        if m["repo"].lower() in wanted and is_pin(m["ref"])
    ]
    if "load_dataset" in line:
        named = next((d for d in data_ids if d.lower() in line.lower()), None)
        if named is not None:
            pins += [
                NamedPin("data", named, m["ref"], where)
                for m in REVISION_ARG.finditer(line)
                if is_pin(m["ref"])
            ]
    return pins


def _repo_key(url: str) -> str:
    key = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower()).rstrip("/")
    return key.removesuffix(".git")


def _unique(pins: list[NamedPin]) -> list[NamedPin]:
    seen: dict[tuple[str, str], NamedPin] = {}
    for pin in pins:
        seen.setdefault((pin.repository.lower(), pin.ref), pin)
    return list(seen.values())
