"""The code checker: does a git repository publish the code that trained the model?

Cheap by design: `ls-remote` for the head, a shallow blob-less clone for the path list,
and only the blobs worth reading (licence files, READMEs, candidate training files).
When the repository itself has no training code, its submodules are inspected the same
way (one level deep), because a pinned submodule is published code too. Inference-only
repositories are *absent* for this pillar, and the evidence says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from registry.checks import licence_sources as licences
from registry.checks.base import Observation, Outcome, run_check
from registry.checks.code_signals import TrainingAssessment, assess, choose_paths, submodules
from registry.licences import verdict_for_licence
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    FailureKind,
    FileFound,
    LicenceFinding,
    LicenceKind,
    Verdict,
)
from registry.ports import AdapterError, Clients, GitClient, GitInspection

READ_BYTES = 64 * 1024  # licence texts and training scripts fit; larger files are truncated
MAX_SUBMODULES = 3


@dataclass(frozen=True)
class Inspected:
    """One inspected repository (the artifact or a submodule) and what it showed."""

    label: str  # "" for the repository itself, the submodule path otherwise
    inspection: GitInspection
    training: TrainingAssessment


class CodeChecker:
    """Checks a git repository for training code and its software licence."""

    id = "code"
    title = "Training code in a git repository"
    description = (
        "Reads the default branch's head without a full clone, looks for a training "
        "entrypoint, training configs, launchers, trainer APIs and README training "
        "instructions (two kinds must agree; a fine-tuning example alone does not count), "
        "follows submodules when the repository has none, and reads the licence from "
        "LICENSE/COPYING or the README's licence section."
    )
    version = "1.2.0"  # 1.2: no "absent" from a path list cut at the cap
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
    main = _inspect(git, "", artifact.locator, artifact.entrypoint)
    seen.revision = main.inspection.commit
    seen.file_count = len(main.inspection.paths)
    seen.facts.update(
        paths_truncated=main.inspection.truncated, files_read=tuple(main.inspection.texts)
    )
    notes: list[str] = []
    trained_by = (
        [main] if main.training.found else _submodules_with_training(git, main, seen, notes)
    )
    _record_training(seen, main, trained_by)
    # The repository's licence, plus each submodule's that holds the training code.
    sources = [main, *(repo for repo in trained_by if repo is not main)]
    findings = [f for repo in sources for f in _licence_findings(repo)]
    seen.licences = findings
    summary = licences.summarise(findings, LicenceKind.SOFTWARE)
    seen.facts["licence_class"] = summary.licence_class.value
    if not trained_by:
        if main.inspection.truncated:
            # Paths past the cap were never seen: they may hold the training code.
            raise AdapterError(
                FailureKind.REFUSED,
                f"the path list stopped at the {seen.file_count}-path cap without finding "
                "training code; the rest of the repository was not seen, so absence is not shown",
            )
        return Outcome(Verdict.ABSENT, (_absent_reason(main.training), *notes, *summary.reasons))
    reason = _found_reason(trained_by[0])
    verdict = verdict_for_licence(summary.licence_class)
    return Outcome(verdict, (reason, *notes, *summary.reasons))


def _inspect(git: GitClient, label: str, url: str, entrypoint: str | None) -> Inspected:
    inspection = git.inspect(url, lambda paths: choose_paths(paths, entrypoint), READ_BYTES)
    training = assess(inspection.paths, inspection.texts, entrypoint)
    return Inspected(label, inspection, training)


def _submodules_with_training(
    git: GitClient, main: Inspected, seen: Observation, notes: list[str]
) -> list[Inspected]:
    declared = submodules(main.inspection.texts, main.inspection.url)[:MAX_SUBMODULES]
    checked: dict[str, object] = {}
    trained = []
    for path, url in declared:
        try:
            sub = _inspect(git, path, url, None)
        except AdapterError as error:
            # The repository itself was read; one unreachable submodule is a note, not a
            # reason to call the whole check unverified.
            checked[path] = {"url": url, "failure": error.kind.value}
            notes.append(f"The submodule {path} ({url}) could not be inspected: {error.message}")
            continue
        checked[path] = {
            "url": url,
            "commit": sub.inspection.commit,
            "training": sub.training.found,
        }
        trained += [sub] if sub.training.found else []
    if declared:
        seen.facts["submodules"] = checked
    return trained


def _record_training(seen: Observation, main: Inspected, trained_by: list[Inspected]) -> None:
    shown: dict[str, None] = {}
    for repo in [main, *trained_by]:
        prefix = f"{repo.label}/" if repo.label else ""
        if repo.training.entrypoint_exists and repo.training.entrypoint:
            shown[prefix + repo.training.entrypoint] = None
        for where in repo.training.signals.values():
            shown.update(dict.fromkeys(prefix + p for p in where))
    seen.files = [FileFound(p) for p in shown]
    training = main.training
    seen.facts.update(
        training_code_found=bool(trained_by),
        training_code_in=(trained_by[0].label or "repository") if trained_by else None,
        training_signals={family.value: where for family, where in training.signals.items()},
        declared_entrypoint=training.entrypoint,
        declared_entrypoint_exists=training.entrypoint_exists,
        fine_tuning_files=training.fine_tuning,
        inference_files=training.inference,
        inference_only=not trained_by,
    )


def _licence_findings(repo: Inspected) -> list[LicenceFinding]:
    kind = LicenceKind.SOFTWARE
    texts = repo.inspection.texts
    prefix = f"submodule {repo.label} " if repo.label else ""
    found = [
        licences.from_licence_text(prefix + path, text, kind)
        for path, text in texts.items()
        if "/" not in path and licences.is_licence_file(path)
    ]
    findings = [f for f in found if f is not None]
    if findings:
        return findings
    readme = next((t for p, t in texts.items() if _is_root_readme(p)), None)
    from_readme = licences.from_readme_section(readme, kind) if readme else None
    if from_readme is None:
        return []
    source = prefix + from_readme.source
    return [LicenceFinding(from_readme.expression, source, from_readme.licence_class)]


def _is_root_readme(path: str) -> bool:
    return "/" not in path and path.lower().startswith("readme")


def _found_reason(repo: Inspected) -> str:
    training = repo.training
    where = f" in the submodule {repo.label} ({repo.inspection.url})" if repo.label else ""
    if training.entrypoint_exists:
        return f"The declared training entrypoint {training.entrypoint} exists at this commit."
    parts = [f"{family.value} ({_examples(paths)})" for family, paths in training.signals.items()]
    return f"Training code found{where}: " + "; ".join(parts) + "."


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
