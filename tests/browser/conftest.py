"""The web page in Chromium: Debian's /usr/bin/chromium driven by Playwright's Python package
(never ``playwright install``), against ``ehcpdocs serve`` on a free loopback port."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("EHCPDOCS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install 'ehcpdocs[browser]')")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
            "--disable-extensions", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server():
    from servertools import start_server

    process, base = start_server(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield base
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    requests_elsewhere = []
    page.on("request", lambda request: None if request.url.startswith(server) else requests_elsewhere.append(request.url))
    page.goto(server + "/")
    yield page
    context.close()
    assert requests_elsewhere == [], "the page loaded something from another host"


@pytest.fixture(scope="session")
def shots():
    folder = Path(os.environ.get("EHCPDOCS_SCREENSHOTS", REPO / "build" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
