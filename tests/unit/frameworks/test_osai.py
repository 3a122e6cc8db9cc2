"""OSAI grades mapped to our pillars, compared with our evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.frameworks.artifacts import osai_artifacts
from registry.frameworks.mof_evidence import Agreement
from registry.frameworks.osai import AVAILABILITY, Grade, OsaiEntry, compare_osai, licence_grade
from registry.model import ArtifactKind, LicenceClass, Pillar, Verdict
from schemas.osai import load_osai
from tests.unit.frameworks.fakes import check

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "osai"


def entry(filename: str) -> OsaiEntry:
    return load_osai((SAMPLES / filename).read_text(encoding="utf-8"))


def test_availability_dimensions_map_to_pillars() -> None:
    assert dict(AVAILABILITY) == {
        "datasources_basemodel": Pillar.DATA,
        "datasources_endmodel": Pillar.DATA,
        "weights_basemodel": Pillar.WEIGHTS,
        "weights_endmodel": Pillar.WEIGHTS,
        "trainingcode": Pillar.CODE,
    }


def test_the_entry_keeps_every_judgement_and_its_evidence_links() -> None:
    olmo = entry("OLMo.yaml")
    assert olmo.release_name == "Olmo-3.1-32B-Think"
    assert olmo.organisation == "Ai2"
    assert len(olmo.judgements) == 12
    data = olmo.judgements["datasources_basemodel"]
    assert data.grade is Grade.OPEN
    assert data.links[0] == "https://huggingface.co/datasets/allenai/dolma3_mix-5.5T-1125"
    assert len(olmo.judgements["datasheet"].links) == 9


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
        ("Pythia.yaml", {
            ("weights", "hf_model", "togethercomputer/Pythia-Chat-Base-7B"),
            ("code", "git", "https://github.com/togethercomputer/OpenChatKit"),  # from /tree/main
            ("data", "hf_dataset", "EleutherAI/the_pile_deduplicated"),
            ("data", "url", "https://github.com/togethercomputer/OpenDataHub"),
        }),
        # No end-model weights link: the system link names the end model.
        ("llama-3.1.yaml", {
            ("weights", "hf_model", "meta-llama/Meta-Llama-3.1-405B-Instruct"),
            ("code", "git", "https://github.com/meta-llama/llama3"),
        }),
        ("GPT-OSS.yaml", {("weights", "hf_model", "openai/gpt-oss-120b")}),
    ],
)  # fmt: skip
def test_the_links_become_artifacts_to_check(
    filename: str, expected: set[tuple[str, str, str]]
) -> None:
    found = {(a.pillar.value, a.kind.value, a.locator) for a in osai_artifacts(entry(filename))}
    assert found == expected


# OSAI grade, our verdict, agreement
GRADES = [
    (Grade.OPEN, Verdict.OPEN, Agreement.AGREE),
    (Grade.PARTIAL, Verdict.RESTRICTED, Agreement.AGREE),
    (Grade.CLOSED, Verdict.ABSENT, Agreement.AGREE),
    (Grade.OPEN, Verdict.ABSENT, Agreement.DISAGREE),
    (Grade.OPEN, Verdict.RESTRICTED, Agreement.DISAGREE),
    (Grade.CLOSED, Verdict.OPEN, Agreement.DISAGREE),
    (Grade.OPEN, Verdict.UNVERIFIED, Agreement.UNCONFIRMED),
]


@pytest.mark.parametrize(("grade", "verdict", "agreement"), GRADES)
def test_grades_compare_with_verdicts(grade: Grade, verdict: Verdict, agreement: Agreement) -> None:
    olmo = entry("OLMo.yaml")
    judgements = dict(olmo.judgements)
    judgements["trainingcode"] = judgements["trainingcode"].__class__("trainingcode", grade)
    graded = OsaiEntry(olmo.system, olmo.organisation, judgements)
    code = [check(Pillar.CODE, verdict, "Apache-2.0")]
    found = {c.dimension: c for c in compare_osai(graded, code)}
    assert found["trainingcode"].agreement is agreement


def test_disagreements_are_explained_with_both_sides_evidence() -> None:
    checks = [
        check(Pillar.DATA, Verdict.ABSENT, locator="allenai/dolma3_mix-5.5T-1125"),
        check(Pillar.WEIGHTS, Verdict.OPEN, "apache-2.0", locator="allenai/Olmo-3.1-32B-Think"),
    ]
    found = {c.dimension: c for c in compare_osai(entry("OLMo.yaml"), checks)}
    data = found["datasources_basemodel"]
    assert data.agreement is Agreement.DISAGREE
    assert data.explanation == (
        "OSAI grades datasources_basemodel open (evidence: "
        "https://huggingface.co/datasets/allenai/dolma3_mix-5.5T-1125, "
        "https://huggingface.co/datasets/allenai/dolma3_longmino_mix-100B-1125, "
        "https://huggingface.co/datasets/allenai/dolma3_dolmino_mix-100B-1125); we verified data "
        "at allenai/dolma3_mix-5.5T-1125 (Hub dataset): absent (The repository holds only a "
        "dataset card and no data files)."
    )
    assert found["weights_endmodel"].agreement is Agreement.AGREE
    assert found["trainingcode"].explanation.endswith(
        "we verified code: absent, no code artifact is declared."
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
    found = {c.dimension: c for c in compare_osai(entry("llama-3.1.yaml"), checks)}
    licences = found["licenses"]
    assert (licences.grade, licences.ours, licences.agreement) == (
        Grade.CLOSED,
        "closed",
        Agreement.AGREE,
    )
    assert licences.explanation.endswith(
        "the licences our evidence found (llama3.1) read as closed."
    )
