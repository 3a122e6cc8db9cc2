"""Page-side wording for errors people meet in forms: an expired or missing CSRF token."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_wtf.csrf import CSRFError

from app.errors import error_body, wants_json
from app.web import bp

CSRF_MESSAGE = (
    "This form could not be accepted: it was sent without a valid security token, "
    "perhaps because the page was open too long or came from another site. "
    "Go back, reload the page and send the form again."
)


@bp.app_errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> Any:
    """Refuse a POST without a valid CSRF token, saying what to do."""
    if wants_json():
        return error_body(400, error.description), 400
    return render_template("error.html", status=400, message=CSRF_MESSAGE), 400
