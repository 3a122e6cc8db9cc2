"""The repository-move rule, as a table of probe replies (registry/discovery/moves.py)."""

from __future__ import annotations

import pytest

from registry.discovery.model import Confidence, Proposal, Role
from registry.discovery.moves import at_new_home, moved_to
from registry.model import ArtifactKind
from registry.ports import ProbeReply, RedirectHop

OLD = "https://github.com/facebookresearch/llama"
NEW = "https://github.com/meta-llama/llama"


def reply(final: str, *hops: tuple[str, int], status: int = 200) -> ProbeReply:
    return ProbeReply(OLD, OLD, final, status,
                      redirects=tuple(RedirectHop(url, code) for url, code in hops))


# (what the probe of OLD showed, where the repository lives now, or None for "not moved")
MOVES = [
    # GitHub's answer for a transferred repository: one permanent redirect to the new home.
    (reply(NEW, (NEW, 301)), NEW),
    (reply(NEW, (NEW, 308)), NEW),
    # An organisation renamed twice: two permanent hops, the last one is the home.
    (reply(NEW, ("https://github.com/meta/llama", 301), (NEW, 301)), NEW),
    # No redirect: the repository is where the card says.
    (reply(OLD), None),
    # Temporary redirects are sign-in pages, rate limits or mirrors, not a new home.
    (reply(NEW, (NEW, 302)), None),
    (reply(NEW, ("https://github.com/meta/llama", 301), (NEW, 307)), None),
    # A repository that now redirects into a file or a site page has not moved as a repo.
    (reply(f"{NEW}/blob/main/README.md", (f"{NEW}/blob/main/README.md", 301)), None),
    (reply("https://github.com/login", ("https://github.com/login", 301)), None),
    # Another host is another forge: a mirror, never the same repository.
    (reply("https://gitlab.com/meta-llama/llama", ("https://gitlab.com/meta-llama/llama", 301)),
     None),
    # GitHub redirects a miscased name to its canonical case: the same repository.
    (reply("https://github.com/FacebookResearch/llama",
           ("https://github.com/FacebookResearch/llama", 301)), None),
    # The new address does not answer: nothing is known to live there.
    (reply(NEW, (NEW, 301), status=404), None),
]


@pytest.mark.parametrize(("probed", "home"), MOVES)
def test_a_permanent_redirect_to_another_repository_is_a_move(
    probed: ProbeReply, home: str | None
) -> None:
    assert moved_to(OLD, probed) == home


def test_the_proposal_keeps_its_provenance_and_says_it_moved() -> None:
    proposal = Proposal(Role.CODE, ArtifactKind.GIT, OLD, "README line 114, under 'Issues'",
                        Confidence.MEDIUM, 4, 1, ("the card links it (+1)",))

    moved = at_new_home(proposal, NEW, 301)

    assert moved.locator == NEW
    assert moved.provenance == proposal.provenance
    assert moved.judged == ("the card links it (+1)",
                            f"{OLD} answers 301 (moved permanently) to {NEW}: the repository moved")
