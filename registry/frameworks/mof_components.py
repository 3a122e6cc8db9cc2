"""A rule per MOF component: where to look, what counts, what does not, as one table.

Each rule reads the evidence checkers kept (`mof_sources`) and says whether the component
was found, not found where it was looked for, or could not be looked at yet; `mof_evidence`
then reads its licence in MOT's order and files it open, restricted, absent or unverified.
The three pillar components (final parameters, training code, datasets) keep their
checkers' verdicts. A component no artifact can show says why it has no rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from registry.frameworks.mof_sources import Source, Sources, observed, unobserved
from registry.model import Pillar


class Presence(StrEnum):
    """What a rule found."""

    FOUND = "found"
    NOT_FOUND = "not_found"  # looked everywhere the rule looks, all read: not there
    UNREAD = "unread"  # somewhere the rule looks was not read (yet): unverified
    NOT_DECLARED = "not_declared"  # the release declares nothing where the rule looks
    NO_RULE = "no_rule"  # no artifact can show this component


@dataclass(frozen=True)
class Finding:
    """A rule's answer: presence, the sentence saying why, and where it was found."""

    presence: Presence
    sentence: str
    host: Source | None = None  # the artifact that holds it: its licence is the component's
    licence: str | None = None  # a licence of the component's own (a paper's, a library's)
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComponentRule:
    """One row of the table."""

    component: str
    where: str
    counts: str
    does_not_count: str
    decide: Callable[[Sources], Finding] | None  # None: the pillar checkers decide


# Libraries a card can name whose code defines architectures, with the licence of that code.
LIBRARY_LICENCES: Mapping[str, str] = {"transformers": "Apache-2.0"}
MAX_SHOWN = 3


@lru_cache(maxsize=4)
def library_classes(library: str) -> frozenset[str]:
    """Return the architecture classes a library defines (registry/data/mof/<lib>_classes.txt)."""
    path = resources.files("registry") / "data" / "mof" / f"{library}_classes.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.startswith("#"))


def shown(paths: Sequence[str]) -> str:
    more = f" and {len(paths) - MAX_SHOWN} more" if len(paths) > MAX_SHOWN else ""
    return ", ".join(paths[:MAX_SHOWN]) + more


def where_of(sources: Sequence[Source]) -> str:
    return ", ".join(s.name for s in sources) or "no artifact"


def look_for(sources: Sequence[Source], signal: str, noun: str, empty: str) -> Finding:
    """Return the first source whose paths show the signal, or why none does."""
    for source in observed(sources):
        paths = source.paths(signal)
        if paths:
            return Finding(
                Presence.FOUND,
                f"{noun} in {source.name}: {shown(paths)}",
                source,
                urls=(source.url,),
            )
    return not_found(sources, f"no {noun.lower()} in {where_of(sources)}", empty)


def not_found(sources: Sequence[Source], sentence: str, empty: str) -> Finding:
    if not sources:
        return Finding(Presence.NOT_DECLARED, empty)
    waiting = unobserved(sources)
    if waiting:
        return Finding(Presence.UNREAD, f"{where_of(waiting)} not read for MOF yet ({sentence})")
    return Finding(Presence.NOT_FOUND, sentence)


def architecture(s: Sources) -> Finding:
    """config.json's architecture, defined by modelling code in the repo, git or a library."""
    models = [m for m in observed(s.models()) if m.get("config")]
    if not models:
        return not_found(
            s.models(),
            "no config.json names an architecture",
            "no Hub model repository is declared",
        )
    model = models[0]
    names = list(model.get("config").get("architectures") or [])
    here = list(model.get("config").get("defined_here") or [])
    if here:
        return Finding(
            Presence.FOUND,
            f"config.json names {here[0]}, defined by the "
            f"repository's own modelling code (auto_map) in {model.name}",
            model,
            urls=(model.url,),
        )
    for code in observed(s.code()):
        defined = [n for n in names if n in (code.get("defined_classes") or [])]
        if defined:
            return Finding(
                Presence.FOUND,
                f"config.json names {defined[0]}, a class the "
                f"modelling code of {code.name} defines",
                code,
                urls=(code.url,),
            )
    library = model.get("library")
    if library in LIBRARY_LICENCES and set(names) & library_classes(library):
        name = sorted(set(names) & library_classes(library))[0]
        return Finding(
            Presence.FOUND,
            f"config.json names {name}, which the {library} library the card names defines",
            None,
            LIBRARY_LICENCES[library],
            (model.url,),
        )
    said = ", ".join(names) or "no architecture"
    if not s.code():  # the Hub repository was read and holds no code defining it
        return Finding(
            Presence.NOT_FOUND,
            f"config.json names {said}, but no modelling code "
            "in the Hub repository defines it and no code repository is declared",
        )
    return not_found(
        s.code(),
        f"config.json names {said}, but no modelling code read "
        "defines it (a config alone is not an architecture)",
        "",
    )


def inference(s: Sources) -> Finding:
    """Code that runs the model: inference scripts in git or the Hub repo, or its library."""
    found = look_for([*s.code(), *s.models()], "inference", "Inference code", "no code is declared")
    if found.presence is Presence.FOUND:
        return found
    arch = architecture(s)
    if arch.presence is Presence.FOUND and arch.licence:  # a library runs what it defines
        return Finding(
            Presence.FOUND, arch.sentence + "; that library runs it", None, arch.licence, arch.urls
        )
    return found


def evaluation_code(s: Sources) -> Finding:
    """Evaluation harness configs and scripts (not tests)."""
    return look_for(
        [*s.code(), *s.models()], "evaluation", "Evaluation code", "no code repository is declared"
    )


def preprocessing(s: Sources) -> Finding:
    """Tokenising, deduplication and filtering pipelines in the code or dataset repos."""
    return look_for(
        [*s.code(), *s.datasets()],
        "preprocessing",
        "Data preprocessing code",
        "no code or dataset repository is declared",
    )


def libraries(s: Sources) -> Finding:
    """A package the code repository declares as its own (pyproject.toml, setup.py)."""
    for code in observed(s.code()):
        packages = code.get("packages") or []
        if packages:
            return Finding(
                Presence.FOUND,
                f"{code.name} declares the package {', '.join(packages)}",
                code,
                urls=(code.url,),
            )
    return not_found(
        s.code(), f"no package declared in {where_of(s.code())}", "no code repository is declared"
    )


def intermediate(s: Sources) -> Finding:
    """Hub branches or tags named like checkpoints, or checkpoint folders."""
    for model in observed(s.models()):
        refs = model.get("refs") or {}
        if refs.get("checkpoints"):
            examples = shown(list(refs.get("examples") or []))
            return Finding(
                Presence.FOUND,
                f"{refs['checkpoints']} checkpoint branches or tags on {model.name} ({examples})",
                model,
                urls=(model.url,),
            )
        if model.paths("checkpoints"):
            return look_for([model], "checkpoints", "Checkpoint folders", "")
    unread = [m for m in observed(s.models()) if m.get("refs") is None]
    if unread:
        return Finding(Presence.UNREAD, f"the branches of {where_of(unread)} were not listed")
    return not_found(
        s.models(),
        f"no checkpoint branch, tag or folder on {where_of(s.models())}",
        "no Hub model repository is declared",
    )


def evaluation_data(s: Sources) -> Finding:
    """Datasets the card's model-index or the evaluation configs name."""
    for source in observed([*s.models(), *s.code()]):
        named = (source.get("card") or {}).get("eval_datasets") or source.get("eval_datasets")
        if named:
            return Finding(
                Presence.FOUND,
                f"{source.name} names the evaluation datasets {shown(named)}",
                None,
                urls=(source.url,),
            )
    return not_found(
        [*s.models(), *s.code()],
        "no evaluation dataset named in model-index or in an evaluation config",
        "no model or code repository is declared",
    )


def no_rule(reason: str) -> Callable[[Sources], Finding]:
    """Return a rule that says why no artifact can decide the component."""
    return lambda _sources: Finding(Presence.NO_RULE, reason)


# Components the pillar checkers decide, and the pillar each reads.
PILLAR_COMPONENTS: Mapping[str, Pillar] = {
    "Model parameters (Final)": Pillar.WEIGHTS,
    "Training code": Pillar.CODE,
    "Datasets": Pillar.DATA,
}
