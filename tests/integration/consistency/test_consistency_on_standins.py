"""The consistency check through the real clients, one changed fact per model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registry.adapters import build_clients
from registry.consistency import check_consistency, seen_from_result
from registry.consistency.report import (
    Agreement,
    ArchitectureState,
    ConsistencyReport,
    Coverage,
    EnvironmentState,
    PinState,
)
from registry.model import ArtifactKind, ArtifactRef, Pillar
from registry.ports import Clients
from registry.verify import check_release
from standins import StandIns
from tests.integration.checks.standin_support import loopback_settings
from tests.integration.consistency.world import CORPUS, MISSING_SHA, TRAINER

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def clients(world: StandIns) -> Clients:
    return build_clients(loopback_settings(world))


def report_for(clients: Clients, model: str) -> ConsistencyReport:
    refs = [
        ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, model),
        ArtifactRef(Pillar.CODE, ArtifactKind.GIT, TRAINER),
        ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, CORPUS),
    ]
    results = check_release(refs, clients, NOW)
    assert not [r for r in results if r.failure], [r.reasons for r in results]
    return check_consistency([seen_from_result(r) for r in results], clients)


def test_a_release_whose_code_explains_its_model_is_consistent(clients: Clients) -> None:
    report = report_for(clients, "lab/model-7b")
    assert report.architecture.state is ArchitectureState.AGREES, report.architecture.reason
    assert report.architecture.config == "configs/7b.yaml"  # chosen over configs/1b.yaml
    assert report.data.state is Coverage.COVERED, report.data.reason
    assert report.code_pin.state is PinState.PINNED, report.code_pin.reason
    assert report.data_pin.state is PinState.PINNED, report.data_pin.reason
    assert report.environment.state is EnvironmentState.PINNED
    assert report.consistent and report.missing_for_mark() == ()
    tuple_ = report.reproducibility
    assert tuple_.code_commit_pinned and tuple_.data_revision_pinned
    assert tuple_.code_commit == report.code_pin.resolved and len(tuple_.code_commit or "") == 40


def test_a_commit_that_does_not_exist_is_reported_as_such(clients: Clients) -> None:
    report = report_for(clients, "lab/model-7b-missing-commit")
    assert report.code_pin.state is PinState.MISSING
    assert MISSING_SHA in report.code_pin.reason
    assert report.data_pin.state is PinState.MISSING  # revision v9.9 of the corpus
    assert not report.consistent
    # Nothing pins the commit: the tuple records the head the check saw, marked unpinned.
    assert not report.reproducibility.code_commit_pinned
    assert report.reproducibility.code_commit is not None


def test_data_the_card_names_that_is_not_published(clients: Clients) -> None:
    report = report_for(clients, "lab/model-7b-extra-data")
    assert report.data.state is Coverage.PARTLY
    assert report.data.missing == ("lab/secret-mix (model card metadata)",)
    assert not report.consistent


def test_a_config_that_differs_in_one_field(clients: Clients) -> None:
    report = report_for(clients, "lab/model-7b-long-context")
    assert report.architecture.state is ArchitectureState.DIFFERS
    differing = [f for f in report.architecture.fields if f.agreement is Agreement.DIFFERS]
    assert [(f.field, f.released, f.trained, f.where) for f in differing] == [
        ("context length", 2048, 512, "configs/7b.yaml:9")
    ]


def test_weights_of_a_size_the_trainer_publishes_no_config_for(clients: Clients) -> None:
    report = report_for(clients, "lab/model-13b")
    assert report.architecture.state is ArchitectureState.DIFFERS
    assert {c.path for c in report.architecture.candidates} == {
        "configs/1b.yaml",
        "configs/7b.yaml",
    }
    assert not report.consistent
