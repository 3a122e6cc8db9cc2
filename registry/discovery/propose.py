"""From what a card and a paper say to ranked proposals: the pure heart of discovery.

`propose` takes the card metadata, the README text and the links read from the paper,
and returns a `Discovery`: the weights (the repo itself), the model card, ranked code,
data and paper proposals, and the links it set aside with the reason. It never invents
a location: every proposal is a link or a metadata entry some source wrote down.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from registry.discovery import rank, repo_names, rules
from registry.discovery.card import card_mentions
from registry.discovery.links import Target, TargetKind, arxiv_abs_url, classify
from registry.discovery.model import Discovery, Mention, Proposal, Role
from registry.discovery.pool import Pool, sift
from registry.discovery.post_training import has_sibling, is_post_trained
from registry.discovery.rank import Candidate, Subject
from registry.licences import is_known_licence
from registry.model import ArtifactKind

BASE_MODEL_REASON = (
    "card metadata `base_model` names the model this one was made from: never its training data"
)


@dataclass(frozen=True)
class Sources:
    """Everything discovery read about one model, as plain values."""

    hub_id: str
    card_data: Mapping[str, object]
    tags: Sequence[str] = ()
    readme: str | None = None
    paper_mentions: Sequence[Mention] = ()
    read: Sequence[str] = ()
    problems: Sequence[str] = ()
    collection_mentions: Sequence[Mention] = ()  # dataset items of collections the card links
    paper_page_mentions: Sequence[Mention] = ()  # the GitHub link of the paper's Hub page
    paper_text_mentions: Sequence[Mention] = ()  # links on the paper's own first page


def propose(sources: Sources) -> Discovery:
    """Return the ranked proposals for a release, from its card and paper."""
    subject = Subject(sources.hub_id, is_post_trained(sources.hub_id, sources.card_data),
                      has_sibling(sources.readme or ""))
    pool = Pool(subject, {}, {}, set())
    _metadata(pool, sources.card_data)
    _tags(pool, sources.tags)
    for mention in card_mentions(sources.readme or ""):
        _route(pool, mention, "card")
    for mention in sources.paper_mentions:
        _route(pool, mention, "paper")
    for mention in sources.collection_mentions:
        _route(pool, mention, "collection")
    for mention in sources.paper_page_mentions:
        _route(pool, mention, "paper_page")
    for mention in sources.paper_text_mentions:
        _route(pool, mention, "paper_text")
    sift(pool)
    licence = _text(sources.card_data.get("license"))
    return Discovery(
        hub_id=sources.hub_id,
        proposals=(*_fixed(sources), *_ranked(pool)),
        set_aside=tuple(pool.set_aside.values()),
        read=tuple(sources.read),
        problems=tuple(sources.problems),
        licence=licence,
        licence_link=_text(sources.card_data.get("license_link")),
        base_models=tuple(_listed(sources.card_data.get("base_model"))),
    )


def _fixed(sources: Sources) -> Iterator[Proposal]:
    licence = _text(sources.card_data.get("license"))
    declared = licence if licence and is_known_licence(licence) else None
    yield Proposal(
        Role.WEIGHTS, ArtifactKind.HF_MODEL, sources.hub_id, "the Hub id submitted",
        rules.confidence_for(99), 99, 1, ("the weights are the repository itself",),
        declared_licence=declared,
    )
    if sources.readme:
        yield Proposal(
            Role.MODEL_CARD, None, sources.hub_id, "the repository's README.md",
            rules.confidence_for(99), 99, 1, ("the model card is the repository's README",),
        )


def _metadata(pool: Pool, card_data: Mapping[str, object]) -> None:
    bases = {base.lower() for base in _listed(card_data.get("base_model"))}
    for index, dataset in enumerate(_listed(card_data.get("datasets"))):
        mention = Mention(dataset, f"card metadata `datasets[{index}]`")
        target = classify(_dataset_url(dataset))
        if target.kind is not TargetKind.HF_DATASET:
            pool.aside(dataset, mention.provenance,
                       "card metadata `datasets` names something that is not a Hub dataset")
        elif target.locator.lower() in bases:
            # A fine-tune's card that lists its base model under `datasets` too: the model
            # it was made from, whatever key names it, is never its training data.
            pool.aside(dataset, mention.provenance, BASE_MODEL_REASON)
        else:
            pool.add(Role.DATA, target.locator,
                     rank.judge_data(mention, target, pool.subject, "metadata"), mention)
    for index, base in enumerate(_listed(card_data.get("base_model"))):
        pool.aside(base, f"card metadata `base_model[{index}]`", BASE_MODEL_REASON)


def _dataset_url(entry: str) -> str:
    # The metadata holds Hub ids, but some cards write the dataset's URL there instead.
    entry = entry.strip()
    if entry.lower().startswith(("http://", "https://")):
        return entry
    return f"https://huggingface.co/datasets/{entry}"


def _tags(pool: Pool, tags: Sequence[str]) -> None:
    for tag in tags:
        prefix, _, value = tag.partition(":")
        if prefix == "arxiv" and value:
            mention = Mention(arxiv_abs_url(value), f"Hub tag `{tag}`")
            points = rank.judge_paper(mention, pool.subject, "tag")
            pool.add(Role.PAPER, mention.url, points, mention)


def _route(pool: Pool, mention: Mention, source: str) -> None:
    target = classify(mention.url)
    if target.kind is TargetKind.PAPER or (
        target.kind is TargetKind.GIT_FILE and rank.is_paper_file(target.path)
    ):
        _paper(pool, mention, target, source)
    elif mention.in_code and not mention.in_command:
        return  # examples and commands in code blocks are not claims about the release
    elif target.kind in (TargetKind.GIT_REPO, TargetKind.GIT_FILE):
        _code(pool, mention, target, source)
    elif target.kind is TargetKind.HF_DATASET:
        _data(pool, mention, target, source)
    elif target.kind in (TargetKind.HF_ORG, TargetKind.WEB):
        _data_url(pool, mention, target, source)
    elif target.kind in (TargetKind.HF_MODEL, TargetKind.HF_FILE):
        _model_link(pool, mention, target)


def _paper(pool: Pool, mention: Mention, target: Target, source: str) -> None:
    if target.kind is TargetKind.GIT_FILE:
        pool.paper_hosts.add(target.locator.lower())
        locator = mention.url
    else:
        locator = target.locator
    pool.add(Role.PAPER, locator, rank.judge_paper(mention, pool.subject, source), mention)


def _code(pool: Pool, mention: Mention, target: Target, source: str) -> None:
    slug = f"{target.owner}/{target.name}".lower()
    if slug in repo_names.LIBRARY_REPOS:
        pool.aside(target.locator, mention.provenance,
                   "a general-purpose library the model runs on, not this release's code")
    elif repo_names.NOT_RELEASE_NAME.search(target.name or ""):
        pool.aside(target.locator, mention.provenance,
                   "a cookbook or tutorial of usage examples, not the code of the release")
    else:
        pool.add(Role.CODE, target.locator,
                 rank.judge_code(mention, target, pool.subject, source), mention)


def _data(pool: Pool, mention: Mention, target: Target, source: str) -> None:
    pool.add(Role.DATA, target.locator,
             rank.judge_data(mention, target, pool.subject, source), mention)


def _data_url(pool: Pool, mention: Mention, target: Target, source: str) -> None:
    # A plain page is data only where the card says so and it is a download or a Hub
    # organisation of datasets; anything else (a homepage, a blog) is not proposed.
    if rank.data_context(mention) <= 0:
        return
    if target.kind is TargetKind.HF_ORG or rank.is_download(target.locator):
        pool.add(Role.DATA, target.locator,
                 rank.judge_data(mention, target, pool.subject, source), mention)


def _model_link(pool: Pool, mention: Mention, target: Target) -> None:
    if target.locator.lower() == pool.subject.hub_id.lower():
        return
    if rank.data_context(mention) > 0:
        pool.aside(target.locator, mention.provenance,
                   "a link to a model on the Hub: models are not training data")


def _ranked(pool: Pool) -> Iterator[Proposal]:
    for role in (Role.CODE, Role.DATA, Role.PAPER):
        ranked = sorted(
            (c for c in pool.candidates.values() if c.role is role),
            key=lambda c: (-c.score, c.order),
        )
        for position, candidate in enumerate(ranked, start=1):
            yield _proposal(candidate, position)


def _proposal(candidate: Candidate, position: int) -> Proposal:
    target = classify(candidate.locator) if "://" in candidate.locator else None
    kind = _kind(candidate.role, target)
    return Proposal(
        role=candidate.role,
        kind=kind,
        locator=candidate.locator,
        provenance=candidate.mention.provenance,
        confidence=rules.confidence_for(candidate.score),
        score=candidate.score,
        rank=position,
        judged=tuple(candidate.judged),
        also_seen=tuple(dict.fromkeys(candidate.also_seen)),
    )


def _kind(role: Role, target: Target | None) -> ArtifactKind | None:
    if role is Role.PAPER:
        return None
    if role is Role.DATA:
        return ArtifactKind.HF_DATASET if target is None else ArtifactKind.URL
    return ArtifactKind.GIT


def _listed(value: object) -> Iterable[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if isinstance(item, str) and item.strip()]
    return []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
