"""Read an arXiv abstract page: its title, abstract and comments, and the links they give.

arXiv renders a URL in an abstract as `<a href="...">this https URL</a>` inside
`<blockquote class="abstract">`, and the authors' comments ("Code at ...") in
`<td class="tablecell comments">`. Papers with Code links on the page are loaded by
JavaScript, so the static page never has them; only what the authors wrote is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from registry.discovery.model import Mention
from registry.ports import HubPaper

# The page parts read, by the CSS class that marks them, and how a provenance names them.
SECTIONS = {"abstract": "abstract", "comments": "comments", "title": "title"}
BARE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`{}|\\^]+")
CONTEXT_CHARS = 160


@dataclass(frozen=True)
class PaperPage:
    """The parts of an arXiv abstract page discovery reads."""

    arxiv_id: str
    title: str
    abstract: str
    comments: str
    mentions: tuple[Mention, ...]


class _AbsParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {name: [] for name in SECTIONS}
        self.links: list[tuple[str, str, str]] = []  # (section, href, text before it)
        self._section: str | None = None
        self._depth = 0
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._section is None:
            self._section = next((s for s in SECTIONS if s in classes), None)
            self._depth = 1 if self._section else 0
            return
        self._depth += 1
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if self._section is None:
            return
        self._depth -= 1
        if tag == "a" and self._href:
            before = " ".join("".join(self.texts[self._section]).split())[-CONTEXT_CHARS:]
            self.links.append((self._section, self._href, before))
            self._href = None
        if self._depth <= 0:
            self._section = None

    def handle_data(self, data: str) -> None:
        if self._section is not None:
            self.texts[self._section].append(data)


def parse_abs_page(arxiv_id: str, html: str) -> PaperPage:
    """Return the title, abstract, comments and links of an arXiv abstract page."""
    parser = _AbsParser()
    parser.feed(html)
    texts = {k: " ".join("".join(v).split()) for k, v in parser.texts.items()}
    mentions = [_mention(arxiv_id, section, href, before) for section, href, before in parser.links]
    linked = {m.url for m in mentions}
    for section in ("abstract", "comments"):
        for url in BARE_URL.findall(texts[section]):
            cleaned = url.rstrip(".,;:)")
            if cleaned not in linked:
                mentions.append(_mention(arxiv_id, section, cleaned, texts[section]))
    title = texts["title"].removeprefix("Title:").strip()
    abstract = texts["abstract"].removeprefix("Abstract:").strip()
    return PaperPage(arxiv_id, title, abstract, texts["comments"], tuple(mentions))


def _mention(arxiv_id: str, section: str, url: str, before: str) -> Mention:
    return Mention(
        url=url,
        provenance=f"paper abstract page (arXiv {arxiv_id}), {SECTIONS[section]}",
        heading=section,
        headings=(section,),
        text="",
        context=before[-CONTEXT_CHARS:],
    )


def paper_html_url(arxiv_id: str) -> str:
    """Return the address of arXiv's HTML rendering of the paper itself."""
    return f"https://arxiv.org/html/{arxiv_id}"


class _FrontMatterParser(HTMLParser):
    """Links of the paper's first page: inside the article, before its first section.

    arXiv's HTML rendering (LaTeXML) puts the title, authors and abstract, and the lines
    authors write under them ("Code: https://github.com/..."), in `<article class=
    "ltx_document">` ahead of the first `<section>`; the site's own header and footer links
    sit outside the article and are never read.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, the words that introduce it)
        self._state = "before"  # before the article, in its front matter, or done
        self._href: str | None = None
        self._since = 0  # where the words after the previous link begin

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._state == "before" and tag == "article" and "ltx_document" in classes:
            self._state = "front"
        elif self._state == "front" and tag == "section":
            self._state = "done"
        elif self._state == "front" and tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if self._state == "front" and tag == "a" and self._href:
            self.links.append((self._href, _introduction("".join(self.text[self._since:]))))
            self._href = None
            self._since = len(self.text)

    def handle_data(self, data: str) -> None:
        if self._state == "front":
            self.text.append(data)


def _introduction(text: str) -> str:
    # The words of the sentence that leads to the link, from after the previous link:
    # "... under the Apache 2.0 license. Code: <url>" is introduced by "Code:" alone.
    words = " ".join(text.split())
    return words.rsplit(". ", 1)[-1]


def parse_paper_front_matter(arxiv_id: str, html: str) -> tuple[Mention, ...]:
    """Return the links of the paper's first page in arXiv's HTML rendering of it."""
    parser = _FrontMatterParser()
    parser.feed(html)
    where = f"the paper's first page (arXiv HTML {arxiv_id}), before its first section"
    return tuple(
        Mention(url=href, provenance=where, heading="first page", headings=("first page",),
                context=before[-CONTEXT_CHARS:])
        for href, before in parser.links
        if href.lower().startswith(("http://", "https://"))
    )


def paper_page_mentions(page: HubPaper) -> tuple[Mention, ...]:
    """Return the code link the Hub's page of a paper gives (its GitHub button), if any."""
    if not page.github_repo:
        return ()
    return (Mention(
        url=page.github_repo,
        provenance=f"the Hub's page of the paper (arXiv {page.arxiv_id}), its GitHub link",
        heading="paper page",
        headings=("paper page",),
    ),)
