"""Reading a model or dataset card for MOF: which expected sections it has, and what it names.

MOF's model card and data card are documents with content, not a README that exists: a
card counts when its headings cover enough of the topics MOF expects (MOF 1.0, §4: the
model card follows Mitchell et al.'s sections; the data card describes sources and
collection after Gebru et al.'s datasheets) and it has more than a stub's words. Headings
are read with the same Markdown parser as the code checker's READMEs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from registry.checks.readme import sections

# Model card topics, matched on each heading (case-insensitively).
MODEL_CARD_TOPICS: Mapping[str, re.Pattern[str]] = {
    "details": re.compile(
        r"model (details|description|summary|overview|architecture|information|sources)"
        r"|^(overview|about|description|introduction|summary)\b",
        re.I,
    ),
    "uses": re.compile(
        r"\buses?\b|usage|intended|how to (use|get started)|getting started|quick ?start"
        r"|inference|out-of-scope|\bload(ing)?\b|running",
        re.I,
    ),
    "training": re.compile(r"train|pre-?train|\bdata\b|dataset|hyperparameter", re.I),
    "evaluation": re.compile(r"evaluat|results|benchmark|performance|metrics", re.I),
    "limitations": re.compile(
        r"limitation|bias|risk|ethic|safety|responsib|caveat|recommendation|harm", re.I
    ),
}
MIN_MODEL_CARD_TOPICS = 3
# Data card topics: a datasheet says where the data came from and how it was collected.
DATA_CARD_TOPICS: Mapping[str, re.Pattern[str]] = {
    "sources": re.compile(
        r"source|composition|content|summary|description|overview|structure|statistic"
        r"|subsets?|dataset (details|card)|data fields|data splits|languages?",
        re.I,
    ),
    "collection": re.compile(
        r"collect|curat|process|filter|creat|pipeline|construct|dedup|method|preparation"
        r"|annotation|how (it|this|the data) was",
        re.I,
    ),
    "uses": re.compile(r"\buses?\b|usage|intended|considerations|limitation|bias", re.I),
}
REQUIRED_DATA_CARD_TOPICS = frozenset({"sources", "collection"})
# Public benchmarks an evaluation section may name, and the dataset each is: a card that
# reports scores on them under an evaluation heading names its evaluation data.
BENCHMARKS: Mapping[str, re.Pattern[str]] = {
    "allenai/ai2_arc": re.compile(
        r"\barc[ _-]?(c|e|challenge|easy)\b|AI2 Reasoning Challenge", re.I
    ),
    "Rowan/hellaswag": re.compile(r"\bhella[ _-]?swag\b", re.I),
    "cais/mmlu": re.compile(r"\bmmlu\b", re.I),
    "truthfulqa/truthful_qa": re.compile(r"\btruthful[ _-]?qa\b", re.I),
    "allenai/winogrande": re.compile(r"\bwino[ _-]?grande\b", re.I),
    "ybisk/piqa": re.compile(r"\bpiqa\b|Physical Interaction: Question Answering", re.I),
    "google/boolq": re.compile(r"\bboolq\b", re.I),
    "allenai/openbookqa": re.compile(r"\bopenbook[ _-]?qa\b", re.I),
    "allenai/sciq": re.compile(r"\bsciq\b", re.I),
    "openai/gsm8k": re.compile(r"\bgsm[ _-]?8k\b", re.I),
    "EleutherAI/lambada_openai": re.compile(r"\blambada\b", re.I),
    "openai/openai_humaneval": re.compile(r"\bhuman[ _-]?eval\b", re.I),
}
MIN_CARD_WORDS = 150  # a heading or two and a sentence is a stub, not a card
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}", re.M)  # the |---| line of a Markdown table
ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.I)
MAX_NAMES = 12


@dataclass(frozen=True)
class CardReading:
    """What a card shows: its MOF topics, words, results and what it names."""

    topics: tuple[str, ...]
    words: int
    results_table: bool  # an evaluation section with a table of scores
    model_index: bool  # model-index metadata with results
    eval_datasets: tuple[str, ...]  # datasets the model-index results were measured on
    arxiv_ids: tuple[str, ...]  # papers the card links or its tags name

    def as_fact(self) -> dict[str, Any]:
        """Return the reading as evidence facts store it."""
        return {
            "topics": list(self.topics),
            "words": self.words,
            "results_table": self.results_table,
            "model_index": self.model_index,
            "eval_datasets": list(self.eval_datasets),
            "arxiv_ids": list(self.arxiv_ids),
        }


def read_card(
    text: str,
    card_data: Mapping[str, object],
    tags: Iterable[str],
    topics: Mapping[str, re.Pattern[str]],
) -> CardReading:
    """Return what a card's text and metadata show, against one table of topics."""
    body = _without_front_matter(text)
    found: dict[str, None] = {}
    results_table = False
    benchmarks: list[str] = []
    for section in sections(body):
        for name, pattern in topics.items():
            if section.heading and pattern.search(section.heading):
                found[name] = None
        if _is_evaluation(section.trail):
            results_table = results_table or TABLE_RULE.search(section.body) is not None
            benchmarks += [name for name, p in BENCHMARKS.items() if p.search(section.body)]
    index = _model_index(card_data)
    tagged = [t.split(":", 1)[1] for t in tags if t.startswith("arxiv:")]
    linked = ARXIV_LINK.findall(body)
    return CardReading(
        topics=tuple(found),
        words=len(body.split()),
        results_table=results_table,
        model_index=bool(index),
        eval_datasets=tuple(dict.fromkeys([*_eval_datasets(index), *benchmarks]))[:MAX_NAMES],
        arxiv_ids=tuple(dict.fromkeys([*linked, *tagged]))[:MAX_NAMES],
    )


def is_model_card(topics: Iterable[str], words: int) -> bool:
    """Return True when a README is a real model card: enough MOF topics and words."""
    return len(set(topics) & set(MODEL_CARD_TOPICS)) >= MIN_MODEL_CARD_TOPICS and (
        words >= MIN_CARD_WORDS
    )


def is_data_card(topics: Iterable[str], words: int) -> bool:
    """Return True when a dataset README describes its sources and their collection."""
    return REQUIRED_DATA_CARD_TOPICS <= set(topics) and words >= MIN_CARD_WORDS


def _is_evaluation(trail: tuple[str, ...]) -> bool:
    return any(MODEL_CARD_TOPICS["evaluation"].search(h) for h in trail)


def _without_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def _model_index(card_data: Mapping[str, object]) -> list[Mapping[str, Any]]:
    # model-index: [{name, results: [{task, dataset: {name, type}, metrics: [...]}]}]
    index = card_data.get("model-index") or card_data.get("model_index")
    if not isinstance(index, list):
        return []
    results = [r for entry in index if isinstance(entry, Mapping)
               for r in entry.get("results") or [] if isinstance(r, Mapping)]  # fmt: skip
    return [r for r in results if r.get("metrics")]


def _eval_datasets(results: list[Mapping[str, Any]]) -> list[str]:
    names = []
    for result in results:
        dataset = result.get("dataset")
        if isinstance(dataset, Mapping):
            name = dataset.get("type") or dataset.get("name")
            if isinstance(name, str) and name:
                names.append(name)
    return names
