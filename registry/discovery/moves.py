"""Repositories that moved: a card's link to an old address, proposed at the new one.

Cards outlive organisation renames: the Llama 2 card links github.com/facebookresearch/llama,
which now lives at github.com/meta-llama/llama. GitHub answers the old address of a
transferred or renamed repository with a permanent redirect to the new one for as long as
no repository takes the old name (https://github.com/orgs/community/discussions/22669,
quoting GitHub's help page). So a guarded probe of the repository's web page says where it
lives now, and the proposal is the repository itself, not a redirect the checks would have
to follow. The rule is pure; `reader` runs the probe through the URL adapter.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from registry.discovery.links import TargetKind, classify
from registry.discovery.model import Proposal
from registry.ports import ProbeReply

# Only a permanent redirect says the repository lives elsewhere now; a 302 or 307 may be a
# sign-in page, a rate limit or a mirror, none of which is the repository's new home.
PERMANENT_REDIRECTS = frozenset({301, 308})


def moved_to(locator: str, reply: ProbeReply) -> str | None:
    """Return the repository URL a permanent redirect moved `locator` to, or None."""
    if not reply.redirects or reply.redirects[0].status not in PERMANENT_REDIRECTS:
        return None
    if any(hop.status not in PERMANENT_REDIRECTS for hop in reply.redirects):
        return None
    if reply.status >= 400:
        return None  # the new address does not answer: nothing is known to live there
    old, new = classify(locator), classify(reply.final_url)
    if old.kind is not TargetKind.GIT_REPO or new.kind is not TargetKind.GIT_REPO:
        return None  # a repository that redirects to a page or a file has not moved
    if _host(new.locator) != _host(old.locator) or new.locator.lower() == old.locator.lower():
        return None  # another host is not the same forge; a case change is the same repo
    return new.locator


def at_new_home(proposal: Proposal, new_locator: str, status: int) -> Proposal:
    """Return the proposal at the repository's new address, saying why."""
    note = (f"{proposal.locator} answers {status} (moved permanently) to {new_locator}: "
            "the repository moved")
    return replace(proposal, locator=new_locator, judged=(*proposal.judged, note))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
