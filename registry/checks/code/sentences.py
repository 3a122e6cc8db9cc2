"""The sentences people read in code evidence: training found, absent, or not where run."""

from __future__ import annotations

from registry.checks.code.repos import Inspected
from registry.checks.code.signals import TrainingAssessment

MAX_STUBS_NAMED = 3
MAX_LOOPS = 3


def found_reason(repo: Inspected) -> str:
    """Say where and how `repo` showed training code."""
    training = repo.training
    if training.entrypoint_exists:
        return f"The declared training entrypoint {training.entrypoint} exists at this commit."
    parts = [f"{family.value} ({_examples(paths)})" for family, paths in training.signals.items()]
    shown = "; ".join(parts) + "." + _loops(training)
    if repo.external is not None:
        how = f"{repo.external.how} in {repo.launched_by[0].readme}" if repo.launched_by else ""
        return f"Training runs through {repo.label} ({how}): {shown}"
    where = f" in the submodule {repo.label} ({repo.inspection.url})" if repo.label else ""
    return f"Training code found{where}: {shown}"


def _loops(training: TrainingAssessment) -> str:
    # What the training code shows, file by file: the trainer API or loop, and its signals.
    shown = [f"{path} shows {what}" for path, what in list(training.loops.items())[:MAX_LOOPS]]
    return " " + "; ".join(shown) + "." if shown else ""


def absent_reason(training: TrainingAssessment) -> str:
    """Say why the assessed repository shows no training code, naming what it does hold."""
    pieces = ["No training code: the repository looks inference-only"]
    hollow = {**training.stubs, **training.lfs_pointers}
    if training.entrypoint and not training.entrypoint_exists and training.entrypoint not in hollow:
        pieces.append(f"the declared entrypoint {training.entrypoint} does not exist")
    pieces += [why for _, why in list(training.stubs.items())[:MAX_STUBS_NAMED]]
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


def untrained_externals(externals: list[Inspected]) -> list[str]:
    """Say, for each followed trainer without training code at its ref, why not."""
    return [
        f"The README's training commands run {repo.label}, which holds no training code at "
        f"that ref: {absent_reason(repo.training).removeprefix('No training code: ')}"
        for repo in externals
        if not repo.training.found
    ]


def moved_note(moved_to: str | None) -> list[str]:
    """Say that a renamed repository was read where it lives now (GitHub redirects it)."""
    if moved_to is None:
        return []
    return [f"The repository has moved to {moved_to} (its old URL redirects there); it was "
            "read there. Update the release's link."]  # fmt: skip


def _examples(paths: tuple[str, ...]) -> str:
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
