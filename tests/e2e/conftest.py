"""Browser tests: the app under a real werkzeug server on 127.0.0.1, driven by Debian's Chromium.

The browser is Playwright's client talking to /usr/bin/chromium (never `playwright
install`); the app runs in a thread of this process, checks on its embedded executor
against the loopback stand-ins (REGISTRY_OFFLINE), on a SQLite file of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from app.extensions import db
from app.services import accounts
from app.services.identity import SYSTEM
from app.services.seeding import seed_catalogue
from tests.conftest import app_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EMAIL, PASSWORD = "maintainer@example.org", "a long enough e2e password"
MEMBER_OF = "allenai"  # a seeded lab the e2e account may submit to
# Generous: a wait ends as soon as its condition holds; this only bounds a hung run.
WAIT_MS = 90_000


@dataclass
class LiveApp:
    """A running registry: its base URL and the Flask app behind it."""

    url: str
    app: Flask


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """Serve the registry on 127.0.0.1 in a thread: seeded catalogue, one account, offline checks.

    Module-scoped, so each test of a module (and each xdist worker) must not rely on what
    another test did: every test makes the labs and releases it needs.
    """
    folder = tmp_path_factory.mktemp("e2e")
    config = app_config(
        f"sqlite:///{folder / 'registry.sqlite3'}",
        folder,
        REGISTRY_OFFLINE=True,
        REGISTRY_CHECK_EXECUTOR="embedded",
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed_catalogue()  # real labs and releases, unchecked, so the pages have content
        accounts.create_user({"email": EMAIL, "password": PASSWORD})
        accounts.add_member(SYSTEM, MEMBER_OF, {"email": EMAIL})
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveApp(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join()
        executor = app.extensions.get("registry.executor")
        if executor is not None:
            executor.shutdown(wait=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium, headless, talking to nothing but loopback."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_app: LiveApp) -> Iterator[Page]:
    """Return a fresh browser tab (its own cookies) whose relative URLs go to the live app."""
    context = browser.new_context(base_url=live_app.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Page) -> None:
    """Sign in through the form as the e2e account."""
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {EMAIL}").wait_for()
