"""Interoperability use cases: MOF and OSAI imports and syncs, framework views, exports.

- `imports` (with `placing` and `reports`): MOF and OSAI files -> labs, releases, artifacts
  and one claim per file; checks requested; a report per file.
- `sync`: a framework's public git repository -> imports of its added and changed files.
- `frameworks` (with `claims` and `osai_view`): a release's MOF class claimed vs verified,
  OSAI's 12 dimensions vs our evidence, and the release as a MOF file from verified evidence.
- `aibom`: a release as a CycloneDX 1.6 AI-BOM from verified evidence.
- `export`: the whole catalogue as JSON or CSV, and a JSON export loaded into an empty database.
"""

from __future__ import annotations

from app.services.interop.aibom import aibom_json, release_aibom, release_slugs
from app.services.interop.export import (
    CSV_TABLES,
    export_catalogue,
    export_csv,
    export_json,
    import_catalogue,
)
from app.services.interop.frameworks import frameworks_view, mof_yaml
from app.services.interop.imports import import_files
from app.services.interop.reports import FileOutcome, ImportReport
from app.services.interop.sync import SyncReport, UpstreamUnavailable, sync_framework

__all__ = [
    "CSV_TABLES",
    "FileOutcome",
    "ImportReport",
    "SyncReport",
    "UpstreamUnavailable",
    "aibom_json",
    "export_catalogue",
    "export_csv",
    "export_json",
    "frameworks_view",
    "import_catalogue",
    "import_files",
    "mof_yaml",
    "release_aibom",
    "release_slugs",
    "sync_framework",
]
