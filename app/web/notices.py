"""Notices every page shows above its content: the Hub cannot be reached; checks in progress.

Given to templates as a function the layout calls, so only a full page pays for them (one
count while the catalogue is idle), never an error page or a badge.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.hub_status import hub_unreachable
from app.services.check_progress import catalogue_progress
from app.web import bp
from registry.standard import HUB_UNREACHABLE_BANNER


@dataclass(frozen=True)
class PageNotices:
    """What the layout shows above a page: a warning, a progress line, or neither."""

    hub_unreachable: str | None
    progress: str | None


def page_notices() -> PageNotices:
    """Return this moment's notices."""
    progress = catalogue_progress()
    return PageNotices(
        HUB_UNREACHABLE_BANNER if hub_unreachable(current_app) else None,
        f"Checking the catalogue: {progress.words}." if progress else None,
    )


bp.add_app_template_global(page_notices)
