"""The code checker: does a git repository publish the code that trained the model?

Cheap by design: `ls-remote` for the head, a shallow blob-less clone for the path list,
and only the blobs worth reading (licence files, READMEs, candidate training files).
Inference-only repositories are *absent* for this pillar, and the evidence says why.
"""

from __future__ import annotations

from datetime import datetime

from registry.checks import licence_sources as licences
from registry.checks.base import Observation, Outcome, run_check
from registry.checks.code_signals import TrainingAssessment, assess, choose_paths
from registry.licences import verdict_for_licence
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    FileFound,
    LicenceFinding,
    LicenceKind,
    Verdict,
)
from registry.ports import Clients, GitClient, GitInspection

READ_BYTES = 64 * 1024  # licence texts and training scripts fit; larger files are truncated


class CodeChecker:
    """Checks a git repository for training code and its software licence."""

    id = "code"
    title = "Training code in a git repository"
    description = (
        "Reads the default branch's head without a full clone, looks for a training "
        "entrypoint, training configs, launchers, trainer APIs and README training "
        "instructions (two kinds must agree; a fine-tuning example alone does not count), "
        "and reads the licence from LICENSE/COPYING or the README's licence section."
    )
    version = "1.0.0"
    kinds = frozenset({ArtifactKind.GIT})

    def run(self, artifact: ArtifactRef, clients: Clients, now: datetime) -> CheckResult:
        """Check one git repository and return a verdict with evidence."""
        seen = Observation(artifact.locator, artifact.locator)
        return run_check(self, artifact, now, seen, lambda obs: _check(artifact, clients.git, obs))


def _check(artifact: ArtifactRef, git: GitClient, seen: Observation) -> Outcome:
    head = git.remote_head(artifact.locator)
    seen.endpoint = head.contacted
    seen.revision = head.commit
    seen.facts["default_branch"] = head.default_branch
    entrypoint = artifact.entrypoint
    inspection = git.inspect(
        artifact.locator, lambda paths: choose_paths(paths, entrypoint), READ_BYTES
    )
    seen.revision = inspection.commit
    seen.file_count = len(inspection.paths)
    seen.facts.update(paths_truncated=inspection.truncated, files_read=tuple(inspection.texts))
    training = assess(inspection.paths, inspection.texts, entrypoint)
    _record_training(seen, training)
    findings = _licence_findings(inspection)
    seen.licences = findings
    summary = licences.summarise(findings, LicenceKind.SOFTWARE)
    seen.facts["licence_class"] = summary.licence_class.value
    if not training.found:
        return Outcome(Verdict.ABSENT, (_absent_reason(training),) + summary.reasons)
    verdict = verdict_for_licence(summary.licence_class)
    return Outcome(verdict, (_found_reason(training),) + summary.reasons)


def _record_training(seen: Observation, training: TrainingAssessment) -> None:
    shown = dict.fromkeys(p for where in training.signals.values() for p in where)
    if training.entrypoint_exists and training.entrypoint:
        shown = {training.entrypoint: None, **shown}
    seen.files = [FileFound(p) for p in shown]
    seen.facts.update(
        training_code_found=training.found,
        training_signals={family.value: where for family, where in training.signals.items()},
        declared_entrypoint=training.entrypoint,
        declared_entrypoint_exists=training.entrypoint_exists,
        fine_tuning_files=training.fine_tuning,
        inference_files=training.inference,
        inference_only=not training.found,
    )


def _licence_findings(inspection: GitInspection) -> list[LicenceFinding]:
    kind = LicenceKind.SOFTWARE
    found = [
        licences.from_licence_text(path, text, kind)
        for path, text in inspection.texts.items()
        if "/" not in path and licences.is_licence_file(path)
    ]
    findings = [f for f in found if f is not None]
    if findings:
        return findings
    readme = next((t for p, t in inspection.texts.items() if _is_root_readme(p)), None)
    from_readme = licences.from_readme_section(readme, kind) if readme else None
    return [from_readme] if from_readme else []


def _is_root_readme(path: str) -> bool:
    return "/" not in path and path.lower().startswith("readme")


def _found_reason(training: TrainingAssessment) -> str:
    if training.entrypoint_exists:
        return f"The declared training entrypoint {training.entrypoint} exists at this commit."
    parts = [f"{family.value} ({_examples(where)})" for family, where in training.signals.items()]
    return "Training code found: " + "; ".join(parts) + "."


def _absent_reason(training: TrainingAssessment) -> str:
    pieces = ["No training code: the repository looks inference-only"]
    if training.entrypoint and not training.entrypoint_exists:
        pieces.append(f"the declared entrypoint {training.entrypoint} does not exist")
    if training.signals:
        weak = ", ".join(f.value for f in training.signals)
        pieces.append(f"the only signals ({weak}) fall short of two kinds of training evidence")
    if training.fine_tuning:
        pieces.append(
            f"fine-tuning files ({_examples(training.fine_tuning)}) adapt a released model "
            "and are not the code that trained it"
        )
    if training.inference:
        pieces.append(f"it holds inference code ({_examples(training.inference)})")
    return "; ".join(pieces) + "."


def _examples(paths: tuple[str, ...]) -> str:
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
