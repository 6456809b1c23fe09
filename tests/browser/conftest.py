"""A real server over seeds/ and a real headless Chromium, shared by the browser tests."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LAUNCH_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}


def find_chromium() -> str | None:
    """Debian's Chromium, wherever the system puts it ($CHROMIUM_PATH wins when set)."""
    if "CHROMIUM_PATH" in os.environ:
        chosen = os.environ["CHROMIUM_PATH"]
        return chosen if os.access(chosen, os.X_OK) else None
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    """Skip loudly on a developer machine; fail in CI, where the browser must be there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(f"SKIPPED browser test: {reason}")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 30) -> None:
    """Poll the server until it answers, failing with its log if it dies or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/api/stats", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the 'playwright' package is not installed (pip install -e '.[test]')")
    path = find_chromium()
    if not path:
        unavailable("no Chromium found at $CHROMIUM_PATH or /usr/bin/chromium "
                    "(install Debian's package: apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server_url(seeds_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`news-search serve` over the seeds index on a free loopback port, stopped at the end."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--index", str(seeds_index), "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def open_page(browser: Any, server_url: str, **options: Any) -> Iterator[Any]:
    """A fresh context and page; fails the test on any console error (a CSP violation, say)."""
    context = browser.new_context(base_url=server_url, **{"viewport": DESKTOP, **options})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(5000)
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


@pytest.fixture()
def page(browser: Any, server_url: str) -> Iterator[Any]:
    """A desktop-sized page with JavaScript on."""
    yield from open_page(browser, server_url)


@pytest.fixture()
def nojs_page(browser: Any, server_url: str) -> Iterator[Any]:
    """A desktop-sized page with JavaScript disabled."""
    yield from open_page(browser, server_url, java_script_enabled=False)


@pytest.fixture()
def phone_page(browser: Any, server_url: str) -> Iterator[Any]:
    """A 360 px wide phone screen."""
    yield from open_page(browser, server_url, viewport={"width": 360, "height": 780},
                         device_scale_factor=2, is_mobile=True, has_touch=True)


def screenshot(page: Any, name: str, *, dark: bool = False) -> Path:
    """Save a full-page screenshot under test-output/screenshots (light, then optionally dark)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.emulate_media(color_scheme="light")
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    if dark:
        page.emulate_media(color_scheme="dark")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-dark.png"), full_page=True, animations="disabled")
        page.emulate_media(color_scheme="light")
    return path


@pytest.fixture()
def shoot() -> Any:
    """The screenshot function, for tests that keep a picture of a page."""
    return screenshot
