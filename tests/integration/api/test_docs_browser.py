"""/api/docs in Chromium: Swagger UI renders under the CSP and asks nothing of other hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture
def backend() -> str:
    """The page does not depend on the database: one backend is enough."""
    return "sqlite"


def test_swagger_ui_renders_from_local_files_only(live_api: str) -> None:
    console: list[str] = []
    hosts: set[str] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.goto(f"{live_api}/api/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=60_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        browser.close()
    assert "/api/v1/labs/{lab}/releases/{release}/checks" in paths
    assert hosts == {urlsplit(live_api).netloc}
    # A CSP violation or a failed load would show up here as an error.
    assert [line for line in console if line.startswith("error")] == []
