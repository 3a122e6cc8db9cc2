"""Factories with fresh ids: make_lab(**overrides), make_release(**overrides)."""

from __future__ import annotations

import uuid
from typing import Any

from app.extensions import db
from app.models import Lab, Release
from app.services.catalogue import add_release
from app.services.unit_of_work import unit_of_work


def fresh_slug(prefix: str = "x") -> str:
    """Return a slug no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_lab(**overrides: Any) -> Lab:
    """Create and commit a lab."""
    values: dict[str, Any] = {"slug": fresh_slug("lab"), "name": "Test Lab", "country": "FR"}
    values.update(overrides)
    with unit_of_work():
        lab = Lab(tier_counts={}, **values)
        db.session.add(lab)
    return lab


def make_release(lab: Lab | None = None, **overrides: Any) -> Release:
    """Create and commit a release with one weights artifact unless told otherwise."""
    lab = lab or make_lab()
    values: dict[str, Any] = {
        "slug": fresh_slug("rel"),
        "name": "Test Release",
        "artifacts": [
            {"pillar": "weights", "kind": "hf_model", "locator": "test-org/test-model",
             "declared_licence": "apache-2.0"},
        ],
    }
    values.update(overrides)
    with unit_of_work():
        release = add_release(lab, values)
    return release
