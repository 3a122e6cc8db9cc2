"""Asking each repository whether the ref a card or README names exists, through the ports.

A git ref is fetched exactly (a commit id, a tag) through the guarded git adapter, which
is what `ls-remote` answers for tags and what a fetch by id answers for commits; a Hub
revision is asked as the dataset's tree at that revision. Not found means the ref does not
exist; any other failure leaves the pin unverified.
"""

from __future__ import annotations

from registry.consistency import pins
from registry.consistency.reading import in_words
from registry.consistency.report import PinFinding, PinState
from registry.consistency.sources import ArtifactSeen
from registry.model import FailureKind
from registry.ports import AdapterError, Clients


def verify_code(
    code: ArtifactSeen | None, named: list[pins.NamedPin], clients: Clients
) -> PinFinding:
    """Return whether the code commit or tag the texts name exists in the code repository."""
    if code is None:
        return PinFinding("code", PinState.UNPINNED, "The release declares no code repository.")
    if not named:
        return PinFinding(
            "code",
            PinState.UNPINNED,
            f"Neither the model card nor the README names a commit or tag of {code.ref.locator}.",
            code.ref.locator,
        )
    results = [_git_ref(code, pin, clients) for pin in named]
    return _best(results)


def _git_ref(code: ArtifactSeen, pin: pins.NamedPin, clients: Clients) -> PinFinding:
    repo = code.ref.locator
    if pins.HEX.match(pin.ref.lower()) and not pin.full_commit:
        # A short id cannot be fetched by itself: only the commit the check saw can confirm it.
        if code.revision and code.revision.startswith(pin.ref.lower()):
            return PinFinding(
                "code",
                PinState.PINNED,
                f"{pin.where} names {pin.ref}, the commit the check saw.",
                repo,
                pin.ref,
                pin.where,
                code.revision,
            )
        return PinFinding(
            "code",
            PinState.UNVERIFIED,
            f"{pin.where} names the short commit id "
            f"{pin.ref}, which only a full clone could resolve.",
            repo,
            pin.ref,
            pin.where,
        )
    try:
        found = clients.git.inspect(repo, lambda paths: (), 1, ref=pin.ref)
    except AdapterError as error:
        if error.kind is FailureKind.NOT_FOUND:
            return PinFinding(
                "code",
                PinState.MISSING,
                f"{pin.where} names {pin.ref}, which {repo} does not have.",
                repo,
                pin.ref,
                pin.where,
            )
        return PinFinding(
            "code",
            PinState.UNVERIFIED,
            f"{pin.where} names {pin.ref}; the repository could not be asked: "
            f"{in_words(error, repo)}.",
            repo,
            pin.ref,
            pin.where,
        )
    return PinFinding(
        "code",
        PinState.PINNED,
        f"{pin.where} names {pin.ref}, which exists (commit {found.commit[:12]}).",
        repo,
        pin.ref,
        pin.where,
        found.commit,
    )


def verify_data(
    datasets: list[ArtifactSeen], named: list[pins.NamedPin], clients: Clients
) -> PinFinding:
    """Return whether the data revision the texts name exists on the Hub."""
    if not datasets:
        return PinFinding("data", PinState.UNPINNED, "The release declares no data artifact.")
    if not named:
        ids = ", ".join(d.ref.locator for d in datasets)
        return PinFinding(
            "data",
            PinState.UNPINNED,
            f"Neither the model card nor the README names a revision of {ids}.",
        )
    return _best([_hub_ref(pin, clients) for pin in named])


def _hub_ref(pin: pins.NamedPin, clients: Clients) -> PinFinding:
    try:
        clients.hub.list_files("dataset", pin.repository, pin.ref)
    except AdapterError as error:
        if error.kind is FailureKind.NOT_FOUND:
            return PinFinding(
                "data",
                PinState.MISSING,
                f"{pin.where} names revision {pin.ref} "
                f"of {pin.repository}, which the Hub does not have.",
                pin.repository,
                pin.ref,
                pin.where,
            )
        return PinFinding(
            "data",
            PinState.UNVERIFIED,
            f"{pin.where} names revision {pin.ref}; the Hub could not be asked: "
            f"{in_words(error, clients.hub.endpoint)}.",
            pin.repository,
            pin.ref,
            pin.where,
        )
    return PinFinding(
        "data",
        PinState.PINNED,
        f"{pin.where} names revision {pin.ref} of {pin.repository}, which exists.",
        pin.repository,
        pin.ref,
        pin.where,
        pin.ref,
    )


# A pin that exists beats one that could not be asked, which beats one that does not exist.
PIN_ORDER = (PinState.PINNED, PinState.UNVERIFIED, PinState.MISSING, PinState.UNPINNED)


def _best(results: list[PinFinding]) -> PinFinding:
    return min(results, key=lambda r: PIN_ORDER.index(r.state))
