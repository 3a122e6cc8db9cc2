"""A MOF 1.0 model file: its release details, licences and components, and its JSON form.

The dataclasses a file is read into, and the round trip to and from the dict MOT writes
(ModelSerializer, commit 8b5d30e9); `registry.frameworks.mof` evaluates the class it claims.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.frameworks.mof_rules import FRAMEWORK_DATE, FRAMEWORK_NAME, FRAMEWORK_VERSION

LICENCE_TYPES = ("distribution", "code", "data", "document")
# Release fields written in this order, as MOT's files list them.
RELEASE_FIELDS = (
    "name", "version", "date", "type", "architecture", "treatment", "origin", "producer",
    "contact", "repository", "huggingface",
)  # fmt: skip


@dataclass(frozen=True)
class ComponentEntry:
    """A component as a file lists it; `licence` None means the key is absent (fallback)."""

    name: str
    licence: str | None = None
    licence_path: str | None = None
    component_path: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class GlobalLicence:
    """A release-wide licence: for the distribution or for one content type."""

    name: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class MofDocument:
    """A MOF 1.0 model file: the release's details, its licences and its components."""

    name: str
    producer: str
    components: tuple[ComponentEntry, ...] = ()
    licences: Mapping[str, GlobalLicence] = field(default_factory=dict)
    details: Mapping[str, str] = field(default_factory=dict)  # version, date, type...
    framework_version: str = FRAMEWORK_VERSION
    framework_date: str = FRAMEWORK_DATE


def document_to_dict(document: MofDocument) -> dict[str, Any]:
    """Return the file's content as MOT writes it (framework, release, components)."""
    release: dict[str, Any] = {"name": document.name}
    for key in RELEASE_FIELDS[1:]:
        value = document.producer if key == "producer" else document.details.get(key)
        if value is not None:
            release[key] = value
    release["license"] = {
        key: {"name": lic.name, "path": lic.path} for key, lic in document.licences.items()
    }
    release["components"] = [_entry_dict(e) for e in document.components]
    framework = {
        "name": FRAMEWORK_NAME,
        "version": document.framework_version,
        "date": document.framework_date,
    }
    return {"framework": framework, "release": release}


def _entry_dict(entry: ComponentEntry) -> dict[str, str]:
    item = {"name": entry.name}
    pairs = (
        ("description", entry.description),
        ("license", entry.licence),
        ("license_path", entry.licence_path),
        ("component_path", entry.component_path),
    )
    item.update({key: value for key, value in pairs if value is not None})
    return item


def document_from_dict(data: Mapping[str, Any]) -> MofDocument:
    """Rebuild a document from `document_to_dict`'s output (stored claims are trusted)."""
    release = data["release"]
    framework = data.get("framework") or {}
    licences = {
        key: GlobalLicence(value.get("name"), value.get("path"))
        for key, value in (release.get("license") or {}).items()
        if isinstance(value, Mapping)
    }
    components = tuple(
        ComponentEntry(
            name=item["name"],
            licence=item.get("license"),
            licence_path=item.get("license_path"),
            component_path=item.get("component_path"),
            description=item.get("description"),
        )
        for item in release.get("components") or []
    )
    details = {k: release[k] for k in RELEASE_FIELDS[1:] if k != "producer" and k in release}
    return MofDocument(
        name=release["name"],
        producer=release.get("producer", ""),
        components=components,
        licences=licences,
        details=details,
        framework_version=framework.get("version", FRAMEWORK_VERSION),
        framework_date=framework.get("date", FRAMEWORK_DATE),
    )
