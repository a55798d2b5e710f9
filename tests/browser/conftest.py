"""Pages in a real browser: Playwright driving Debian's chromium against the live test server.

`make test` installs chromium (scripts/ensure-services); Playwright never downloads a browser.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
# The narrowest screen the portal is built for.
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser is
    # open; the tests' own ORM calls stay synchronous, which Django's guard cannot tell. Per
    # module, so neither the loop nor the setting outlives the browser tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport=LAPTOP, base_url=live_server.url)
    yield context.new_page()
    context.close()


# Where the browser tests leave a picture of each page they drove (an artefact of the run).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"could not log in as {username}"


if not os.path.exists(CHROMIUM):  # pragma: no cover - a broken machine, not a skipped test
    raise RuntimeError(f"{CHROMIUM} is missing: run scripts/ensure-services (apt install chromium)")
