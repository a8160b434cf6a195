"""Headless Chromium for the browser tests and benchmarks/views.py (Playwright driving
Debian's /usr/bin/chromium; no browser is downloaded). ``tools/browser.sh`` installs it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def chromium_path() -> str | None:
    explicit = os.environ.get("KG_CHROMIUM")
    if explicit and Path(explicit).exists():
        return explicit
    for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(p).exists():
            return p
    return shutil.which("chromium")


def available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


@contextmanager
def chromium() -> Iterator[Any]:
    """A browser (Playwright ``Browser``) launched from Debian's chromium."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("chromium is missing: run tools/browser.sh")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: console messages by type, page errors, requests, dialogs."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors

    @property
    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:", "about:"))]


def watch(page: Any) -> PageLog:
    log = PageLog()
    page.on("console", lambda m: log.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("request", lambda r: log.requests.append(r.url))

    def on_dialog(d: Any) -> None:
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    return log


def wait_still(page: Any, timeout_ms: float = 60000, poll_ms: int = 50) -> float:
    """Wait until every view of the page is still; returns the page's own time to still
    (ms since its script started). Polls with ``page.evaluate`` (the pages' CSP forbids the
    eval that ``wait_for_function`` needs)."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if page.evaluate("window.kgStill === true"):
            return float(page.evaluate("window.kgStillAt || 0"))
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page was not still after {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(poll_ms)
