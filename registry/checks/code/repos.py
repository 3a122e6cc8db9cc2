"""The repositories one code check reads: the artifact, its submodules, external trainers.

A pinned submodule is published code; so is a trainer a README training command clones
at a branch (`git clone -b BRANCH URL && cd ... && bash pretrain.sh`) or pip-installs
from git (`pip install git+URL@REF`, then a run of its module or console script). Each is
inspected with the same client, guards and caps as the artifact, one level deep and at
most a few of each. A repository that does not exist (404) is a note; any other failure
is kept, so that a verdict that would rest on it is unverified rather than absent.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace

from registry.checks import notebooks
from registry.checks.base import Observation
from registry.checks.code.choosing import choose_paths
from registry.checks.code.signals import TrainingAssessment, assess, submodules
from registry.checks.commands import Command, ExternalRepo, module_paths, repo_name, resolve
from registry.checks.mof_observe import choose_git_paths
from registry.checks.readme import is_readme
from registry.checks.shell import CommandKind
from registry.model import FailureKind
from registry.ports import AdapterError, GitClient, GitInspection

READ_BYTES = 64 * 1024  # licence texts and training scripts fit; larger files are truncated
MAX_SUBMODULES = 3
MAX_EXTERNALS = 2
# `name = "pkg.mod:func"` in setup.py / setup.cfg console_scripts.
CONSOLE_SCRIPT = re.compile(r"[\"']?(?P<name>[\w.-]+)\s*=\s*(?P<module>[\w.]+):\w+")


@dataclass(frozen=True)
class Inspected:
    """One inspected repository and what it showed."""

    label: str  # "" for the artifact, the submodule path, or OWNER/REPO@REF
    inspection: GitInspection
    training: TrainingAssessment
    external: ExternalRepo | None = None
    launched_by: tuple[Command, ...] = ()  # the artifact's README commands run here

    @property
    def name(self) -> str:
        """Return OWNER/REPO of this repository."""
        return repo_name(self.inspection.url)

    @property
    def root_readme(self) -> str | None:
        """Return the text of the README at the repository's root, if it was read."""
        texts = self.inspection.texts
        return next((t for p, t in texts.items() if "/" not in p and is_readme(p)), None)


@dataclass
class Followed:
    """What following a repository's pointers found, noted and failed on."""

    inspected: list[Inspected]
    notes: list[str]
    failures: list[AdapterError]

    def failed(self, error: AdapterError, note: str) -> None:
        """Note a repository that could not be inspected; keep the failure unless a 404."""
        # A repository that does not exist is a note; any other failure may hide training code.
        self.notes.append(f"{note}: {error.message}")
        if error.kind is not FailureKind.NOT_FOUND:
            # Kept with its note, so a verdict it makes unverified says which repository.
            self.failures.append(AdapterError(error.kind, f"{note}: {error.message}"))


def inspect_repo(
    git: GitClient,
    label: str,
    url: str,
    entrypoint: str | None,
    *,
    external: ExternalRepo | None = None,
    launched_by: tuple[Command, ...] = (),
) -> Inspected:
    """Inspect one repository (at the external's ref) and assess its training code."""
    wanted = [p for c in launched_by for p in c.candidates()]
    ref = external.ref if external else None
    inspection = git.inspect(
        url, lambda paths: choose_paths(paths, entrypoint, wanted) + choose_git_paths(paths),
        READ_BYTES, ref,
    )  # fmt: skip
    inspection = replace(inspection, texts=notebooks.as_code(inspection.texts))
    present = set(inspection.paths)
    entry_points = console_scripts(inspection.texts)
    launched = [hit for c in launched_by if (hit := _placed(c, present, entry_points))]
    training = assess(inspection.paths, inspection.texts, entrypoint, url, launched)
    return Inspected(label, inspection, training, external, launched_by)


def follow_submodules(git: GitClient, main: Inspected, seen: Observation) -> Followed:
    """Inspect the submodules `.gitmodules` declares (a few, one level deep)."""
    declared = submodules(main.inspection.texts, main.inspection.url)[:MAX_SUBMODULES]
    followed = Followed([], [], [])
    checked: dict[str, object] = {}
    for path, url in declared:
        try:
            sub = inspect_repo(git, path, url, None)
        except AdapterError as error:
            checked[path] = {"url": url, "failure": error.kind.value}
            followed.failed(error, f"The submodule {path} ({url}) could not be inspected")
            continue
        checked[path] = {
            "url": url,
            "commit": sub.inspection.commit,
            "training": sub.training.found,
        }
        followed.inspected.append(sub)
    if declared:
        seen.facts["submodules"] = checked
    return followed


def follow_externals(git: GitClient, main: Inspected, seen: Observation) -> Followed:
    """Inspect the trainers the artifact's README training commands run, at their refs."""
    groups = external_runs(main)
    followed = Followed([], [], [])
    checked: dict[str, object] = {}
    for external, commands in list(groups.items())[:MAX_EXTERNALS]:
        label = external.label()
        try:
            found = inspect_repo(
                git, label, external.url, None, external=external, launched_by=commands
            )
        except AdapterError as error:
            checked[label] = {"url": external.url, "ref": external.ref, "failure": error.kind.value}
            followed.failed(error, f"The README's training commands run {label} "
                            f"({external.how}), which could not be inspected")  # fmt: skip
            continue
        checked[found.label] = {
            "url": external.url, "ref": external.ref, "how": external.how,
            "commit": found.inspection.commit, "training": found.training.found,
            "launched": [f"{c.readme}:{c.line}: {c.text}" for c in commands],
        }  # fmt: skip
        followed.inspected.append(found)
    if groups:
        seen.facts["external_trainers"] = checked
    return followed


def external_runs(main: Inspected) -> dict[ExternalRepo, tuple[Command, ...]]:
    """Return the external repositories training commands run in, with those commands."""
    present = set(main.inspection.paths)
    groups: dict[ExternalRepo, list[Command]] = {}
    for command in main.training.commands:
        if command.kind is not CommandKind.TRAINING:
            continue
        for repo in _runs_in(command, present):
            groups.setdefault(repo, []).append(command)
    return {repo: tuple(commands) for repo, commands in groups.items()}


def _runs_in(command: Command, present: set[str]) -> list[ExternalRepo]:
    if command.repo is not None:
        return [command.repo]
    # A module or console script the repository lacks comes from a pip-installed package.
    if command.script is None and resolve(command, present.__contains__) is None:
        return list(command.installed)
    return []


def console_scripts(texts: Mapping[str, str]) -> dict[str, str]:
    """Return {console script: module} from pyproject.toml, setup.cfg and setup.py."""
    found: dict[str, str] = {}
    try:
        project = tomllib.loads(texts.get("pyproject.toml", "")).get("project", {})
    except tomllib.TOMLDecodeError:
        project = {}
    for name, target in dict(project.get("scripts", {})).items():
        found[str(name)] = str(target).split(":", 1)[0]
    for path in ("setup.cfg", "setup.py"):
        for match in CONSOLE_SCRIPT.finditer(texts.get(path, "")):
            found.setdefault(match["name"], match["module"])
    return found


def _placed(command: Command, present: set[str], entry_points: Mapping[str, str]) -> str | None:
    hit = resolve(command, present.__contains__)
    if hit is None and command.script is None and command.module is None:
        module = entry_points.get(command.program)
        hit = next((p for p in module_paths(module) if p in present), None) if module else None
    return hit
