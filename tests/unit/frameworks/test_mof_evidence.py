"""The MOF class our evidence supports, and each difference from a file's claim explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.frameworks.mof import ComponentEntry, GlobalLicence, MofDocument
from registry.frameworks.mof_evidence import (
    VERIFIABLE,
    Agreement,
    ClaimState,
    ComponentVerification,
    MofComparison,
    Verification,
    compare_mof,
    verified_document,
    verify_components,
)
from registry.model import LicenceClass, Pillar, Verdict
from schemas.mof import load_mof
from tests.unit.frameworks.fakes import check, olmo_checks

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "mof"


def claim(filename: str) -> MofDocument:
    return load_mof((SAMPLES / filename).read_text(encoding="utf-8")).value


def by_component(comparison: MofComparison, name: str) -> ComponentVerification:
    return next(c for c in comparison.components if c.component == name)


def test_components_with_a_rule_are_unverified_until_a_checker_observed_them() -> None:
    comparison = compare_mof("OLMo 7B", "Ai2", olmo_checks())  # evidence without MOF facts
    others = [c for c in comparison.components if c.component not in VERIFIABLE]
    assert len(comparison.components) == 17 and len(others) == 14
    no_rule = [c for c in others if not c.has_rule]
    assert [c.component for c in no_rule] == ["Technical report"]
    assert no_rule[0].status is Verification.NOT_VERIFIABLE
    assert no_rule[0].explanation.startswith("Not verifiable automatically")
    for component in others:
        if component.has_rule:  # never absent: nothing was read for MOF yet
            assert component.status is Verification.UNVERIFIED, component


def test_verifiable_components_read_the_evidence() -> None:
    comparison = compare_mof("OLMo 7B", "Ai2", olmo_checks())
    weights = by_component(comparison, "Model parameters (Final)")
    assert weights.status is Verification.OPEN
    assert weights.licence == "Apache-2.0"  # the Hub tag apache-2.0, read as SPDX
    assert weights.urls == ("https://huggingface.co/allenai/OLMo-7B",)
    datasets = by_component(comparison, "Datasets")
    assert datasets.status is Verification.ABSENT
    assert datasets.explanation.startswith("No data files found at allenai/dolma (Hub dataset): ")


def test_the_verified_class_counts_only_what_is_verifiable() -> None:
    everything_open = [
        check(Pillar.WEIGHTS, Verdict.OPEN, "Apache-2.0"),
        check(Pillar.CODE, Verdict.OPEN, "Apache-2.0"),
        check(Pillar.DATA, Verdict.OPEN, "ODC-By-1.0"),
    ]
    comparison = compare_mof("OLMo 7B", "Ai2", everything_open, claim("OLMo-7B.yml"))
    assert comparison.claimed is not None and comparison.claimed.mof_class == 1
    assert comparison.verified.mof_class == 0
    assert comparison.verified.classes[3].progress == pytest.approx(100 / 6)  # the weights
    assert comparison.summary == (
        "Our evidence supports Unclassified: 3 of the 16 components with a rule are verified "
        "open (1 of 17 have no rule). The next class also needs Model architecture, "
        "Evaluation results, Model card and Data card verified open."
    )


def test_each_difference_is_explained_in_plain_words() -> None:
    comparison = compare_mof("OLMo 7B", "Ai2", olmo_checks(), claim("OLMo-7B.yml"))
    found = {d.component: d for d in comparison.differences}
    datasets = found["Datasets"]
    assert (datasets.claimed, datasets.verified) == (ClaimState.OPEN, Verification.ABSENT)
    assert datasets.agreement is Agreement.DISAGREE
    assert datasets.explanation == (
        "The file claims Datasets under Apache-2.0; no data files found at allenai/dolma "
        "(Hub dataset): The repository holds only a dataset card and no data files."
    )
    code = found["Training code"]
    assert code.agreement is Agreement.LICENCE_DIFFERS
    assert "(the file says Apache-2.0, the evidence shows MIT)" in code.explanation
    assert found["Model parameters (Final)"].agreement is Agreement.AGREE


# claimed licence (None: component not listed), our verdict, agreement
AGREEMENTS = [
    ("Apache-2.0", Verdict.OPEN, Agreement.AGREE),
    ("Apache-2.0", Verdict.RESTRICTED, Agreement.DISAGREE),
    ("Apache-2.0", Verdict.ABSENT, Agreement.DISAGREE),
    ("Apache-2.0", Verdict.UNVERIFIED, Agreement.UNCONFIRMED),
    ("Llama 3 Community License", Verdict.RESTRICTED, Agreement.AGREE),
    ("Llama 3 Community License", Verdict.OPEN, Agreement.DISAGREE),
    ("unlicensed", Verdict.ABSENT, Agreement.AGREE),
    (None, Verdict.OPEN, Agreement.DISAGREE),
    (None, Verdict.ABSENT, Agreement.AGREE),
]


@pytest.mark.parametrize(("claimed", "verdict", "agreement"), AGREEMENTS)
def test_agreement_table(claimed: str | None, verdict: Verdict, agreement: Agreement) -> None:
    listed = () if claimed is None else (ComponentEntry("Model parameters (Final)", claimed),)
    document = MofDocument("m", "p", listed, {"distribution": GlobalLicence(None)})
    licence_class = LicenceClass.OPEN if verdict is Verdict.OPEN else LicenceClass.RESTRICTED
    checks = [check(Pillar.WEIGHTS, verdict, "Apache-2.0", licence_class)]
    difference = compare_mof("m", "p", checks, document).differences[0]
    assert difference.agreement is agreement


def test_an_unverified_claim_names_the_failure() -> None:
    checks = [
        check(Pillar.DATA, Verdict.UNVERIFIED, last_failure="timeout: the Hub did not answer")
    ]
    comparison = compare_mof("m", "p", checks, claim("OLMo-7B.yml"))
    datasets = next(d for d in comparison.differences if d.component == "Datasets")
    assert datasets.agreement is Agreement.UNCONFIRMED
    assert datasets.explanation.endswith(
        "allenai/dolma (Hub dataset) is not confirmed yet: timeout: the Hub did not answer."
    )


def test_a_claim_with_nothing_to_check_is_unconfirmed() -> None:
    comparison = compare_mof("Amber", "LLM360", [], claim("Amber.yml"))
    datasets = next(d for d in comparison.differences if d.component == "Datasets")
    assert datasets.agreement is Agreement.UNCONFIRMED
    assert datasets.explanation == (
        "The file claims Datasets under MIT; no data artifact is declared, so there is nothing "
        "to check."
    )


def test_llama_3_restricted_weights_agree_with_its_claim() -> None:
    checks = [
        check(Pillar.WEIGHTS, Verdict.RESTRICTED, "llama3", LicenceClass.RESTRICTED,
              locator="meta-llama/Meta-Llama-3-8B")
    ]  # fmt: skip
    comparison = compare_mof("Llama 3 8B", "Meta", checks, claim("Llama-3-8B.yml"))
    weights = comparison.differences[0]
    assert (weights.claimed, weights.agreement) == (ClaimState.NOT_OPEN, Agreement.AGREE)
    assert weights.explanation == (
        "The file lists Model parameters (Final) under Llama 3 Community License, which MOF "
        "does not count as open; the weight files at meta-llama/Meta-Llama-3-8B (Hub model) are "
        "restricted: The repository is gated: downloading needs the publisher's consent."
    )


def test_gated_weights_under_an_open_licence_do_not_count_towards_verified_class_iii() -> None:
    gated = [check(Pillar.WEIGHTS, Verdict.RESTRICTED, "apache-2.0", locator="org/gated")]
    open_ = [check(Pillar.WEIGHTS, Verdict.OPEN, "apache-2.0", locator="org/open")]
    assert compare_mof("M", "Lab", gated).verified.classes[3].progress == 0.0
    assert compare_mof("M", "Lab", open_).verified.classes[3].progress == pytest.approx(100 / 6)
    document = verified_document("M", "Lab", verify_components(gated))
    assert document.components == ()  # published but not open: not listed as verified


@pytest.mark.parametrize(
    ("found", "written"),
    [("apache-2.0", "Apache-2.0"), ("mit", "MIT"), ("bsd-3-clause", "BSD-3-Clause"),
     ("gpl-3.0-only", "GPL-3.0-only"), ("cc-by-4.0", "CC-BY-4.0"), ("llama3.1", "llama3.1")],
)  # fmt: skip
def test_the_verified_file_writes_mots_exact_licence_ids(found: str, written: str) -> None:
    checks = [check(Pillar.WEIGHTS, Verdict.OPEN, found, locator="org/model")]
    document = verified_document("M", "Lab", verify_components(checks))
    assert [(c.name, c.licence) for c in document.components] == [
        ("Model parameters (Final)", written)
    ]
