"""The datasets a training config, a data script or a model card names, and where.

Two kinds of name: a Hub dataset id (`huggingface.co/datasets/org/name`, `hf://datasets/…`,
`load_dataset("org/name")`, a card's `datasets:` list) and a data path (the files a config
trains on: `s3://bucket/preprocessed/dclm/part-000.npy`, `/fsx/pile/pile_text_document`).
Paths are grouped by folder, so a mixture of 2,000 shards is one named source per folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

HUB_DATASET = re.compile(
    r"(?:huggingface\.co/datasets/|hf\.co/datasets/|hf://datasets/)"
    r"(?P<id>[A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*)"
)
LOAD_DATASET = re.compile(r"load_dataset\(\s*[\"'](?P<id>[A-Za-z0-9][\w.\-]*/[\w.\-]+)[\"']")
# `dataset_name: org/name`, `"hf_dataset_or_datasets": "org/name"`.
DATASET_KEY = re.compile(
    r"\b(?:dataset_name|dataset_id|hf_dataset\w*|dataset_path|hf_path)[\"']?\s*[:=]\s*[\"']?"
    r"(?P<id>[A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]+)"
)
PATH = re.compile(r"(?:[a-z][a-z0-9+]*://|/|\./|~/)?[\w.\-]+(?:/[\w.\-*]+)+")
DATA_SUFFIX = re.compile(
    r"\.(npy|bin|idx|jsonl?|json\.gz|jsonl\.gz|jsonl\.zst|json\.zst|zst|parquet|arrow"
    r"|tfrecords?|mds|gz)$",
    re.I,
)
# A line that says it is about data: a path on it is a data path even without a suffix.
DATA_LINE = re.compile(r"data|dataset|corpus|mixture|prefix", re.I)
NOT_DATA_PATH = re.compile(
    r"github\.com|\.py$|\.sh$|\.ya?ml$|\.md$|config|tokenizer|checkpoint|ckpt|wandb|/runs?/"
    r"|save_|log",
    re.I,
)
# Storage a training run reads from; a web page (`https://…`) names data only by its suffix.
DATA_SCHEME = re.compile(r"^(s3|gs|hf|az|abfs|oss|r2|hdfs|file)://", re.I)
WEB = re.compile(r"^https?://", re.I)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*)$")
NOT_PRETRAINING = re.compile(
    r"post-?training|fine-?tun|instruct|\bsft\b|\bdpo\b|rlhf|preference|\bchat\b|eval"
    r"|benchmark",
    re.I,
)
COMMENT_LINE = re.compile(r"^\s*(#|//)")
KEY = re.compile(r"""^[\s-]*["']?(?P<key>[\w.\-]+)["']?\s*:""")
NOT_TRAINING_KEY = re.compile(r"eval|valid|(^|[_\-])test", re.I)
SHARD_FILE = re.compile(r"/[^/]*\d[^/]*\.[a-z0-9.]+$|/[^/]*\*[^/]*$", re.I)


@dataclass(frozen=True)
class NamedSource:
    """One dataset a text names: a Hub id or a data folder, and the first place it was named."""

    name: str
    hub_id: bool
    where: str

    def described(self) -> str:
        """Return the name with where it was named, as a reader sees it."""
        return f"{self.name} ({self.where})"


@dataclass(frozen=True)
class Text:
    """A text to read for names, labelled with where it comes from."""

    where: str  # "configs/7b.yaml", "model card"
    text: str
    markdown: bool = False  # a card or README: sections by heading, no YAML nesting


def named_sources(texts: Iterable[Text], card_datasets: Iterable[str] = ()) -> list[NamedSource]:
    """Return every dataset the texts and the card's metadata name, first naming first."""
    found: dict[str, NamedSource] = {}
    for dataset in card_datasets:
        found.setdefault(dataset.lower(), NamedSource(dataset, True, "model card metadata"))
    for text in texts:
        lines = prose_lines(text.text) if text.markdown else training_lines(text.text)
        for number, line in lines:
            for source in _on_line(line, f"{text.where}:{number}"):
                found.setdefault(source.name.lower(), source)
    return list(found.values())


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield the numbered lines of a card that are about pretraining data.

    A card also names what its fine-tuned variants trained on and what it was evaluated
    on (OLMo 2's "Post-training (Tulu 3 SFT OLMo mix)"): lines and sections about
    post-training, fine-tuning or evaluation are left out.
    """
    in_other = False
    for number, line in enumerate(text.splitlines(), start=1):
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            in_other = NOT_PRETRAINING.search(heading["title"]) is not None
            continue
        if not in_other and NOT_PRETRAINING.search(line) is None:
            yield number, line


def training_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield the numbered lines outside evaluation, validation and test sections and keys.

    A config names its evaluation sets too (OLMo's `evaluators:`, GPT-NeoX's
    `valid-data-paths`): data it measures with, not data it trains on. Sections are
    found by indentation, as YAML nests them; a commented-out line names nothing.
    """
    sections: list[tuple[int, bool]] = []  # (indent, is an evaluation section)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or COMMENT_LINE.match(line):
            continue
        indent = len(line) - len(line.lstrip(" -"))
        while sections and sections[-1][0] >= indent:
            sections.pop()
        key = KEY.match(line)
        evaluation = key is not None and NOT_TRAINING_KEY.search(key["key"]) is not None
        if key is not None:
            sections.append((indent, evaluation))
        if not evaluation and not any(e for _, e in sections):
            yield number, line


def _on_line(line: str, where: str) -> list[NamedSource]:
    ids = [m["id"] for p in (HUB_DATASET, LOAD_DATASET, DATASET_KEY) for m in p.finditer(line)]
    sources = [NamedSource(_clean(i), True, where) for i in ids]
    if ids:
        return sources
    data_line = DATA_LINE.search(line) is not None
    for match in PATH.finditer(line):
        path = match.group(0)
        if not _is_data_path(path, data_line):
            continue
        sources.append(NamedSource(_folder(path), False, where))
    return sources


def _is_data_path(path: str, data_line: bool) -> bool:
    if NOT_DATA_PATH.search(path):
        return False
    if DATA_SUFFIX.search(path) or DATA_SCHEME.match(path):
        return True
    # Without a suffix, only a storage path on a line about data: `"data-path": "/fsx/pile"`;
    # never prose that happens to hold a slash ("Feb./March").
    segments = path.strip("/").split("/")
    prose = any(s.endswith(".") or not any(c.isalnum() for c in s) for s in segments)
    return data_line and not WEB.match(path) and not prose


def _clean(hub_id: str) -> str:
    return hub_id.rstrip(".").removesuffix(".git")


def _folder(path: str) -> str:
    # Shards of one folder are one source: drop a numbered or wildcard file name.
    return SHARD_FILE.sub("", path) if SHARD_FILE.search(path) else path
