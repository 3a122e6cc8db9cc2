"""Open-washing cases for the data pillar, through the real Hub client against the stand-in.

Each row is a dataset repository as a lab might publish it, with the verdict the truth
implies written down before the checker ran. The bar is no false open.

(The package's shared `support.py` was not on main when these were written, so the few
lines that turn a row into stand-in manifests live here.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from registry.adapters import build_clients
from registry.model import ArtifactKind, ArtifactRef, Pillar, Verdict
from registry.ports import Clients
from registry.verify import check_release
from tests.integration.checks.standin_support import loopback_settings

OPEN, RESTRICTED, ABSENT = Verdict.OPEN, Verdict.RESTRICTED, Verdict.ABSENT
UNVERIFIED = Verdict.UNVERIFIED
GONE_URL = "https://gone.open-washing.example/corpus/train.jsonl.zst"
OWNER = "open-washing"
POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 104857600\n"
)
CC_BY = {"license": "cc-by-4.0"}


def shards(n: int, size: int = 250_000_000, folder: str = "data") -> list[dict[str, Any]]:
    return [{"path": f"{folder}/train-{i:05d}-of-{n:05d}.parquet", "size": size} for i in range(n)]


@dataclass(frozen=True)
class Case:
    """One dataset repository, the verdict its truth implies, and a phrase its evidence holds."""

    name: str
    truth: Verdict
    why: str
    files: list[dict[str, Any]]
    said: str
    card_data: dict[str, Any] = field(default_factory=dict)
    card_text: str = ""
    gated: bool | str = False

    @property
    def repo_id(self) -> str:
        return f"{OWNER}/{self.name}"


CASES: tuple[Case, ...] = (
    Case(
        "a-sample-named-like-the-corpus", RESTRICTED,
        "The card says the files are a 1% sample and the full corpus is on request.",
        [{"path": "sample/sample-00000.parquet", "size": 5_000_000}],
        "1% sample", CC_BY,
        "# OW Corpus\n\nThis repository holds a 1% sample of our 5T-token corpus. "
        "The full corpus is available on request.\n",
    ),
    Case(
        "ids-without-the-text", RESTRICTED,
        "Its parquet files list document ids and URLs; the card says the text is not distributed.",
        [{"path": "data/ids-00000.parquet", "size": 50_000_000}],
        "not distributed", CC_BY,
        "# OW Corpus\n\nThis dataset contains only the document ids and URLs of our training "
        "data; the text itself is not distributed.\n",
    ),
    Case(
        "a-whole-subset-of-a-public-corpus", OPEN,
        "The card says where the corpus came from (a filtered subset of a public one); all of it is here.",
        shards(3), "Found 3 data file(s)", CC_BY,
        "# OW Edu\n\nThis dataset is a subset of FineWeb, filtered for educational content. "
        "We sample documents by quality score.\n",
    ),
    Case(
        "published-corpus", OPEN,
        "Parquet shards with bytes, under CC BY 4.0: published, openly licensed data.",
        shards(4), "Found 4 data file(s)", CC_BY, "# Corpus\n",
    ),
    Case(
        "card-only-pointing-elsewhere", ABSENT,
        "The repository is a card; the data is on the lab's own server, not here.",
        [], "points elsewhere for the data (https://data.open-washing.example/corpus/v1/)",
        CC_BY, "# OW Corpus\n\nThe data can be requested at https://data.open-washing.example/corpus/v1/ .\n",
    ),
    # Data checker 1.8 probes a loading script's URLs: a host nobody can check (this one does
    # not resolve) leaves the data unknown, so the check fails (unverified), never absent.
    Case(
        "loading-script-without-data", UNVERIFIED,
        "A datasets loading script that downloads the corpus from a host that cannot be checked.",
        [{"path": "ow_corpus.py", "content":
          '_URLS = {"train": "https://cdn.open-washing.example/corpus/train.jsonl.zst"}\n'}],
        "downloads from https://cdn.open-washing.example/corpus/train.jsonl.zst, which could not "
        "be checked", CC_BY, "# OW Corpus\n",
    ),
    Case(
        "loading-script-whose-host-is-gone", ABSENT,
        "A loading script whose only download URL answers 404: nothing is published there.",
        [{"path": "ow_corpus.py", "content": f'_URLS = {{"train": "{GONE_URL}"}}\n'}],
        f"answer 404 or 410, not found ({GONE_URL})", CC_BY, "# OW Corpus\n",
    ),
    Case(
        "gated-loading-script", UNVERIFIED,
        "A gated repository whose only file is a loading script nobody can read without "
        "consent: where it downloads from, and whether anything is there, is unknown.",
        [{"path": "ow_corpus.py", "content": f'_URLS = {{"train": "{GONE_URL}"}}\n'}],
        "gated", CC_BY, "# OW Corpus\n", gated="manual",
    ),
    Case(
        "all-files-empty", ABSENT,
        "Every data file is listed with 0 bytes: nothing is published.",
        shards(3, size=0), "No data is published: 3 of 3 data file(s) are empty", CC_BY, "# Corpus\n",
    ),
    Case(
        "lfs-pointers-without-objects", ABSENT,
        "The data files are Git LFS pointer texts whose objects were never uploaded.",
        [{"path": f"data/part-{i}.parquet", "content": POINTER} for i in range(3)],
        "a Git LFS pointer", CC_BY, "# Corpus\n",
    ),
    Case(
        "some-files-empty", RESTRICTED,
        "Two shards hold data, two are empty: less is published than the listing shows.",
        [*shards(2), *shards(2, size=0, folder="more")], "2 of 4 data file(s) are empty",
        CC_BY, "# Corpus\n",
    ),
    Case(
        "metadata-only", ABSENT,
        "Only dataset_infos.json and .gitattributes: metadata, no data.",
        [{"path": "dataset_infos.json", "content": '{"default": {"splits": {}}}'},
         {"path": ".gitattributes", "content": "*.parquet filter=lfs\n"}],
        "no data files", CC_BY, "# Corpus\n",
    ),
    Case(
        "unreadable-licence-beside-permissive-tag", RESTRICTED,
        "The LICENSE holds bespoke research-only terms; the cc-by-4.0 tag cannot stand in for them.",
        [*shards(2), {"path": "LICENSE", "content":
                      "OW Data Terms\n\nYou may use this data for research only. You may not "
                      "redistribute it or use it to train commercial models.\n"}],
        "not a licence we recognise", CC_BY, "# Corpus\n",
    ),
    Case(
        "non-commercial-licence-file-only", RESTRICTED,
        "The tag says CC BY 4.0; the LICENSE file says CC BY-NC 4.0, which forbids commercial use.",
        [*shards(2), {"path": "LICENSE", "content":
                      "This dataset is licensed under the Creative Commons Attribution-NonCommercial "
                      "4.0 International License (CC BY-NC 4.0).\n"}],
        "CC-BY-NC-4.0", CC_BY, "# Corpus\n",
    ),
    Case(
        "gated-with-permissive-tag", RESTRICTED,
        "Downloading needs the publisher's consent, whatever the tag says.",
        shards(2), "gated", CC_BY, "# Corpus\n", gated="manual",
    ),
    Case(
        "card-says-other-terms", RESTRICTED,
        "The tag says CC BY 4.0, but the card binds the data to the Llama 2 licence.",
        shards(2), "llama2", CC_BY,
        "# Corpus\n\nThis dataset is subject to the Llama 2 Community License.\n",
    ),
    Case(
        "open-tag-but-card-says-academic-only", RESTRICTED,
        "The tag says CC BY 4.0, but the card's own text limits the data to academic use.",
        shards(2), "for academic use only", CC_BY,
        "# Corpus\n\n## Terms\n\nThe corpus is provided for academic use only.\n",
    ),
)


def manifests() -> dict[str, dict[str, Any]]:
    """Return one Hub manifest per case."""
    return {
        f"{case.name}.yml": {
            "kind": "dataset", "id": case.repo_id, "files": case.files,
            "card_data": case.card_data, "card_text": case.card_text, "gated": case.gated,
            "tags": [f"license:{case.card_data['license']}"] if "license" in case.card_data else [],
            "source": "written for this test: " + case.why,
        }
        for case in CASES
    } | {
        "gone-host.yml": {
            "kind": "url", "url": GONE_URL, "status": 404,
            "source": "written for this test: a data host that answers 404",
        }
    }  # fmt: skip


@pytest.fixture(scope="module")
def clients(standins_module_factory) -> Clients:
    return build_clients(loopback_settings(standins_module_factory(manifests())))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(clients: Clients, case: Case) -> None:
    artifact = ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, case.repo_id)
    (result,) = check_release([artifact], clients)
    explained = "\n".join([*result.reasons, *([result.failure.message] if result.failure else [])])
    assert (result.failure is not None) is (case.truth is UNVERIFIED), explained
    assert result.verdict is case.truth, f"{case.why}\n{explained}"
    assert case.said in explained, explained
