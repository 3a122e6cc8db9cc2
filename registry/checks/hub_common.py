"""Steps the weights and data checkers share for Hub repositories: state and licences."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from posixpath import basename

from registry.checks.base import Observation, Outcome
from registry.checks.data_partial import partial_publication
from registry.checks.data_size import smaller_than_claimed
from registry.checks.doubts import DoubtId
from registry.checks.licences import dual as dual_licences
from registry.checks.licences import files as licence_files
from registry.checks.licences import sources as licences
from registry.checks.weights_partial import delta_publication
from registry.licences import normalise_licence, verdict_for_licence
from registry.model import ArtifactRef, FailureKind, LicenceFinding, LicenceKind, Verdict
from registry.ports import AdapterError, HubClient, HubFile, HubRepoInfo, RepoType
from registry.scoring import least_open

CARD_PATH = "README.md"
CARD_READ_BYTES = 256 * 1024
LICENCE_READ_BYTES = 128 * 1024
MAX_LICENCE_FILES = 4  # LICENSE, LICENSE-MODEL, LICENSE-CODE, NOTICE... at the root

# Repository states that mean nobody can download the files, whatever the licence.
CLOSED_STATES: tuple[tuple[str, str], ...] = (
    ("disabled", "The Hub has disabled access to this repository, so nothing can be downloaded."),
    ("private", "The repository is private, so it is not published."),
)

# Read failures that only mean "this file is behind a gate or a login": note and go on.
GATED_READS = frozenset({FailureKind.GATED, FailureKind.UNAUTHORISED})


@dataclass(frozen=True)
class DataHeld:
    """What a dataset's data files hold: how many, and their bytes (None when unknown)."""

    files: int
    size: int | None


def hub_locator(artifact: ArtifactRef) -> str:
    """Return the public locator recorded in evidence (the repo id the release declares)."""
    return artifact.locator


def repo_state_outcome(info: HubRepoInfo, noun: str) -> Outcome | None:
    """Return an absent outcome when the repository is disabled or private, else None."""
    for attribute, reason in CLOSED_STATES:
        if getattr(info, attribute):
            return Outcome(Verdict.ABSENT, (reason.replace("repository", f"{noun} repository"),))
    return None


def open_repo(
    hub: HubClient, repo_type: RepoType, locator: str, seen: Observation
) -> tuple[HubRepoInfo, tuple[HubFile, ...]] | Outcome:
    """Read a repo's state and file listing into `seen`; an absent outcome when it is closed."""
    info = hub.repo_info(repo_type, locator)
    seen.revision = info.sha
    seen.facts.update(gated=info.gated, gate_mode=info.gate_mode, private=info.private)
    seen.facts.update(disabled=info.disabled, tags=info.tags)
    closed = repo_state_outcome(info, repo_type)
    if closed is not None:
        return closed
    listing = hub.list_files(repo_type, locator, info.sha)
    seen.file_count = len(listing.files)
    seen.facts.update(listing_truncated=listing.truncated, listing_pages=listing.pages)
    return info, tuple(listing.files)


def refuse_unseen_absence(seen: Observation, listed: int, what: str) -> None:
    """Raise when the listing stopped at the file cap: files never seen can't be called absent."""
    if seen.facts.get("listing_truncated"):
        raise AdapterError(
            FailureKind.REFUSED,
            f"the file listing stopped at the {listed}-file cap without reaching a {what}; "
            "the rest of the repository was not seen, so absence is not shown",
        )


def licence_verdict(
    hub: HubClient,
    repo: tuple[HubRepoInfo, tuple[HubFile, ...]],
    artifact: ArtifactRef,
    kind: LicenceKind,
    seen: Observation,
    gate_reason: str,
    data: DataHeld | None = None,
) -> tuple[Verdict, list[str]]:
    """Read every licence source of a repo into `seen`; the least open reading, gate included.

    For a dataset, `data` is what its files hold, for the card's size claims to be held to.
    """
    info, files = repo
    unreadable: list[str] = []
    card_doubts: list[tuple[DoubtId, str]] = []
    findings, notes = licence_findings(hub, info, files, kind, unreadable, card_doubts, data)
    seen.licences = findings
    for doubt, sentence in card_doubts:
        seen.doubt(doubt, sentence)
    for sentence in unreadable:
        # The file is not read as what a tag or card beside it says (never upgraded).
        said = "; ".join(f"the {f.source} says {f.expression}" for f in findings)
        beside = f". Shown beside it, which cannot stand in for the file's own terms: {said}"
        beside = beside if said else ""
        seen.doubt(DoubtId.LICENCE_TEXT_UNREADABLE, sentence + beside + ".")
    summary = licences.summarise(findings, kind)
    seen.facts["licence_class"] = summary.licence_class.value
    reasons = notes + list(summary.reasons) + declared_licence_note(artifact, findings)
    verdicts = [verdict_for_licence(summary.licence_class)]
    if info.gated:
        verdicts.append(Verdict.RESTRICTED)
        reasons.append(gate_reason)
    return least_open(verdicts) or Verdict.UNVERIFIED, reasons


def licence_findings(
    hub: HubClient,
    info: HubRepoInfo,
    files: Iterable[HubFile],
    kind: LicenceKind,
    unreadable: list[str] | None = None,
    card_doubts: list[tuple[DoubtId, str]] | None = None,
    data: DataHeld | None = None,
) -> tuple[list[LicenceFinding], list[str]]:
    """Return every licence finding for a Hub repo and notes on sources we could not read.

    Licence files are read section by section; a text (or part of one) that is not a
    licence we recognise adds its sentence to `unreadable`; a use restriction the card's prose
    states (and, for a dataset, a card that says its files are only part of the data) adds
    its doubt and sentence to `card_doubts`.
    """
    findings = licences.from_card_metadata(info.card_data, info.tags, kind)
    notes: list[str] = []
    texts: list[tuple[str, str]] = []  # what may say the listed licences are alternatives
    paths = [f.path for f in files]
    for path in _root_licence_files(paths):
        text = _read_or_note(hub, info, path, LICENCE_READ_BYTES, notes)
        if text is None:
            continue
        texts.append((f"{path} file", text))
        reading = licence_files.read_licence_file(path, text, kind)
        findings += [reading.finding] if reading.finding else []
        notes += reading.reasons
        if reading.unreadable:
            (unreadable if unreadable is not None else notes).append(reading.unreadable)
    if CARD_PATH in paths:
        card = _read_or_note(hub, info, CARD_PATH, CARD_READ_BYTES, notes)
        findings += licences.from_card_text(card, kind) if card else []
        texts += [("card text", card)] if card else []
        if card and card_doubts is not None:
            card_doubts += _card_doubts(card, kind, data)
    findings, dual_notes = dual_licences.read_listed_licences(findings, texts, kind)
    return findings, dual_notes + notes


def _card_doubts(
    card: str, kind: LicenceKind, data: DataHeld | None
) -> list[tuple[DoubtId, str]]:
    doubts = [(DoubtId.CARD_RESTRICTS_USE, s) for s in licences.use_restrictions(card)]
    if kind is LicenceKind.DATA:
        doubts += [(DoubtId.DATA_ONLY_IN_PART, s) for s in partial_publication(card)]
    if kind is LicenceKind.WEIGHTS:
        doubts += [(DoubtId.DELTA_WEIGHTS_ONLY, s) for s in delta_publication(card)]
    short = smaller_than_claimed(card, data.size, data.files) if data else None
    doubts += [(DoubtId.DATA_SMALLER_THAN_CARD, short)] if short else []
    return doubts


def declared_licence_note(artifact: ArtifactRef, findings: list[LicenceFinding]) -> list[str]:
    """Return a sentence when the release declares a licence the sources do not state."""
    declared = normalise_licence(artifact.declared_licence)
    if declared is None or not findings:
        return []
    if declared.lower() in {f.expression.lower() for f in findings}:
        return []
    return [f"The release declares {declared}, which no source in the repository states."]


def is_gated_read(error: AdapterError) -> bool:
    """Return True when a read failed only because the file is behind a gate or a login."""
    return error.kind in GATED_READS


def read_unless_gated(hub: HubClient, info: HubRepoInfo, path: str, cap: int) -> str | None:
    """Return a small text file of a model repo, or None when the gate hides it."""
    try:
        return hub.read_text("model", info.repo_id, path, info.sha, cap)
    except AdapterError as error:
        if is_gated_read(error):
            return None
        raise


def _root_licence_files(paths: Iterable[str]) -> list[str]:
    found = sorted(p for p in paths if "/" not in p and licences.is_licence_file(p))
    return found[:MAX_LICENCE_FILES]


def _read_or_note(
    hub: HubClient, info: HubRepoInfo, path: str, cap: int, notes: list[str]
) -> str | None:
    repo_type: RepoType = info.repo_type
    try:
        return hub.read_text(repo_type, info.repo_id, path, info.sha, cap)
    except AdapterError as error:
        if not is_gated_read(error):
            raise
        why = "without accepting the gate" if error.kind is FailureKind.GATED else "anonymously"
        notes.append(f"{basename(path)} could not be read {why}.")
        return None
