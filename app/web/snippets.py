"""Copy-and-paste badge snippets: Markdown, HTML and reStructuredText, with absolute URLs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from flask import request
from markupsafe import escape


@dataclass(frozen=True)
class Snippet:
    """One way to embed a badge: the markup language and the text to paste."""

    language: str
    slug: str
    text: str


def _markdown(alt: str, image: str, target: str) -> str:
    label = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"[![{label}]({image})]({target})"


def _html(alt: str, image: str, target: str) -> str:
    return f'<a href="{escape(target)}"><img src="{escape(image)}" alt="{escape(alt)}"></a>'


def _rst(alt: str, image: str, target: str) -> str:
    return f".. image:: {image}\n   :target: {target}\n   :alt: {alt}"


# (language, anchor-friendly slug, renderer): the formats READMEs are written in.
FORMATS: tuple[tuple[str, str, Callable[[str, str, str], str]], ...] = (
    ("Markdown", "markdown", _markdown),
    ("HTML", "html", _html),
    ("reStructuredText", "rst", _rst),
)


def absolute(path: str) -> str:
    """Return an absolute URL on this site for a path."""
    return urljoin(request.url_root, path.lstrip("/"))


def badge_snippets(alt: str, badge_path: str, page_path: str) -> list[Snippet]:
    """Return the badge at `badge_path`, linking to `page_path`, in every format."""
    image, target = absolute(badge_path), absolute(page_path)
    return [
        Snippet(language, slug, render(alt, image, target)) for language, slug, render in FORMATS
    ]


def badge_panel(
    title: str, badges: Mapping[str, str], page_path: str, version: int
) -> list[dict[str, object]]:
    """Return one entry per badge (overall, then per pillar) with its snippets.

    The preview's URL carries the score version, so a browser that cached the badge before
    a check still shows the new verdict; the snippets keep the plain, always-current URL.
    """
    panel: list[dict[str, object]] = []
    for name, path in badges.items():
        overall = name in ("release", "lab")
        alt = f"{title}: openness" if overall else f"{title}: {name} openness"
        if name == "consistency":
            alt = f"{title}: does the code explain the model?"
        snippets = badge_snippets(alt, path, page_path)
        preview = f"{absolute(path)}?v={version}"
        panel.append({"name": name, "image": preview, "alt": alt, "snippets": snippets})
    return panel
