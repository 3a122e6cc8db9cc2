"""The code checker's doubts: README commands whose scripts are missing, generic trainers.

Each function returns the sentence a user reads, or nothing; the checker records it with
`seen.doubt(...)` and the doubt table caps the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from registry.checks.code.repos import Inspected
from registry.checks.code.signals import RECIPE_FAMILIES, Family
from registry.checks.commands import Command
from registry.checks.shell import CommandKind
from registry.checks.trainers import GenericTrainer, own_recipe, recognise

MAX_NAMED = 3


def missing_scripts(
    main: Inspected, others: Sequence[Inspected], declared: Iterable[str]
) -> str | None:
    """Return a sentence naming the README training commands whose script is not published."""
    missing = [
        f"{c.readme} line {c.line} runs `{_short(c.text)}`, but {c.script} is not in {where}"
        for c in main.training.commands
        if (where := _missing_from(c, main, others, tuple(declared)))
    ]
    if not missing:
        return None
    more = f"; and {len(missing) - MAX_NAMED} more" if len(missing) > MAX_NAMED else ""
    return "; ".join(missing[:MAX_NAMED]) + more


def _missing_from(
    command: Command, main: Inspected, others: Sequence[Inspected], declared: tuple[str, ...]
) -> str | None:
    # Where a training command's script should be and is not; None when it is there, or
    # when that repository could not be read (then absence is not shown).
    if command.kind is not CommandKind.TRAINING or not command.script:
        return None
    candidates = command.candidates()
    if not candidates:
        return None
    here = set(main.inspection.paths)
    if command.repo is None:
        if any(p in here for p in candidates):
            return None
        return _in_submodule(candidates, others, declared)
    repo = next((r for r in others if r.external == command.repo), None)
    if repo is None or any(p in here for p in command.readme_fallbacks()):
        return None
    return None if any(p in set(repo.inspection.paths) for p in candidates) else repo.label


def _in_submodule(
    candidates: tuple[str, ...], others: Sequence[Inspected], declared: tuple[str, ...]
) -> str | None:
    for sub in declared:
        inside = [p[len(sub) + 1 :] for p in candidates if p.startswith(sub + "/")]
        if inside:
            repo = next((r for r in others if r.external is None and r.label == sub), None)
            if repo is None or any(p in set(repo.inspection.paths) for p in inside):
                return None
            return f"the submodule {sub}"
    return "the repository"


def generic_trainer(main: Inspected, trained_by: Sequence[Inspected]) -> str | None:
    """Return a sentence when the only training code is a generic trainer's, tied to nothing."""
    copies = [
        (repo, recognise(repo.name, repo.inspection.paths, repo.root_readme)) for repo in trained_by
    ]
    if not copies or any(trainer is None for _, trainer in copies):
        return None
    own = [p for repo, trainer in copies for p in own_recipe(trainer, _recipe(repo))]
    if main not in trained_by:
        own += own_recipe(None, _recipe(main, RECIPE_FAMILIES))
    if own:
        return None
    repo, trainer = copies[0]
    assert trainer is not None  # checked above
    return _generic_sentence(main, repo, trainer)


def _generic_sentence(main: Inspected, repo: Inspected, trainer: GenericTrainer) -> str:
    where = "this repository" if repo is main else f"{repo.label or repo.name}"
    shipped = _recipe(repo)
    listed = ", ".join(shipped[:MAX_NAMED]) + (" and more" if len(shipped) > MAX_NAMED else "")
    return (
        f"the training code in {where} is {trainer.name}, and its training configs, launchers "
        f"and entrypoints ({listed or 'none'}) are the ones {trainer.name} itself ships "
        "(examples and stock scripts); neither it nor the repository adds a recipe of its own"
    )


def _recipe(
    repo: Inspected, families: Iterable[Family] = (*RECIPE_FAMILIES, Family.ENTRYPOINT)
) -> list[str]:
    signals = repo.training.signals
    return list(dict.fromkeys(p for f in families for p in signals.get(f, ())))


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
