"""Guidance: every cause below open that evidence records has a concrete remedy."""

from __future__ import annotations

import pytest

from registry.checks.doubts import DOUBT_RULES, DoubtId
from registry.model import FailureKind, Pillar, Verdict
from registry.remediation import UNCHECKED, ArtifactState, pillar_remediation
from registry.standard import FAILURE_REMEDIATION

W, C, D = Pillar.WEIGHTS, Pillar.CODE, Pillar.DATA
INDEX = {"index": "model.safetensors.index.json", "shards": 4,
         "missing": ["model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors"]}


def state(verdict: Verdict, **kwargs: object) -> ArtifactState:
    return ArtifactState(locator="org/thing", verdict=verdict, checked=True, **kwargs)  # type: ignore[arg-type]


CASES = [
    # (pillar, verdict, artifacts, a remedy that must be among those given)
    (W, Verdict.ABSENT, [], "declare the model weights: add where it is published to the release"),
    (D, Verdict.ABSENT, [], "declare the training data: add where it is published to the release"),
    (W, Verdict.RESTRICTED, [state(Verdict.RESTRICTED, facts={"sharded_indexes": [INDEX], "licence_class": "open"})],
     "publish the 2 shard files listed in model.safetensors.index.json but not in the repository "
     "(model-00003-of-00004.safetensors, model-00004-of-00004.safetensors)"),
    (W, Verdict.RESTRICTED, [state(Verdict.RESTRICTED, facts={"gated": True, "licence_class": "open"})],
     FAILURE_REMEDIATION[FailureKind.GATED]),
    (W, Verdict.RESTRICTED, [state(Verdict.RESTRICTED, facts={"licence_class": "restricted"},
                                   licences=[{"expression": "llama3.1", "licence_class": "restricted"}])],
     "publish it under an open licence (such as Apache-2.0 or MIT) instead of llama3.1"),
    (C, Verdict.RESTRICTED, [state(Verdict.RESTRICTED, facts={"licence_class": "unknown"}, declared_licence="apache-2.0")],
     "add a LICENSE file with an open licence's text (such as Apache-2.0 or MIT); the declared "
     "apache-2.0 alone is not found in the repository"),
    (D, Verdict.RESTRICTED, [state(Verdict.RESTRICTED, facts={"licence_class": "unknown"})],
     "add a LICENSE file with an open licence's text (such as CC-BY-4.0 or ODC-By-1.0)"),
    (C, Verdict.ABSENT, [state(Verdict.ABSENT, facts={"inference_only": True})],
     "publish the code that trained the model (training scripts or configs with a launch command, "
     "not only inference code) in org/thing"),
    (W, Verdict.UNVERIFIED, [state(Verdict.UNVERIFIED, failure=FailureKind.NOT_FOUND)],
     FAILURE_REMEDIATION[FailureKind.NOT_FOUND]),
    (W, Verdict.UNVERIFIED, [ArtifactState("org/thing", Verdict.UNVERIFIED)], UNCHECKED),
] + [
    (W, Verdict.RESTRICTED,
     [state(Verdict.RESTRICTED, facts={"doubts": [{"id": doubt.value, "detail": "seen"}], "licence_class": "open"})],
     DOUBT_RULES[doubt].remediation)
    for doubt in DoubtId
]


@pytest.mark.parametrize(("pillar", "verdict", "artifacts", "remedy"), CASES)
def test_each_cause_has_its_remedy(
    pillar: Pillar, verdict: Verdict, artifacts: list[ArtifactState], remedy: str
) -> None:
    assert remedy in pillar_remediation(pillar, verdict, artifacts)


def test_an_open_pillar_needs_nothing() -> None:
    assert pillar_remediation(W, Verdict.OPEN, [state(Verdict.OPEN)]) == ()


def test_remedies_are_said_once_across_artifacts() -> None:
    gated = state(Verdict.RESTRICTED, facts={"gated": True, "licence_class": "open"})
    assert pillar_remediation(W, Verdict.RESTRICTED, [gated, gated]) == (
        FAILURE_REMEDIATION[FailureKind.GATED],
    )


def test_an_unknown_doubt_id_is_skipped_not_a_crash() -> None:
    odd = state(Verdict.RESTRICTED, facts={"doubts": [{"id": "from_a_newer_checker"}]})
    assert pillar_remediation(W, Verdict.RESTRICTED, [odd])  # falls back to the reasons
