"""HTML pages: reading (leaderboard, releases, labs, the standard), signing in, submitting.

One blueprint, `web`; each module adds its views to it when imported below.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("web", __name__)

from app.web import (  # noqa: E402,F401
    account,
    auth,
    charts,
    compare,
    errors,
    list_csv,
    notices,
    pages,
    submit,
)
from app.web.findings import LIST_SHOWN, finding_rows  # noqa: E402
from app.web.forms.schema_form import field_attrs  # noqa: E402
from registry import words  # noqa: E402

bp.add_app_template_global(field_attrs)
bp.add_app_template_global(finding_rows)


def _template_constants(state: BlueprintSetupState) -> None:
    # What add_app_template_global does, for a number (it is typed for functions only).
    state.app.jinja_env.globals["list_shown"] = LIST_SHOWN


bp.record_once(_template_constants)
# Numbers and sentences written one way on every page (registry.words).
bp.add_app_template_filter(words.sentence, "sentence")
bp.add_app_template_filter(words.size, "size")
bp.add_app_template_filter(words.number, "number")
bp.add_app_template_filter(words.percent, "percent")
