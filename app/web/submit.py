"""Submission pages: a new lab, a new release with its artifacts, a re-check.

Every form is read into the plain dict the API's schema loads, so the page and the API
accept exactly the same input; a bad submission is shown again with its input and a
message beside each bad field, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from app.services import catalogue, checks
from app.services.discovery import discover_release
from app.services.errors import Conflict, InvalidInput, NotFound, Unavailable
from app.services.identity import require_submitter
from app.web import bp
from app.web.auth import current_identity
from app.web.forms.lab import LabForm
from app.web.forms.release import (
    ROW_FORMS,
    ReleaseForm,
    discovered_release_form,
    kinds_for,
    provenance_note,
    resized_release_form,
    rows_name,
)
from registry.model import Pillar
from registry.standard import PILLAR_TITLES
from schemas.discovery import DiscoverInSchema
from schemas.fields import error_messages
from schemas.lab import LabInSchema
from schemas.release import ReleaseInSchema

Page = str | tuple[str, int] | Response


@bp.route("/labs/new", methods=["GET", "POST"])
@login_required
def new_lab() -> Page:
    """Show the new-lab form; create the lab on a valid submission."""
    require_submitter(current_identity())
    form = LabForm()
    if not form.is_submitted():
        return render_template("lab_new.html", form=form)
    if form.sweep_problem():
        form.apply_errors(form.sweep_problem())
        return render_template("lab_new.html", form=form), 422
    try:
        data = LabInSchema().load(form.payload())
        lab = catalogue.create_lab(current_identity(), data)
    except ValidationError as error:
        form.apply_errors(_messages(error, "slug"))
        return render_template("lab_new.html", form=form), 422
    except Conflict as error:
        form.apply_errors({error.field or "_schema": [str(error)]})
        return render_template("lab_new.html", form=form), 409
    flash(f"{lab.name} was created. Now submit its first release.", "success")
    return redirect(url_for("web.new_release", lab=lab.slug))


def _messages(error: ValidationError, field: str) -> dict[str, object]:
    # A bare ValidationError (from a single-value validator) belongs to `field`.
    messages = error_messages(error)
    return messages if "_schema" not in messages else {field: messages["_schema"]}


@bp.route("/labs/<lab>/releases/new", methods=["GET", "POST"])
@login_required
def new_release(lab: str) -> Page:
    """Show the new-release form; create the release and start its checks when valid."""
    target = catalogue.submission_target(current_identity(), lab)
    form = ReleaseForm()
    if not form.is_submitted():
        return _start_from_hub(target.slug, target.name, request.args.get("hub_id"))
    if "add_row" in request.form or "remove_row" in request.form:
        # The no-JavaScript way to grow or shrink a list: re-render, validate nothing.
        add, remove = request.form.get("add_row"), request.form.get("remove_row")
        form = resized_release_form(form, add, remove)
        return _release_form(target.slug, target.name, form)
    payload, rows = form.payload()
    try:
        data = ReleaseInSchema().load(payload)
        release = checks.submit_release(current_identity(), target.slug, data)
    except ValidationError as error:
        form.apply_release_errors(error_messages(error), rows)
        return _release_form(target.slug, target.name, form, 422)
    except Conflict as error:
        form.apply_errors({error.field or "_schema": [str(error)]})
        return _release_form(target.slug, target.name, form, 409)
    flash(f"{release.name} was submitted; its checks have started.", "success")
    return redirect(url_for("web.release_page", lab=target.slug, release=release.slug))


def _start_from_hub(lab_slug: str, lab_name: str, hub_id: str | None) -> Page:
    """Show the form empty, or pre-filled with what discovery proposes for a Hub id (a GET)."""
    hub_id = (hub_id or "").strip()
    if not hub_id:
        return _release_form(lab_slug, lab_name, ReleaseForm())
    try:
        result = discover_release(DiscoverInSchema().load({"hub_id": hub_id})["hub_id"])
    except ValidationError as error:
        return _release_form(lab_slug, lab_name, ReleaseForm(), 422, hub_id, _first(error))
    except InvalidInput as error:
        return _release_form(lab_slug, lab_name, ReleaseForm(), 422, hub_id,
                             " ".join(error.errors.get("hub_id", [str(error)])))
    except NotFound as error:  # no public model of that id: said beside the field
        return _release_form(lab_slug, lab_name, ReleaseForm(), 404, hub_id, str(error))
    except Unavailable as error:
        return _release_form(lab_slug, lab_name, ReleaseForm(), 503, hub_id, str(error))
    form = discovered_release_form(result.draft)
    return _release_form(lab_slug, lab_name, form, 200, hub_id, None, result.discovery)


def _first(error: ValidationError) -> str:
    messages = error_messages(error).get("hub_id", ["Not a Hub model id."])
    return " ".join(str(m) for m in messages)


def _release_form(
    lab_slug: str,
    lab_name: str,
    form: ReleaseForm,
    status: int = 200,
    hub_id: str | None = None,
    hub_error: str | None = None,
    discovery: Any = None,
) -> Page:
    pillars = [
        {
            "pillar": pillar.value,
            "title": PILLAR_TITLES[pillar],
            "rows": form.rows(pillar),
            "rows_name": rows_name(pillar),
            "single_kind": len(kinds_for(pillar)) == 1,
            # The blank row copied by artifact-rows.js; it swaps __index__ for the next number.
            "template": ROW_FORMS[pillar](prefix=f"{rows_name(pillar)}-__index__-"),
        }
        for pillar in Pillar
    ]
    page = render_template(
        "release_new.html", form=form, lab_slug=lab_slug, lab_name=lab_name, pillars=pillars,
        hub_id=hub_id or "", hub_error=hub_error, discovery=discovery,
        provenance_note=provenance_note,
    )
    return (page, status) if status != 200 else page


@bp.post("/labs/<lab>/<release>/check")
@login_required
def recheck(lab: str, release: str) -> Response:
    """Start a check of the release now (its lab's members and administrators)."""
    run = checks.recheck(current_identity(), lab, release, trigger="manual")
    flash(f"Check #{run.run_id} is {run.state.lower()}.", "success")
    return redirect(url_for("web.release_page", lab=lab, release=release) + "#progress")
