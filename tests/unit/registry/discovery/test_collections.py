"""Collections a card links as its datasets, as tables over real card lines."""

from __future__ import annotations

import pytest

from registry.discovery import Role, Sources, propose
from registry.discovery.card import card_mentions
from registry.discovery.data_collections import (
    collection_slug,
    data_collection_links,
    item_mentions,
)
from registry.ports import HubCollection

# The first line of the m-a-p/neo_7b card (standins/snapshots/hub/models/m-a-p/neo_7b.yml).
NEO_LINE = (
    "[🤗Neo-Models](https://huggingface.co/collections/m-a-p/neo-models-66395a5c9662bb58d5d70f04)"
    " | [🤗Neo-Datasets](https://huggingface.co/collections/m-a-p/neo-datasets-66395dc55cbebc0a"
    "7767bbd5) | [Github](https://github.com/multimodal-art-projection/MAP-NEO)"
)
NEO_DATASETS = "m-a-p/neo-datasets-66395dc55cbebc0a7767bbd5"
NEO = HubCollection(NEO_DATASETS, "Neo-Datasets", (("dataset", "m-a-p/Matrix"),))
COLLECTION = "https://huggingface.co/collections/org/release-0123456789abcdef01234567"

# (card text, the collections read): only a link whose own label or heading says data.
READ = [
    # neo_7b: the datasets collection is read; the models one on the same line is not,
    # although the line's words say "Datasets".
    (f"# NEO\n\n{NEO_LINE}\n", [NEO_DATASETS]),
    # A neutral label under a training-data heading (the card template's place for data).
    (f"## Training Data\n\nSee [our release]({COLLECTION}).\n",
     ["org/release-0123456789abcdef01234567"]),
    (f"## Training Data\n\n- [Pretraining corpus]({COLLECTION})\n",
     ["org/release-0123456789abcdef01234567"]),
    # A collection of the release's models, checkpoints or demos is not data.
    (f"## Models\n\n[All checkpoints]({COLLECTION})\n", []),
    (f"## Evaluation\n\n[Benchmark datasets]({COLLECTION})\n", [
        "org/release-0123456789abcdef01234567"]),  # read; its items are judged as evaluation
    # In a code block it is an example, not a claim.
    (f"```\nload('{COLLECTION}')  # datasets\n```\n", []),
    # The same collection linked twice is read once.
    (f"## Data\n\n[Datasets]({COLLECTION}) and [again]({COLLECTION})\n",
     ["org/release-0123456789abcdef01234567"]),
]


@pytest.mark.parametrize(("card", "slugs"), READ)
def test_which_collections_are_read(card: str, slugs: list[str]) -> None:
    assert [slug for slug, _ in data_collection_links(card_mentions(card))] == slugs


SLUGS = [
    (f"https://huggingface.co/collections/{NEO_DATASETS}", NEO_DATASETS),
    (f"https://huggingface.co/collections/{NEO_DATASETS}?x=1#items", NEO_DATASETS),
    ("https://huggingface.co/collections/m-a-p", None),
    ("https://huggingface.co/m-a-p", None),
]


@pytest.mark.parametrize(("url", "slug"), SLUGS)
def test_collection_slug(url: str, slug: str | None) -> None:
    assert collection_slug(url) == slug


def test_only_dataset_items_become_mentions_naming_the_collection_and_the_line() -> None:
    (_, link), = data_collection_links(card_mentions(f"# NEO\n\n{NEO_LINE}\n"))
    mixed = HubCollection(NEO_DATASETS, "Neo-Datasets", (
        ("model", "m-a-p/neo_7b"), ("dataset", "m-a-p/Matrix"), ("paper", "2405.19327"),
    ))

    mentions = item_mentions(link, mixed)

    assert [m.url for m in mentions] == ["https://huggingface.co/datasets/m-a-p/Matrix"]
    assert mentions[0].provenance == (
        f"Hub collection 'Neo-Datasets' ({NEO_DATASETS}), item 1, "
        "linked on README line 3, under 'NEO'")


def test_a_collection_item_is_proposed_as_data_and_says_where_it_came_from() -> None:
    card = f"# NEO\n\n{NEO_LINE}\n"
    (_, link), = data_collection_links(card_mentions(card))
    found = propose(Sources("m-a-p/neo_7b", {}, (), card,
                            collection_mentions=item_mentions(link, NEO)))

    data = found.top(Role.DATA)
    assert data is not None and data.locator == "m-a-p/Matrix"
    assert data.provenance.startswith("Hub collection 'Neo-Datasets'")
    assert "a Hub collection the card links as its data lists it (+2)" in data.judged
    assert "published by the model's own organisation (+1)" in data.judged


def test_without_the_collection_the_card_proposes_no_data() -> None:
    found = propose(Sources("m-a-p/neo_7b", {}, (), f"# NEO\n\n{NEO_LINE}\n"))

    assert found.top(Role.DATA) is None


def test_a_collection_under_an_evaluation_heading_is_set_aside_below_the_data_floor() -> None:
    card = f"## Evaluation\n\n[Benchmark datasets]({COLLECTION})\n"
    (_, link), = data_collection_links(card_mentions(card))
    benchmarks = HubCollection("org/release-0123456789abcdef01234567", "Benchmarks",
                               (("dataset", "org/bench"),))
    found = propose(Sources("org/release-7b", {}, (), card,
                            collection_mentions=item_mentions(link, benchmarks)))

    # Benchmarks are evaluation data: more is said against them than for them.
    assert found.top(Role.DATA) is None
    aside = {s.url: s.reason for s in found.set_aside}
    assert "under an evaluation heading" in aside["org/bench"]
