"""Real Hub datasets the seed catalogue never saw, checked by the real data checker.

Each manifest under `standins/unseen/datasets/` is a stand-in snapshot of a real Hugging Face
dataset repository (its public copies, the day they were read, and what is abridged or from
memory in its `notes`), chosen because it is one of the ways a dataset repository can look
published and not be, or look doubtful and be open: a corpus under ODC-By beside its own
samples, a loading script whose host still serves the data, one whose host took it down, a
gate with terms, a card published as a dataset, synthetic data under Apache-2.0 or MIT, a
non-commercial licence, no licence at all, and a repository holding only a corpus's
validation and test splits. The table gives, before the checker ran, the verdict the
public record supports and words one reason must hold; `never` names doubts that must not
fire. A verdict the evidence cannot decide must come out unverified, never open or absent.

The folder is not the packaged snapshot set, so the seed catalogue and its acceptance test
are unchanged; the packaged snapshots are served beside it for their licence texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

import standins
from registry.adapters import build_clients
from registry.model import ArtifactKind, ArtifactRef, CheckResult, Pillar, Verdict
from registry.ports import Clients
from registry.verify import check_release
from standins.loader import PACKAGED_SNAPSHOTS
from tests.integration.checks.standin_support import loopback_settings

ROOT = Path(__file__).resolve().parents[3]
DATASETS = ROOT / "standins" / "unseen" / "datasets"
CATALOGUE = ROOT / "registry" / "data" / "releases.json"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
OPEN, RESTRICTED, ABSENT = Verdict.OPEN, Verdict.RESTRICTED, Verdict.ABSENT
NEW_DOUBTS = ("data_links_only", "data_smaller_than_card", "data_only_in_part", "empty_files")


@dataclass(frozen=True)
class Dataset:
    """A real dataset repository, the verdict its public record supports, and why."""

    repo_id: str
    truth: Verdict
    why: str  # the one-line reason, with its source in the manifest
    says: tuple[str, ...] = ()  # words one reason must hold
    never: tuple[str, ...] = ()  # doubt ids that must not be raised


DATASETS_TABLE = (
    Dataset("HuggingFaceFW/fineweb", OPEN,
            "Every dump's parquet under data/ under ODC-By v1.0; sample/10BT|100BT|350BT sit beside the "
            "full copy and do not make it a sample (card, HuggingFaceFW/fineweb).",
            ("ODC-By-1.0",), NEW_DOUBTS),
    Dataset("togethercomputer/RedPajama-Data-V2", RESTRICTED,
            "The Hub repo holds only a loading script; the data is served openly at data.together.xyz, "
            "which the script and the card's wget lines name; no licence is stated (card at 2c09767).",
            ("data.together.xyz",)),
    Dataset("EleutherAI/pile", ABSENT,
            "No data on the Hub; pile.py downloads from the-eye.eu, which no longer hosts the Pile after "
            "the 2023 DMCA takedown (EleutherAI/the-pile#53, LlamaFactory#3053).",
            ("the-eye.eu",)),
    Dataset("bigcode/the-stack", RESTRICTED,
            "Parquet per language on the Hub behind an auto gate: accept The Stack's Terms of Use; "
            "tagged `other` (card front matter).",
            ("gated",), NEW_DOUBTS),
    Dataset("bigcode/governance-card", ABSENT,
            "A governance document published as a dataset repository: the Hub says 'The dataset is "
            "currently empty'.",
            ("only a dataset card",)),
    Dataset("HuggingFaceTB/cosmopedia", OPEN,
            "Synthetic textbooks as parquet per config, Apache-2.0 (card front matter).",
            ("Apache-2.0",), NEW_DOUBTS),
    Dataset("Open-Orca/OpenOrca", OPEN,
            "~1M GPT-4 and ~3.2M GPT-3.5 completions as two parquet files, tagged MIT; 'a partial "
            "completion of the full intended dataset' means more is yet to be generated, not withheld.",
            ("MIT",), NEW_DOUBTS),
    Dataset("openbmb/UltraFeedback", OPEN,
            "One jsonl per prompt source, tagged MIT (card front matter; the GitHub repo is MIT too).",
            ("MIT",), NEW_DOUBTS),
    Dataset("oscar-corpus/OSCAR-2201", RESTRICTED,
            "The jsonl.gz parts are in the repository (its loading script reads them from there), "
            "CC0 for the packaging, behind a gate (card; Hub page).",
            ("gated",), NEW_DOUBTS),
    Dataset("teknium/OpenHermes-2.5", RESTRICTED,
            "One JSON file of ~1M GPT-4 generated and compiled entries on the Hub; the card names no "
            "licence.",
            ("No licence",), NEW_DOUBTS),
    Dataset("tatsu-lab/alpaca", RESTRICTED,
            "52K instructions as parquet under CC BY-NC 4.0: non-commercial (card at main).",
            ("CC-BY-NC-4.0",), NEW_DOUBTS),
    Dataset("EleutherAI/pile_val_test", RESTRICTED,
            "Only the Pile's validation and test splits (val.jsonl, test.jsonl): none of its training "
            "data is here (card at 3c74ceb).",
            ("validation",)),
    # Written before the checker ran on them, like the rows above (a second batch).
    Dataset("HuggingFaceH4/orca_dpo_pairs", OPEN,
            "'A subset of the OpenOrca dataset' is what this dataset is (DPO pairs drawn from it), not a "
            "sample of it; train_prefs beside test_prefs; MIT (card at 31c9da6).",
            ("MIT",), NEW_DOUBTS),
    Dataset("HuggingFaceH4/ultrafeedback_binarized", OPEN,
            "Six splits (train/test x sft/gen/prefs) as parquet, MIT (card at c111527).",
            ("MIT",), NEW_DOUBTS),
)  # fmt: skip


@pytest.fixture(scope="module")
def clients() -> Iterator[Clients]:
    with standins.start([PACKAGED_SNAPSHOTS, DATASETS]) as served:
        yield build_clients(loopback_settings(served))


def check(clients: Clients, dataset: Dataset) -> CheckResult:
    ref = ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, dataset.repo_id)
    (result,) = check_release([ref], clients, now=NOW)
    reasons = [*result.reasons, *([result.failure.message] if result.failure else [])]
    explained = f"{dataset.repo_id}: {result.verdict}, not {dataset.truth} ({dataset.why}):\n  "
    explained += "\n  ".join(reasons)
    assert result.verdict is dataset.truth, explained
    assert any(all(w in r for w in dataset.says) for r in reasons), explained
    facts = result.evidence.facts if result.evidence else {}
    raised = {d["id"] for d in facts.get("doubts", ())}  # type: ignore[attr-defined]
    assert not raised & set(dataset.never), f"{dataset.repo_id}: false doubts {raised}"
    return result


@pytest.mark.parametrize("dataset", DATASETS_TABLE, ids=[d.repo_id for d in DATASETS_TABLE])
def test_unseen_dataset_earns_its_public_record_verdict(clients: Clients, dataset: Dataset) -> None:
    check(clients, dataset)


def test_unseen_dataset_manifests_are_sourced_and_outside_the_catalogue() -> None:
    catalogued = CATALOGUE.read_text(encoding="utf-8")
    seen = set()
    for path in sorted(DATASETS.rglob("*.yml")):
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
        where = str(manifest.get("id") or manifest.get("url"))
        seen.add(where)
        assert manifest.get("snapshot") is True, where
        assert re.search(r"https://\S+ \(read \d{4}-\d{2}-\d{2}", str(manifest["source"])), where
        assert "Unseen-release stand-in" in str(manifest.get("notes")), where
        assert json.dumps(where) not in catalogued, f"{where} is in the seed catalogue"
    hub_ids = {d.repo_id for d in DATASETS_TABLE}
    assert hub_ids <= seen, "every row has a manifest"
