"""A paper link named for another work: a card's "see the Moshi paper" is not its own paper.

Cards link the papers of what a model builds on or is measured with beside their own:
Kyutai's TTS card cites "[the Moshi paper]" for its codec next to its own "[pre-print
research paper]"; Gemma's card quotes "[paper about the Gemini family of models]"; Zephyr
ORPO's links the benchmark "[IFEval]". Reading such a paper's pages proposes that work's
links (Moshi's repository, the benchmark's) as this release's. A link is named for another
work when its text calls it a named work's paper ("the X paper", "paper about the X"), or
is a bare name, and no name it gives is a token of the model's own name ("the Code Llama
paper" for CodeLlama-7b-hf names the release). A title (several words, no "paper") is
never read as a name: "Robust Speech Recognition via ..." is Whisper's own paper. A link
whose text cites authors and a year ("[Brown et al., 2020]") is a cited work too.
"""

from __future__ import annotations

import re

from registry.discovery import rules
from registry.discovery.model import Mention

# "the Moshi paper", "Gemini's technical report", "paper about the Gemini family",
# "the paper on Hibiki": the capitalised words next to the word that says paper.
NAMED_BEFORE = re.compile(
    r"((?:[A-Z][\w.+-]*\s+){1,3})(?:'s\s+)?(?:technical\s+report|paper|report|preprint)\b"
)
NAMED_AFTER = re.compile(
    r"\b(?:paper|report|preprint)\s+(?:about|on|of|for)\s+(?:the\s+)?((?:[A-Z][\w.+-]*\s*){1,3})"
)
# A link text that is one name alone ("IFEval", "MT-Bench"), not a word of a sentence.
BARE_NAME = re.compile(r"^[A-Z][\w.+-]*$|^[\w.+-]*[A-Z][\w.+-]*$")
# An author-year citation as the link text ("[Brown et al., 2020]" after "the GPT-3 paper")
# cites a work by its authors: the release's own paper is never cited that way on its card.
AUTHOR_YEAR = re.compile(r"\bet\s+al\.?,?\s*\(?(?:19|20)\d\d")
# Words that name no work: how cards label their own paper's link.
GENERIC = frozenset(
    "the our this a an see read here link paper papers report technical preprint research "
    "arxiv pdf html abstract publication article blog post citation cite".split()
)
OTHER_WORK = (-3, "its words name another work's paper, not this release's")
AUTHORS_CITED = (-3, "its text cites another work by its authors and year")


def named_works(text: str) -> tuple[str, ...]:
    """Return the names a paper link's text gives its work ("Moshi"), none for a title."""
    stripped = " ".join(text.split())
    names = [m.group(1) for m in NAMED_BEFORE.finditer(stripped)]
    names += [m.group(1) for m in NAMED_AFTER.finditer(stripped)]
    if not names and BARE_NAME.match(stripped):
        names = [stripped]
    words = (w for name in names for w in name.split())
    return tuple(w for w in words if w.lower().strip(".,:;'") not in GENERIC)


def other_work_points(mention: Mention, model_name: str) -> list[tuple[int, str]]:
    """Return the penalty for a paper link named for a work other than the model, if any."""
    if AUTHOR_YEAR.search(mention.text):
        return [(AUTHORS_CITED[0], f"{AUTHORS_CITED[1]} ({AUTHORS_CITED[0]:+d})")]
    names = named_works(mention.text)
    tokens = {token for name in names for token in rules.name_tokens(name)}
    compact = re.sub(r"[^a-z0-9]", "", model_name.lower())
    # Only short words ("T5", "v2") say nothing; a word inside the model's name is its own
    # ("Code Llama" and CodeLlama-7b-hf).
    if not tokens or any(token in compact for token in tokens):
        return []
    shown = " ".join(names)
    return [(OTHER_WORK[0], f"{OTHER_WORK[1]} ({shown}) ({OTHER_WORK[0]:+d})")]
