"""Whether the Hub answers at all: one cheap request, judged by how it ended.

A service started on a machine without network would otherwise show every release failing
its checks with nothing saying why. Any answer from the Hub, a "not found" included, means
it is reachable; only a failure to get an answer (no connection, a timeout, a reply that is
not the Hub's, our own guard refusing the endpoint) means it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.model import FailureKind
from registry.ports import AdapterError, HubClient

# A public repository to ask about; whether it still exists does not matter (see ANSWERED).
PROBE_REPO = "openai-community/gpt2"
# Failures that are still answers from the Hub: it is there.
ANSWERED = frozenset({
    FailureKind.NOT_FOUND, FailureKind.GATED, FailureKind.UNAUTHORISED, FailureKind.RATE_LIMITED,
})


@dataclass(frozen=True)
class Reachability:
    """How a probe of the Hub ended: reachable, or the kind of failure that says it is not."""

    endpoint: str
    reachable: bool
    failure: FailureKind | None = None


def probe_hub(hub: HubClient) -> Reachability:
    """Ask the Hub about one repository and say whether it answered."""
    try:
        hub.repo_info("model", PROBE_REPO)
    except AdapterError as error:
        if error.kind in ANSWERED:
            return Reachability(hub.endpoint, True)
        return Reachability(hub.endpoint, False, error.kind)
    return Reachability(hub.endpoint, True)
