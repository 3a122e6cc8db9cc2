"""Read manifest folders into a Snapshot, reporting every problem with its file and field."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs installed
import yaml

from .manifest import (
    Fault,
    FileSpec,
    GitRepoManifest,
    HubBranch,
    HubRepoManifest,
    Manifest,
    Snapshot,
    UrlManifest,
)
from .schema import SCHEMAS_BY_KIND
from .weight_files import declared_weight_file
from .weight_specs import DeclError

PACKAGED_SNAPSHOTS = Path(__file__).parent / "snapshots"
TEXTS_FOLDER = "texts"
# Used when a manifest gives no date: fixed, so derived data stays stable across runs.
DEFAULT_LAST_MODIFIED = "2024-01-01T00:00:00.000Z"


@dataclass(frozen=True)
class ManifestIssue:
    """One problem in one manifest: which file, which field, what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field or '<document>'}: {self.message}"


class ManifestError(ValueError):
    """One or more manifests are invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: list[ManifestIssue]) -> None:
        self.issues = issues
        super().__init__("invalid stand-in manifest(s):\n" + "\n".join(f"  {i}" for i in issues))


class TextStore:
    """Finds ``text_ref`` names in the ``texts/`` folder of each manifest folder, latest first."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self._dirs = [Path(folder) / TEXTS_FOLDER for folder in reversed(list(folders))]

    def read(self, name: str) -> bytes | None:
        """Return the named text's bytes, or None when no folder has it."""
        for directory in self._dirs:
            candidate = directory / name
            if candidate.is_file():
                return candidate.read_bytes()
        return None


def load_snapshot(
    folders: Iterable[Path | str] | None = None, extra: Iterable[Manifest] = ()
) -> Snapshot:
    """Load every ``*.yml`` under the folders (packaged snapshots by default), then ``extra``."""
    paths = [Path(f) for f in folders] if folders is not None else [PACKAGED_SNAPSHOTS]
    return Snapshot.of([*load_manifests(paths), *extra])


def load_manifests(folders: list[Path]) -> list[Manifest]:
    """Parse all manifests in folder order; raise ManifestError listing every problem."""
    texts = TextStore(folders)
    manifests: list[Manifest] = []
    issues: list[ManifestIssue] = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.yml")):
            try:
                manifests.append(load_manifest_file(path, texts))
            except ManifestError as error:
                issues.extend(error.issues)
    if issues:
        raise ManifestError(issues)
    return manifests


def load_manifest_file(path: Path, texts: TextStore) -> Manifest:
    """Parse one YAML manifest file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ManifestError([ManifestIssue(str(path), "", f"not valid YAML: {error}")]) from error
    return parse_manifest(data, origin=path, texts=texts)


def parse_manifest(
    data: Any, *, origin: Path | None = None, texts: TextStore | None = None
) -> Manifest:
    """Validate one manifest document and build its dataclass."""
    where = str(origin) if origin else "<manifest>"
    store = texts or TextStore([])
    document = _normalise(data)
    _validate(document, where)
    builder = _BUILDERS[document["kind"]]
    return builder(document, origin, _ContentResolver(store, where))


def _normalise(data: Any) -> Any:
    """Turn YAML-parsed dates back into the Z strings the format specifies."""
    if isinstance(data, dict):
        return {key: _normalise(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_normalise(value) for value in data]
    if isinstance(data, dt.datetime):
        moment = data.astimezone(dt.UTC) if data.tzinfo else data
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    if isinstance(data, dt.date):
        return data.isoformat() + "T00:00:00.000Z"
    return data


def _validate(document: Any, where: str) -> None:
    if not isinstance(document, dict):
        raise ManifestError([ManifestIssue(where, "", "a manifest must be a YAML mapping")])
    kind = document.get("kind")
    if kind not in SCHEMAS_BY_KIND:
        expected = ", ".join(SCHEMAS_BY_KIND)
        raise ManifestError(
            [ManifestIssue(where, "kind", f"must be one of {expected}, got {kind!r}")]
        )
    validator = jsonschema.Draft202012Validator(SCHEMAS_BY_KIND[kind])
    issues = [
        ManifestIssue(where, _field_path(error.absolute_path), _message(error))
        for error in sorted(
            validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))
        )
    ]
    if issues:
        raise ManifestError(issues)


def _field_path(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"unknown field(s): {error.message.split('(')[-1].rstrip(')')}"
    if (
        error.validator == "type"
        and isinstance(error.instance, int)
        and "string" in str(error.validator_value)
    ):
        return f"{error.message} (quote the value in YAML)"
    return str(error.message)


class _ContentResolver:
    """Turns file entries into FileSpecs, collecting problems instead of stopping at the first."""

    def __init__(self, texts: TextStore, where: str) -> None:
        self.texts = texts
        self.where = where
        self.issues: list[ManifestIssue] = []

    def files(self, entries: list[dict[str, Any]], field: str) -> tuple[FileSpec, ...]:
        """FileSpecs for a ``files`` list; paths must be unique."""
        specs: list[FileSpec] = []
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            where = f"{field}[{index}]"
            if entry["path"] in seen:
                self.issues.append(
                    ManifestIssue(self.where, f"{where}.path", f"duplicate path {entry['path']!r}")
                )
            seen.add(entry["path"])
            specs.append(self._file(entry, where))
        return tuple(specs)

    def _file(self, entry: dict[str, Any], where: str) -> FileSpec:
        if "format" in entry or "header" in entry:
            return self._weight_file(entry, where)
        self.check_one_source(entry, where, need_one=True)
        content = self.content(entry, where)
        return FileSpec(
            path=entry["path"],
            content=content,
            size=entry.get("size"),
            text_ref=entry.get("text_ref"),
        )

    def _weight_file(self, entry: dict[str, Any], where: str) -> FileSpec:
        # A declared weight file: its bytes come from the header, never from content.
        try:
            return declared_weight_file(entry)
        except DeclError as error:
            self.issues.append(ManifestIssue(self.where, where, str(error)))
            return FileSpec(path=entry["path"], size=0)

    def check_one_source(self, entry: Mapping[str, Any], where: str, *, need_one: bool) -> None:
        """Require at most one (or, with ``need_one``, exactly one) source of bytes."""
        given = [key for key in ("content", "text_ref", "size") if key in entry]
        if len(given) > 1 or (need_one and not given):
            self.issues.append(
                ManifestIssue(
                    self.where,
                    where,
                    f"give exactly one of content, text_ref or size (got {given or 'none'})",
                )
            )

    def content(self, entry: Mapping[str, Any], where: str) -> bytes | None:
        if "content" in entry:
            return str(entry["content"]).encode("utf-8")
        name = entry.get("text_ref")
        if name is None:
            return None
        found = self.texts.read(name)
        if found is None:
            self.issues.append(
                ManifestIssue(
                    self.where,
                    f"{where}.text_ref".lstrip("."),
                    f"no text named {name!r} in any {TEXTS_FOLDER}/ folder",
                )
            )
        return found

    def check(self) -> None:
        if self.issues:
            raise ManifestError(self.issues)


def _derived_sha(document: Mapping[str, Any], files: tuple[FileSpec, ...]) -> str:
    # Hash what the repo serves (including text_ref contents), so editing a text changes the sha.
    canonical = {
        **{k: v for k, v in document.items() if k not in ("files", "notes", "source", "snapshot")},
        "files": [
            [f.path, f.size, hashlib.sha1(f.content).hexdigest() if f.content is not None else None]  # noqa: S324
            + ([repr(f.weights)] if f.weights is not None else [])
            for f in files
        ],
    }
    encoded = json.dumps(canonical, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha1(encoded).hexdigest()  # noqa: S324 - an id, not a security hash


def _build_hub(
    document: dict[str, Any], origin: Path | None, resolver: _ContentResolver
) -> HubRepoManifest:
    files = resolver.files(document["files"], "files")
    fault = document.get("fault")
    resolver.check()
    return HubRepoManifest(
        kind=document["kind"],
        id=document["id"],
        sha=document.get("sha") or _derived_sha(document, files),
        last_modified=document.get("last_modified") or DEFAULT_LAST_MODIFIED,
        files=files,
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        private=document.get("private", False),
        gated=document.get("gated", False),
        disabled=document.get("disabled", False),
        tags=tuple(document.get("tags") or ()),
        card_data=document.get("card_data") or {},
        card_text=document.get("card_text") or "",
        fault=Fault(**fault) if fault else None,
        extra=document.get("extra") or {},
        origin=origin,
        branches=_hub_branches(document, resolver),
        ref_tags=dict(document.get("ref_tags") or {}),
        aliases=tuple(document.get("aliases") or ()),
        created_at=document.get("created_at"),
    )


def _hub_branches(document: dict[str, Any], resolver: _ContentResolver) -> dict[str, HubBranch]:
    """Each declared branch with its files, sha (derived unless given) and date."""
    branches = {}
    for name, spec in (document.get("branches") or {}).items():
        files = resolver.files(spec["files"], f"branches.{name}.files")
        derived = _derived_sha({"branch": name, "id": document["id"]}, files)
        branches[name] = HubBranch(
            files=files,
            sha=spec.get("sha") or derived,
            last_modified=spec.get("last_modified")
            or document.get("last_modified")
            or DEFAULT_LAST_MODIFIED,
        )
    resolver.check()
    return branches


def _build_git(
    document: dict[str, Any], origin: Path | None, resolver: _ContentResolver
) -> GitRepoManifest:
    files = resolver.files(document["files"], "files")
    branches = {
        name: resolver.files(entries, f"branches.{name}")
        for name, entries in (document.get("branches") or {}).items()
    }
    resolver.check()
    return GitRepoManifest(
        url=document["url"],
        files=files,
        default_branch=document.get("default_branch", "main"),
        branches=branches,
        history=document.get("history", 1),
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        origin=origin,
    )


def _build_url(
    document: dict[str, Any], origin: Path | None, resolver: _ContentResolver
) -> UrlManifest:
    resolver.check_one_source(document, "", need_one=False)
    content = resolver.content(document, "")
    resolver.check()
    return UrlManifest(
        url=document["url"],
        status=document.get("status", 200),
        content_type=document.get("content_type", "application/octet-stream"),
        size=document.get("size", 0),
        content=content,
        redirect_to=document.get("redirect_to"),
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        origin=origin,
    )


_BUILDERS: dict[str, Callable[[dict[str, Any], Path | None, _ContentResolver], Manifest]] = {
    "model": _build_hub,
    "dataset": _build_hub,
    "git": _build_git,
    "url": _build_url,
}
