"""Write use cases hand back typed views, as the read services do, never the rows they wrote."""

from __future__ import annotations

import pytest
from flask import Flask

from app.services import catalogue
from app.services.checks_here import CheckTarget, check_targets
from app.services.errors import Forbidden, NotFound
from app.services.identity import SYSTEM, Identity
from app.services.read_models import LabDetail, LabRef, ReleaseDetail
from tests.factories import make_lab, make_release

WEIGHTS = {"pillar": "weights", "kind": "hf_model", "locator": "org/other-model",
           "declared_licence": "apache-2.0"}  # fmt: skip


def test_creating_and_changing_a_lab_answer_with_its_detail(app: Flask) -> None:
    created = catalogue.create_lab(SYSTEM, {"slug": "alpha", "name": "Alpha"})
    assert isinstance(created, LabDetail)
    assert (created.slug, created.name, created.releases) == ("alpha", "Alpha", ())
    changed = catalogue.update_lab(SYSTEM, "alpha", {"name": "Alpha Lab"})
    assert isinstance(changed, LabDetail) and changed.name == "Alpha Lab"


def test_replacing_artifacts_answers_with_the_release_detail(app: Flask) -> None:
    make_release(make_lab(slug="alpha"), slug="one")
    detail = catalogue.replace_artifacts(SYSTEM, "alpha", "one", [WEIGHTS])
    assert isinstance(detail, ReleaseDetail)
    assert [a.locator for p in detail.pillars for a in p.artifacts] == ["org/other-model"]
    assert detail.verdicts["weights"] == "unverified"


def test_the_release_form_names_its_lab_once_the_identity_may_submit(app: Flask) -> None:
    make_lab(slug="alpha", name="Alpha")
    assert catalogue.submission_target(SYSTEM, "alpha") == LabRef("alpha", "Alpha")
    outsider = Identity(user_id=999, can_submit=True, label="someone")
    with pytest.raises(Forbidden):
        catalogue.submission_target(outsider, "alpha")
    with pytest.raises(NotFound):
        catalogue.submission_target(SYSTEM, "no-such-lab")


def test_check_targets_are_plain_values_in_lab_then_release_order(app: Flask) -> None:
    beta, alpha = make_lab(slug="beta"), make_lab(slug="alpha")
    make_release(beta, slug="b1")
    make_release(alpha, slug="a2")
    make_release(alpha, slug="a1")
    assert check_targets(None) == [
        CheckTarget("alpha", "a1", 1), CheckTarget("alpha", "a2", 1), CheckTarget("beta", "b1", 1),
    ]  # fmt: skip
    assert [t.name for t in check_targets("alpha")] == ["alpha/a1", "alpha/a2"]
    assert check_targets("beta/b1") == [CheckTarget("beta", "b1", 1)]
