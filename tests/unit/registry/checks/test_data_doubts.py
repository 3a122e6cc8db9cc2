"""Data that exists only by name, cards and scripts that point elsewhere, unreadable licences."""

from __future__ import annotations

import pytest

from registry.checks.data import DataChecker
from registry.checks.data_contents import urls_in
from registry.checks.doubts import DoubtId
from registry.model import CheckResult, Verdict
from tests.unit.registry.checks.checks_fakes import NOW, FakeHub, dataset, fake_clients

POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 52428800\n"
)


def check(files: dict[str, str | int], **options: object) -> CheckResult:
    hub = FakeHub()
    hub.add("dataset", "lab/d", files, **({"tags": ("license:odc-by",)} | options))  # type: ignore[arg-type]
    return DataChecker().run(dataset("lab/d"), fake_clients(hub=hub), NOW)


def doubts(result: CheckResult) -> set[str]:
    facts = result.evidence.facts if result.evidence else {}
    return {d["id"] for d in facts.get("doubts", ())}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("files", "verdict", "doubted"),
    [
        # Every data file holds bytes: open.
        ({"a.parquet": 5000, "b.parquet": 7000}, Verdict.OPEN, False),
        # All empty (size 0, or LFS pointers whose objects were never uploaded): no data.
        ({"a.parquet": 0, "b.parquet": 0}, Verdict.ABSENT, False),
        ({"a.parquet": POINTER, "b.jsonl.zst": POINTER}, Verdict.ABSENT, False),
        ({"a.parquet": 0, "b.parquet": POINTER}, Verdict.ABSENT, False),
        # Some empty: published, but less than the listing shows.
        ({"a.parquet": 5000, "b.parquet": 0}, Verdict.RESTRICTED, True),
        ({"a.parquet": 5000, "b.parquet": POINTER}, Verdict.RESTRICTED, True),
        # A tiny file that is real data is data.
        ({"a.csv": "id,text\n1,hello\n"}, Verdict.OPEN, False),
        # A tiny file we cannot read (an LFS blob) is not shown to be empty.
        ({"a.parquet": 120}, Verdict.OPEN, False),
    ],
)
def test_empty_files_are_not_data(files: dict[str, str | int], verdict: Verdict, doubted: bool) -> None:
    result = check(files)
    assert result.verdict is verdict, result.reasons
    assert (DoubtId.EMPTY_FILES in doubts(result)) is doubted


def test_all_empty_says_which_and_why() -> None:
    result = check({"data/a.parquet": 0, "data/b.parquet": POINTER})
    assert result.reasons[0] == (
        "No data is published: 2 of 2 data file(s) are empty: data/a.parquet (0 bytes), "
        "data/b.parquet (a Git LFS pointer). A file that exists by name but holds no bytes is "
        "not data."
    )


@pytest.mark.parametrize(
    ("files", "card_data", "said"),
    [
        # A card that points elsewhere: absent, naming where.
        ({"README.md": "---\nlicense: cc-by-4.0\n---\n# Corpus\n\nDownload it from "
                       "[our site](https://data.lab.example/corpus/) or s3://lab-bucket/corpus.\n"},
         {"license": "cc-by-4.0"}, "the card points elsewhere for the data (https://data.lab.example/corpus/, "
                                   "s3://lab-bucket/corpus)"),
        # A loading script without data files: absent, naming where it downloads from.
        ({"README.md": "# card", "corpus.py": '_URLS = {"train": "https://elsewhere.example/train.tar"}\n'},
         {}, "downloads the data from https://elsewhere.example/train.tar"),
        # A card that points nowhere still says it is only a card.
        ({"README.md": "# Corpus\n\nComing soon. License: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)"},
         {}, "only a dataset card and no data files."),
    ],
)
def test_cards_and_scripts_that_point_elsewhere_stay_absent(
    files: dict[str, str | int], card_data: dict[str, object], said: str
) -> None:
    result = check(files, card_data=card_data)
    assert result.verdict is Verdict.ABSENT
    assert said in result.reasons[0]


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("see https://x.example/a.tar.gz.", ["https://x.example/a.tar.gz"]),
        ("![badge](https://img.shields.io/x) https://creativecommons.org/licenses/by/4.0/", []),
        ("https://huggingface.co/datasets/lab/d/resolve/main/x", []),  # the repository itself
        ("hf://datasets/other/corpus/data/*.parquet", ["hf://datasets/other/corpus/data/*.parquet"]),
    ],
)
def test_where_a_card_points(text: str, urls: list[str]) -> None:
    assert urls_in(text, "lab/d") == urls


def test_an_unreadable_licence_file_beside_a_permissive_tag_does_not_win() -> None:
    files: dict[str, str | int] = {
        "a.parquet": 5000,
        "LICENSE": "All data here is for research use only; you may not redistribute it.\n",
    }
    result = check(files, card_data={"license": "cc-by-4.0"}, tags=("license:cc-by-4.0",))
    assert result.verdict is Verdict.RESTRICTED
    assert DoubtId.LICENCE_TEXT_UNREADABLE in doubts(result)
    doubt = next(r for r in result.reasons if r.startswith("Doubt:"))
    assert "The text of LICENSE is not a licence we recognise" in doubt
    assert "the Hub tag says CC-BY-4.0" in doubt


@pytest.mark.parametrize(
    ("content", "placeholder"),
    [
        ("coming soon\n", True),
        ("Data will be uploaded after the paper is accepted.", True),
        ("PAR1\x15\x04\x15\x00\x15\x00PAR1", False),  # real parquet magic (tiny, but binary)
        ("", False),  # zero bytes is 'empty', said as such
    ],
)
def test_text_saved_under_a_binary_data_name_is_a_placeholder(content: str, placeholder: bool) -> None:
    result = check({"data/a.parquet": content})
    assert (result.verdict is Verdict.ABSENT) is (placeholder or content == "")
    if placeholder:
        assert "data/a.parquet (plain text, not parquet data" in result.reasons[0]


def test_a_download_manifest_is_not_held_to_the_cards_size_claim() -> None:
    # RedPajama-Data-1T: URL lists of the corpus's shards, a card claiming 1.2T tokens. The
    # lists' kilobytes are not the data's size: no DATA_SMALLER_THAN_CARD, and it says why.
    shards = "".join(f"https://data.example.org/c4/c4-{n:05}.jsonl\n" for n in range(10))
    card = "---\nlicense: odc-by\n---\n# Corpus\n\nThe corpus holds 1.2T tokens of text.\n"
    result = check({"README.md": card, "urls/c4.txt": shards, "urls/arxiv.txt": shards})
    assert result.verdict is Verdict.OPEN, result.reasons
    assert DoubtId.DATA_SMALLER_THAN_CARD.value not in doubts(result)
    assert any("download manifests" in r for r in result.reasons)
    # The same card over a few kilobytes of text files is still a sample of what it claims.
    text = check({"README.md": card, "c4.txt": "The cat sat on the mat.\n" * 100})
    assert DoubtId.DATA_SMALLER_THAN_CARD.value in doubts(text)
