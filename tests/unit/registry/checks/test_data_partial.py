"""A dataset card that says its files are only part of the data: the phrase table, both ways."""

from __future__ import annotations

import pytest

from registry.checks.data_partial import held_out_files, partial_publication, sample_files

PARTIAL = [
    ("This repository holds a 1% sample of the corpus.", "sample or subset"),
    ("This dataset contains a small sample for inspection.", "sample or subset"),
    ("Here is a preview of the data; the rest follows.", "sample or subset"),
    ("We provide a random subset of our pretraining data.", "sample or subset"),
    ("It is a 10% sample of our full web corpus.", "sample or subset"),
    ("A subset of the full dataset is released here.", "sample or subset"),
    ("The full corpus is available on request.", "available on request"),
    ("The complete dataset is available upon request from the authors.", "available on request"),
    ("This dataset contains only the document ids and URLs.", "ids or pointers"),
    ("The repo provides just the file hashes; fetch them from Software Heritage.", "ids or pointers"),
    ("These datasets only contain the SWHIDs to download the code files.", "ids or pointers"),
    ("The text itself is not distributed for copyright reasons.", "not distributed"),
    ("The files themselves are not included.", "not distributed"),
    ("We do not redistribute the raw text.", "not distributed"),
    ("We cannot release the full dataset.", "not distributed"),
]
WHOLE = [
    "This dataset is a subset of FineWeb, filtered for educational content.",
    "We sample documents by quality score before deduplication.",
    "Dolma is a three-trillion-token corpus; all of it is in this repository.",
    "A sample of the data is shown below:\n\n```\n{\"text\": \"hello\"}\n```",
    "Sampling: documents are sampled with temperature 0.7 across sources.",
    "The dataset includes text, ids and URLs for each document.",
    "Requests for removal of personal data can be sent by email.",
    "The full dataset is released under ODC-By.",
    "```\nThis repository holds a 1% sample\n```",  # a code block is not the card's prose
]


@pytest.mark.parametrize(("card", "meaning"), PARTIAL)
def test_cards_that_say_part(card: str, meaning: str) -> None:
    found = partial_publication(card)
    assert any(meaning in sentence for sentence in found), found


@pytest.mark.parametrize("card", WHOLE)
def test_cards_that_do_not(card: str) -> None:
    assert partial_publication(card) == []


def test_the_card_words_are_quoted() -> None:
    (sentence,) = partial_publication("---\nlicense: mit\n---\nThe full corpus is available on request.")
    assert sentence.startswith('The card says "The full corpus is available on request"')


@pytest.mark.parametrize(
    ("paths", "sample"),
    [
        (["sample/train-00000.parquet", "sample/train-00001.parquet"], True),
        (["data/train_sample.jsonl"], True),
        (["preview/part-0.parquet"], True),
        (["debug/tiny.jsonl", "dummy.csv"], True),
        # One full copy beside its sample is the whole data (FineWeb's layout).
        (["data/CC-MAIN-2024-10/000_00000.parquet", "sample/10BT/000_00000.parquet"], False),
        # Whole datasets whose names only look small.
        (["TinyStories-train.txt", "TinyStories-valid.txt"], False),
        (["minipile/train-00000.parquet"], False),
        (["data/samplers.py.parquet"], False),
        ([], False),
    ],
)
def test_every_file_named_as_a_sample(paths: list[str], sample: bool) -> None:
    sentence = sample_files(paths)
    assert (sentence is not None) is sample
    if sentence:
        assert paths[0] in sentence and "not the data" in sentence


@pytest.mark.parametrize(
    ("paths", "held_out"),
    [
        # The Pile's validation and test splits published on their own.
        (["val.jsonl", "test.jsonl"], True),
        (["data/validation-00000.parquet", "data/test-00000.parquet"], True),
        (["dev/part-0.jsonl.gz", "heldout.txt"], True),
        (["eval/mmlu.parquet"], True),
        # A training split beside them is the whole data (SlimPajama's train/validation/test).
        (["train/chunk1/a.jsonl.zst", "validation/chunk1/a.jsonl.zst", "test/chunk1/a.jsonl.zst"],
         False),
        (["TinyStories-train.txt", "TinyStories-valid.txt"], False),
        # Words that only contain a split name are not one.
        (["latest/contest-00000.parquet", "devops/logs.jsonl", "attestations.csv"], False),
        ([], False),
    ],
)
def test_every_file_named_as_a_held_out_split(paths: list[str], held_out: bool) -> None:
    sentence = held_out_files(paths)
    assert (sentence is not None) is held_out
    if sentence:
        assert paths[0] in sentence and "not the training data" in sentence
