"""Environment: does the training repository declare its dependencies with versions?

A lock file pins by construction; a requirements file or conda environment pins when every
requirement names an exact version (`==`, `=`, a git commit); a container file pins its
base image when it names a tag other than `latest` or a digest. Any one fully pinned
declaration is enough: it is what a reproduction installs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from registry.consistency.report import EnvironmentFinding, EnvironmentState

LOCK_FILES = re.compile(
    r"(^|/)(poetry\.lock|uv\.lock|pipfile\.lock|pdm\.lock|conda-lock\.ya?ml|[\w.\-]*\.conda\.lock"
    r"|requirements[\w.\-]*\.lock)$",
    re.I,
)
REQUIREMENTS = re.compile(
    r"(^|/)((requirements|constraints)[\w.\-]*|requirements/[\w.\-]+)\.(txt|in)$", re.I
)
CONDA = re.compile(r"(^|/)(environment|conda|env)[\w.\-]*\.ya?ml$", re.I)
CONTAINER = re.compile(r"(^|/)(dockerfile|containerfile)([\w.\-]*)$|\.def$", re.I)
PYPROJECT = re.compile(r"(^|/)(pyproject\.toml|setup\.py|setup\.cfg)$", re.I)
# Requirement lines that pin: `torch==2.1.0`, `pkg===1`, `pkg @ git+…@<sha>`, conda `x=1.2`.
PINNED_REQUIREMENT = re.compile(r"===?\s*[\w.*+!-]+|@\s*git\+\S+@[0-9a-f]{7,40}|@\s*https?://\S+")
CONDA_PIN = re.compile(r"^\s*-\s*[\w.\-]+\s*==?\s*\d")
BASE_IMAGE = re.compile(r"^\s*FROM\s+(?P<image>\S+)", re.I | re.M)
SKIPPED_LINE = re.compile(r"^\s*(#|-r\b|-c\b|--|-e\s+\.|\.$|$)")
PYPROJECT_DEP = re.compile(r"^\s*[\"'](?P<req>[A-Za-z][\w.\-\[\]]*[^\"']*)[\"'],?\s*$")


def is_environment_file(path: str) -> bool:
    """Return True for a file that declares the training environment."""
    return any(p.search(path) for p in (LOCK_FILES, REQUIREMENTS, CONDA, CONTAINER, PYPROJECT))


def assess(texts: Mapping[str, str], paths: Sequence[str]) -> EnvironmentFinding:
    """Return whether any environment declaration in the repository pins its versions."""
    declared = [p for p in paths if is_environment_file(p)]
    if not declared:
        return EnvironmentFinding(
            EnvironmentState.NONE,
            "No lock file, requirements file, conda environment or container file.",
        )
    pinned = [p for p in declared if _pins(p, texts.get(p))]
    unpinned = tuple(p for p in declared if p not in pinned)
    if pinned:
        return EnvironmentFinding(
            EnvironmentState.PINNED,
            f"Dependencies pinned in {', '.join(pinned[:5])}.",
            tuple(pinned),
            unpinned,
        )
    return EnvironmentFinding(
        EnvironmentState.UNPINNED,
        f"Dependencies are declared ({', '.join(unpinned[:5])}) but not with exact versions.",
        (),
        unpinned,
    )


def _pins(path: str, text: str | None) -> bool:
    if LOCK_FILES.search(path):
        return True
    if text is None:
        return False
    if REQUIREMENTS.search(path):
        return _all_pinned([ln for ln in text.splitlines() if not SKIPPED_LINE.match(ln)])
    if CONDA.search(path):
        deps = [ln for ln in text.splitlines() if re.match(r"^\s*-\s*[\w.\-]+", ln)]
        return bool(deps) and all(CONDA_PIN.match(d) or "pip:" in d for d in deps)
    if CONTAINER.search(path):
        images = [m["image"] for m in BASE_IMAGE.finditer(text)]
        return bool(images) and all(_pinned_image(i) for i in images)
    deps = [m["req"] for ln in text.splitlines() if (m := PYPROJECT_DEP.match(ln))]
    return _all_pinned(deps)


def _all_pinned(requirements: list[str]) -> bool:
    return bool(requirements) and all(PINNED_REQUIREMENT.search(r) for r in requirements)


def _pinned_image(image: str) -> bool:
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    return bool(name) and "/" not in tag and tag not in ("", "latest")
