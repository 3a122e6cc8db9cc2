"""The candidates of one discovery, filled mention by mention, then sifted before ranking.

`Pool.add` keeps each location's best-scoring mention and remembers the others; `sift`
takes out what the whole card, read together, says is not the release's: a repository
that only hosts the paper, one that some line names as a tool the model was made with,
and code or data with too little said for it. Each goes to the set-aside list with the
reason a submitter reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.discovery import rank, rules
from registry.discovery.links import classify
from registry.discovery.model import Mention, Role, SetAside
from registry.discovery.rank import Candidate, Points, Subject


@dataclass
class Pool:
    """Candidates by (role, locator) and the links set aside, filled mention by mention."""

    subject: Subject
    candidates: dict[tuple[Role, str], Candidate]
    set_aside: dict[str, SetAside]
    paper_hosts: set[str]
    order: int = 0

    def add(self, role: Role, locator: str, points: list[Points], mention: Mention) -> None:
        """Keep the best-scoring mention of each location; remember the others."""
        self.order += 1
        key = (role, locator.lower())
        score = rank.total(points)
        judged = [why for _, why in points]
        context = role is Role.CODE and rank.code_context(mention)
        tool = role is Role.CODE and rank.tool_context(mention) and not rank.framework_fork(
            classify(locator))
        base = points[0][0]  # the points of where the mention comes from (rank.source_points)
        existing = self.candidates.get(key)
        if existing is None:
            self.candidates[key] = Candidate(role, locator, score, judged, mention, self.order,
                                             context, tool_context=tool, source_points=base)
            return
        existing.code_context = existing.code_context or context
        existing.tool_context = existing.tool_context or tool
        if mention.line != existing.mention.line or existing.corroborated:
            # Seen in two places: one point, once, whichever mention ends up the best.
            if not existing.corroborated:
                existing.corroborated = True
                existing.score += rules.CORROBORATED[0]
                existing.judged.append(f"{rules.CORROBORATED[1]} (+1)")
            score += rules.CORROBORATED[0]
            judged.append(f"{rules.CORROBORATED[1]} (+1)")
        if score > existing.score:
            existing.also_seen.append(existing.mention.provenance)
            existing.score, existing.judged, existing.mention = score, judged, mention
            existing.source_points = base
        else:
            existing.also_seen.append(mention.provenance)

    def aside(self, url: str, provenance: str, reason: str) -> None:
        """Set a link aside once, with the first place it was seen."""
        self.set_aside.setdefault(url.lower(), SetAside(url, provenance, reason))

    def take_out(self, candidate: Candidate, reason: str) -> None:
        """Remove a candidate from the ranking and set it aside with the reason."""
        del self.candidates[(candidate.role, candidate.locator.lower())]
        self.aside(candidate.locator, candidate.mention.provenance, reason)


def sift(pool: Pool) -> None:
    """Take out what the card, read as a whole, says is not the release's code or data."""
    for candidate in list(pool.candidates.values()):
        reason = _why_not_code(pool, candidate) if candidate.role is Role.CODE else (
            _why_not_data(candidate) if candidate.role is Role.DATA else None)
        if reason is not None:
            pool.take_out(candidate, reason)


def _why_not_code(pool: Pool, candidate: Candidate) -> str | None:
    locator = candidate.locator.lower()
    if locator in pool.paper_hosts and not candidate.code_context:
        # The home of the paper PDF is the paper's repository, unless some line calls it code.
        return "the repository that hosts the paper PDF; no line calls it code"
    own = rank.published_by_subject(candidate.locator, pool.subject)
    if candidate.tool_context and not own:
        # Named once as what the model was trained or run with ("Library: GPT-NeoX", "we use
        # a fork of gpt-neox"): another organisation's tool, wherever else the card links it.
        return rules.TOOL_REPOSITORY
    if own:
        floor, why = rules.CODE_FLOOR
        said = candidate.score
    else:  # beyond the points of where it is linked (a card line, the paper's Hub page)
        floor, why = rules.OTHER_OWNER_CODE_FLOOR
        said = candidate.score - candidate.source_points
    return f"{why}: {'; '.join(candidate.judged)}" if said < floor else None


def _why_not_data(candidate: Candidate) -> str | None:
    floor, why = rules.DATA_FLOOR
    return f"{why}: {'; '.join(candidate.judged)}" if candidate.score < floor else None
