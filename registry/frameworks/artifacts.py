"""What an imported file links: the artifacts the checkers verify, and the evidence we keep.

MOF: `huggingface` is the final weights, `repository` the training code, and the
`component_path` of a verifiable component (weights, training code, datasets) one more
place to look. OSAI: the end model's weights, the training code and the base and end data
its graders linked. Each link is read by `links.read_link`; only real locators become
artifacts, the rest is evidence. A field meant to locate something that does not (MOF) or
a link written oddly (both) gets a warning, by field; nothing is refused here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from registry.frameworks.links import LinkReading, LinkUse, read_link
from registry.frameworks.mof import MofDocument, resolve_licence
from registry.frameworks.mof_evidence import RELEASE_LINKS, VERIFIABLE
from registry.frameworks.mof_rules import mof_rules
from registry.frameworks.osai import AVAILABILITY, OsaiEntry, dimension_names
from registry.licences import is_known_licence, normalise_licence
from registry.model import ArtifactRef, Pillar

# OSAI dimensions whose links locate the release's own artifacts. The entry grades the
# end model, so its weights are the end model's; the base model's are compared, not added.
OSAI_LINKS: Mapping[Pillar, tuple[str, ...]] = MappingProxyType(
    {
        Pillar.WEIGHTS: ("weights_endmodel",),
        Pillar.CODE: ("trainingcode",),
        Pillar.DATA: ("datasources_basemodel", "datasources_endmodel"),
    }
)
BASE_WEIGHTS = "weights_basemodel"
NOUNS = {Pillar.WEIGHTS: "Hub model", Pillar.CODE: "git repository", Pillar.DATA: "dataset"}


@dataclass(frozen=True)
class FieldLink:
    """One link of a file, where the file wrote it and how we read it."""

    field: str  # "release.huggingface", "datasources_basemodel.link[1]"
    pillar: Pillar | None  # None: a link that can only ever be evidence
    reading: LinkReading


@dataclass(frozen=True)
class LinksRead:
    """A file's artifacts (no duplicates, weights first), every link, and warnings by field."""

    artifacts: tuple[ArtifactRef, ...]
    links: tuple[FieldLink, ...]
    warnings: Mapping[str, tuple[str, ...]]

    @property
    def evidence(self) -> tuple[FieldLink, ...]:
        """Return the links kept as evidence only."""
        return tuple(f for f in self.links if f.reading.use is LinkUse.EVIDENCE)


def read_evidence(text: str) -> LinkReading:
    """Return a link that can only be evidence (a documentation grade's, an organisation's)."""
    reading = read_link(text, Pillar.DATA)
    why = "evidence the graders gave" if reading.url else reading.why
    return LinkReading(text, LinkUse.EVIDENCE, reading.url, why, problem=reading.problem)


def mof_links(document: MofDocument) -> LinksRead:
    """Return what a MOF file's release links and verifiable component paths locate."""
    found: list[tuple[FieldLink, str | None]] = []
    for key, component in RELEASE_LINKS.items():
        link = document.details.get(key)
        if link and link.strip():
            found.append(_mof_link(document, f"release.{key}", component, link))
    for index, entry in enumerate(document.components):
        if entry.name in VERIFIABLE and entry.component_path and entry.component_path.strip():
            where = f"release.components[{index}].component_path"
            found.append(_mof_link(document, where, entry.name, entry.component_path))
    warnings: dict[str, list[str]] = {}
    for item, _ in found:
        _warn_locator(item, warnings)
    artifacts = _unique(_artifact(item, licence) for item, licence in found)
    return _read(artifacts, [item for item, _ in found], warnings)


def _mof_link(
    document: MofDocument, where: str, component: str, link: str
) -> tuple[FieldLink, str | None]:
    rules = mof_rules()
    cid = next(c.id for c in rules.components if c.name == component)
    pillar = VERIFIABLE[component]
    return FieldLink(where, pillar, read_link(link, pillar)), resolve_licence(document, rules, cid)


def _warn_locator(item: FieldLink, warnings: dict[str, list[str]]) -> None:
    # A MOF field meant to locate the component: saying why it does not is the report's job.
    reading = item.reading
    if reading.problem:
        warnings.setdefault(item.field, []).append(reading.problem)
    if reading.use is LinkUse.EVIDENCE and item.pillar is not None:
        noun = NOUNS[item.pillar]
        warnings.setdefault(item.field, []).append(
            f"Not a {noun} we can check ({reading.why}): kept as evidence, not checked."
        )


def osai_links(entry: OsaiEntry) -> LinksRead:
    """Return the artifacts an OSAI entry's graders linked, and every link as read."""
    pillars = {name: pillar for pillar, names in OSAI_LINKS.items() for name in names}
    pillars[BASE_WEIGHTS] = Pillar.WEIGHTS
    links = [
        FieldLink(f"{name}.link[{i}]", pillars.get(name), _osai_reading(text, pillars.get(name)))
        for name in dimension_names()
        for i, text in enumerate(entry.links_of(name))
    ]
    links += [FieldLink(f"org.link[{i}]", None, read_evidence(t))
              for i, t in enumerate(entry.organisation_links)]  # fmt: skip
    own = [f for f in links if f.field.split(".")[0] in pillars and not _is_base(f)]
    if entry.system_link and not any(_artifact_of(f, Pillar.WEIGHTS) for f in own):
        # No end-model weights link: the system link names the end model (or its site).
        system = FieldLink(
            "system.link", Pillar.WEIGHTS, read_link(entry.system_link, Pillar.WEIGHTS)
        )
        links.append(system)
        own.append(system)
    licence = entry.end_model_licence
    artifacts = _unique(_artifact(f, licence if f.pillar is Pillar.WEIGHTS else None) for f in own)
    warnings: dict[str, list[str]] = {}
    for item in links:
        if item.reading.problem:
            warnings.setdefault(item.field, []).append(item.reading.problem)
    return _read(artifacts, links, warnings)


def _osai_reading(text: str, pillar: Pillar | None) -> LinkReading:
    return read_link(text, pillar) if pillar is not None else read_evidence(text)


def _is_base(item: FieldLink) -> bool:
    return item.field.startswith(f"{BASE_WEIGHTS}.")


def _artifact_of(item: FieldLink, pillar: Pillar) -> bool:
    return item.pillar is pillar and item.reading.use is LinkUse.ARTIFACT


def base_model_locator(entry: OsaiEntry) -> str | None:
    """Return the Hub id of the base model's weights when the graders linked one."""
    for text in entry.links_of(BASE_WEIGHTS):
        reading = read_link(text, Pillar.WEIGHTS)
        if reading.use is LinkUse.ARTIFACT and reading.locator:
            return reading.locator
    return None


def dimension_locators(entry: OsaiEntry, dimension: str) -> frozenset[str]:
    """Return the lower-cased locators a dimension's links point at."""
    pillar = AVAILABILITY.get(dimension)
    if pillar is None:
        return frozenset()
    readings = (read_link(text, pillar) for text in entry.links_of(dimension))
    return frozenset(r.locator.lower() for r in readings if r.locator)


def _artifact(item: FieldLink, licence: str | None) -> ArtifactRef | None:
    reading = item.reading
    if item.pillar is None or reading.kind is None or reading.locator is None:
        return None
    return ArtifactRef(item.pillar, reading.kind, reading.locator, _declarable(licence))


def _declarable(licence: str | None) -> str | None:
    # A licence our checkers cannot read ("Llama 3 Community License") stays in the claim
    # only; a declared licence on the artifact must be one we can compare with the evidence.
    return normalise_licence(licence) if licence and is_known_licence(licence) else None


def _read(
    artifacts: list[ArtifactRef], links: list[FieldLink], warnings: dict[str, list[str]]
) -> LinksRead:
    frozen = {k: tuple(dict.fromkeys(v)) for k, v in warnings.items()}
    return LinksRead(tuple(artifacts), tuple(links), MappingProxyType(frozen))


def _unique(artifacts: Iterable[ArtifactRef | None]) -> list[ArtifactRef]:
    seen: dict[tuple[Pillar, str], ArtifactRef] = {}
    for artifact in artifacts:
        if artifact is not None:
            seen.setdefault((artifact.pillar, artifact.locator.lower()), artifact)
    return sorted(seen.values(), key=lambda a: list(Pillar).index(a.pillar))
