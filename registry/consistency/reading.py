"""What the consistency check reads through the ports, and what it could not read.

The weights' config.json and card; the code repository at the commit its check saw, plus
each submodule or external trainer that check found training code in (at the commit it
saw); the configs those files refer to (`"model": "open_lm_configs/7b.json"`, gin's
`include 'models/base.gin'`); and each dataset's file list at its checked revision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from registry.consistency.data import DataArtifact
from registry.consistency.sources import (
    CONFIG_REFERENCE,
    ArtifactSeen,
    choose_reads,
    command_configs,
    is_config,
    resolve_path,
    training_commands,
    training_files,
)
from registry.model import ArtifactKind, FailureKind
from registry.ports import AdapterError, Clients
from registry.standard import failure_sentence

TEXT_BYTES = 256 * 1024
MAX_REFERENCED = 24
# Configs naming configs (a gin include naming an include) are followed this deep.
MAX_REFERENCE_ROUNDS = 3
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
        read.failures["weights"] = f"{repo}: {in_words(error, clients.hub.endpoint)}"


def read_code(code: ArtifactSeen | None, clients: Clients, read: Read) -> None:
    """Read the training files of the code repository and of the repositories it trains with."""
    if code is None:
        return
    repos = [("", code.ref.locator, code.revision, training_files(code))]
    repos += _followed(code)
    for repo in repos:
        label = repo[0]
        try:
            _read_repo(clients, read, repo, training_commands(code) if not label else ())
        except AdapterError as error:
            if not label:  # a followed repository that fails leaves the main one's findings
                read.failures["code"] = f"{repo[1]}: {in_words(error, repo[1])}"
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
                read.failures.setdefault(
                    "data", f"{artifact.ref.locator}: {in_words(error, clients.hub.endpoint)}"
                )
        read.data.append(DataArtifact(artifact.ref.locator, files))


def _read_repo(
    clients: Clients,
    read: Read,
    repo: tuple[str, str, str | None, list[str]],
    commands: tuple[str, ...],
) -> None:
    label, url, commit, training = repo
    prefix = f"{label}/" if label else ""
    chosen: list[str] = []

    def choose(paths: tuple[str, ...]) -> list[str]:
        # The configs the README's training commands name are read with the rest.
        chosen.extend(command_configs(commands, paths))
        return [*chosen, *choose_reads(paths, training)]

    found = clients.git.inspect(url, choose, TEXT_BYTES, ref=commit)
    texts = dict(found.texts)
    named = [*training, *(p for p in chosen if p in texts)]
    for _ in range(MAX_REFERENCE_ROUNDS):
        referenced = tuple(referenced_configs(texts, found.paths))
        if not referenced:
            break
        again = clients.git.inspect(url, _these(referenced), TEXT_BYTES, ref=found.commit)
        texts.update(again.texts)
        named += referenced
    read.code_paths += [prefix + p for p in found.paths]
    read.code_texts.update({prefix + p: t for p, t in texts.items()})
    read.training += [prefix + p for p in dict.fromkeys(named) if p in texts]


def _these(paths: tuple[str, ...]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    return lambda _: paths


def referenced_configs(texts: Mapping[str, str], paths: tuple[str, ...]) -> list[str]:
    """Return the repository's config files that the read configs name and that were not read."""
    present = set(paths)
    found: dict[str, None] = {}
    for path, text in texts.items():
        if not is_config(path):
            continue
        for token in CONFIG_REFERENCE.findall(text):
            resolved = resolve_path(token, path, present, paths)
            if resolved and resolved not in texts:
                found[resolved] = None
    return list(found)[:MAX_REFERENCED]


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


def in_words(error: AdapterError, endpoint: str | None) -> str:
    """Say why a read failed in the registry's plain words (no resolver or socket text)."""
    return failure_sentence(error.kind, endpoint, error.message).rstrip(".")

