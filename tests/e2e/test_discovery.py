"""Start a release from a Hub id in the browser: pre-filled form, submit, the check runs."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import MEMBER_OF, LiveApp, screenshot, sign_in


def test_a_hub_id_pre_fills_the_form_and_the_proposals_are_checked(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page)
    page.goto(f"/labs/{MEMBER_OF}/releases/new")
    page.get_by_label("Hub model id").fill("LLM360/Amber")
    page.get_by_role("button", name="Propose the artifacts").click()

    # A plain GET round trip: the form comes back pre-filled, with where each row came from.
    expect(page).to_have_url(re.compile(r"hub_id=LLM360%2FAmber"))
    expect(page.get_by_label("Name", exact=True)).to_have_value("Amber")
    expect(page.locator("#weights_artifacts-0-locator")).to_have_value("LLM360/Amber")
    expect(page.locator("#code_artifacts-0-locator")).to_have_value(
        "https://github.com/LLM360/amber-train"
    )
    expect(page.locator("#data_artifacts-0-locator")).to_have_value("LLM360/AmberDatasets")
    expect(page.locator("[data-provenance]").first).to_contain_text("Proposed from")
    screenshot(page, "discovery-prefilled")

    page.get_by_label("Slug").fill("amber-discovered")
    page.get_by_role("button", name="Submit and start the checks").click()

    expect(page).to_have_url(re.compile(rf"/labs/{MEMBER_OF}/amber-discovered"))
    expect(page.locator(".run-state")).to_contain_text("finished", timeout=90_000)
    expect(page.locator("#pillar-code-title .verdict")).to_have_text("open")
    evidence = page.locator("#pillar-code details.evidence").first
    evidence.locator("summary").click()
    expect(evidence.locator("[data-provenance]")).to_contain_text("README line")
    screenshot(page, "discovery-checked")


def test_an_unknown_hub_id_is_said_beside_the_field(page: Page, live_app: LiveApp) -> None:
    sign_in(page)
    page.goto(f"/labs/{MEMBER_OF}/releases/new?hub_id=nobody/nothing")

    expect(page.locator("#hub_id-error")).to_contain_text("No public model")
    expect(page.get_by_label("Hub model id")).to_have_value("nobody/nothing")
