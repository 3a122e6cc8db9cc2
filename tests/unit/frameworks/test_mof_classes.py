"""The class a MOF file claims, computed with MOT's rules (ModelEvaluator at commit 8b5d30e9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.frameworks.mof import (
    UNLICENSED,
    ComponentEntry,
    GlobalLicence,
    MofDocument,
    Status,
    evaluate,
    resolve_licence,
)
from registry.frameworks.mof_rules import RESEARCH_PAPER, TECHNICAL_REPORT, mof_rules
from schemas.mof import load_mof

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "mof"
RULES = mof_rules()
CLASS_III = ("Model architecture", "Model parameters (Final)", "Evaluation results", "Model card",
             "Data card", "Technical report")  # fmt: skip
CLASS_II = ("Training code", "Inference code", "Evaluation code", "Evaluation data")
CLASS_I = ("Datasets", "Data preprocessing code", "Model parameters (Intermediate)",
           "Research paper")  # fmt: skip


def sample(name: str) -> MofDocument:
    return load_mof((SAMPLES / name).read_text(encoding="utf-8")).value


def document(*names: str, distribution: str | None = "Apache-2.0") -> MofDocument:
    """A file listing `names` with no licence of their own, under one distribution licence."""
    entries = tuple(ComponentEntry(n) for n in names)
    globals_ = {"distribution": GlobalLicence(distribution)} if distribution else {}
    return MofDocument(name="m", producer="p", components=entries, licences=globals_)


# file, class claimed, progress towards Class III, II and I as MOT reports it.
SAMPLE_CLASSES = [
    ("OLMo-7B.yml", 1, (100.0, 100.0, 100.0)),  # research paper stands in for the report
    ("Pythia-6.9B.yml", 1, (100.0, 100.0, 100.0)),
    ("Amber.yml", 1, (100.0, 100.0, 100.0)),
    # The Llama 3 Community License is not open: architecture and weights are invalid.
    ("Llama-3-8B.yml", 0, (0.0, 0.0, 0.0)),
    # Two of Class III's six (architecture, weights); the paper is unlicensed.
    ("Mistral-7B-v0.1.yml", 0, (100 * 2 / 6, 0.0, 0.0)),
    # Five of six: no data card; Class II and I stay at 0 until Class III is complete.
    ("gpt-oss-20b.yml", 0, (100 * 5 / 6, 0.0, 0.0)),
]


@pytest.mark.parametrize(("filename", "mof_class", "progress"), SAMPLE_CLASSES)
def test_sample_files_claim_the_class_mot_computes(
    filename: str, mof_class: int, progress: tuple[float, float, float]
) -> None:
    evaluation = evaluate(sample(filename))
    assert evaluation.mof_class == mof_class
    assert tuple(evaluation.classes[c].progress for c in (3, 2, 1)) == pytest.approx(progress)


def test_llama_3_is_unclassified_because_its_licence_is_not_open() -> None:
    evaluation = evaluate(sample("Llama-3-8B.yml"))
    class_three = evaluation.classes[3]
    assert evaluation.label == "Unclassified"
    assert set(class_three.components[Status.INVALID]) == {9, 10}  # architecture, weights
    assert class_three.licences[10] == "Llama 3 Community License"
    assert class_three.status_of(RESEARCH_PAPER) is Status.UNLICENSED


def test_classes_are_cumulative_with_6_10_and_14_required_components() -> None:
    assert len(RULES.required(3)) == 6
    assert len(RULES.required(3) + RULES.required(2)) == 10
    assert len(RULES.required(3) + RULES.required(2) + RULES.required(1)) == 14
    assert {RULES.component(c).name for c in RULES.required(3)} == set(CLASS_III)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (CLASS_III, 3),
        (CLASS_III + CLASS_II, 2),
        (CLASS_III + CLASS_II + CLASS_I, 1),
        (CLASS_II + CLASS_I, 0),  # Class III incomplete: nothing counts above it
        (CLASS_III[:-1] + CLASS_II + CLASS_I, 1),  # the research paper replaces the report
        (CLASS_III[:-1] + CLASS_II, 0),  # no report and no paper: Class III is not met
    ],
)
def test_a_class_needs_every_less_demanding_class(names: tuple[str, ...], expected: int) -> None:
    assert evaluate(document(*names)).mof_class == expected


def test_progress_is_zero_until_every_less_demanding_class_is_complete() -> None:
    evaluation = evaluate(document(*(CLASS_III[:5] + CLASS_II + CLASS_I)))
    assert evaluation.classes[3].progress == pytest.approx(100.0)  # the paper stands in
    evaluation = evaluate(document(*(CLASS_III[:4] + CLASS_II + CLASS_I)))
    assert evaluation.classes[3].progress == pytest.approx(100 * 5 / 6)
    assert evaluation.classes[2].progress == 0.0
    assert evaluation.classes[1].progress == 0.0


def test_optional_components_never_count() -> None:
    optional = ("Model metadata", "Supporting libraries and tools", "Sample model outputs")
    evaluation = evaluate(document(*(CLASS_III[:5] + optional)))
    assert evaluation.mof_class == 0
    assert set(evaluation.classes[1].components[Status.OPTIONAL]) == {17, 22, 20}
    assert (
        evaluation.classes[1].components[Status.INCLUDED]
        == evaluation.classes[3].components[Status.INCLUDED]
    )


def test_the_report_is_only_excused_when_a_paper_is_listed() -> None:
    evaluation = evaluate(document(*CLASS_III[:5]))
    assert TECHNICAL_REPORT in evaluation.classes[3].components[Status.MISSING]
    with_paper = evaluate(document(*(CLASS_III[:5] + ("Research paper",))))
    assert TECHNICAL_REPORT not in with_paper.classes[3].components[Status.MISSING]
    assert with_paper.classes[3].status_of(RESEARCH_PAPER) is Status.INCLUDED


# Licence resolution: the component's own, its content type's, the distribution's.
RESOLUTION = [
    ({"data": "CC-BY-4.0"}, None, "CC-BY-4.0"),  # datasets are data: the data licence
    ({"code": "MIT"}, None, "Apache-2.0"),  # a code licence does not reach data
    ({}, None, "Apache-2.0"),  # the distribution licence
    ({}, "MIT", "MIT"),  # the component's own licence first
    ({"data": "CC-BY-4.0"}, "unlicensed", UNLICENSED),  # "unlicensed" stops the fallback
    ({}, "", UNLICENSED),  # so does an empty licence
]


@pytest.mark.parametrize(("by_type", "own", "expected"), RESOLUTION)
def test_licence_resolves_component_then_type_then_distribution(
    by_type: dict[str, str], own: str | None, expected: str
) -> None:
    licences = {"distribution": GlobalLicence("Apache-2.0")}
    licences.update({key: GlobalLicence(name) for key, name in by_type.items()})
    doc = MofDocument("m", "p", (ComponentEntry("Datasets", own),), licences)
    assert resolve_licence(doc, RULES, 15) == expected


def test_no_licence_anywhere_is_unlicensed_and_does_not_count() -> None:
    evaluation = evaluate(document(*CLASS_III, distribution=None))
    assert set(evaluation.classes[3].components[Status.UNLICENSED]) == set(RULES.required(3))
    assert evaluation.mof_class == 0


# Which licence ids MOT counts as open: exact ids, case included.
OPENNESS = [
    ("Apache-2.0", True),  # OSI-approved
    ("Apache-1.0", True),  # FSF-libre only
    ("CC-BY-4.0", True),  # on the open-data list
    ("CDLA-Permissive-2.0", True),
    ("ODC-By-1.0", True),
    ("OpenMDW-1.0", True),  # MOT's own addition
    ("apache-2.0", False),  # case matters
    ("ODC-BY-1.0", False),
    ("CC-BY-NC-4.0", False),
    ("Llama 3 Community License", False),
    ("MIT AND Apache-2.0", False),  # an expression is not an id
]


@pytest.mark.parametrize(("licence", "is_open"), OPENNESS)
def test_open_licences_are_exact_ids(licence: str, is_open: bool) -> None:
    assert RULES.is_open(licence) is is_open


def test_a_wrongly_typed_open_licence_counts_and_warns() -> None:
    # Apache-2.0 is a code licence; on data components MOT warns but still counts it.
    evaluation = evaluate(document(*CLASS_III))
    assert evaluation.mof_class == 3
    assert 10 in evaluation.not_type_appropriate  # model parameters are data


def test_lowercase_licence_ids_are_not_open() -> None:
    assert evaluate(document(*CLASS_III, distribution="apache-2.0")).mof_class == 0
