"""Manifest loading: defaults, derived values, overrides and per-field error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from standins import HubRepoManifest, ManifestError, load_snapshot, parse_manifest
from standins.hub_index import HubRepoIndex

MINIMAL_MODEL = {
    "kind": "model",
    "id": "org/m",
    "files": [{"path": "config.json", "content": "{}"}],
}


def write(folder: Path, relative: str, document: object) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        document if isinstance(document, str) else yaml.safe_dump(document), encoding="utf-8"
    )
    return path


def issues_of(error: pytest.ExceptionInfo[ManifestError]) -> set[tuple[str, str]]:
    return {(issue.field, issue.message) for issue in error.value.issues}


def test_defaults_of_a_minimal_hub_manifest() -> None:
    manifest = parse_manifest(MINIMAL_MODEL)

    assert isinstance(manifest, HubRepoManifest)
    assert len(manifest.sha) == 40
    assert manifest.last_modified.endswith("Z")
    assert (manifest.private, manifest.gated, manifest.disabled, manifest.fault) == (
        False,
        False,
        False,
        None,
    )


def test_derived_sha_is_stable_and_follows_content() -> None:
    changed = {**MINIMAL_MODEL, "files": [{"path": "config.json", "content": "{ }"}]}

    assert parse_manifest(MINIMAL_MODEL).sha == parse_manifest(dict(MINIMAL_MODEL)).sha
    assert parse_manifest(changed).sha != parse_manifest(MINIMAL_MODEL).sha


def test_unquoted_yaml_dates_become_z_strings(tmp_path: Path) -> None:
    write(
        tmp_path,
        "m.yml",
        "kind: model\nid: org/m\nlast_modified: 2024-07-16T18:01:04.500Z\nfiles: []\n",
    )

    (manifest,) = load_snapshot([tmp_path]).hub.values()

    assert manifest.last_modified == "2024-07-16T18:01:04.500Z"


def test_every_problem_is_reported_with_file_and_field(tmp_path: Path) -> None:
    write(
        tmp_path,
        "hub/a.yml",
        {
            "kind": "model",
            "id": "org/a",
            "sha": "xyz",
            "gated": "yes",
            "colour": "red",
            "files": [
                {"path": "a", "size": -1},
                {"path": "b", "content": "x", "size": 1},
                {"path": "c"},
                {"path": "a", "content": "dup"},
                {"path": "d", "text_ref": "missing.txt"},
            ],
        },
    )
    write(tmp_path, "hub/b.yml", {"kind": "space", "id": "org/b"})

    with pytest.raises(ManifestError) as raised:
        load_snapshot([tmp_path])

    files = {Path(issue.file).name for issue in raised.value.issues}
    fields = {field for field, _ in issues_of(raised)}
    assert files == {"a.yml", "b.yml"}
    assert {"sha", "gated", "files[0].size", "kind"} <= fields
    assert any(
        "unknown field" in message and "colour" in message for _, message in issues_of(raised)
    )
    assert "hub/a.yml: sha:" in str(raised.value)


def test_file_entry_problems_found_after_the_schema_passes(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yml",
        {
            "kind": "model",
            "id": "org/a",
            "files": [
                {"path": "b", "content": "x", "size": 1},
                {"path": "c"},
                {"path": "b", "content": "y"},
                {"path": "d", "text_ref": "missing.txt"},
            ],
        },
    )

    with pytest.raises(ManifestError) as raised:
        load_snapshot([tmp_path])

    fields = {field for field, _ in issues_of(raised)}
    assert fields == {"files[0]", "files[1]", "files[2].path", "files[3].text_ref"}


@pytest.mark.parametrize(
    ("document", "field", "fragment"),
    [
        ({**MINIMAL_MODEL, "sha": 1234}, "sha", "quote"),
        (
            {**MINIMAL_MODEL, "last_modified": "2024-07-16T18:01:04+00:00"},
            "last_modified",
            "does not match",
        ),
        ({**MINIMAL_MODEL, "files": [{"path": "/abs"}]}, "files[0].path", "does not match"),
        (
            {**MINIMAL_MODEL, "files": [{"path": "a/../b", "size": 1}]},
            "files[0].path",
            "does not match",
        ),
        ({**MINIMAL_MODEL, "fault": {"status": 200}}, "fault.status", "minimum"),
        ({"kind": "git", "url": "https://github.com/o/r", "files": []}, "files", "non-empty"),
        (
            {"kind": "git", "url": "ftp://github.com/o/r", "files": [{"path": "a", "size": 1}]},
            "url",
            "match",
        ),
        ({"kind": "url", "url": "https://x.org/a", "size": 3, "content": "abc"}, "", "exactly one"),
        (
            {"kind": "url", "url": "https://x.org/a", "redirect_to": "file:///etc"},
            "redirect_to",
            "match",
        ),
    ],
)
def test_field_errors(document: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(ManifestError) as raised:
        parse_manifest(document)

    assert any(f == field and fragment in message for f, message in issues_of(raised)), raised.value


def test_a_manifest_must_be_a_mapping_of_valid_yaml(tmp_path: Path) -> None:
    write(tmp_path, "list.yml", "- just\n- a list\n")
    write(tmp_path, "broken.yml", "kind: [unclosed\n")

    with pytest.raises(ManifestError) as raised:
        load_snapshot([tmp_path])

    messages = sorted(issue.message for issue in raised.value.issues)
    assert messages[0] == "a manifest must be a YAML mapping"
    assert messages[1].startswith("not valid YAML")


def test_later_folders_override_earlier_ones_by_identity(tmp_path: Path) -> None:
    write(tmp_path / "base", "m.yml", {**MINIMAL_MODEL, "tags": ["old"]})
    write(tmp_path / "base", "texts/T.txt", "base text")
    write(tmp_path / "local", "other-name.yml", {**MINIMAL_MODEL, "id": "ORG/M", "tags": ["new"]})
    write(tmp_path / "local", "texts/T.txt", "local text")
    write(
        tmp_path / "local",
        "g.yml",
        {
            "kind": "git",
            "url": "https://github.com/o/r",
            "files": [{"path": "LICENSE", "text_ref": "T.txt"}],
        },
    )

    snapshot = load_snapshot([tmp_path / "base", tmp_path / "local"])

    hub_repo = snapshot.hub_repo("model", "org/m")
    assert hub_repo is not None and hub_repo.tags == ("new",)
    assert len(snapshot.hub) == 1
    assert snapshot.git["github.com/o/r"].files[0].content == b"local text"


def test_readme_is_generated_unless_listed() -> None:
    generated = HubRepoIndex(
        parse_manifest({**MINIMAL_MODEL, "card_data": {"license": "mit"}, "card_text": "Hi"})
    )
    listed = HubRepoIndex(
        parse_manifest(
            {
                **MINIMAL_MODEL,
                "card_data": {"license": "mit"},
                "files": [{"path": "README.md", "content": "own"}],
            }
        )
    )
    bare = HubRepoIndex(parse_manifest(MINIMAL_MODEL))

    assert generated.files["README.md"].content == b"---\nlicense: mit\n---\nHi"
    assert listed.files["README.md"].content == b"own"
    assert "README.md" not in bare.files
