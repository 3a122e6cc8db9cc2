"""OSAI: all 12 dimensions carried through and compared with our evidence, where we have some."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.frameworks.artifacts import base_model_locator, osai_links
from registry.frameworks.links import LinkUse
from registry.frameworks.mof_evidence import Agreement
from registry.frameworks.osai import (
    AVAILABILITY,
    Grade,
    Judgement,
    OsaiEntry,
    dimension_names,
    dimensions,
    entry_from_dict,
    entry_to_dict,
)
from registry.frameworks.osai_compare import compare_osai, licence_grade
from registry.model import ArtifactKind, LicenceClass, Pillar, Verdict
from schemas.osai import load_osai
from tests.unit.frameworks.fakes import check

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "osai"


def entry(filename: str) -> OsaiEntry:
    return load_osai((SAMPLES / filename).read_text(encoding="utf-8")).value


def test_the_dimensions_are_the_indexs_own() -> None:
    assert dimension_names() == (
        "datasources_basemodel", "datasources_endmodel", "weights_basemodel", "weights_endmodel",
        "trainingcode", "code", "hardware_architecture", "preprint", "paper", "modelcard",
        "datasheet", "licenses",
    )  # fmt: skip
    titles = {d.ref: (d.title, d.group) for d in dimensions()}
    assert titles["weights_basemodel"] == ("Base Model Weights", "Availability")
    assert titles["licenses"] == ("Licenses", "Access")
    assert all(d.question for d in dimensions())


def test_availability_dimensions_map_to_pillars() -> None:
    assert dict(AVAILABILITY) == {
        "datasources_basemodel": Pillar.DATA,
        "datasources_endmodel": Pillar.DATA,
        "weights_basemodel": Pillar.WEIGHTS,
        "weights_endmodel": Pillar.WEIGHTS,
        "trainingcode": Pillar.CODE,
    }


def test_the_entry_keeps_every_judgement_its_links_and_the_organisation_notes() -> None:
    olmo = entry("OLMo.yaml")
    assert olmo.release_name == "Olmo-3.1-32B-Think"
    assert olmo.organisation == "Ai2"
    assert olmo.organisation_notes == "Allen Institute for AI (non-profit research institute)"
    assert len(olmo.judgements) == 12
    data = olmo.judgements["datasources_basemodel"]
    assert data.grade is Grade.OPEN
    assert data.links[0] == "https://huggingface.co/datasets/allenai/dolma3_mix-5.5T-1125"
    assert len(olmo.judgements["datasheet"].links) == 9
    assert entry_from_dict(entry_to_dict(olmo)) == olmo


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("OLMo.yaml", {
            ("weights", "hf_model", "allenai/Olmo-3.1-32B-Think"),
            ("code", "git", "https://github.com/allenai/open-instruct"),
            ("code", "git", "https://github.com/allenai/OLMo-core"),
            ("data", "hf_dataset", "allenai/dolma3_mix-5.5T-1125"),
            ("data", "hf_dataset", "allenai/dolma3_longmino_mix-100B-1125"),
            ("data", "hf_dataset", "allenai/dolma3_dolmino_mix-100B-1125"),
            ("data", "hf_dataset", "allenai/Dolci-Think-RL-32B"),
        }),
        # The OpenDataHub link is a code repository given as data: evidence, not a dataset.
        ("Pythia.yaml", {
            ("weights", "hf_model", "togethercomputer/Pythia-Chat-Base-7B"),
            ("code", "git", "https://github.com/togethercomputer/OpenChatKit"),  # from /tree/main
            ("data", "hf_dataset", "EleutherAI/the_pile_deduplicated"),
        }),
        # No end-model weights link: the system link names the end model.
        ("llama-3.1.yaml", {
            ("weights", "hf_model", "meta-llama/Meta-Llama-3.1-405B-Instruct"),
            ("code", "git", "https://github.com/meta-llama/llama3"),
        }),
        ("GPT-OSS.yaml", {("weights", "hf_model", "openai/gpt-oss-120b")}),
    ],
)  # fmt: skip
def test_only_real_locators_become_artifacts(
    filename: str, expected: set[tuple[str, str, str]]
) -> None:
    found = {
        (a.pillar.value, a.kind.value, a.locator) for a in osai_links(entry(filename)).artifacts
    }
    assert found == expected


def test_every_other_link_is_kept_as_evidence_by_field() -> None:
    read = osai_links(entry("OLMo.yaml"))
    evidence = {f.field: f.reading for f in read.evidence}
    assert evidence["paper.link[0]"].url == "https://openreview.net/forum?id=2ezugTT9kU#discussion"
    assert evidence["org.link[0]"].use is LinkUse.EVIDENCE
    # The base model's weights are compared, never added to the end model's release.
    assert base_model_locator(entry("OLMo.yaml")) == "allenai/Olmo-3-1125-32B"
    assert "allenai/Olmo-3-1125-32B" not in {a.locator for a in read.artifacts}


def found(entry_: OsaiEntry, checks: list, base: list | None = None) -> dict:  # type: ignore[type-arg]
    return {c.dimension.ref: c for c in compare_osai(entry_, checks, base or [])}


# OSAI grade, our verdict, agreement
GRADES = [
    (Grade.OPEN, Verdict.OPEN, Agreement.AGREE),
    (Grade.PARTIAL, Verdict.RESTRICTED, Agreement.AGREE),
    (Grade.CLOSED, Verdict.ABSENT, Agreement.AGREE),
    (Grade.OPEN, Verdict.ABSENT, Agreement.DISAGREE),
    (Grade.OPEN, Verdict.RESTRICTED, Agreement.DISAGREE),
    (Grade.CLOSED, Verdict.OPEN, Agreement.DISAGREE),
    (Grade.OPEN, Verdict.UNVERIFIED, Agreement.UNCONFIRMED),
    (None, Verdict.OPEN, Agreement.NOT_GRADED),
]


@pytest.mark.parametrize(("grade", "verdict", "agreement"), GRADES)
def test_grades_compare_with_verdicts(
    grade: Grade | None, verdict: Verdict, agreement: Agreement
) -> None:
    olmo = entry("OLMo.yaml")
    judgements = dict(olmo.judgements)
    judgements["trainingcode"] = Judgement("trainingcode", grade)
    graded = OsaiEntry(olmo.system, olmo.organisation, judgements)
    assert found(graded, [check(Pillar.CODE, verdict, "Apache-2.0")])["trainingcode"].agreement is (
        agreement
    )


def test_all_twelve_dimensions_are_compared_and_no_evidence_is_said_plainly() -> None:
    comparisons = found(entry("OLMo.yaml"), [])
    assert len(comparisons) == 12
    assert {c.agreement for c in comparisons.values()} == {Agreement.NO_EVIDENCE}
    assert comparisons["trainingcode"].explanation == (
        "OSAI grades Training Code open; no evidence of ours: the release declares no code "
        "repository."
    )
    assert comparisons["modelcard"].explanation.endswith(
        "no evidence of ours: our checkers do not judge documentation."
    )
    assert comparisons["paper"].judgement.notes == (
        "Conference paper published in COLM 2025. More under review?"
    )


def test_base_and_end_data_are_compared_with_their_own_links() -> None:
    checks = [
        check(Pillar.DATA, Verdict.ABSENT, locator="allenai/dolma3_mix-5.5T-1125"),
        check(Pillar.DATA, Verdict.OPEN, "ODC-By-1.0", locator="allenai/Dolci-Think-RL-32B"),
    ]
    comparisons = found(entry("OLMo.yaml"), checks)
    base, end = comparisons["datasources_basemodel"], comparisons["datasources_endmodel"]
    assert (base.ours, base.agreement) == ("absent", Agreement.DISAGREE)
    assert base.explanation == (
        "OSAI grades Base Model Data open; we verified the base model's data at "
        "allenai/dolma3_mix-5.5T-1125 (Hub dataset): absent (The repository holds only a "
        "dataset card and no data files)."
    )
    assert (end.ours, end.agreement) == ("open", Agreement.AGREE)
    assert "allenai/Dolci-Think-RL-32B" in end.explanation


def test_base_weights_use_the_base_models_artifact_end_weights_their_own() -> None:
    end = check(Pillar.WEIGHTS, Verdict.OPEN, "apache-2.0", locator="allenai/Olmo-3.1-32B-Think")
    base = check(Pillar.WEIGHTS, Verdict.RESTRICTED, locator="allenai/Olmo-3-1125-32B")
    comparisons = found(entry("OLMo.yaml"), [end], [base])
    assert comparisons["weights_endmodel"].ours == "open"
    assert comparisons["weights_basemodel"].ours == "restricted"
    assert "allenai/Olmo-3-1125-32B" in comparisons["weights_basemodel"].explanation
    without = found(entry("OLMo.yaml"), [end])["weights_basemodel"]
    assert without.agreement is Agreement.NO_EVIDENCE
    assert without.explanation.endswith(
        "the base model allenai/Olmo-3-1125-32B is not a release in the registry."
    )


@pytest.mark.parametrize(
    ("classes", "grade"),
    [
        ((LicenceClass.OPEN, LicenceClass.OPEN), Grade.OPEN),
        ((LicenceClass.OPEN, LicenceClass.RESTRICTED), Grade.PARTIAL),
        ((LicenceClass.RESTRICTED,), Grade.CLOSED),
        ((LicenceClass.UNKNOWN,), None),
        ((), None),
    ],
)
def test_our_licence_findings_read_as_a_grade(
    classes: tuple[LicenceClass, ...], grade: Grade | None
) -> None:
    checks = [check(Pillar.WEIGHTS, Verdict.OPEN, "x", c) for c in classes]
    assert licence_grade(checks) is grade


def test_the_licence_judgement_is_compared_with_the_licences_found() -> None:
    checks = [check(Pillar.WEIGHTS, Verdict.RESTRICTED, "llama3.1", LicenceClass.RESTRICTED,
                    kind=ArtifactKind.HF_MODEL)]  # fmt: skip
    licences = found(entry("llama-3.1.yaml"), checks)["licenses"]
    assert (licences.judgement.grade, licences.ours, licences.agreement) == (
        Grade.CLOSED,
        "closed",
        Agreement.AGREE,
    )
    assert licences.explanation.endswith(
        "the licences our evidence found (llama3.1) read as closed."
    )
