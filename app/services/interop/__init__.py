"""Interoperability use cases: MOF and OSAI imports, framework comparisons, catalogue exports.

- `imports`: MOF and OSAI files -> labs, releases, artifacts and claims; checks requested.
- `frameworks`: a release's MOF class claimed vs verified, OSAI grades vs our verdicts,
  and the release as a MOF file built from verified evidence.
- `export`: the whole catalogue as JSON or CSV, and a JSON export loaded into an empty database.
"""

from __future__ import annotations

from app.services.interop.export import (
    CSV_TABLES,
    export_catalogue,
    export_csv,
    export_json,
    import_catalogue,
)
from app.services.interop.frameworks import frameworks_view, mof_yaml
from app.services.interop.imports import FileOutcome, ImportReport, import_files

__all__ = [
    "CSV_TABLES",
    "FileOutcome",
    "ImportReport",
    "export_catalogue",
    "export_csv",
    "export_json",
    "frameworks_view",
    "import_catalogue",
    "import_files",
    "mof_yaml",
]
