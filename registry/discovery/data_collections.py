"""Hub collections a card links as its datasets: their dataset items become data mentions.

A card may point at its training data through a Hub collection rather than a dataset
("[🤗Neo-Datasets](https://huggingface.co/collections/m-a-p/neo-datasets-...)"). The
collection is read only when the link itself says data (its label, or a data heading
above it): the same card's "Neo-Models" collection lists models, never training data, and
a collection named in a line that mentions datasets elsewhere says nothing. Only the
collection's dataset items are kept, each a mention whose provenance names the collection
and the card line that links it. Pure: `reader` reads the collection through the Hub port.
"""

from __future__ import annotations

from collections.abc import Iterable

from registry.discovery import rank, rules
from registry.discovery.links import TargetKind, classify
from registry.discovery.model import Mention, Role
from registry.ports import HubCollection

# At most this many collections are read per card, and this many items kept per collection:
# a card's data collection is small; a long list is a catalogue, not a release's data.
MAX_COLLECTIONS = 3
MAX_ITEMS = 50
COLLECTIONS_PATH = "/collections/"


def data_collection_links(mentions: Iterable[Mention]) -> list[tuple[str, Mention]]:
    """Return (slug, mention) for each collection link whose label or heading says data."""
    found: dict[str, tuple[str, Mention]] = {}
    for mention in mentions:
        if mention.in_code or classify(mention.url).kind is not TargetKind.HF_COLLECTION:
            continue
        slug = collection_slug(mention.url)
        if slug and _says_data(mention):
            found.setdefault(slug.lower(), (slug, mention))
    return list(found.values())[:MAX_COLLECTIONS]


def collection_slug(url: str) -> str | None:
    """Return owner/slug of a collection URL (the part after /collections/), or None."""
    _, found, rest = url.partition(COLLECTIONS_PATH)
    parts = [p for p in rest.split("?", 1)[0].split("#", 1)[0].split("/") if p]
    return "/".join(parts[:2]) if found and len(parts) >= 2 else None


def item_mentions(link: Mention, collection: HubCollection) -> tuple[Mention, ...]:
    """Return one data mention per dataset item of the collection, in its order."""
    datasets = [item_id for kind, item_id in collection.items if kind == "dataset"]
    return tuple(
        Mention(
            url=f"https://huggingface.co/datasets/{item_id}",
            provenance=(f"Hub collection '{collection.title}' ({collection.slug}), item "
                        f"{position}, linked on {link.provenance}"),
            line=link.line,
            heading=link.heading,
            headings=link.headings,  # a collection under "Evaluation" ranks as evaluation data
            text=collection.title,
            context=f"{link.text} {collection.title}",
        )
        for position, item_id in enumerate(datasets[:MAX_ITEMS], start=1)
    )


def _says_data(mention: Mention) -> bool:
    # The link's own label, never the rest of its line (a line can list several links).
    heading = rank.heading_points(mention, Role.DATA)
    label = rank.strongest(mention.text, rules.DATA_WORDS)
    return (heading is not None and heading[0] > 0) or label is not None
