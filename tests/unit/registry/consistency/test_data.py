"""Data agreement: the sources the training names against the data the release publishes."""

from __future__ import annotations

import pytest

from registry.consistency.data import DataArtifact, compare
from registry.consistency.data_names import Text, named_sources
from registry.consistency.report import Coverage
from registry.consistency.sources import card_datasets

MIX = DataArtifact(
    "allenai/olmo-mix-1124",
    ("README.md", "data/dclm/dclm-0000.json.zst", "data/pes2o/pes2o-0000.json.gz"),
)
PILE = DataArtifact("EleutherAI/the_pile_deduplicated", ("data/train-00000-of-01650.parquet",))


def names(text: str, where: str = "configs/7b.yaml") -> list[str]:
    return [s.name for s in named_sources([Text(where, text)])]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("see https://huggingface.co/datasets/allenai/dolma for the data", ["allenai/dolma"]),
        (
            'ds = load_dataset("HuggingFaceFW/fineweb-edu", "sample-10BT")',
            ["HuggingFaceFW/fineweb-edu"],
        ),
        ("hf_dataset_or_datasets: HuggingFaceTB/smollm-corpus", ["HuggingFaceTB/smollm-corpus"]),
        (
            "  - s3://ai2-llm/preprocessed/dclm/part-000-00000.npy",
            ["s3://ai2-llm/preprocessed/dclm"],
        ),
        (
            '"train-data-paths": ["/fsx/pile_deduped/pile_0.87_deduped_text_document"]',
            ["/fsx/pile_deduped/pile_0.87_deduped_text_document"],
        ),
        (
            "  - https://olmo-data.org/preprocessed/v1_5/part-001-00000.npy",
            ["https://olmo-data.org/preprocessed/v1_5"],
        ),
        # Not data: a web page, a code file, a config, a tokenizer, a date, a checkpoint.
        ("Read the paper at https://arxiv.org/abs/2402.00838 about our data", []),
        ("data: python scripts/prepare_data.py", []),
        ("data_config: configs/data/mix.yaml", []),
        ("tokenizer: tokenizers/allenai_dolma2.json", []),
        ("trained on data from Feb./March 2023", []),
        ("load_path: /checkpoints/step1000/model.bin", []),
    ],
)
def test_named_sources(line: str, expected: list[str]) -> None:
    assert names(line) == expected


def test_shards_of_one_folder_are_one_source_named_where_first_seen() -> None:
    text = (
        "paths:\n  - s3://b/dclm/part-0.npy\n  - s3://b/dclm/part-1.npy\n  - s3://b/pes2o/p-0.npy\n"
    )
    sources = named_sources([Text("c.yaml", text)])
    assert [(s.name, s.where) for s in sources] == [
        ("s3://b/dclm", "c.yaml:2"),
        ("s3://b/pes2o", "c.yaml:4"),
    ]


def test_card_metadata_datasets_are_named() -> None:
    card = "---\nlicense: apache-2.0\ndatasets:\n- allenai/olmo-mix-1124\n- allenai/dolmino-mix-1124\n---\n# X\n"
    assert card_datasets(card) == ["allenai/olmo-mix-1124", "allenai/dolmino-mix-1124"]
    assert card_datasets("---\ndatasets: [a/b, c/d]\n---\n") == ["a/b", "c/d"]
    assert card_datasets("# no front matter\ndatasets:\n- a/b\n") == []


def test_every_named_source_published_is_covered() -> None:
    named = named_sources(
        [
            Text(
                "c.yaml",
                "paths:\n  - s3://ai2-llm/preprocessed/dclm/p-0.npy\n  - s3://ai2-llm/pes2o/p-0.npy\n",
            )
        ],
        ["allenai/olmo-mix-1124"],
    )
    finding = compare(named, [MIX])
    assert finding.state is Coverage.COVERED, finding.reason


def test_a_named_dataset_that_is_not_published_makes_it_partly_covered() -> None:
    named = named_sources([], ["allenai/olmo-mix-1124", "allenai/dolmino-mix-1124"])
    finding = compare(named, [MIX])
    assert finding.state is Coverage.PARTLY
    assert finding.missing == ("allenai/dolmino-mix-1124 (model card metadata)",)
    assert "not published: allenai/dolmino-mix-1124" in finding.reason


def test_data_unrelated_to_the_published_data() -> None:
    named = named_sources([Text("c.yaml", '"data-path": "/fsx/redpajama/arxiv_text_document"\n')])
    finding = compare(named, [MIX])
    assert finding.state is Coverage.UNRELATED


@pytest.mark.parametrize(
    ("path", "artifact", "covered"),
    [
        ("/fsx/pile_deduped/pile_0.87_deduped_text_document", PILE, True),  # a word of its name
        ("datasets/smollm2-corpus", DataArtifact("HuggingFaceTB/smollm-corpus"), True),  # + version
        ("s3://x/preprocessed/dclm/a.npy", MIX, True),  # a folder of its files
        ("s3://x/preprocessed/v1_5/a.npy", MIX, False),  # only generic words and versions
        ("https://olmo-data.org/preprocessed/data/a.npy", MIX, False),  # the host is not the data
        ("/fsx/starcoder/a.bin", MIX, False),
    ],
)
def test_data_path_coverage(path: str, artifact: DataArtifact, covered: bool) -> None:
    named = named_sources([Text("c.yaml", f"data_path: {path}\n")])
    assert len(named) == 1
    assert (compare(named, [artifact]).state is Coverage.COVERED) is covered


def test_nothing_named_and_nothing_published() -> None:
    assert compare([], [MIX]).state is Coverage.NOT_NAMED
    assert compare(named_sources([], ["a/b"]), []).state is Coverage.NO_DATA


def test_evaluation_sets_are_not_training_data() -> None:
    config = (
        "evaluators:\n  - label: ppl\n    data:\n      datasets:\n        c4:\n"
        "          - https://olmo-data.org/eval-data/c4/val/part-0-00000.npy\n"
        "# - https://olmo-data.org/commented-out/part-0.npy\n"
        "data:\n  paths:\n    - s3://ai2-llm/preprocessed/dclm/part-000-00000.npy\n"
    )
    neox = (
        '"train-data-paths": ["/fsx/pile/pile_text_document"],\n'
        '"valid-data-paths": ["/fsx/pile_val/val_text_document"],\n'
        '"test-data-paths": ["/fsx/pile_test/test_text_document"],\n'
    )
    assert names(config) == ["s3://ai2-llm/preprocessed/dclm"]
    assert names(neox) == ["/fsx/pile/pile_text_document"]


def test_a_card_names_pretraining_data_not_its_variants_post_training_data() -> None:
    card = (
        "## Pretraining\n"
        "| Stage 1 ([Mix](https://huggingface.co/datasets/lab/pretrain-mix)) | 4T |\n"
        "| Post-training ([SFT mix](https://huggingface.co/datasets/lab/sft-mix)) | SFT |\n"
        "## Evaluation\n"
        "We evaluate on https://huggingface.co/datasets/lab/benchmark-set\n"
    )
    sources = named_sources([Text("model card", card, markdown=True)])
    assert [s.name for s in sources] == ["lab/pretrain-mix"]
