"""Real open releases the seed catalogue never saw, checked by the real weights checker.

Each manifest under `unseen_weights/` is a stand-in snapshot of a real Hugging Face repository
(sources, dates and what is approximate in its `notes`), chosen because it stresses one of the
weights checker's doubt rules: a size-like token in the name, a lab's own GGUF, a third party's
GGUF re-upload, a fine-tune over another organisation's base, MXFP4 weights packed into U8, an
ONNX export beside the main weights, ONNX graphs with external data, a PyTorch-only pickle,
licences named only by a `license_name` slug or a governing-terms paragraph. The table gives,
before any checker ran, the verdict the public record supports and words one reason must
hold. The folder is not the packaged snapshot set, so the seed catalogue and its acceptance
test are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from registry.adapters import build_clients
from registry.model import ArtifactKind, ArtifactRef, Pillar, Verdict
from registry.ports import Clients
from registry.verify import check_release
from standins.loader import PACKAGED_SNAPSHOTS
from tests.integration.checks.standin_support import loopback_settings

UNSEEN = Path(__file__).parent / "unseen_weights"
OPEN, RESTRICTED = Verdict.OPEN, Verdict.RESTRICTED


@dataclass(frozen=True)
class Release:
    """A real repository, the weights verdict its public record supports, and why."""

    repo_id: str
    truth: Verdict
    says: tuple[str, ...] = ()  # words one reason (the failure, when unverified) must hold
    not_says: tuple[str, ...] = ()  # words no reason may hold (a doubt that must not fire)


RELEASES = [
    # "1.1B" is the size; "1431k" (steps) and "3T" (tokens) are not parameter counts.
    Release("TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T", OPEN, ("1.10 B",),
            ("under half",)),
    Release("EleutherAI/pythia-160m", OPEN, ("Apache-2.0",)),
    # BigScience RAIL 1.0: use restrictions; safetensors, PyTorch, Flax and ONNX side by side.
    Release("bigscience/bloom-560m", RESTRICTED, ("RAIL",), ("external data", "not weights")),
    # Apple Sample Code License: use, modify and redistribute, with the notice kept.
    # Card: license other + license_name apple-sample-code-license; LICENSE: the ASCL's text.
    Release("apple/OpenELM-270M", OPEN, ("Apple Sample Code License",), ("disagree", "Doubt")),
    # The name-size rule's edge: "0.5B" holding 494 M.
    Release("Qwen/Qwen2.5-0.5B", OPEN, ("Apache-2.0",), ("under half",)),
    Release("HuggingFaceTB/SmolLM2-135M", OPEN, ("Apache-2.0",)),
    # MXFP4 experts packed two to a U8 byte, zero-based shard names, original/ and metal/.
    Release("openai/gpt-oss-20b", OPEN, ("U8 elements may each pack",), ("under half", "copy")),
    # The lab's own GGUF of its own model, in llama.cpp split files: not a third-party copy.
    Release("Qwen/Qwen2.5-7B-Instruct-GGUF", OPEN, ("Apache-2.0",), ("copy of",)),
    # IBM's own GGUF, from a sibling namespace (ibm-research) of the model's (ibm-granite).
    Release("ibm-research/granite-3.2-8b-instruct-GGUF", OPEN, ("Apache-2.0",), ("copy of",)),
    # A third party's quantised re-upload of Meta's model: never open. The Llama 2 licence it
    # carries over restricts it whoever uploads it; the copy is named as a doubt beside it.
    Release("TheBloke/Llama-2-7B-GGUF", RESTRICTED, ("copy of meta-llama/Llama-2-7b-hf",)),
    # The lab's own fine-tune over another organisation's base: its own publication.
    Release("HuggingFaceH4/zephyr-7b-beta", OPEN, ("MIT",), ("copy of",)),
    # NVIDIA's own derivative of Meta's model (no copy), under the NVIDIA Open Model License
    # with the Llama 3.1 Community License as "Additional Information": never open.
    Release("nvidia/Llama-3.1-Nemotron-Nano-8B-v1", RESTRICTED, ("NVIDIA Open Model License",),
            ("copy of",)),
    # "1_6b" is 1.6 B written with an underscore; the Community License caps commercial use.
    Release("stabilityai/stablelm-2-1_6b", RESTRICTED, ("Stability AI Community License",),
            ("under half", "not a licence we recognise")),
    Release("microsoft/phi-2", OPEN, ("MIT",)),
    # ONNX graphs whose tensors are in ".onnx.data" files beside them, all present.
    Release("microsoft/Phi-3-mini-4k-instruct-onnx", OPEN, ("MIT",), ("missing", "not weights")),
    # PyTorch pickles only: read as a torch zip, never executed.
    Release("EleutherAI/gpt-j-6b", OPEN, ("Apache-2.0",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def clients(standins_module_factory) -> Iterator[Clients]:
    # The packaged licence texts serve the manifests' text_ref entries; no seed manifest loads.
    texts = {p.name: p.read_text(encoding="utf-8") for p in (PACKAGED_SNAPSHOTS / "texts").iterdir()}
    standins = standins_module_factory({}, texts=texts, folders=[UNSEEN])
    yield build_clients(loopback_settings(standins))


@pytest.mark.parametrize("release", RELEASES, ids=[r.repo_id for r in RELEASES])
def test_weights_verdict_matches_the_public_record(clients: Clients, release: Release) -> None:
    ref = ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, release.repo_id)
    (result,) = check_release([ref], clients)
    reasons = [*result.reasons, *([result.failure.message] if result.failure else [])]
    explained = f"{release.repo_id}: {result.verdict}\n  " + "\n  ".join(reasons)
    assert result.verdict is release.truth, explained
    if release.says:
        assert any(all(w in r for w in release.says) for r in reasons), explained
    for words in release.not_says:
        assert not any(words in r for r in reasons), explained
