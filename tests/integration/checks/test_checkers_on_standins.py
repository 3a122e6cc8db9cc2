"""The real checkers through the real clients, against stand-ins built for each situation."""

from __future__ import annotations

import pytest

from registry.adapters import build_clients
from registry.model import ArtifactKind, ArtifactRef, FailureKind, Pillar, Verdict
from registry.ports import Clients
from registry.verify import check_release, current_revision
from standins import synthetic_hub_manifest
from tests.integration.checks.standin_support import (
    HUB_MANIFESTS,
    STALL_TIMEOUT_S,
    TRAIN_CONFIG,
    loopback_settings,
)
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

STARCODER_LIKE = "https://github.com/lab/inference-with-finetune"
TRAINER = "https://github.com/lab/trainer"
BIG = "lab/ten-thousand"

MANIFESTS = {
    **HUB_MANIFESTS,
    "inference.yml": {
        "kind": "git",
        "url": STARCODER_LIKE,
        "files": [
            {"path": "LICENSE", "content": MIT_TEXT},
            {
                "path": "README.md",
                "content": "# X\n\n## Fine-tuning\n\n```\naccelerate launch finetune.py\n```\n",
            },
            {"path": "finetune.py", "content": "from trl import SFTTrainer\ntrainer.train()\n"},
            {"path": "generate.py", "content": "print('hello')\n"},
        ],
    },
    "trainer.yml": {
        "kind": "git",
        "url": TRAINER,
        "files": [
            {"path": "LICENSE", "content": MIT_TEXT},
            {"path": "scripts/train.py", "content": "loss.backward()\noptimizer.step()\n"},
            {"path": "configs/7b.yaml", "content": TRAIN_CONFIG},
        ],
    },
    "metadata.yml": {
        "kind": "url",
        "url": "https://data.example/corpus",
        "redirect_to": "http://169.254.169.254/latest/meta-data/",
    },
    "landing.yml": {
        "kind": "url",
        "url": "https://data.example/landing",
        "status": 200,
        "content_type": "text/html",
        "size": 2048,
    },
    # lab/script's loading script downloads from here; the host answers 404 (data checker 1.8
    # probes a script's URLs: gone is absent, a host nobody could check unverified).
    "script-host.yml": {"kind": "url", "url": "https://elsewhere.example/data.tar", "status": 404},
}


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    big = synthetic_hub_manifest(BIG, file_count=10_000, kind="dataset", licence="odc-by")
    return standins_module_factory(MANIFESTS, extra=[big])


@pytest.fixture(scope="module")
def clients(standins) -> Clients:
    return build_clients(loopback_settings(standins))


@pytest.fixture(scope="module")
def impatient_clients(standins) -> Clients:
    # Only for the stalled repo: everything else keeps the loopback timeouts (see
    # STALL_TIMEOUT_S), so the 10,000-file listing is never cut short by a loaded machine.
    return build_clients(loopback_settings(standins, hub_timeout_s=STALL_TIMEOUT_S))


def weights(repo_id: str) -> ArtifactRef:
    return ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, repo_id)


def dataset(repo_id: str) -> ArtifactRef:
    return ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, repo_id)


def code(url: str) -> ArtifactRef:
    return ArtifactRef(Pillar.CODE, ArtifactKind.GIT, url)


def url(address: str) -> ArtifactRef:
    return ArtifactRef(Pillar.DATA, ArtifactKind.URL, address)


def run(clients: Clients, artifact: ArtifactRef):
    (result,) = check_release([artifact], clients)
    return result


@pytest.mark.parametrize(
    ("artifact", "verdict"),
    [
        (weights("lab/open"), Verdict.OPEN),
        (weights("lab/gated"), Verdict.RESTRICTED),
        (weights("lab/disabled"), Verdict.ABSENT),
        (weights("lab/no-weights"), Verdict.ABSENT),
        (dataset("lab/parquet"), Verdict.OPEN),
        (dataset("lab/card-only"), Verdict.ABSENT),
        (dataset("lab/script"), Verdict.ABSENT),
        (dataset(BIG), Verdict.OPEN),
        (code(TRAINER), Verdict.OPEN),
        (code(STARCODER_LIKE), Verdict.ABSENT),
        (url("https://data.example/landing"), Verdict.RESTRICTED),
    ],
)
def test_verdicts(clients: Clients, artifact: ArtifactRef, verdict: Verdict) -> None:
    result = run(clients, artifact)
    assert result.verdict is verdict, result.reasons
    assert result.failure is None
    assert result.evidence is not None


@pytest.mark.parametrize(
    ("artifact", "kind"),
    [
        (weights("lab/missing"), FailureKind.NOT_FOUND),
        (weights("lab/private"), FailureKind.NOT_FOUND),
        (weights("lab/broken"), FailureKind.SERVER_ERROR),
        (weights("lab/malformed"), FailureKind.MALFORMED_REPLY),
        (code("https://github.com/lab/missing"), FailureKind.NOT_FOUND),
        (code("ext::sh -c touch% /tmp/pwned"), FailureKind.REFUSED),
        (url("https://data.example/corpus"), FailureKind.REFUSED),
    ],
)
def test_failures_are_unverified(
    clients: Clients, artifact: ArtifactRef, kind: FailureKind
) -> None:
    result = run(clients, artifact)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is kind


def test_a_stalled_hub_is_unverified_as_a_timeout(impatient_clients: Clients) -> None:
    result = run(impatient_clients, weights("lab/slow"))
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.TIMEOUT


def test_gated_evidence(clients: Clients) -> None:
    result = run(clients, weights("lab/gated"))
    assert result.evidence is not None
    assert result.evidence.facts["gate_mode"] == "manual"
    # The card is public on a gated repo; the weight headers are not.
    assert not any("README.md could not be read" in r for r in result.reasons)
    assert any("gated" in r and "not readable" in r for r in result.reasons), result.reasons


def test_licence_disagreement_between_card_and_licence_file(clients: Clients) -> None:
    result = run(clients, weights("lab/disagree"))
    assert result.verdict is Verdict.RESTRICTED
    assert result.evidence is not None
    readings = {(f.source, f.expression) for f in result.evidence.licences}
    assert readings >= {("card metadata (license)", "MIT"), ("LICENSE file (text)", "llama2")}
    assert any("disagree" in r for r in result.reasons)


def test_missing_shard_is_reported(clients: Clients) -> None:
    result = run(clients, weights("lab/sharded"))
    assert any("model-2-of-2.safetensors" in r for r in result.reasons)


def test_ten_thousand_files_are_counted(clients: Clients) -> None:
    result = run(clients, dataset(BIG))
    assert result.evidence is not None
    assert result.evidence.facts["data_file_count"] == 10_000
    assert result.evidence.facts["listing_pages"] == 11
    assert len(result.evidence.files) == 100  # capped; the count covers the rest
    assert result.evidence.total_size == sum(1024 + n for n in range(10_000))


def test_inference_repo_evidence_says_why(clients: Clients) -> None:
    result = run(clients, code(STARCODER_LIKE))
    assert result.evidence is not None
    facts = result.evidence.facts
    assert facts["inference_only"] is True
    assert facts["fine_tuning_files"] == ("finetune.py",)
    assert "not the code that trained it" in result.reasons[0]


def test_evidence_records_the_contacted_endpoint_and_public_locator(clients: Clients) -> None:
    result = run(clients, code(TRAINER))
    assert result.evidence is not None
    assert result.evidence.locator == TRAINER
    assert result.evidence.endpoint.startswith("http://127.0.0.1:")
    assert result.evidence.endpoint.endswith("/github.com/lab/trainer")
    assert result.evidence.revision == current_revision(code(TRAINER), clients)


def test_current_revision_of_a_hub_repo(clients: Clients) -> None:
    revision = current_revision(weights("lab/open"), clients)
    assert revision == run(clients, weights("lab/open")).evidence.revision  # type: ignore[union-attr]
