"""Discovery against the outside world: read the card and the paper through the ports.

The Hub says what the card holds; the paper's abstract page is read through the URL
adapter (SSRF guard on every hop); dataset ids are confirmed with the Hub (`confirm`: a
renamed id followed, a missing one resolved against the namespace's listing); a code
repository's web page is probed
(when a probe is given) to follow a permanent move (`moves`). Every failure is written
into the result's `problems`, never turned into a missing proposal without saying so.
"""

from __future__ import annotations

from dataclasses import replace

from registry.discovery.card import card_mentions
from registry.discovery.confirm import confirm_datasets, reranked
from registry.discovery.data_collections import data_collection_links, item_mentions
from registry.discovery.links import TargetKind, classify
from registry.discovery.model import Confidence, Discovery, Mention, Proposal, Role
from registry.discovery.moves import at_new_home, moved_to
from registry.discovery.paper import (
    paper_html_url,
    paper_page_mentions,
    parse_abs_page,
    parse_paper_front_matter,
)
from registry.discovery.propose import Sources, propose
from registry.errors import RegistryError
from registry.model import ArtifactKind, FailureKind
from registry.ports import (
    AdapterError,
    HttpProbe,
    HubClient,
    HubCollectionReader,
    HubPaperReader,
    PageFetcher,
)

README = "README.md"
MAX_README_BYTES = 256 * 1024
MAX_PAPER_BYTES = 512 * 1024


class DiscoveryFailed(RegistryError):
    """Discovery could not start: the model is not on the Hub, or the Hub did not answer."""

    def __init__(self, hub_id: str, kind: FailureKind, message: str) -> None:
        super().__init__(message)
        self.hub_id = hub_id
        self.kind = kind
        self.message = message


def discover(
    hub: HubClient, pages: PageFetcher | None, hub_id: str, probe: HttpProbe | None = None
) -> Discovery:
    """Return the proposals for the release whose weights are the Hub model `hub_id`."""
    try:
        info = hub.repo_info("model", hub_id)
    except AdapterError as error:
        raise DiscoveryFailed(hub_id, error.kind, _start_message(hub_id, error)) from error
    model_id = info.canonical_id or hub_id
    read = [f"Hub model info of {model_id}"]
    problems: list[str] = []
    readme = _readme(hub, model_id, read, problems)
    items = _collection_items(hub, readme, read, problems)
    sources = Sources(model_id, info.card_data, info.tags, readme, (), read, problems, items)
    paper = propose(sources).top(Role.PAPER)
    # Only a paper the card itself calls its paper is read: a Hub `arxiv:` tag alone may
    # name any cited work (FlashAttention), whose links are not this release's.
    named = paper is not None and paper.confidence is not Confidence.LOW
    mentions = _paper_mentions(pages, paper, read, problems) if paper and named else ()
    text = _paper_text_mentions(pages, paper, read, problems) if paper and named else ()
    page = _paper_page_mentions(hub, paper, read, problems) if paper and named else ()
    found = propose(replace(sources, paper_mentions=mentions, paper_page_mentions=page,
                            paper_text_mentions=text, read=read, problems=problems))
    found = confirm_datasets(hub, found, readme)
    return _follow_moves(probe, found) if probe is not None else found


def _start_message(hub_id: str, error: AdapterError) -> str:
    if error.kind in (FailureKind.NOT_FOUND, FailureKind.GATED, FailureKind.UNAUTHORISED):
        return f"No public model {hub_id!r} on the Hub ({error.message})."
    return f"The Hub did not answer about {hub_id!r} ({error.kind.value}: {error.message})."


def _readme(hub: HubClient, hub_id: str, read: list[str], problems: list[str]) -> str | None:
    try:
        text = hub.read_text("model", hub_id, README, None, MAX_README_BYTES)
    except AdapterError as error:
        if error.kind is not FailureKind.NOT_FOUND:
            problems.append(f"the model card could not be read ({error.kind.value})")
        else:
            problems.append("the repository has no README.md (no model card)")
        return None
    read.append(f"model card ({README}, {len(text.splitlines())} lines)")
    return text


def _collection_items(
    hub: HubClient, readme: str | None, read: list[str], problems: list[str]
) -> tuple[Mention, ...]:
    links = data_collection_links(card_mentions(readme or ""))
    if not links or not isinstance(hub, HubCollectionReader):
        return ()
    found: list[Mention] = []
    for slug, link in links:
        try:
            collection = hub.collection(slug)
        except AdapterError as error:
            problems.append(f"the Hub collection {slug} could not be read ({error.kind.value})")
            continue
        mentions = item_mentions(link, collection)
        read.append(f"Hub collection {slug} ({len(mentions)} datasets)")
        found.extend(mentions)
    return tuple(found)


def _paper_mentions(
    pages: PageFetcher | None, paper: Proposal, read: list[str], problems: list[str]
) -> tuple[Mention, ...]:
    target = classify(paper.locator)
    if target.kind is not TargetKind.PAPER or not target.name:
        return ()
    if pages is None:
        problems.append(f"the paper {paper.locator} was not read (no page reader)")
        return ()
    try:
        page = pages.fetch_text(paper.locator, MAX_PAPER_BYTES)
    except AdapterError as error:
        problems.append(f"the paper {paper.locator} could not be read ({error.kind.value})")
        return ()
    parsed = parse_abs_page(target.name, page.text)
    read.append(f"paper abstract page {paper.locator} ({len(parsed.mentions)} links)")
    return parsed.mentions


def _paper_text_mentions(
    pages: PageFetcher | None, paper: Proposal, read: list[str], problems: list[str]
) -> tuple[Mention, ...]:
    """Read the first page of the paper itself, in arXiv's HTML rendering, when it has one."""
    target = classify(paper.locator)
    if pages is None or target.kind is not TargetKind.PAPER or not target.name:
        return ()
    url = paper_html_url(target.name)
    try:
        page = pages.fetch_text(url, MAX_PAPER_BYTES)
    except AdapterError as error:
        if error.kind is not FailureKind.NOT_FOUND:  # most older papers have no HTML rendering
            problems.append(f"the paper's HTML rendering {url} could not be read "
                            f"({error.kind.value})")
        return ()
    mentions = parse_paper_front_matter(target.name, page.text)
    read.append(f"paper first page {url} ({len(mentions)} links)")
    return mentions


def _paper_page_mentions(
    hub: HubClient, paper: Proposal, read: list[str], problems: list[str]
) -> tuple[Mention, ...]:
    # The Hub's page of the paper carries a GitHub link its authors (or the Hub's
    # community) set: `PaperInfo.github_repo`, the page's GitHub button.
    target = classify(paper.locator)
    if target.kind is not TargetKind.PAPER or not target.name or not isinstance(
        hub, HubPaperReader
    ):
        return ()
    try:
        page = hub.paper(target.name)
    except AdapterError as error:
        if error.kind is not FailureKind.NOT_FOUND:
            problems.append(f"the Hub's page of paper {target.name} could not be read "
                            f"({error.kind.value})")
        return ()
    read.append(f"Hub paper page {target.name}")
    return paper_page_mentions(page)


def _follow_moves(probe: HttpProbe, found: Discovery) -> Discovery:
    moved: list[Proposal] = []
    problems = list(found.problems)
    for proposal in found.proposals:
        if proposal.kind is not ArtifactKind.GIT:
            moved.append(proposal)
            continue
        try:
            reply = probe.probe(proposal.locator)
        except AdapterError as error:
            if error.kind is not FailureKind.NOT_FOUND:  # a 404 is for the checks to judge
                problems.append(f"{proposal.locator} was not probed for a move "
                                f"({error.kind.value})")
            moved.append(proposal)
            continue
        new_home = moved_to(proposal.locator, reply)
        moved.append(proposal if new_home is None
                     else at_new_home(proposal, new_home, reply.redirects[0].status))
    return replace(found, proposals=reranked(moved), problems=tuple(problems))
