"""Read a model card (README.md) into mentions: each link with its line and the headings above it.

Line numbers are the README file's own (front matter included), so "README line 42" is
the line a reader finds when opening README.md. Links inside fenced code blocks are
commands and examples (`pip install git+https://github.com/huggingface/transformers`),
not claims about the release, so only `git clone <url>` there is kept; images are logos.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from registry.discovery.model import Mention

FENCE = re.compile(r"^\s*(```|~~~)")
ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.I)
HTML_COMMENT = re.compile(r"<!--.*?-->")
GIT_CLONE = re.compile(r"\bgit\s+clone\s+(?:-\S+\s+)*(https?://\S+)")
# [![alt](image)](target): a badge; its alt text is the link's words.
BADGE = re.compile(r"\[!\[([^\]]*)\]\([^)]*\)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I)
HTML_IMG = re.compile(r"<img\s[^>]*>", re.I)
HTML_TAG = re.compile(r"<[^>]+>")
BARE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`{}|\\^]+")
TRAILING = ".,;:!?*_~'\""
MAX_HEADING_CHARS = 80


@dataclass(frozen=True)
class CardLine:
    """One line of the card outside code blocks, with the headings it sits under."""

    number: int
    text: str
    headings: tuple[str, ...]


def front_matter_end(lines: list[str]) -> int:
    """Return the index of the first line after the YAML front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


def card_mentions(readme: str) -> tuple[Mention, ...]:
    """Return every link in the card body, in order, with its line and headings."""
    mentions: list[Mention] = []
    for line, in_code in _lines(readme):
        if in_code:
            mentions.extend(_clone_mentions(line))
        else:
            mentions.extend(_line_mentions(line))
    return tuple(mentions)


def _lines(readme: str) -> Iterator[tuple[CardLine, bool]]:
    lines = readme.splitlines()
    headings: list[tuple[int, str]] = []
    fence: str | None = None
    for index in range(front_matter_end(lines), len(lines)):
        raw = HTML_COMMENT.sub("", lines[index])
        marker = FENCE.match(raw)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        heading = _heading(raw)
        if heading is not None and fence is None:
            level, title = heading
            headings = [h for h in headings if h[0] < level] + [(level, title)]
        card_line = CardLine(index + 1, raw, tuple(title for _, title in headings))
        yield card_line, fence is not None


def _heading(raw: str) -> tuple[int, str] | None:
    match = ATX_HEADING.match(raw) or HTML_HEADING.search(raw)
    if match is None:
        return None
    title = plain_text(match.group(2)).strip()
    return (len(match.group(1)) if match.re is ATX_HEADING else int(match.group(1)), title)


def plain_text(markup: str) -> str:
    """Return the words of a line of markdown or HTML, without links' targets or images."""
    text = BADGE.sub(lambda m: m.group(1), markup)
    text = IMAGE.sub("", text)
    text = MD_LINK.sub(lambda m: m.group(1), text)
    text = HTML_TAG.sub("", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())[:MAX_HEADING_CHARS * 4]


def _line_mentions(line: CardLine) -> Iterator[Mention]:
    rest = line.text
    found: list[tuple[str, str]] = []
    for pattern, url_group, text_group in (
        (BADGE, 2, 1),
        (HTML_LINK, 1, 2),
        (MD_LINK, 2, 1),
    ):
        for match in pattern.finditer(rest):
            found.append((match.group(url_group), plain_text(match.group(text_group))))
        rest = pattern.sub(" ", rest)
    rest = HTML_IMG.sub(" ", IMAGE.sub(" ", rest))
    found.extend((url, "") for url in BARE_URL.findall(rest))
    for url, text in found:
        cleaned = _clean_url(url)
        if cleaned:
            yield _mention(line, cleaned, text)


def _clone_mentions(line: CardLine) -> Iterator[Mention]:
    cloned = {_clean_url(url) for url in GIT_CLONE.findall(line.text)}
    for url in cloned:
        yield _mention(line, url, "git clone", in_code=True, in_command=True)
    # Other URLs in code are kept as in-code mentions: the ranking reads only papers there
    # (a citation block's `url = {https://arxiv.org/abs/...}`).
    for raw in BARE_URL.findall(line.text):
        url = _clean_url(raw.rstrip("},"))
        if url and url not in cloned:
            yield _mention(line, url, "", in_code=True)


def _mention(
    line: CardLine, url: str, text: str, in_code: bool = False, in_command: bool = False
) -> Mention:
    heading = line.headings[-1] if line.headings else None
    where = f"README line {line.number}"
    if heading:
        where += f", under '{heading[:MAX_HEADING_CHARS]}'"
    if in_command:
        where += ", in a `git clone` command"
    elif in_code:
        where += ", in a code block"
    return Mention(
        url=url,
        provenance=where,
        line=line.number,
        heading=heading,
        headings=line.headings,
        text=text,
        context=plain_text(line.text),
        in_code=in_code,
        in_command=in_command,
    )


def _clean_url(url: str) -> str:
    url = url.strip().rstrip(TRAILING)
    # A ")" that closes prose around a bare URL is not part of it.
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(TRAILING)
    return url if url.lower().startswith(("http://", "https://")) else ""
