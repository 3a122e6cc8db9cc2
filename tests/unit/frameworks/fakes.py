"""Artifact checks as the app hands them to the frameworks, built in memory."""

from __future__ import annotations

from registry.frameworks.verification import ArtifactCheck
from registry.model import ArtifactKind, ArtifactRef, LicenceClass, LicenceFinding, Pillar, Verdict

KINDS = {
    Pillar.WEIGHTS: ArtifactKind.HF_MODEL,
    Pillar.CODE: ArtifactKind.GIT,
    Pillar.DATA: ArtifactKind.HF_DATASET,
}
LOCATORS = {
    Pillar.WEIGHTS: "allenai/OLMo-7B",
    Pillar.CODE: "https://github.com/allenai/OLMo",
    Pillar.DATA: "allenai/dolma",
}
REASONS = {
    Verdict.OPEN: "Found the files, under an open licence.",
    Verdict.RESTRICTED: "The repository is gated: downloading needs the publisher's consent.",
    Verdict.ABSENT: "The repository holds only a dataset card and no data files.",
    Verdict.UNVERIFIED: "The check could not finish (timeout): the Hub did not answer.",
}


def check(
    pillar: Pillar,
    verdict: Verdict,
    licence: str | None = None,
    licence_class: LicenceClass = LicenceClass.OPEN,
    locator: str | None = None,
    kind: ArtifactKind | None = None,
    last_failure: str | None = None,
) -> ArtifactCheck:
    """Return one artifact's check with a licence finding when `licence` is given."""
    ref = ArtifactRef(pillar, kind or KINDS[pillar], locator or LOCATORS[pillar])
    findings = (LicenceFinding(licence, "card metadata", licence_class),) if licence else ()
    failure = last_failure if verdict is Verdict.UNVERIFIED else None
    return ArtifactCheck(ref, verdict, (REASONS[verdict],), findings, failure)


def olmo_checks() -> list[ArtifactCheck]:
    """Weights and code open; the dataset repository holds no data files."""
    return [
        check(Pillar.WEIGHTS, Verdict.OPEN, "apache-2.0"),
        check(Pillar.CODE, Verdict.OPEN, "MIT"),
        check(Pillar.DATA, Verdict.ABSENT),
    ]
