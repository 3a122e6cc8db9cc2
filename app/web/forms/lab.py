"""The lab form: a new lab, and whether to sweep its Hub organisation."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, StringField, URLField

from app.web.forms.schema_form import SchemaForm, optional, required_fields


class LabForm(SchemaForm):
    """A new lab."""

    name = StringField("Name", description="As the lab calls itself, e.g. Allen Institute for AI")
    slug = StringField(
        "Slug",
        description="Part of the page address: lowercase letters, digits and hyphens, e.g. allenai",
    )
    homepage = URLField("Homepage", description="Optional; an https:// address")
    country = StringField("Country", description="Optional; two-letter ISO code, e.g. FR")
    hub_org = StringField(
        "Hugging Face organisation",
        description="Optional; the name in huggingface.co/NAME, e.g. allenai",
    )
    sweep_hub = BooleanField(
        "Sweep it daily and register new releases as discovered, for the lab to confirm"
    )

    def payload(self) -> dict[str, Any]:
        """Return the lab as LabInSchema loads it."""
        data = required_fields(self, ("slug", "name"))
        data["homepage"] = optional(self.homepage.data)
        country = optional(self.country.data)
        data["country"] = country.upper() if isinstance(country, str) else None
        data["hub_org"] = optional(self.hub_org.data)
        data["sweep_hub"] = bool(self.sweep_hub.data)
        return data

    def sweep_problem(self) -> dict[str, list[str]]:
        """A sweep asked for without the organisation to sweep (the sweeper would skip it)."""
        if self.sweep_hub.data and not optional(self.hub_org.data):
            return {"sweep_hub": ["Give the lab's Hugging Face organisation to sweep."]}
        return {}
