"""Read manifest folders into a Snapshot, reporting every problem with its file and field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .builders import BUILDERS, ContentResolver
from .issues import ManifestError, ManifestIssue
from .manifest import Manifest, Snapshot
from .schema import SCHEMAS_BY_KIND
from .texts import TextStore

PACKAGED_SNAPSHOTS = Path(__file__).parent / "snapshots"


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
    builder = BUILDERS[document["kind"]]
    return builder(document, origin, ContentResolver(store, where))


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
