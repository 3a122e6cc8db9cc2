"""The labs and releases lists as CSV, with the filters of the page they are linked from.

The same schemas and read services as the pages (a refused filter is ignored, as there);
one row per lab or release, every page at once up to MAX_ROWS. The whole tables, ids and
all, are /api/v1/export.csv.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Response, request

from app.etags import with_etag
from app.services.interop.export import table_csv
from app.services.lab_reads import page_of_labs
from app.services.read_models import LabView, ReleaseSummary
from app.services.release_reads import list_releases
from app.web import bp
from app.web.pages import load_filters
from registry.model import Pillar
from registry.standard import TIERS
from schemas.forms import LabFilterSchema, ReleaseFilterSchema

MAX_ROWS = 10_000
CSV_TYPE = "text/csv; charset=utf-8"
RELEASE_COLUMNS = (
    "lab", "lab_name", "slug", "name", "released_on", "status", "tier", "score",
    *(p.value for p in Pillar), "last_checked_at", "stale", "url",
)  # fmt: skip
LAB_COLUMNS = (
    "slug", "name", "country", "status", "score", "release_count", "verified_release_count",
    *(f"tier_{t.letter}" for t in TIERS), "latest_release_on", "last_checked_at", "url",
)  # fmt: skip


@bp.get("/releases.csv")
@with_etag
def releases_csv() -> Response:
    """Serve the releases matching the /releases filters as CSV."""
    filters, _ = load_filters(ReleaseFilterSchema(), request.args.to_dict())
    filters.pop("page")
    rows = list_releases(filters, page=1, per_page=MAX_ROWS).items
    return _csv("releases", table_csv(RELEASE_COLUMNS, _release_rows(rows)))


@bp.get("/labs.csv")
@with_etag
def labs_csv() -> Response:
    """Serve the labs matching the leaderboard's filters as CSV."""
    filters, _ = load_filters(LabFilterSchema(), request.args.to_dict())
    filters.pop("page")
    labs = page_of_labs(filters.pop("sort"), filters, page=1, per_page=MAX_ROWS).items
    return _csv("labs", table_csv(LAB_COLUMNS, _lab_rows(labs)))


def _release_rows(rows: Iterable[ReleaseSummary]) -> Iterable[Mapping[str, Any]]:
    for r in rows:
        tier = r.tier.letter if r.tier else None
        yield {**vars(r), **r.verdicts, "tier": tier, "url": request.host_url.rstrip("/") + r.url}


def _lab_rows(labs: Iterable[LabView]) -> Iterable[Mapping[str, Any]]:
    for lab in labs:
        tiers = {f"tier_{t.letter}": t.count for t in lab.tier_distribution}
        yield {**vars(lab), **tiers, "url": request.host_url.rstrip("/") + lab.url}


def _csv(name: str, body: str) -> Response:
    disposition = f'inline; filename="{name}.csv"'
    return Response(body, content_type=CSV_TYPE, headers={"Content-Disposition": disposition})
