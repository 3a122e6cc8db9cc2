"""A dataset id the Hub does not hold: which listed dataset, if any, the card's words point to.

The real rows are StarCoder2's: all three cards link `bigcode/the-stack-v2-train`, which the
Hub never published, while the Hub lists `the-stack-v2-train-full-ids` (600+ languages) and
`the-stack-v2-train-smol-ids` (17 languages). Sources of the quoted words:
- StarCoder2-3B's card, verbatim: a public markdown copy of its README.md (the tool library's
  code search, file id 68406009899, read 2026-12-03);
- StarCoder2-15B's card: a public text rendering of https://huggingface.co/bigcode/starcoder2-15b
  (file id 54096189645) and an HTML copy with the link's target (file id 16106690425), both
  read 2026-12-03;
- The Stack v2's version list: public renderings of
  https://huggingface.co/datasets/bigcode/the-stack-v2-train-full-ids, read 2026-12-03.
"""

from __future__ import annotations

import pytest

from registry.discovery.near_names import (
    choose,
    extensions,
    figures,
    lines_naming,
    paragraphs_naming,
)

MISSING = "bigcode/the-stack-v2-train"
FULL = "bigcode/the-stack-v2-train-full-ids"
SMOL = "bigcode/the-stack-v2-train-smol-ids"

CARD_15B = (
    "## Model Summary\n\n"
    "StarCoder2-15B model is a 15B parameter model trained on 600+ programming languages from "
    "[The Stack v2](https://huggingface.co/datasets/bigcode/the-stack-v2-train), with opt-out "
    "requests excluded. The model uses [Grouped Query Attention](https://arxiv.org/abs/2305.13245), "
    "[a context window of 16,384 tokens](https://arxiv.org/abs/2205.14135) with [a sliding window "
    "attention of 4,096 tokens](https://arxiv.org/abs/2004.05150v2),  and was trained using the "
    "[Fill-in-the-Middle objective](https://arxiv.org/abs/2207.14255) on 4+ trillion tokens.\n\n"
    "# Limitations\n\nThe model has been trained on source code from 600+ programming languages.\n"
)
CARD_3B = (
    "## Model Summary\n\n"
    "StarCoder2-3B model is a 3B parameter model trained on 17 programming languages from "
    "[The Stack v2](https://huggingface.co/datasets/bigcode/the-stack-v2-train), with opt-out "
    "requests excluded. The model uses [Grouped Query Attention](https://arxiv.org/abs/2305.13245), "
    "[a context window of 16,384 tokens](https://arxiv.org/abs/2205.14135) with [a sliding window "
    "attention of 4,096 tokens](https://arxiv.org/abs/2004.05150v2),  and was trained using the "
    "[Fill-in-the-Middle objective](https://arxiv.org/abs/2207.14255) on 3+ trillion tokens. \n\n"
    "# Limitations\n\n"
    # The 3B card's Limitations really do say 600+ (copied from the 15B card); only the
    # paragraph that links the dataset speaks of what it held.
    "The model has been trained on source code from 600+ programming languages.\n"
)
VERSION_LIST = (
    "The dataset consists of 4 versions:\n"
    "- [`bigcode/the-stack-v2`](https://huggingface.co/datasets/bigcode/the-stack-v2): the full "
    '"The Stack v2" dataset\n'
    "- [`bigcode/the-stack-v2-dedup`](https://huggingface.co/datasets/bigcode/the-stack-v2-dedup): "
    "based on the `bigcode/the-stack-v2` but further near-deduplicated\n"
    "- [`bigcode/the-stack-v2-train-full-ids`](https://huggingface.co/datasets/bigcode/"
    "the-stack-v2-train-full-ids): based on the `bigcode/the-stack-v2-dedup` dataset but further "
    "filtered with heuristics and spanning 600+ programming languages. The data is grouped into "
    "repositories.\n"
    "- [`bigcode/the-stack-v2-train-smol-ids`](https://huggingface.co/datasets/bigcode/"
    "the-stack-v2-train-smol-ids): based on the `bigcode/the-stack-v2-dedup` dataset but further "
    "filtered with heuristics and spanning 17 programming languages. The data is grouped into "
    "repositories.\n"
    '```python\nds = load_dataset("bigcode/the-stack-v2-train-full-ids", split="train")\n```\n'
)
DESCRIBED = {FULL: lines_naming(VERSION_LIST, FULL), SMOL: lines_naming(VERSION_LIST, SMOL)}


@pytest.mark.parametrize(("listed", "expected"), [
    # The listing's search matches substrings: only the same namespace and a name that
    # continues after a separator extend the missing id.
    ([FULL, SMOL], (FULL, SMOL)),
    ([SMOL, FULL, FULL], (FULL, SMOL)),
    (["bigcode/the-stack-v2", "bigcode/the-stack-v2-dedup"], ()),
    (["bigcode/olmo-the-stack-v2-train", "bigcode/the-stack-v2-trainer"], ()),
    (["other-org/the-stack-v2-train-full-ids"], ()),
    (["BigCode/The-Stack-v2-Train_full"], ("BigCode/The-Stack-v2-Train_full",)),
    (["bigcode/the-stack-v2-train.v2"], ("bigcode/the-stack-v2-train.v2",)),
    (["bigcode/the-stack-v2-train-"], ()),
    ([], ()),
])
def test_which_listed_ids_extend_the_missing_one(listed: list[str], expected: tuple[str, ...]) -> None:
    assert extensions(MISSING, listed) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("trained on 600+ programming languages", {"600 programming"}),
    ("a collection of source code in over 600 programming languages", {"600 programming"}),
    ("a 15B parameter model on 4+ trillion tokens", {"15b parameter", "4 trillion"}),
    ("a context window of 16,384 tokens", {"16384 tokens"}),
    ("1.2 million steps and 95% of the data", {"1.2 million", "95% of"}),
    # Names, versions, dates and addresses carry numbers that are not figures.
    ("StarCoder2-15B and The Stack v2 (v2.0.1, 2024-04-09)", set()),
    ("[link](https://arxiv.org/abs/2305.13245) `bigcode/the-stack-v2` 2305.13245", set()),
    ("", set()),
])
def test_the_figures_a_text_states(text: str, expected: set[str]) -> None:
    assert figures(text) == expected


def test_a_card_paragraph_names_an_id_itself_not_the_start_of_a_longer_one() -> None:
    assert "600+ programming" in paragraphs_naming(CARD_15B, MISSING)
    assert "Limitations" not in paragraphs_naming(CARD_15B, MISSING)
    assert paragraphs_naming(VERSION_LIST, MISSING) == ""
    assert "600+" in DESCRIBED[FULL] and "17 programming" not in DESCRIBED[FULL]
    assert "17 programming" in DESCRIBED[SMOL] and "600+" not in DESCRIBED[SMOL]


@pytest.mark.parametrize(("card", "candidates", "chosen", "why"), [
    # StarCoder2-15B: 600+ languages, as only the full-ids description says.
    (CARD_15B, DESCRIBED, FULL, "only bigcode/the-stack-v2-train-full-ids's card states the "
                                "model card's '600 programming'"),
    # StarCoder2-3B: 17 languages, although its Limitations paragraph repeats 600+.
    (CARD_3B, DESCRIBED, SMOL, "only bigcode/the-stack-v2-train-smol-ids's card states the "
                               "model card's '17 programming'"),
    # One candidate: it is proposed, saying it is the only one.
    (CARD_15B, {FULL: ""}, FULL, "is the only public dataset of bigcode whose name extends it"),
    # None listed.
    (CARD_15B, {}, None, "no public dataset of bigcode extends the name"),
    # Words every sibling shares decide nothing.
    ("Trained on [The Stack v2](https://huggingface.co/datasets/bigcode/the-stack-v2-train).",
     DESCRIBED, None, "the card's figures single out none of them"),
    # Both descriptions share a figure with the card: still ambiguous.
    ("From [it](https://huggingface.co/datasets/bigcode/the-stack-v2-train): 17 programming "
     "languages for the small models, 600+ programming languages for the large one.",
     DESCRIBED, None, "single out none of them"),
    # A card that names the id only in its metadata: the whole text speaks of it.
    ("StarCoder2-7B is trained on 17 programming languages.", DESCRIBED, SMOL,
     "'17 programming'"),
])
def test_which_candidate_the_cards_single_out(
    card: str, candidates: dict[str, str], chosen: str | None, why: str
) -> None:
    resolution = choose(MISSING, candidates, card)

    assert resolution.chosen == chosen
    assert why in resolution.why
