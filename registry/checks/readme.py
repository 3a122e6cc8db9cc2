"""Reading READMEs with a real Markdown parser: sections, their headings, their code blocks.

markdown-it-py (CommonMark) finds ATX and setext headings, fenced (``` and ~~~) and
indented code blocks, and code inside list items, so a `# comment` in a shell block is
never taken for a heading. Each section knows the trail of headings above it: a
"### Launch" under "## Pretraining" is about pretraining. Which topics count is a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from posixpath import basename

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class CodeBlock:
    """One code block: its text, its info string (`bash`, `yaml`...) and its first line."""

    text: str
    line: int  # 1-based README line of the block's first line of code
    info: str = ""  # the fence's language; "" for indented blocks and bare fences


@dataclass(frozen=True)
class Section:
    """A heading, the headings above it, its own body (not its sub-sections) and code."""

    trail: tuple[str, ...]  # outermost heading first; () for text before any heading
    body: str
    blocks: tuple[CodeBlock, ...]
    line: int  # 1-based line of the heading (1 for the text before any heading)

    @property
    def heading(self) -> str:
        """Return this section's own heading ("" before the first heading)."""
        return self.trail[-1] if self.trail else ""


@dataclass(frozen=True)
class HeadingTopic:
    """A topic a heading can be about, and whether code under it is a training command."""

    name: str
    pattern: re.Pattern[str]
    training: bool
    # True when the topic covers its whole subtree whatever the sub-headings say: a
    # "### Training" under "## Fine-tuning" still trains someone else's released model.
    binds_subtree: bool = False


# Heading topics, matched case-insensitively. A heading with several topics takes the
# non-training one ("Training data", "Training and fine-tuning"); the nearest topical
# heading decides, except that a subtree-binding topic anywhere above vetoes.
HEADING_TOPICS: tuple[HeadingTopic, ...] = (
    HeadingTopic(
        "fine-tuning",
        re.compile(
            r"fine-?tun|finetun|\bsft\b|\blora\b|\bpeft\b|instruction[- ]tun|\balign|\brlhf\b"
            r"|\bdpo\b|\badapt",
            re.I,
        ),
        training=False,
        binds_subtree=True,
    ),
    HeadingTopic("evaluation", re.compile(r"\beval|benchmark|\btest", re.I), training=False),
    HeadingTopic(
        "inference",
        re.compile(
            r"inference|\bgenerat|\bserv(e|ing)\b|deploy|\bdemo|\bchat|quantiz|convert|conversion"
            r"|\bexport|download|(pre-?)?trained (models?|checkpoints?|weights)|checkpoints?\b",
            re.I,
        ),
        training=False,
    ),
    HeadingTopic("data", re.compile(r"\bdata|tokeni[sz]|preprocess", re.I), training=False),
    HeadingTopic(
        "results", re.compile(r"details|results|\blogs?\b|curves?|\bloss\b", re.I), training=False
    ),
    # "pretrained"/"trained" are about using a model, so only train/training/trainer.
    HeadingTopic(
        "training",
        re.compile(r"\b(pre-?|re-?)?train(ing|er|s)?\b|reproduc|replicat", re.I),
        training=True,
    ),
)

_PARSER = MarkdownIt("commonmark")


def is_readme(path: str) -> bool:
    """Return True for README, README.md, readme.rst..."""
    return basename(path).lower().startswith("readme")


def sections(text: str) -> tuple[Section, ...]:
    """Return the sections of a Markdown text in order, each with its heading trail."""
    return _sections(text)


@lru_cache(maxsize=64)
def _sections(text: str) -> tuple[Section, ...]:
    lines = text.splitlines()
    tokens = _PARSER.parse(text)
    starts = [(0, 0, "")] + [
        (tok.map[0] if tok.map else 0, int(tok.tag[1]), _inline_text(tokens[i + 1]))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    found: list[Section] = []
    stack: list[tuple[int, str]] = []
    for index, (start, level, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        if level:
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, title)]
        body_from = start + 1 if level else 0
        blocks = tuple(_code_blocks(tokens, start if level else -1, end))
        trail = tuple(t for _, t in stack)
        if level or any(line.strip() for line in lines[:end]):
            found.append(Section(trail, "\n".join(lines[body_from:end]), blocks, start + 1))
    return tuple(found)


def training_sections(text: str) -> tuple[Section, ...]:
    """Return the sections whose heading trail makes them about (pre)training."""
    return tuple(s for s in sections(text) if topic_of(s.trail) == "training")


def topic_of(trail: tuple[str, ...]) -> str | None:
    """Return the topic a heading trail gives its section: the nearest topical heading's."""
    topics = [_heading_topic(heading) for heading in trail]
    if any(t is not None and t.binds_subtree for t in topics):
        return next(t.name for t in topics if t is not None and t.binds_subtree)
    nearest = next((t for t in reversed(topics) if t is not None), None)
    return nearest.name if nearest else None


def _heading_topic(heading: str) -> HeadingTopic | None:
    matched = [topic for topic in HEADING_TOPICS if topic.pattern.search(heading)]
    others = [topic for topic in matched if not topic.training]
    chosen = others or matched
    return chosen[0] if chosen else None


def _code_blocks(tokens: list[Token], start: int, end: int) -> list[CodeBlock]:
    return [
        CodeBlock(tok.content, tok.map[0] + (2 if tok.type == "fence" else 1), _language(tok.info))
        for tok in tokens
        if tok.type in ("fence", "code_block") and tok.map and start < tok.map[0] < end
    ]


def _inline_text(token: Token) -> str:
    children = token.children or []
    text = "".join(c.content for c in children if c.type in ("text", "code_inline"))
    return " ".join(text.split())


def _language(info: str) -> str:
    words = (info or "").strip().lower().split()
    return words[0].strip("{}.") if words else ""
