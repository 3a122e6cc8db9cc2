"""A table of open-washing cases, served by one set of stand-ins and checked through real clients.

Each `Case` is a row written with the verdict the truth implies *before* any checker runs:
its manifests (what the lab published), the artifact a release would declare, the truth,
and words one reason must hold. One module serves every case of its table at once:

    CASES = [Case("placeholder file", weights_at("lab/x"), Verdict.ABSENT,
                  {"x.yml": hub_model("lab/x", [{"path": "model.safetensors", "size": 1}])},
                  says=("1 byte",))]

    @pytest.fixture(scope="module")
    def clients(standins_module_factory) -> Clients:
        return serve(standins_module_factory, CASES)

    @pytest.mark.parametrize("case", CASES, ids=case_id)
    def test_case(clients: Clients, case: Case) -> None:
        check_case(clients, case)

The fixtures come from tests/integration/checks/conftest.py (loopback only, HF_* set).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.adapters import build_clients
from registry.model import ArtifactKind, ArtifactRef, CheckResult, Pillar, Verdict
from registry.ports import Clients
from registry.verify import check_release
from tests.integration.checks.standin_support import loopback_settings


@dataclass(frozen=True)
class Case:
    """One open-washing case: what is published, what a release claims, and the truth."""

    name: str
    artifact: ArtifactRef
    truth: Verdict
    manifests: Mapping[str, Mapping[str, Any]]
    says: tuple[str, ...] = ()  # words one reason (the failure, when unverified) must hold
    texts: Mapping[str, str] = field(default_factory=dict)  # text_ref contents


def case_id(case: Case) -> str:
    """Name a case in test ids."""
    return case.name.replace(" ", "-")


def serve(factory: Callable[..., Any], cases: Iterable[Case], **settings: Any) -> Clients:
    """Start stand-ins holding every case's manifests; return real clients pointed at them."""
    manifests: dict[str, Mapping[str, Any]] = {}
    texts: dict[str, str] = {}
    for case in cases:
        manifests.update(case.manifests)
        texts.update(case.texts)
    standins = factory(manifests, texts=texts or None)
    return build_clients(loopback_settings(standins, **settings))


def check_case(clients: Clients, case: Case) -> CheckResult:
    """Check a case's artifact; its verdict must be the truth, and a reason must say why."""
    (result,) = check_release([case.artifact], clients)
    if case.truth is Verdict.UNVERIFIED:
        # Nothing could confirm the claim either way: the check says why, as a failure.
        assert result.verdict is Verdict.UNVERIFIED, f"{case.name}: {result.verdict}, not unverified"
        assert result.failure is not None, f"{case.name}: unverified without a failure"
        missing = [w for w in case.says if w not in result.failure.message]
        assert not missing, f"{case.name}: the failure does not say {missing}: {result.failure}"
        return result
    explained = "\n  ".join(result.reasons)
    assert result.failure is None, f"{case.name}: the check failed:\n  {explained}"
    assert result.verdict is case.truth, f"{case.name}: {result.verdict}, not {case.truth}:\n  {explained}"
    if case.says:
        assert any(all(w in r for w in case.says) for r in result.reasons), (
            f"{case.name}: no reason says {case.says}:\n  {explained}"
        )
    return result


def hub_model(repo_id: str, files: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """Return a Hub model manifest (Apache-2.0 tagged unless `fields` say otherwise)."""
    licence = {"tags": ["license:apache-2.0"], "card_data": {"license": "apache-2.0"}}
    return {"kind": "model", "id": repo_id, "files": files, **licence, **fields}


def hub_dataset(repo_id: str, files: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """Return a Hub dataset manifest."""
    return {"kind": "dataset", "id": repo_id, "files": files, **fields}


def git_repo(url: str, files: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """Return a git repository manifest."""
    return {"kind": "git", "url": url, "files": files, **fields}


def weights_at(repo_id: str, licence: str | None = None) -> ArtifactRef:
    """Return the weights artifact a release declares on the Hub."""
    return ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, repo_id, licence)


def data_at(repo_id: str) -> ArtifactRef:
    """Return the data artifact a release declares on the Hub."""
    return ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, repo_id)


def code_at(url: str, entrypoint: str | None = None) -> ArtifactRef:
    """Return the code artifact a release declares in git."""
    return ArtifactRef(Pillar.CODE, ArtifactKind.GIT, url, entrypoint=entrypoint)


# A real training loop and config, the honest side of the code cases.
LOOP = (
    "import torch\nfrom model import GPT\n\ndef main(cfg):\n    model = GPT(cfg)\n"
    "    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr)\n"
    "    for batch in loader:\n        loss = model(batch).loss\n        loss.backward()\n"
    "        optimizer.step()\n        optimizer.zero_grad()\n"
)
CONFIG = (
    "model:\n  d_model: 4096\n  n_layers: 32\noptimizer:\n  name: adamw\n  lr: 3.0e-4\n"
    "  weight_decay: 0.1\nscheduler:\n  warmup_steps: 2000\nmax_steps: 500000\n"
)
