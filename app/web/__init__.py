"""HTML pages: reading (leaderboard, releases, labs, the standard), signing in, submitting.

One blueprint, `web`; each module adds its views to it when imported below.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__)

from app.web import account, auth, charts, compare, errors, list_csv, pages, submit  # noqa: E402,F401
from app.web.findings import LIST_SHOWN, finding_rows  # noqa: E402
from app.web.forms import field_attrs  # noqa: E402

bp.add_app_template_global(field_attrs)
bp.add_app_template_global(finding_rows)
bp.add_app_template_global(LIST_SHOWN, "list_shown")
