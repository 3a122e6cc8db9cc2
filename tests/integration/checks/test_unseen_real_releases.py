"""Real open releases outside the seed catalogue, checked for real against their stand-ins.

An independent reviewer runs the registry on releases it has never seen. These rows are such
releases, from the public record (`standins/unseen/`, each manifest naming its public copies
and the day they were read), with the verdict that record supports written down before any
checker ran. They guard the doubt rules of this round (links only, smaller than the card,
only in part, placeholders, stubs, unread archives) against false restricted or absent
verdicts on data and code that are genuinely published, and the training-loop rules of
other languages on both sides: llm.c's C/CUDA trainers and EasyLM's JAX trainer are training
code, and gemma.cpp, a C++ inference engine, is not.

The seed catalogue is untouched: these manifests live in their own folder, served beside the
packaged snapshots (whose `texts/` they share) only here.
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
UNSEEN = ROOT / "standins" / "unseen"
CATALOGUE = ROOT / "registry" / "data" / "releases.json"
NOW = datetime(2025, 6, 1, tzinfo=UTC)  # as the acceptance test checks the seed catalogue
OPEN, RESTRICTED, ABSENT = Verdict.OPEN, Verdict.RESTRICTED, Verdict.ABSENT


@dataclass(frozen=True)
class Release:
    """One unseen release's artifact, the verdict its public record supports, and why."""

    name: str
    artifact: ArtifactRef
    truth: Verdict
    why: str
    says: tuple[str, ...] = ()  # words one reason must hold
    never: tuple[str, ...] = ()  # doubt ids that must not be raised


def data(repo_id: str) -> ArtifactRef:
    return ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, repo_id)


def code(url: str) -> ArtifactRef:
    return ArtifactRef(Pillar.CODE, ArtifactKind.GIT, url)


NEW_DOUBTS = ("data_links_only", "data_smaller_than_card", "data_only_in_part", "empty_files")

RELEASES = (
    Release(
        "redpajama-data-1t", data("togethercomputer/RedPajama-Data-1T"), RESTRICTED,
        "Published openly as 2,084 jsonl files at data.together.xyz, listed by the repo's "
        "urls/*.txt; the card states no licence and defers to each subset's own terms.",
        ("download manifests",), NEW_DOUBTS,
    ),
    Release(
        "slimpajama-627b", data("cerebras/SlimPajama-627B"), RESTRICTED,
        "59,166 jsonl.zst chunks on the Hub; the card's front matter names no licence and its "
        "text defers to the RedPajama subsets' terms.",
        ("No licence was found",), NEW_DOUBTS,
    ),
    Release(
        "fineweb-edu", data("HuggingFaceFW/fineweb-edu"), OPEN,
        "Every dump's parquet under data/ under ODC-By; the sample/10BT|100BT|350BT configs sit "
        "beside the full copy and do not make it a sample.",
        ("ODC-By-1.0",), NEW_DOUBTS,
    ),
    Release(
        "pile-uncopyrighted", data("monology/pile-uncopyrighted"), RESTRICTED,
        "The Pile's 30 training shards with the copyrighted subsets removed, tagged `other`: "
        "published, but under no named licence.",
        ("names no licence",), NEW_DOUBTS,
    ),
    Release(
        "the-stack-smol", data("bigcode/the-stack-smol"), RESTRICTED,
        "10,000 files per language as data/<language>/data.json, gated behind The Stack's terms "
        "of use; the card's '~0.1% subset of the-stack' is what this dataset is, not a sample of it.",
        ("gated",), NEW_DOUBTS,
    ),
    Release(
        "nanogpt", code("https://github.com/karpathy/nanoGPT"), OPEN,
        "train.py is the whole GPT-2 training loop, run by the README's torchrun command; MIT.",
        ("train.py",),
    ),
    Release(
        "llm.c", code("https://github.com/karpathy/llm.c"), OPEN,
        "The GPT-2/3 trainers are C/CUDA (train_gpt2.cu, run by scripts/run_gpt2_*.sh with "
        "mpirun); train_gpt2.py is their PyTorch reference trainer; MIT.",
        ("train_gpt2.cu shows a hand-written training loop in C/C++/CUDA", "`gpt2_update(`"),
    ),
    Release(
        "tinyllama", code("https://github.com/jzhang38/TinyLlama"), OPEN,
        "pretrain/tinyllama.py trains with Lightning Fabric over the vendored lit_gpt (PRETRAIN.md "
        "runs it with `lightning run model`); Apache-2.0.",
        ("pretrain/tinyllama.py",),
    ),
    Release(
        "llm-foundry", code("https://github.com/mosaicml/llm-foundry"), OPEN,
        "scripts/train/train.py is a two-line wrapper calling llmfoundry.command_utils."
        "train_from_yaml, whose Composer Trainer runs the pretraining YAMLs; Apache-2.0.",
        ("llmfoundry/command_utils/train.py", "mpt-125m.yaml"),
    ),
    Release(
        "easylm", code("https://github.com/young-geng/EasyLM"), OPEN,
        "OpenLLaMA's trainer: examples/pretrain_llama_7b.sh (OpenLLaMA 7B's hyperparameters) runs "
        "`python -m EasyLM.models.llama.llama_train`, a JAX/Flax loop of pjit-sharded steps "
        "(jax.value_and_grad, TrainState.apply_gradients); Apache-2.0.",
        ("EasyLM/models/llama/llama_train.py shows a JAX training step", "`.apply_gradients(`"),
    ),
    Release(
        "gemma.cpp", code("https://github.com/google/gemma.cpp"), ABSENT,
        "Google's C++ inference engine for Gemma: it loads released weights and samples "
        "(gemma/run.cc); Gemma's training code is not in it, whatever its README says of a "
        "backward pass for research.",
        ("inference-only", "gemma/run.cc"),
    ),
)  # fmt: skip

# Wikipedia's text is CC BY-SA (and, where its authors dual-licensed it, GFDL): open. The Hub
# card lists both licences; its card offers them separately (licences/dual.py), and the
# unversioned GFDL is open content too (FSF-libre, as MOT counts it; only its
# invariant-sections ids are not).
WIKIPEDIA = Release(
    "wikimedia-wikipedia", data("wikimedia/wikipedia"), OPEN,
    "Parquet of every language's articles; CC BY-SA 3.0 (re-users may rely on it alone).",
    ("CC-BY-SA-3.0",), NEW_DOUBTS,
)  # fmt: skip


@pytest.fixture(scope="module")
def clients() -> Iterator[Clients]:
    with standins.start([PACKAGED_SNAPSHOTS, UNSEEN]) as served:
        yield build_clients(loopback_settings(served))


def check(clients: Clients, release: Release) -> CheckResult:
    (result,) = check_release([release.artifact], clients, now=NOW)
    explained = "\n  ".join(result.reasons)
    assert result.failure is None, f"{release.name}: the check failed:\n  {explained}"
    assert result.verdict is release.truth, (
        f"{release.name}: {result.verdict}, not {release.truth} ({release.why}):\n  {explained}"
    )
    assert any(all(w in r for w in release.says) for r in result.reasons), (
        f"{release.name}: no reason says {release.says}:\n  {explained}"
    )
    facts = result.evidence.facts if result.evidence else {}
    raised = {d["id"] for d in facts.get("doubts", ())}  # type: ignore[attr-defined]
    assert not raised & set(release.never), f"{release.name}: false doubts {raised}"
    return result


@pytest.mark.parametrize("release", RELEASES, ids=[r.name for r in RELEASES])
def test_unseen_release_earns_its_public_record_verdict(clients: Clients, release: Release) -> None:
    check(clients, release)


def test_wikipedia_dual_licence_is_open(clients: Clients) -> None:
    # Its card lists [cc-by-sa-3.0, gfdl] and says some text is "available only under the
    # Creative Commons license": the licences are offered separately, so CC BY-SA decides.
    result = check(clients, WIKIPEDIA)
    assert any("available only under the Creative Commons license" in r for r in result.reasons)


def test_llm_c_trainers_are_read_as_c_and_cuda(clients: Clients) -> None:
    # The verdict would stand on the PyTorch reference alone; the C/CUDA trainers must be
    # read as training code in their own right (the evidence names each and its signals).
    (llm_c,) = [r for r in RELEASES if r.name == "llm.c"]
    result = check(clients, llm_c)
    assert result.evidence is not None
    loops = result.evidence.facts["training_loops"]
    assert isinstance(loops, dict)
    for trainer in ("train_gpt2.c", "train_gpt2.cu"):
        assert "in C/C++/CUDA" in loops[trainer], loops
        assert "a backward pass (`gpt2_backward" in loops[trainer], loops
    # Kernels, headers and llm.c's own test of its trainer are read as nothing of the kind.
    assert set(loops) == {"train_gpt2.c", "train_gpt2.cu", "train_gpt2.py"}


def manifests() -> list[dict[str, object]]:
    # discovery/ holds the unseen model cards of tests/integration/discovery/test_unseen_cards.py,
    # datasets/ the unseen datasets of test_unseen_real_datasets.py (each checked there).
    own = (UNSEEN / "discovery", UNSEEN / "datasets")
    paths = (p for p in sorted(UNSEEN.rglob("*.yml")) if not any(o in p.parents for o in own))
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths]


def test_unseen_manifests_are_sourced_and_outside_the_catalogue() -> None:
    catalogued = CATALOGUE.read_text(encoding="utf-8")
    named = {r.artifact.locator for r in (*RELEASES, WIKIPEDIA)}
    seen = set()
    for manifest in manifests():
        where = str(manifest.get("id") or manifest.get("url"))
        seen.add(where)
        assert manifest.get("snapshot") is True, where
        assert re.search(r"https://\S+ \(read \d{4}-\d{2}-\d{2}", str(manifest["source"])), where
        assert "Unseen-release stand-in" in str(manifest.get("notes")), where
        assert json.dumps(where)[1:-1] not in catalogued, f"{where} is in the seed catalogue"
    assert seen == named, "every unseen manifest has a row, and every row a manifest"
