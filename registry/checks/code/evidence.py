"""What a code check records beside its verdict: the training files shown, facts, doubts.

The checker decides; these functions only write what the inspected repositories showed
into the `Observation` that becomes the check's evidence.
"""

from __future__ import annotations

from registry import words
from registry.checks.base import Observation
from registry.checks.code.doubts import generic_trainer, missing_scripts
from registry.checks.code.repos import Inspected
from registry.checks.code.signals import submodules
from registry.checks.doubts import DoubtId
from registry.checks.mof_observe import MOF_FACT, observe_git
from registry.model import FileFound


def record_mof(seen: Observation, main: Inspected, others: list[Inspected]) -> None:
    """Record what the repository and those it leads to show about MOF components."""
    followed = [(r.label, r.inspection.paths, r.inspection.texts) for r in others]
    inspection = main.inspection
    seen.facts[MOF_FACT] = observe_git(
        inspection.paths, inspection.texts, inspection.truncated, followed
    )


def record_training(seen: Observation, main: Inspected, trained_by: list[Inspected]) -> None:
    """Record the files that showed training code and what the artifact's repository holds."""
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
        training_loops=dict(training.loops),
        declared_entrypoint=training.entrypoint,
        declared_entrypoint_exists=training.entrypoint_exists,
        fine_tuning_files=training.fine_tuning,
        evaluation_files=training.evaluation,
        inference_files=training.inference,
        inference_only=not trained_by,
        stub_files=dict(training.stubs),
        lfs_pointer_files=dict(training.lfs_pointers),
        readme_commands=tuple(
            f"{c.readme}:{c.line} ({c.kind.value}): {c.text}" for c in training.commands[:20]
        ),
    )


def record_doubts(
    seen: Observation, main: Inspected, others: list[Inspected], trained_by: list[Inspected]
) -> None:
    """Record the doubts that weaken a training-code claim (missing scripts, generic trainers)."""
    declared = [path for path, _ in submodules(main.inspection.texts, main.inspection.url)]
    missing = missing_scripts(main, others, declared)
    if missing:
        seen.doubt(DoubtId.COMMAND_SCRIPT_MISSING, words.sentence(missing) + ".")
    generic = generic_trainer(main, trained_by)
    if generic:
        seen.doubt(DoubtId.GENERIC_TRAINER_ONLY, words.sentence(generic) + ".")
