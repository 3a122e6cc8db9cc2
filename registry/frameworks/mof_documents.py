"""The rules for MOF's document components: cards, results, the paper, metadata, samples.

Part of the component table (`mof_table`); see `mof_components` for how a rule answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from registry.checks.mof_cards import is_data_card, is_model_card
from registry.frameworks.mof_components import Finding, Presence, look_for, not_found
from registry.frameworks.mof_sources import Source, Sources, observed


def evaluation_results(s: Sources) -> Finding:
    """model-index results, a results table in the card's evaluation section, result files."""
    for model in observed(s.models()):
        card = model.get("card") or {}
        if card.get("model_index") or card.get("results_table"):
            how = "model-index results" if card.get("model_index") else "a results table"
            return Finding(
                Presence.FOUND, f"the card of {model.name} has {how}", model, urls=(model.url,)
            )
    return look_for(
        [*s.models(), *s.code()],
        "eval_results",
        "Evaluation result files",
        "no model or code repository is declared",
    )


def model_card(s: Sources) -> Finding:
    """The model repository's README, with MOF's expected sections (not a stub)."""
    return _card(s.models(), "model card", is_model_card, "no Hub model repository is declared")


def data_card(s: Sources) -> Finding:
    """A dataset repository's README describing its sources and collection."""
    return _card(s.datasets(), "data card", is_data_card, "no Hub dataset is declared")


def _card(
    sources: Sequence[Source], noun: str, real: Callable[[list[str], int], bool], empty: str
) -> Finding:
    stubs = []
    for source in observed(sources):
        card = source.get("card")
        if not card:
            stubs.append(f"{source.name} has no README")
            continue
        topics = list(card.get("topics") or [])
        if real(topics, int(card.get("words") or 0)):
            return Finding(
                Presence.FOUND,
                f"the README of {source.name} is a {noun} (covers {', '.join(topics)})",
                source,
                urls=(source.url,),
            )
        stubs.append(
            f"the README of {source.name} is a stub ({card.get('words')} words, "
            f"covering {', '.join(topics) or 'none of the expected topics'})"
        )
    return not_found(sources, f"no {noun}: " + "; ".join(stubs), empty)


def research_paper(s: Sources) -> Finding:
    """The paper the card names, read at arXiv; its licence from the page's licence link."""
    papers = [p for m in observed(s.models()) for p in m.get("papers") or []]
    read = [p for p in papers if p.get("status") and 200 <= p["status"] < 300]
    wanted = (s.paper_url or "").rstrip("/").split("/")[-1].removesuffix(".pdf")
    read.sort(key=lambda p: p.get("arxiv_id") != wanted)
    if read:
        paper = read[0]
        licence = paper.get("licence")
        said = f"under {licence}" if licence else "with no licence link on the page"
        return Finding(
            Presence.FOUND,
            f"the paper at {paper['url']} resolves, {said}",
            None,
            licence or "unlicensed",
            (paper["url"],),
        )
    if papers:
        return Finding(
            Presence.UNREAD,
            f"the paper at {papers[0]['url']} could not be read "
            f"({papers[0].get('problem') or papers[0].get('status')})",
        )
    if s.paper_url:
        return Finding(
            Presence.UNREAD,
            f"the release names a paper at {s.paper_url}, but the "
            "model card names no arXiv paper a check could read",
        )
    return not_found(
        s.models(), "neither the release nor the model card names a paper", "no paper is named"
    )


def metadata(s: Sources) -> Finding:
    """generation_config.json, trainer_state.json and the like in the model repository."""
    return look_for(s.models(), "metadata", "Model metadata", "no Hub model repository is declared")


def samples(s: Sources) -> Finding:
    """Files of sample outputs in the model or code repository."""
    return look_for(
        [*s.models(), *s.code()],
        "samples",
        "Sample model outputs",
        "no model or code repository is declared",
    )
