"""In a real browser: sign in, submit a lab and a release, watch the check, read the evidence.

The release points at artifacts the packaged stand-in snapshots serve (OLMo 7B: weights on
the Hub, code on GitHub, Dolma on the Hub), so the check runs the real checkers through
the app's normal path: the form starts a run, the embedded executor runs it against the
stand-ins (REGISTRY_OFFLINE), and the page's progress script reloads when it is done.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import MEMBER_OF, LiveApp, screenshot, sign_in

pytestmark = pytest.mark.e2e


def fill_row(page: Page, rows: str, index: int, **values: str) -> None:
    """Fill one artifact row of the release form by field name."""
    for name, value in values.items():
        field = page.locator(f"[name='{rows}-{index}-{name}']")
        if name == "kind":
            field.select_option(value)
        else:
            field.fill(value)


def test_submit_a_lab_and_a_release_and_watch_the_check(page: Page, live_app: LiveApp) -> None:
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    sign_in(page)

    page.goto("/")
    page.get_by_role("link", name="Add a lab").click()
    page.get_by_label("Name").fill("Browser Test Lab")
    page.get_by_label("Slug").fill("browser-lab")
    page.get_by_label("Country").fill("fr")
    page.get_by_role("button", name="Add the lab").click()
    expect(page.get_by_role("heading", name="Submit a release of Browser Test Lab")).to_be_visible()

    page.get_by_label("Name", exact=True).fill("OLMo 7B (browser)")
    page.get_by_label("Slug").fill("olmo-7b-browser")
    page.get_by_label("Released on").fill("2024-02")
    page.get_by_label("The lab announced this release as open").check()
    fill_row(page, "weights_artifacts", 0, locator="allenai/OLMo-7B", declared_licence="apache-2.0")
    fill_row(page, "code_artifacts", 0, locator="https://github.com/allenai/OLMo",
             declared_licence="Apache-2.0", entrypoint="scripts/train.py")
    fill_row(page, "data_artifacts", 0, locator="allenai/dolma", declared_licence="odc-by")
    # The script adds and removes rows in place: no round trip, nothing lost.
    page.get_by_role("button", name="Add another training data artifact").click()
    expect(page.locator("[name='data_artifacts-1-kind']")).to_be_focused()
    second_row = page.locator("[data-rows='data'] [data-row]").nth(1)
    second_row.get_by_role("button", name="Remove").click()
    expect(page.locator("[name='data_artifacts-1-locator']")).to_have_count(0)
    expect(page.locator("[name='data_artifacts-0-locator']")).to_have_value("allenai/dolma")
    screenshot(page, "release-form-filled")
    page.get_by_role("button", name="Submit and start the checks").click()

    expect(page).to_have_url(re.compile(r"/labs/browser-lab/olmo-7b-browser"))
    expect(page.get_by_text("its checks have started")).to_be_visible()
    # progress.js polls the run and reloads the page once it has finished.
    expect(page.locator(".run-state")).to_contain_text("finished", timeout=90_000)
    for pillar in ("weights", "code", "data"):
        expect(page.locator(f"#pillar-{pillar}-title .verdict")).to_have_text("open")
    expect(page.locator(".summary-tier")).to_contain_text("Tier A")
    screenshot(page, "release-checked")

    evidence = page.locator("#pillar-weights details.evidence").first
    evidence.locator("summary").click()
    expect(evidence.get_by_text("Endpoint")).to_be_visible()
    expect(evidence.locator("table.files")).to_contain_text("model.safetensors")
    expect(evidence).to_contain_text("Apache-2.0")
    expect(evidence.get_by_text(re.compile(r"http://127\.0\.0\.1:\d+")).first).to_be_visible()
    screenshot(page, "release-evidence")

    page.goto("/labs/browser-lab")
    expect(page.locator(".tierbar svg")).to_have_attribute("aria-label", re.compile("1 in tier A"))
    expect(page.locator("#members")).to_contain_text("maintainer@example.org")
    screenshot(page, "lab")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/labs/browser-lab/olmo-7b-browser")
    screenshot(page, "release-mobile")
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_a_bad_form_shows_field_messages_and_keeps_the_input(page: Page, live_app: LiveApp) -> None:
    sign_in(page)
    page.goto("/labs/new")
    page.get_by_label("Name").fill("Kept Name")
    page.get_by_label("Slug").fill("Not A Slug")
    page.get_by_label("Homepage").fill("http://not-https.example")
    page.get_by_role("button", name="Add the lab").click()

    expect(page.locator(".error-summary")).to_contain_text("2 problems")
    expect(page.locator("#slug-error")).to_contain_text("Not a valid slug")
    expect(page.locator("#homepage-error")).to_contain_text("https://")
    expect(page.get_by_label("Name")).to_have_value("Kept Name")
    expect(page.get_by_label("Slug")).to_have_value("Not A Slug")
    expect(page.get_by_label("Slug")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "lab-form-errors")

    page.goto(f"/labs/{MEMBER_OF}/releases/new")
    page.get_by_label("Name", exact=True).fill("Broken")
    page.get_by_label("Slug").fill("broken")
    fill_row(page, "code_artifacts", 0, locator="git@github.com:org/repo.git")
    page.get_by_role("button", name="Submit and start the checks").click()
    expect(page.locator("#code_artifacts-0-locator-error")).to_contain_text("https://")
    expect(page.locator("[name='code_artifacts-0-locator']")).to_have_value("git@github.com:org/repo.git")
    screenshot(page, "release-form-errors")
    page.goto(f"/labs/{MEMBER_OF}")
    expect(page.get_by_role("link", name="Broken")).to_have_count(0)  # nothing was saved


def test_a_post_without_a_csrf_token_is_refused(page: Page, live_app: LiveApp) -> None:
    sign_in(page)
    page.goto("/labs/new")
    # Strip the token from the real form, as a forged cross-site form would lack it.
    page.locator("main form input[name='csrf_token']").evaluate("input => input.remove()")
    page.get_by_label("Name").fill("Forged Lab")
    page.get_by_label("Slug").fill("forged-lab")
    page.get_by_role("button", name="Add the lab").click()
    expect(page.get_by_role("heading", name="The request could not be accepted")).to_be_visible()
    expect(page.get_by_text("security token")).to_be_visible()
    screenshot(page, "csrf-refused")
    assert page.request.get("/labs/forged-lab").status == 404
    response = page.request.post("/labs/new", form={"name": "Forged", "slug": "forged-two"})
    assert response.status == 400


def test_main_pages_render_without_policy_violations(page: Page, live_app: LiveApp) -> None:
    errors: list[str] = []
    # Chromium's own /favicon.ico probe (first visit of the origin) is not one of the pages'
    # resources: which test makes that first visit depends on how xdist deals the tests.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico") else None)
    pages = (
        ("/", "leaderboard"), ("/releases", "releases"), (f"/labs/{MEMBER_OF}", "lab-seeded"),
        (f"/labs/{MEMBER_OF}/olmo-7b", "release"), ("/about/standard", "standard"),
        ("/login", "login"),
    )
    for path, name in pages:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        screenshot(page, name)
    page.goto("/?sort=name")
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Lab")
    # Seeded and unchecked: OLMo is not yet verified, which is not tier E.
    page.goto("/releases?status=unverified&q=olmo")
    expect(page.locator("table.releases tbody tr").first).to_contain_text("OLMo")
    expect(page.locator("table.releases tbody tr").first).to_contain_text("Unverified")
    page.goto("/releases?tier=E&q=olmo")
    expect(page.locator("table.releases tbody tr").first).to_contain_text("No release matches")
    assert errors == []
