"""The code checker: does a git repository publish the code that trained the model?

Cheap by design: `ls-remote` for the head, a shallow blob-less clone for the path list,
and only the blobs worth reading (licence files, READMEs, candidate training files).
When the repository itself has no training code, its submodules are inspected the same
way (one level deep); a trainer its README training commands clone at a branch or
pip-install from git is followed too (see `repos`). Inference-only repositories are
*absent* for this pillar, and the evidence says why.
"""

from __future__ import annotations

from datetime import datetime

from registry.checks.base import Observation, Outcome, run_check
from registry.checks.code.evidence import record_doubts, record_mof, record_training
from registry.checks.code.repo_licences import KIND, record_licences
from registry.checks.code.repos import (
    Followed,
    Inspected,
    follow_externals,
    follow_submodules,
    inspect_repo,
)
from registry.checks.code.sentences import (
    absent_reason,
    found_reason,
    moved_note,
    untrained_externals,
)
from registry.checks.code.unread import unread_code
from registry.checks.licences import sources as licences
from registry.licences import verdict_for_licence
from registry.model import ArtifactKind, ArtifactRef, CheckResult, FailureKind, Verdict
from registry.ports import AdapterError, Clients, GitClient


class CodeChecker:
    """Checks a git repository for training code and its software licence."""

    id = "code"
    title = "Training code in a git repository"
    description = (
        "Reads the default branch's head without a full clone, looks for a training "
        "entrypoint, training configs, launchers, trainer APIs or training loops (Python, "
        "JAX, C/C++/CUDA, Rust, Julia) and README training "
        "instructions under (pre)training headings (two kinds must agree; fine-tuning, "
        "evaluation and inference never count), follows submodules and the external "
        "trainers README training commands clone or install at their ref, and reads the "
        "licence section by section from LICENSE/COPYING or the README's licence section."
    )
    # 2.1: what the repository shows about MOF components (modelling, eval, packaging)
    # 2.3: a renamed repository is read where it lives now, and said so
    # 2.4: an empty LICENSE is unreadable; a stub train.py is no entrypoint (nor is what only
    # runs it); an archive of code or an LFS pointer, unread, makes absence unverified
    # 2.5: training code in C/C++/CUDA, Rust and Julia (llm.c's train_gpt2.cu) and JAX
    # (jax.grad + an optax/flax update) is read, and the evidence says what each loop shows;
    # a piece of a split code archive (training_code.zip.001) is an unread archive too; a
    # script's `python -m pkg.mod` runs pkg/mod.py, and a `<model>_train.py` module is read
    version = "2.5.0"
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
    if head.moved_to is not None:
        # A renamed repository (GitHub redirects its old URL): read where it lives now.
        seen.facts["moved_to"] = head.moved_to
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
    record_mof(seen, main, others)
    record_training(seen, main, trained_by)
    record_doubts(seen, main, others, trained_by)
    notes = [*moved_note(head.moved_to), *subs.notes, *externals.notes,
             *untrained_externals(externals.inspected)]  # fmt: skip
    unread = [*subs.failures, *externals.failures]
    return _conclude(seen, artifact, [main, *others], trained_by, notes, unread)


def _conclude(
    seen: Observation,
    artifact: ArtifactRef,
    inspected: list[Inspected],
    trained_by: list[Inspected],
    notes: list[str],
    unread: list[AdapterError],
) -> Outcome:
    main = inspected[0]
    # Training code decides presence; the licence of the code that trains decides the rest.
    licence_sources = [main, *(r for r in trained_by if r is not main)]
    licence_reasons = record_licences(seen, artifact, licence_sources)
    summary = licences.summarise(seen.licences, KIND)
    seen.facts["licence_class"] = summary.licence_class.value
    if not trained_by:
        _refuse_unseen_absence(seen, inspected, unread)
        reasons = (absent_reason(main.training), *notes, *licence_reasons, *summary.reasons)
        return Outcome(Verdict.ABSENT, reasons)
    found = [found_reason(repo) for repo in trained_by]
    verdict = verdict_for_licence(summary.licence_class)
    return Outcome(verdict, (*found, *notes, *licence_reasons, *summary.reasons))


def _refuse_unseen_absence(
    seen: Observation, inspected: list[Inspected], failures: list[AdapterError]
) -> None:
    if inspected[0].inspection.truncated:
        # Paths past the cap were never seen: they may hold the training code.
        raise AdapterError(
            FailureKind.REFUSED,
            f"the path list stopped at the {seen.file_count}-path cap without finding "
            "training code; the rest of the repository was not seen, so absence is not shown",
        )
    not_read = unread_code(inspected)
    if not_read:
        # An archive or an LFS object may hold the training code; neither was read.
        raise AdapterError(FailureKind.REFUSED, not_read)
    if failures:
        # The training code may be in the repository we could not read: not absent.
        first = failures[0]
        raise AdapterError(
            first.kind, f"{first.message}; it may hold the training code, so absence is not shown"
        )
