"""The artifacts an imported file points at, so the checkers can verify what it claims.

MOF: `huggingface` is the final weights, `repository` the training code, and the
`component_path` of a verifiable component (weights, training code, datasets) one more
place to look. OSAI: the links its graders gave for weights, data and training code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from registry.frameworks.links import data_artifact, git_repository, hub_repo_id
from registry.frameworks.mof import MofDocument, resolve_licence
from registry.frameworks.mof_evidence import RELEASE_LINKS, VERIFIABLE
from registry.frameworks.mof_rules import mof_rules
from registry.frameworks.osai import OsaiEntry
from registry.licences import is_known_licence, normalise_licence
from registry.model import ArtifactKind, ArtifactRef, Pillar

# OSAI dimensions whose links locate each pillar. The entry grades the end model, so its
# weights are the end model's; with no link there, the system link names the end model.
OSAI_LINKS: Mapping[Pillar, tuple[str, ...]] = MappingProxyType(
    {
        Pillar.WEIGHTS: ("weights_endmodel",),
        Pillar.CODE: ("trainingcode",),
        Pillar.DATA: ("datasources_basemodel", "datasources_endmodel"),
    }
)


def link_artifact(pillar: Pillar, link: str, licence: str | None = None) -> ArtifactRef | None:
    """Return the artifact a link points at for a pillar, None when it cannot hold one."""
    declared = _declarable(licence)
    if pillar is Pillar.WEIGHTS:
        repo_id = hub_repo_id(link)
        return (
            None
            if repo_id is None
            else ArtifactRef(pillar, ArtifactKind.HF_MODEL, repo_id, declared)
        )
    if pillar is Pillar.CODE:
        return ArtifactRef(pillar, ArtifactKind.GIT, git_repository(link), declared)
    kind, locator = data_artifact(link)
    return ArtifactRef(pillar, kind, locator, declared)


def _declarable(licence: str | None) -> str | None:
    # A licence our checkers cannot read ("Llama 3 Community License") stays in the claim
    # only; a declared licence on the artifact must be one we can compare with the evidence.
    return normalise_licence(licence) if licence and is_known_licence(licence) else None


def mof_artifacts(document: MofDocument) -> list[ArtifactRef]:
    """Return the artifacts a MOF file links, without duplicates, weights first."""
    found: list[ArtifactRef | None] = []
    for key, component in RELEASE_LINKS.items():
        link = document.details.get(key)
        if link:
            found.append(_mof_link(document, component, link))
    for entry in document.components:
        if entry.name in VERIFIABLE and entry.component_path:
            found.append(_mof_link(document, entry.name, entry.component_path))
    return _unique(a for a in found if a is not None)


def _mof_link(document: MofDocument, component: str, link: str) -> ArtifactRef | None:
    rules = mof_rules()
    cid = next(c.id for c in rules.components if c.name == component)
    return link_artifact(VERIFIABLE[component], link, resolve_licence(document, rules, cid))


def osai_artifacts(entry: OsaiEntry) -> list[ArtifactRef]:
    """Return the artifacts an OSAI entry's graders linked, without duplicates."""
    found: list[ArtifactRef | None] = []
    for pillar, names in OSAI_LINKS.items():
        links = [link for name in names for link in _links(entry, name)]
        if pillar is Pillar.WEIGHTS and not links and entry.system_link:
            links = [entry.system_link]
        licence = entry.end_model_licence if pillar is Pillar.WEIGHTS else None
        found.extend(link_artifact(pillar, link, licence) for link in links)
    return _unique(a for a in found if a is not None)


def _links(entry: OsaiEntry, dimension: str) -> tuple[str, ...]:
    judgement = entry.judgements.get(dimension)
    return judgement.links if judgement is not None else ()


def _unique(artifacts: Iterable[ArtifactRef]) -> list[ArtifactRef]:
    seen: dict[tuple[Pillar, str], ArtifactRef] = {}
    for artifact in artifacts:
        seen.setdefault((artifact.pillar, artifact.locator.lower()), artifact)
    return list(seen.values())
