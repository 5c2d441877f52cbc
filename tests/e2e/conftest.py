"""A real `cleanroom serve` on the demo archive, driven by Playwright in Debian's Chromium.

One server and one browser per test process; each test gets a fresh browser context signed in as the role it
asks for. Screenshots of the pages go to test-artifacts/screenshots/ for people to look at.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.commands.demo import DEMO_USERS
from tests.conftest import base_overrides
from tests.integration.served import serving
from tests.support.cli import cleanroom

CHROMIUM = os.environ.get("CLEANROOM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOGINS = {role: (username, password) for username, role, password, _ in DEMO_USERS}


class Site:
    """The running server: its base URL and the settings of its instance (for direct database checks)."""

    def __init__(self, port: int, env: dict):
        self.url = f"http://127.0.0.1:{port}"
        self.env = env


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    """Serve a demo instance (accounts, archive, index) on a free port for the whole session."""
    env = base_overrides(tmp_path_factory.mktemp("e2e"))
    seeded = cleanroom("demo", env=env)
    assert seeded.returncode == 0, seeded.stderr
    with serving(env) as (port, _):
        yield Site(port, env)


@pytest.fixture(scope="session")
def chromium():
    """Launch the system Chromium once per test process (Playwright's own browser download is not used)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}; scripts/test installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def browse(chromium, site):
    """Return `open(role)`: a new page signed in as the demo account of `role` (or anonymous with None)."""
    contexts = []

    def open_as(role: str | None = None):
        context = chromium.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: pytest.fail(f"script error on {page.url}: {error}"))
        if role is not None:
            username, password = LOGINS[role]
            page.goto("/login")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(lambda url: "/login" not in url)
        return page

    yield open_as
    for context in contexts:
        context.close()


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/NAME.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
