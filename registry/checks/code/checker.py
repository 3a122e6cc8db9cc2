"""The code checker: does a git repository publish the code that trained the model?

Cheap by design: `ls-remote` for the head, a shallow blob-less clone for the path list,
and only the blobs worth reading (licence files, READMEs, candidate training files).
When the repository itself has no training code, its submodules are inspected the same
way (one level deep); a trainer its README training commands clone at a branch or
pip-install from git is followed too (see `repos`). Inference-only repositories are
*absent* for this pillar, and the evidence says why.
"""

from __future__ import annotations

import re
from datetime import datetime

from registry import words
from registry.checks.base import Observation, Outcome, run_check
from registry.checks.code.doubts import generic_trainer, missing_scripts
from registry.checks.code.repos import (
    Followed,
    Inspected,
    follow_externals,
    follow_submodules,
    inspect_repo,
)
from registry.checks.code.signals import TrainingAssessment, submodules
from registry.checks.doubts import DoubtId
from registry.checks.licences import files as licence_files
from registry.checks.licences import sources as licences
from registry.checks.mof_observe import MOF_FACT, observe_git
from registry.licences import classify_licence, normalise_licence, verdict_for_licence
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    FailureKind,
    FileFound,
    LicenceClass,
    LicenceFinding,
    LicenceKind,
    Verdict,
)
from registry.ports import AdapterError, Clients, GitClient

KIND = LicenceKind.SOFTWARE


class CodeChecker:
    """Checks a git repository for training code and its software licence."""

    id = "code"
    title = "Training code in a git repository"
    description = (
        "Reads the default branch's head without a full clone, looks for a training "
        "entrypoint, training configs, launchers, trainer APIs and README training "
        "instructions under (pre)training headings (two kinds must agree; fine-tuning, "
        "evaluation and inference never count), follows submodules and the external "
        "trainers README training commands clone or install at their ref, and reads the "
        "licence section by section from LICENSE/COPYING or the README's licence section."
    )
    # 2.1: what the repository shows about MOF components (modelling, eval, packaging)
    version = "2.3.0"  # 2.3: a renamed repository is read where it lives now, and said so
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
    moved = _moved_note(seen, head.moved_to)
    main = inspect_repo(git, "", head.moved_to or artifact.locator, artifact.entrypoint)
    seen.revision = main.inspection.commit
    seen.file_count = len(main.inspection.paths)
    seen.facts.update(
        paths_truncated=main.inspection.truncated, files_read=tuple(main.inspection.texts)
    )
    subs = Followed([], [], []) if main.training.found else follow_submodules(git, main, seen)
    externals = follow_externals(git, main, seen)
    others = [*subs.inspected, *externals.inspected]
    trained_by = [repo for repo in (main, *others) if repo.training.found]
    followed = [(r.label, r.inspection.paths, r.inspection.texts) for r in others]
    inspection = main.inspection
    seen.facts[MOF_FACT] = observe_git(
        inspection.paths, inspection.texts, inspection.truncated, followed
    )
    _record_training(seen, main, trained_by)
    _record_doubts(seen, main, others, trained_by)
    notes = [*moved, *subs.notes, *externals.notes, *_untrained_externals(externals.inspected)]
    licence_reasons = _licences(seen, artifact, [main, *(r for r in trained_by if r is not main)])
    summary = licences.summarise(seen.licences, KIND)
    seen.facts["licence_class"] = summary.licence_class.value
    if not trained_by:
        _refuse_unseen_absence(seen, main, [*subs.failures, *externals.failures])
        reasons = (_absent_reason(main.training), *notes, *licence_reasons, *summary.reasons)
        return Outcome(Verdict.ABSENT, reasons)
    found = [_found_reason(repo) for repo in trained_by]
    verdict = verdict_for_licence(summary.licence_class)
    return Outcome(verdict, (*found, *notes, *licence_reasons, *summary.reasons))


def _moved_note(seen: Observation, moved_to: str | None) -> list[str]:
    # A renamed repository (GitHub redirects its old URL): read where it lives now, say so.
    if moved_to is None:
        return []
    seen.facts["moved_to"] = moved_to
    return [f"The repository has moved to {moved_to} (its old URL redirects there); it was "
            "read there. Update the release's link."]  # fmt: skip


def _refuse_unseen_absence(
    seen: Observation, main: Inspected, failures: list[AdapterError]
) -> None:
    if main.inspection.truncated:
        # Paths past the cap were never seen: they may hold the training code.
        raise AdapterError(
            FailureKind.REFUSED,
            f"the path list stopped at the {seen.file_count}-path cap without finding "
            "training code; the rest of the repository was not seen, so absence is not shown",
        )
    if failures:
        # The training code may be in the repository we could not read: not absent.
        first = failures[0]
        raise AdapterError(first.kind, f"a repository the training commands need: {first.message}")


def _record_doubts(
    seen: Observation, main: Inspected, others: list[Inspected], trained_by: list[Inspected]
) -> None:
    declared = [path for path, _ in submodules(main.inspection.texts, main.inspection.url)]
    missing = missing_scripts(main, others, declared)
    if missing:
        seen.doubt(DoubtId.COMMAND_SCRIPT_MISSING, words.sentence(missing) + ".")
    generic = generic_trainer(main, trained_by)
    if generic:
        seen.doubt(DoubtId.GENERIC_TRAINER_ONLY, words.sentence(generic) + ".")


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
        evaluation_files=training.evaluation,
        inference_files=training.inference,
        inference_only=not trained_by,
        readme_commands=tuple(
            f"{c.readme}:{c.line} ({c.kind.value}): {c.text}" for c in training.commands[:20]
        ),
    )


def _licences(seen: Observation, artifact: ArtifactRef, sources: list[Inspected]) -> list[str]:
    # The repository's licence, plus each followed repository's that holds training code.
    reasons: list[str] = []
    unreadable: list[str] = []
    sections: list[dict[str, object]] = []
    for repo in sources:
        found, said, unread, facts = _licence_of(repo)
        seen.licences += found
        reasons += said
        unreadable += unread
        sections += facts
    if sections:
        seen.facts["licence_sections"] = sections
    if unreadable:
        beside = _beside(artifact, seen.licences)
        seen.doubt(DoubtId.LICENCE_TEXT_UNREADABLE, "; ".join(unreadable) + beside + ".")
    return reasons + _declared_note(artifact, seen.licences)


def _licence_of(
    repo: Inspected,
) -> tuple[list[LicenceFinding], list[str], list[str], list[dict[str, object]]]:
    texts = repo.inspection.texts
    label = _label(repo)
    code_paths = [p for paths in repo.training.signals.values() for p in paths] or None
    readings = [
        licence_files.read_licence_file(path, text, KIND, label=label, code_paths=code_paths)
        for path, text in texts.items()
        if "/" not in path and licences.is_licence_file(path)
    ]
    found = [r.finding for r in readings if r.finding is not None]
    reasons = [reason for r in readings for reason in r.reasons]
    unread = [r.unreadable for r in readings if r.unreadable]
    facts = [fact for r in readings for fact in r.facts()]
    if not found:
        found += _readme_licence(repo, label)
    return found, reasons, unread, facts


def _readme_licence(repo: Inspected, label: str) -> list[LicenceFinding]:
    readme = next((t for p, t in repo.inspection.texts.items() if _is_root_readme(p)), None)
    from_readme = licences.from_readme_section(readme, KIND) if readme else None
    if from_readme is None:
        return []
    return [
        LicenceFinding(
            from_readme.expression, label + from_readme.source, from_readme.licence_class
        )
    ]


def _label(repo: Inspected) -> str:
    if repo.external is not None:
        return f"{repo.label} "
    return f"submodule {repo.label} " if repo.label else ""


def _beside(artifact: ArtifactRef, found: list[LicenceFinding]) -> str:
    # Shown beside an unreadable text, never in its place.
    said = [f"the {f.source} says {f.expression}" for f in found]
    declared = normalise_licence(artifact.declared_licence)
    said += [f"the release declares {declared}"] if declared else []
    if not said:
        return ""
    return f". Shown beside it, which cannot stand in for the file's own terms: {'; '.join(said)}"


def _declared_note(artifact: ArtifactRef, found: list[LicenceFinding]) -> list[str]:
    # A declared licence is a claim: compared with what the repository states, never used.
    declared = normalise_licence(artifact.declared_licence)
    if declared is None or not found or classify_licence(declared, KIND) is LicenceClass.UNKNOWN:
        return []
    stated = {p.lower() for f in found for p in _parts(f.expression)}
    if all(p.lower() in stated for p in _parts(declared)):
        return []
    return [f"The release declares {declared}, which no licence source in the repository states."]


def _parts(expression: str) -> list[str]:
    return [
        p.strip("() ") for p in re.split(r"\s+(?:AND|OR|WITH)\s+", expression) if p.strip("() ")
    ]


def _is_root_readme(path: str) -> bool:
    return "/" not in path and path.lower().startswith("readme")


def _untrained_externals(externals: list[Inspected]) -> list[str]:
    return [
        f"The README's training commands run {repo.label}, which holds no training code at "
        f"that ref: {_absent_reason(repo.training).removeprefix('No training code: ')}"
        for repo in externals
        if not repo.training.found
    ]


def _found_reason(repo: Inspected) -> str:
    training = repo.training
    if training.entrypoint_exists:
        return f"The declared training entrypoint {training.entrypoint} exists at this commit."
    parts = [f"{family.value} ({_examples(paths)})" for family, paths in training.signals.items()]
    if repo.external is not None:
        how = f"{repo.external.how} in {repo.launched_by[0].readme}" if repo.launched_by else ""
        return f"Training runs through {repo.label} ({how}): " + "; ".join(parts) + "."
    where = f" in the submodule {repo.label} ({repo.inspection.url})" if repo.label else ""
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
    if training.evaluation:
        pieces.append(
            f"evaluation and benchmark scripts ({_examples(training.evaluation)}) measure a "
            "model and train nothing"
        )
    if training.inference:
        pieces.append(f"it holds inference code ({_examples(training.inference)})")
    return "; ".join(pieces) + "."


def _examples(paths: tuple[str, ...]) -> str:
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
