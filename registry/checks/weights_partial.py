"""A model card that says its weight files are not the model: a delta or XOR over another one.

When a base model's licence forbade redistribution, labs published the difference instead:
Vicuna's "delta weights" to add to LLaMA, OpenAssistant's XOR-encoded files decoded with
your own copy of LLaMA. The files are weights by their bytes, but the model the release
describes exists only once someone else's weights are added, under that model's terms, so
the weights checker records a doubt (never open) quoting the card. Each row needs words
that say the files *are* the difference, so a card that merely mentions a delta (an
architecture named DeltaNet, "the delta between runs") never matches.
"""

from __future__ import annotations

from registry.checks.licences.sources import card_phrases

DELTA_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\b(?:delta|diff)\s+weights?\b|\bweight\s+(?:deltas?|diffs?|differences?)\b",
     "the files are a delta to add to another model's weights"),
    (r"\bxor[- ]?(?:encoded|ed|weights?|codec|decod\w*|files?)\b",
     "the files are XOR-encoded against another model's weights"),
    (r"\b(?:add|apply)\s+(?:them|these(?:\s+weights)?|this\s+delta|the\s+(?:delta|diff\w*))\s+"
     r"(?:to|on(?:\s+top\s+of)?)\s+(?:the\s+|your\s+)?(?:original\s+)?[\w.-]+(?:\s+[\w.-]+)?"
     r"\s+weights\b",
     "the files are a delta to add to another model's weights"),
)  # fmt: skip


def delta_publication(card: str) -> list[str]:
    """Return a sentence per way the card's prose says its weights are a delta over others."""
    found = card_phrases(card, DELTA_PHRASES)
    return [f'The card says "{words}": {meaning}.' for words, meaning in found]
