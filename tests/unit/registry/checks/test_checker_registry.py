"""The checker registry and `registry.verify`: lookup by id and kind, release checks."""

from __future__ import annotations

import pytest

from registry.checks import CheckerRegistry, CodeChecker, DataChecker, default_registry
from registry.errors import DuplicateChecker, UnknownChecker
from registry.model import ArtifactKind, FailureKind, Pillar, Verdict
from registry.ports import AdapterError
from registry.verify import check_release, current_revision, verdicts_by_pillar
from tests.unit.registry.checks.checks_fakes import (
    COMMIT,
    NOW,
    SHA,
    FakeGit,
    FakeHub,
    data_url,
    dataset,
    fake_clients,
    model,
    repo,
    weight_bytes,
)


def test_default_registry_holds_the_three_checkers() -> None:
    registry = default_registry()
    assert registry.ids() == ("weights", "code", "data")
    assert len(registry) == 3
    for checker in registry:
        assert checker.title and checker.description and checker.version


def test_duplicate_ids_are_refused() -> None:
    registry = CheckerRegistry([CodeChecker()])
    with pytest.raises(DuplicateChecker) as error:
        registry.register(CodeChecker())
    assert error.value.checker_id == "code"


def test_unknown_ids_are_refused() -> None:
    with pytest.raises(UnknownChecker):
        default_registry().get("licence-oracle")


@pytest.mark.parametrize(
    ("kind", "checker_id"),
    [
        (ArtifactKind.HF_MODEL, "weights"),
        (ArtifactKind.GIT, "code"),
        (ArtifactKind.HF_DATASET, "data"),
        (ArtifactKind.URL, "data"),
    ],
)
def test_each_artifact_kind_has_a_checker(kind: ArtifactKind, checker_id: str) -> None:
    assert default_registry().for_kind(kind).id == checker_id


def test_a_kind_nobody_checks_is_unknown() -> None:
    with pytest.raises(UnknownChecker):
        CheckerRegistry([DataChecker()]).for_kind(ArtifactKind.GIT)


def test_check_release_runs_the_checker_for_each_kind_in_order() -> None:
    hub = FakeHub()
    hub.add("model", "lab/m", {"model.safetensors": weight_bytes()}, tags=("license:mit",))
    hub.add("dataset", "lab/d", {"README.md": "# card"})
    artifacts = [model("lab/m"), repo("https://git.example/x"), dataset("lab/d")]
    results = check_release(artifacts, fake_clients(hub=hub), now=NOW)
    assert [r.artifact for r in results] == artifacts
    assert [r.verdict for r in results] == [Verdict.OPEN, Verdict.UNVERIFIED, Verdict.ABSENT]
    assert all(r.evidence is not None and r.evidence.checked_at == NOW for r in results)
    grouped = verdicts_by_pillar(results)
    assert grouped[Pillar.WEIGHTS] == [Verdict.OPEN]
    assert grouped[Pillar.CODE] == [Verdict.UNVERIFIED]
    assert grouped[Pillar.DATA] == [Verdict.ABSENT]


def test_current_revision_is_one_cheap_call_per_kind() -> None:
    hub = FakeHub()
    hub.add("model", "lab/m", {})
    git = FakeGit()
    git.add("https://git.example/x", {"a": "b"})
    clients = fake_clients(hub=hub, git=git)
    assert current_revision(model("lab/m"), clients) == SHA
    assert current_revision(repo("https://git.example/x"), clients) == COMMIT
    assert current_revision(data_url("https://x.example/d"), clients) is None


def test_current_revision_reports_failures() -> None:
    with pytest.raises(AdapterError) as error:
        current_revision(model("lab/gone"), fake_clients())
    assert error.value.kind is FailureKind.NOT_FOUND
