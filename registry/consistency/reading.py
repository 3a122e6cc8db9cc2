"""What the consistency check reads through the ports, and what it could not read.

The weights' config.json and card; the code repository at the commit its check saw, plus
each submodule or external trainer that check found training code in (at the commit it
saw); the configs those files refer to (`"model": "open_lm_configs/7b.json"`, gin's
`include 'models/base.gin'`); and each dataset's file list at its checked revision.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from registry.consistency.data import DataArtifact
from registry.consistency.sources import ArtifactSeen, choose_reads, is_config, training_files
from registry.model import ArtifactKind, FailureKind
from registry.ports import AdapterError, Clients

TEXT_BYTES = 256 * 1024
MAX_REFERENCED = 24
# A config file named inside another config: the architecture often lives there.
CONFIG_REFERENCE = re.compile(r"[\w./\-]+\.(?:json|ya?ml|gin|toml)\b")
FOLLOWED_FACTS = ("submodules", "external_trainers")


@dataclass
class Read:
    """What the check read (paths of followed repositories carry their label as a prefix)."""

    config_json: str | None = None
    card: str = ""
    code_paths: list[str] = field(default_factory=list)
    code_texts: dict[str, str] = field(default_factory=dict)
    training: list[str] = field(default_factory=list)  # training files, and configs they name
    data: list[DataArtifact] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # "weights"/"code"/"data" -> why


def read_weights(weights: ArtifactSeen | None, clients: Clients, read: Read) -> None:
    """Read the weights' config.json and model card at the revision their check saw."""
    if weights is None:
        return
    repo, rev = weights.ref.locator, weights.revision
    try:
        read.config_json = _optional(
            lambda: clients.hub.read_text("model", repo, "config.json", rev, TEXT_BYTES)
        )
        card = _optional(lambda: clients.hub.read_text("model", repo, "README.md", rev, TEXT_BYTES))
        read.card = card or ""
    except AdapterError as error:
        read.failures["weights"] = f"{repo}: {error.message}"


def read_code(code: ArtifactSeen | None, clients: Clients, read: Read) -> None:
    """Read the training files of the code repository and of the repositories it trains with."""
    if code is None:
        return
    repos = [("", code.ref.locator, code.revision, training_files(code))]
    repos += _followed(code)
    for label, url, commit, training in repos:
        try:
            _read_repo(clients, read, label, url, commit, training)
        except AdapterError as error:
            if not label:  # a followed repository that fails leaves the main one's findings
                read.failures["code"] = f"{url}: {error.message}"
                return


def read_data(artifacts: list[ArtifactSeen], clients: Clients, read: Read) -> None:
    """List each dataset's files at its checked revision (a URL artifact has none)."""
    for artifact in artifacts:
        files = artifact.files
        if artifact.ref.kind is ArtifactKind.HF_DATASET:
            try:
                listing = clients.hub.list_files("dataset", artifact.ref.locator, artifact.revision)
                files = tuple(f.path for f in listing.files)
            except AdapterError as error:
                read.failures.setdefault("data", f"{artifact.ref.locator}: {error.message}")
        read.data.append(DataArtifact(artifact.ref.locator, files))


def _read_repo(
    clients: Clients, read: Read, label: str, url: str, commit: str | None, training: list[str]
) -> None:
    prefix = f"{label}/" if label else ""
    found = clients.git.inspect(
        url, lambda paths: choose_reads(paths, training), TEXT_BYTES, ref=commit
    )
    texts = dict(found.texts)
    referenced = referenced_configs(texts, found.paths)
    if referenced:
        again = clients.git.inspect(url, lambda _: referenced, TEXT_BYTES, ref=found.commit)
        texts.update(again.texts)
    read.code_paths += [prefix + p for p in found.paths]
    read.code_texts.update({prefix + p: t for p, t in texts.items()})
    read.training += [prefix + p for p in [*training, *referenced] if p in texts]


def referenced_configs(texts: Mapping[str, str], paths: tuple[str, ...]) -> list[str]:
    """Return the repository's config files that the read configs name and that were not read."""
    present = set(paths)
    found: dict[str, None] = {}
    for path, text in texts.items():
        if not is_config(path):
            continue
        for token in CONFIG_REFERENCE.findall(text):
            resolved = _resolve(
                token.strip("./") if token.startswith("./") else token, path, present, paths
            )
            if resolved and resolved not in texts:
                found[resolved] = None
    return list(found)[:MAX_REFERENCED]


def _resolve(token: str, where: str, present: set[str], paths: tuple[str, ...]) -> str | None:
    # As written, beside the naming file, or under any folder (gin's include search path).
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(where), token))
    for candidate in (token, beside):
        if candidate in present:
            return candidate
    return next((p for p in paths if p.endswith("/" + token)), None)


def _followed(code: ArtifactSeen) -> list[tuple[str, str, str | None, list[str]]]:
    followed = []
    for key in FOLLOWED_FACTS:
        repos = code.facts.get(key)
        if not isinstance(repos, Mapping):
            continue
        for label, about in repos.items():
            if isinstance(about, Mapping) and about.get("training") and about.get("url"):
                prefix = f"{label}/"
                training = [p[len(prefix) :] for p in code.files if p.startswith(prefix)]
                commit = about.get("commit")
                followed.append(
                    (str(label), str(about["url"]), str(commit) if commit else None, training)
                )
    return followed


def _optional(read_text: Callable[[], str]) -> str | None:
    # A file that is not there is a fact (no config.json); any other failure propagates.
    try:
        return read_text()
    except AdapterError as error:
        if error.kind in (FailureKind.NOT_FOUND, FailureKind.GATED, FailureKind.UNAUTHORISED):
            return None
        raise
