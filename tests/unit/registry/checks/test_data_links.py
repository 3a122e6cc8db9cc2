"""Datasets of links: URL and caption rows, or a file of URLs, are not the items they link to."""

from __future__ import annotations

from typing import Any

import pytest

from registry.checks.data_links import download_manifests, links_only
from tests.unit.registry.checks.checks_fakes import FakeHub


def features(*columns: str | tuple[str, str]) -> dict[str, Any]:
    listed = [c if isinstance(c, tuple) else (c, "string") for c in columns]
    return {"dataset_info": {"features": [{"name": n, "dtype": t} for n, t in listed]}}


def judge(files: dict[str, Any], card_data: dict[str, Any] | None = None):
    hub = FakeHub()
    hub.add("dataset", "lab/d", files, card_data=card_data or {})
    info = hub.repo_info("dataset", "lab/d")
    data = [p for p in files if not p.endswith(".md")]
    return links_only(hub, info, list(files), data)


PARQUET = {"data/train-00000.parquet": 5_000_000}
URLS = "".join(f"https://img.example.org/{n}.jpg\n" for n in range(10))
SHARDS = "".join(f"https://data.example.org/arxiv/arxiv_{n:04}.jsonl\n" for n in range(10))


@pytest.mark.parametrize(
    ("files", "card", "said"),
    [
        # LAION-400M's columns, from the card the Hub writes for parquet data.
        (PARQUET, features("SAMPLE_ID", "URL", "TEXT", ("HEIGHT", "int32"), ("WIDTH", "int32"),
                           "LICENSE", "NSFW", ("similarity", "float64")), "URL, TEXT, HEIGHT"),
        (PARQUET, features("url", "caption"), "url, caption"),  # CC3M
        (PARQUET, features("uid", "url", "text", "original_width", "original_height"), "uid"),
        # Links and titles with no text: the documents are elsewhere.
        (PARQUET, features("id", "url", "title"), "id, url, title"),
        # Every config lists links.
        (PARQUET, {"dataset_info": [features("url", "caption")["dataset_info"],
                                    features("image_url", "alt_text")["dataset_info"]]}, "alt_text"),
        ({"train.csv": "url,caption,width,height\nhttps://x.example/1.jpg,a cat,64,64\n"}, None,
         "train.csv lists only links"),
        ({"part.tsv": "image_url\tcaption\nhttps://x.example/1.jpg\ta cat\n"}, None, "image_url"),
        ({"rows.jsonl": '{"url": "https://x.example/1.jpg", "alt": "a cat"}\n'}, None, "url, alt"),
        ({"urls.txt": URLS}, None, "one URL a line"),
    ],
)  # fmt: skip
def test_rows_of_links_are_named(files: dict[str, Any], card: dict | None, said: str) -> None:
    links = judge(files, card)
    assert links is not None
    assert said in links.sentence() and "not the items themselves" in links.sentence()


@pytest.mark.parametrize(
    ("files", "card"),
    [
        # A web-text corpus keeps its text beside each document's URL.
        (PARQUET, features("text", "id", "dump", "url", ("language_score", "float64"))),
        # The items are in the rows, or in the repository.
        (PARQUET, features(("image", "image"), "url", "caption")),
        (PARQUET, features(("jpg", "binary"), "url", "caption")),
        ({**PARQUET, "images/000001.jpg": 5000}, features("url", "caption")),
        ({**PARQUET, "shards/00000.tar": 5000}, features("url", "caption")),
        # One config holds the items: not links only.
        (PARQUET, {"dataset_info": [features("url", "caption")["dataset_info"],
                                    features(("image", "image"), "caption")["dataset_info"]]}),
        # No link column at all.
        (PARQUET, features("text", "meta")),
        # Columns not known: the parquet's own are not read, so nothing is shown.
        (PARQUET, None),
        ({**PARQUET, "urls.csv": "url,caption\nhttps://x.example/1.jpg,a cat\n"}, None),
        # Text files of text, or of URLs mixed with text.
        ({"train.csv": "url,text\nhttps://x.example/a,The cat sat on the mat.\n"}, None),
        ({"corpus.txt": "The cat sat.\nhttps://x.example/a\nThe dog ran.\nMore text.\n"}, None),
        ({"urls.txt": "https://x.example/1\nhttps://x.example/2\n"}, None),  # too few to say
        # A download manifest of the corpus's own shards (RedPajama-Data-1T, Dolma v1_7):
        # the data is published in files elsewhere, not as links to items.
        ({"urls.txt": SHARDS}, None),
        ({"urls/v1_7.txt": SHARDS.replace(".jsonl", ".json.gz")}, None),
        ({"urls.txt": SHARDS.replace(".jsonl", ".jsonl.zst?download=1")}, None),
        ({"rows.jsonl": "not json\n"}, None),
    ],
)  # fmt: skip
def test_data_that_holds_its_items_is_not_links(files: dict[str, Any], card: dict | None) -> None:
    assert judge(files, card) is None


@pytest.mark.parametrize(
    ("files", "manifest"),
    [
        # RedPajama-Data-1T: one URL list of jsonl shards per subset, nothing else.
        ({"urls/arxiv.txt": SHARDS, "urls/c4.txt": SHARDS.replace("arxiv", "c4")}, True),
        ({"urls.txt": SHARDS.replace(".jsonl", ".json.gz")}, True),
        # Links to items, text, or a manifest beside real data files: not (only) manifests.
        ({"urls.txt": URLS}, False),
        ({"corpus.txt": "The cat sat.\nThe dog ran.\n"}, False),
        ({"urls.txt": SHARDS, **PARQUET}, False),
    ],
)
def test_url_lists_of_shards_are_download_manifests(files: dict[str, Any], manifest: bool) -> None:
    hub = FakeHub()
    hub.add("dataset", "lab/d", files, card_data={})
    info = hub.repo_info("dataset", "lab/d")
    found = download_manifests(hub, info, list(files))
    assert found == (tuple(files) if manifest else ())
