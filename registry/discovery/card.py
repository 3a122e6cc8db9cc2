"""Read a model card (README.md) into mentions: each link with its line and the headings above it.

Line numbers are the README file's own (front matter included), so "README line 42" is
the line a reader finds when opening README.md. Links inside fenced code blocks are
commands and examples (`pip install git+https://github.com/huggingface/transformers`),
not claims about the release, so only `git clone <url>` there is kept; images are logos.
A reference-style link (`[JAX][jax]` with `[jax]: https://...` at the foot of the card, as
Google's Gemma cards write them) is read where it is used, under that line's heading; a
definition nothing uses is read on its own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from registry.discovery.model import Mention

FENCE = re.compile(r"^\s*(```|~~~)")
ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.I)
# An HTML comment may span lines (a paragraph a card's authors commented out): the rendered
# card shows none of it, so its links are not the card's claims.
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
GIT_CLONE = re.compile(r"\bgit\s+clone\s+(?:-\S+\s+)*(https?://\S+)")
# [![alt](image)](target): a badge; its alt text is the link's words.
BADGE = re.compile(r"\[!\[([^\]]*)\]\([^)]*\)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# Link text may hold one level of brackets: Distil-Whisper's "[[Paper]](https://...)".
LINK_TEXT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"
MD_LINK = re.compile(r"\[" + LINK_TEXT + r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
# CommonMark reference links: [text][label], [text][] and [label]; labels are case-blind.
REF_DEFINITION = re.compile(
    r"^\s{0,3}\[([^\[\]]+)\]:\s*<?(\S+?)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$"
)
REF_LINK = re.compile(r"\[" + LINK_TEXT + r"\]\[([^\[\]]*)\]")
REF_SHORTCUT = re.compile(r"\[([^\[\]]+)\](?![\[(:])")
HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I)
HTML_IMG = re.compile(r"<img\s[^>]*>", re.I)
HTML_TAG = re.compile(r"<[^>]+>")
BARE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`{}|\\^]+")
# A git host written without its scheme ("code at github.com/org/repo"): still a link.
SCHEMELESS_GIT = re.compile(
    r"(?<![\w/.@-])(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)"
    r"/[\w.-]+/[\w.-]+"
)
TRAILING = ".,;:!?*_~'\""
MAX_HEADING_CHARS = 80
MAX_CONTEXT_CHARS = MAX_HEADING_CHARS * 4
# Where one sentence ends and the next begins, in a line's plain text.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[*(])")
# A setext heading: a line underlined with "===" (level 1) or "---" (level 2).
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s")
# A markdown table: rows start with "|", the header row is followed by "|---|:--:|".
TABLE_ROW = re.compile(r"^\s{0,3}\|")
TABLE_SEPARATOR = re.compile(r"^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class CardLine:
    """One line of the card outside code blocks, with the headings it sits under."""

    number: int
    text: str
    headings: tuple[str, ...]
    table_header: str = ""  # a table row's header row: its column names label the row's links


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
    lines = list(_lines(readme))
    references = _references(line for line, in_code in lines if not in_code)
    mentions: list[Mention] = []
    for line, in_code in lines:
        if in_code:
            mentions.extend(_clone_mentions(line))
        elif (definition := REF_DEFINITION.match(line.text)) is not None:
            # A definition a line uses is read there, not at the foot.
            if _label(definition.group(1)) not in references.used:
                mentions.extend(_bare_definition(line, definition.group(1), definition.group(2)))
        else:
            mentions.extend(_line_mentions(line, references.urls))
    return tuple(mentions)


@dataclass(frozen=True)
class _References:
    """A card's reference-link definitions (label -> URL) and the labels its lines use."""

    urls: dict[str, str]
    used: frozenset[str]


def _references(lines: Iterable[CardLine]) -> _References:
    urls: dict[str, str] = {}
    uses: set[str] = set()
    for line in lines:
        definition = REF_DEFINITION.match(line.text)
        if definition is not None:
            urls.setdefault(_label(definition.group(1)), definition.group(2))
            continue
        for match in REF_LINK.finditer(line.text):
            uses.add(_label(match.group(2) or match.group(1)))
        uses.update(_label(m.group(1)) for m in REF_SHORTCUT.finditer(line.text))
    return _References(urls, frozenset(uses & urls.keys()))


def _bare_definition(line: CardLine, label: str, url: str) -> Iterator[Mention]:
    cleaned = _clean_url(url)
    if cleaned:
        yield _mention(line, cleaned, label)


def _lines(readme: str) -> Iterator[tuple[CardLine, bool]]:
    # A comment is blanked to its line breaks, so every line keeps its README line number.
    lines = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), readme).splitlines()
    headings: list[tuple[int, str]] = []
    fence: str | None = None
    header = ""
    for index in range(front_matter_end(lines), len(lines)):
        raw = lines[index]
        marker = FENCE.match(raw)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        heading = _heading(raw) or _setext_heading(lines, index)
        if heading is not None and fence is None:
            level, title = heading
            headings = [h for h in headings if h[0] < level] + [(level, title)]
        header = _table_header(lines, index, header) if fence is None else ""
        card_line = CardLine(index + 1, raw, tuple(title for _, title in headings), header)
        yield card_line, fence is not None


def _setext_heading(lines: list[str], index: int) -> tuple[int, str] | None:
    """Return a heading underlined on the next line ("Training data" over "-----")."""
    raw = lines[index]
    if index + 1 >= len(lines) or not raw.strip() or TABLE_ROW.match(raw):
        return None
    if index > 0 and lines[index - 1].strip():
        return None  # a paragraph's last line: only a one-line paragraph is read as a heading
    if LIST_ITEM.match(raw) or ATX_HEADING.match(raw) or FENCE.match(raw):
        return None
    underline = SETEXT_UNDERLINE.match(lines[index + 1])
    if underline is None:
        return None
    return (1 if underline.group(1).startswith("=") else 2), plain_text(raw).strip()


def _table_header(lines: list[str], index: int, current: str) -> str:
    """Return the header row of the table the line is in ("" outside tables)."""
    raw = lines[index]
    if not TABLE_ROW.match(raw):
        return ""
    if index + 1 < len(lines) and TABLE_SEPARATOR.match(lines[index + 1]):
        return raw  # the header row itself: its words label the rows below
    return current


def _heading(raw: str) -> tuple[int, str] | None:
    match = ATX_HEADING.match(raw) or HTML_HEADING.search(raw)
    if match is None:
        return None
    title = plain_text(match.group(2)).strip()
    return (len(match.group(1)) if match.re is ATX_HEADING else int(match.group(1)), title)


def plain_text(markup: str) -> str:
    """Return the words of a line of markdown or HTML, without links' targets or images."""
    return _plain(markup)[:MAX_CONTEXT_CHARS]


def link_sentence(plain: str, url: str, text: str) -> str:
    """Return the sentence of a line's plain text that carries a link (by URL, else text)."""
    sentences = SENTENCE_END.split(plain)
    for needle in (url, text):
        found = next((s for s in sentences if needle and needle in s), None)
        if found is not None:
            return found
    return ""


def _plain(markup: str) -> str:
    text = BADGE.sub(lambda m: m.group(1), markup)
    text = IMAGE.sub("", text)
    text = MD_LINK.sub(lambda m: m.group(1), text)
    text = REF_LINK.sub(lambda m: m.group(1), text)
    text = HTML_TAG.sub("", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def _line_mentions(line: CardLine, references: Mapping[str, str]) -> Iterator[Mention]:
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
    rest = _resolve_references(rest, references, found)
    rest = HTML_IMG.sub(" ", IMAGE.sub(" ", rest))
    found.extend((url, "") for url in BARE_URL.findall(rest))
    rest = BARE_URL.sub(" ", rest)
    found.extend((f"https://{url}", "") for url in SCHEMELESS_GIT.findall(rest))
    for url, text in found:
        cleaned = _clean_url(url)
        if cleaned:
            yield _mention(line, cleaned, text)


def _resolve_references(
    rest: str, references: Mapping[str, str], found: list[tuple[str, str]]
) -> str:
    """Add the line's reference links to `found`; return the line without them."""

    def resolve(match: re.Match[str]) -> str:
        # [text][label], [text][] (the text is the label) and the shortcut [label].
        label = match.group(2) if match.re is REF_LINK else None
        url = references.get(_label(label or match.group(1)))
        if url is None:
            return match.group(0)
        found.append((url, plain_text(match.group(1))))
        return " "

    return REF_SHORTCUT.sub(resolve, REF_LINK.sub(resolve, rest))


def _label(text: str) -> str:
    """Return a reference label as CommonMark matches it: case-blind, spaces trimmed."""
    return text.strip().lower()


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
    plain = _plain(line.text)  # once: the context is its start, the sentence one of its parts
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
        context=plain[:MAX_CONTEXT_CHARS],
        sentence=link_sentence(plain, url, text),
        column_names=plain_text(line.table_header) if line.table_header != line.text else "",
        in_code=in_code,
        in_command=in_command,
    )


def _clean_url(url: str) -> str:
    url = url.strip().rstrip(TRAILING)
    # A ")" that closes prose around a bare URL is not part of it.
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(TRAILING)
    return url if url.lower().startswith(("http://", "https://")) else ""
