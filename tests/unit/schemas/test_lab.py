"""The lab schema: slugs are validated, and slugs that would shadow a page are refused."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from schemas.lab import LabInSchema


@pytest.mark.parametrize(
    ("slug", "fragment"),
    [("new", "reserved"), ("Bad Slug", "lowercase"), ("a--b", "single hyphens"), ("-a", "lowercase")],
)
def test_bad_lab_slug_is_refused(slug: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LabInSchema().load({"slug": slug, "name": "Lab"})
    assert fragment in " ".join(caught.value.messages["slug"])


def test_good_lab_loads() -> None:
    loaded = LabInSchema().load({"slug": "kyutai", "name": "Kyutai", "country": "FR"})
    assert loaded["slug"] == "kyutai" and loaded["country"] == "FR"
