"""Read a badge SVG back as XML: its title, visible texts, fill colours and size."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class ParsedBadge:
    """What a reader of the SVG sees."""

    title: str
    texts: tuple[str, ...]
    fills: tuple[str, ...]
    width: float
    height: float
    root: ET.Element


def parse_badge(svg: str | bytes) -> ParsedBadge:
    """Parse a badge; raises ParseError unless it is well-formed XML in the SVG namespace."""
    # Our own output under test; the brief rules out defusedxml as unnecessary here.
    root = ET.fromstring(svg)  # noqa: S314
    assert root.tag == f"{SVG}svg"
    texts: list[str] = []
    for element in root.iter(f"{SVG}text"):
        # flat badges draw each text twice (a shadow, then the text): keep one of each.
        if element.text and (not texts or texts[-1] != element.text):
            texts.append(element.text)
    title = root.find(f"{SVG}title")
    return ParsedBadge(
        title=title.text or "" if title is not None else "",
        texts=tuple(texts),
        fills=tuple(r.get("fill", "") for r in root.iter(f"{SVG}rect")),
        width=float(root.get("width", "0")),
        height=float(root.get("height", "0")),
        root=root,
    )
