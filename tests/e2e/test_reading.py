"""In a real browser: compare releases and labs, open evidence from a link, and look at every page.

A few seeded releases are checked first, in this process, against the packaged stand-ins
(the live app runs offline), so the comparison and the evidence have real content: OLMo's
weights, code and Dolma (a dataset of more than ten files), Llama's restricted weights.
Each page is saved at 1280 and 390 pixels wide under test-artifacts/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect

from app.services.checks import create_run
from app.services.rows import get_release
from app.tasks.runner import execute_run
from tests.e2e.conftest import ARTIFACTS, WAIT_MS, LiveApp

pytestmark = pytest.mark.e2e

CHECKED = ("allenai/olmo-7b", "allenai/olmo-2-1124-7b", "meta/llama-3-1-8b")
WIDTHS = (1280, 390)
PAGES = {
    "labs": "/",
    "labs-filtered": "/?country=US&score_min=10",
    "releases": "/releases",
    "lab": "/labs/allenai",
    "release": "/labs/allenai/olmo-7b?evidence=data-1#evidence-data-1",
    "compare-releases": "/compare?releases=allenai/olmo-7b,meta/llama-3-1-8b,allenai/olmo-2-1124-7b",
    "compare-labs": "/compare?labs=allenai,meta,kyutai",
    "compare-empty": "/compare",
    "tiers": "/tiers",
    "standard": "/about/standard",
    "login": "/login",
    "release-closed": "/labs/meta/llama-3-1-8b",
}


@pytest.fixture(scope="module")
def checked(live_app: LiveApp) -> Iterator[LiveApp]:
    """Check a few seeded releases to completion before the browser reads them."""
    with live_app.app.app_context():
        for ref in CHECKED:
            lab, slug = ref.split("/")
            run, _ = create_run(get_release(lab, slug), "cli")
            execute_run(run.id)
    yield live_app


@pytest.fixture
def narrow(browser: Browser, checked: LiveApp) -> Iterator[Page]:
    """Return a tab 390 pixels wide, as a phone shows the pages."""
    context = browser.new_context(base_url=checked.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def errors_of(page: Page) -> list[str]:
    """Collect script errors, CSP violations and failed requests (but the absent favicon)."""
    found: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A failed request is reported below, with its URL.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            found.append(message.text)

    def response(answer: Response) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            found.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def test_compare_two_releases_from_the_release_page(page: Page, checked: LiveApp) -> None:
    errors = errors_of(page)
    page.goto("/labs/allenai/olmo-7b")
    form = page.locator("section.compare-with")
    form.get_by_label("Another release of").select_option("allenai/olmo-2-1124-7b")
    form.get_by_label("or any release, as lab/release").fill("meta/llama-3-1-8b")
    form.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(
        f"{checked.url}/compare?releases=allenai%2Folmo-7b&releases=allenai%2Folmo-2-1124-7b"
        "&releases=meta%2Fllama-3-1-8b"
    )
    table = page.locator("table.compare")
    expect(table.locator("thead th")).to_have_count(4)
    expect(table.get_by_role("link", name="Llama 3.1 8B", exact=True)).to_be_visible()
    tier_row = table.locator("tr", has=page.get_by_role("rowheader", name="Tier"))
    expect(tier_row.get_by_text("Tier A")).to_have_count(2)
    expect(tier_row.get_by_text("Tier D")).to_have_count(1)
    expect(table.get_by_role("rowheader", name="MOF class, verified")).to_be_visible()
    # Remove one column: the others stay.
    table.get_by_role("link", name="remove Llama 3.1 8B").click()
    expect(page.locator("table.compare thead th")).to_have_count(3)
    assert errors == []


def test_key_evidence_opens_its_section_on_the_release_page(page: Page, checked: LiveApp) -> None:
    page.goto("/compare?releases=allenai/olmo-7b,meta/llama-3-1-8b")
    page.locator("table.compare").get_by_role("link", name="allenai/dolma").click()
    section = page.locator("#evidence-section-data-1")
    expect(section).to_have_attribute("open", "")
    expect(section.get_by_role("rowheader", name="Data files", exact=True)).to_be_visible()
    expect(section.get_by_text("the files this check kept, as JSON")).to_be_visible()
    expect(section.locator("table.files tbody tr")).to_have_count(10)


def test_a_bare_fragment_link_opens_its_section(page: Page, checked: LiveApp) -> None:
    errors = errors_of(page)
    page.goto("/labs/allenai/olmo-7b#evidence-code-1")
    expect(page.locator("#evidence-section-code-1")).to_have_attribute("open", "")
    expect(page.locator("#evidence-section-weights-1")).not_to_have_attribute("open", "")
    # A link within the page opens its section too (the hash changes, no reload).
    page.evaluate("window.location.hash = '#evidence-weights-1'")
    expect(page.locator("#evidence-section-weights-1")).to_have_attribute("open", "")
    expect(page.locator("#evidence-section-weights-1 summary")).to_be_in_viewport()
    assert errors == []


def test_without_javascript_a_bare_fragment_opens_its_section_too(
    browser: Browser, checked: LiveApp
) -> None:
    context = browser.new_context(base_url=checked.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/labs/allenai/olmo-7b#evidence-data-1")
    expect(tab.locator("#evidence-section-data-1")).to_have_attribute("open", "")
    expect(tab.locator("#evidence-section-weights-1")).not_to_have_attribute("open", "")
    context.close()


def test_without_javascript_the_query_still_opens_the_section(
    browser: Browser, checked: LiveApp
) -> None:
    context = browser.new_context(base_url=checked.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/labs/allenai/olmo-7b?evidence=weights-1#evidence-weights-1")
    section = tab.locator("#evidence-section-weights-1")
    expect(section).to_have_attribute("open", "")
    expect(section.get_by_role("rowheader", name="Parameters", exact=True)).to_be_visible()
    # The compare form is a plain GET: it works without the script too.
    tab.goto("/labs/allenai")
    tab.locator("section.compare-with").get_by_label("Another lab").select_option("meta")
    tab.locator("section.compare-with").get_by_role("button", name="Compare").click()
    expect(tab.locator("table.compare thead th")).to_have_count(3)
    context.close()


def test_find_labs_by_filters(page: Page, checked: LiveApp) -> None:
    page.goto("/")
    page.get_by_text("Find labs").click()  # the filters are folded until asked for
    filters = page.get_by_role("search", name="Find labs")
    filters.get_by_label("Name contains").fill("allen")
    filters.get_by_role("button", name="Find").click()
    expect(page.locator("table.leaderboard tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="JSON")).to_have_attribute("href", "/api/v1/labs?sort=score&q=allen")
    # The browser refuses an out-of-range number itself; the server says why when it gets one.
    page.goto("/?score_min=120&q=allen")
    expect(page.get_by_text("Use a score from 0 to 100.")).to_be_visible()
    expect(page.get_by_label("Score at least")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("table.leaderboard tbody tr")).to_have_count(1)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot_every_page(
    browser: Browser, checked: LiveApp, name: str, width: int
) -> None:
    context = browser.new_context(base_url=checked.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    errors = errors_of(tab)
    answer = tab.goto(PAGES[name])
    assert answer is not None and answer.status == 200
    # Nothing wider than the screen but the tables, which scroll inside their own box.
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"page-{name}-{width}.png"), full_page=True)
    context.close()
    assert overflow <= 0, f"{name} at {width}px is {overflow}px wider than the screen"
    assert errors == []
