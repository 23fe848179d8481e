"""Open map pages in Debian's Chromium through Playwright, offline (tests, screenshots).

Playwright is a test extra and is imported by the caller; this module only knows how to
launch Debian's ``/usr/bin/chromium`` (never ``playwright install``) with a fresh profile
and how to refuse every request that is not a local file.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium binary, or None when it is not installed."""
    override = os.environ.get("PLANGRAPH_CHROMIUM")
    for candidate in (override, *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


@dataclass
class PageLog:
    """What a page did that an offline, script-safe page must not do."""

    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        """Record console errors, uncaught exceptions, dialogs and requests of ``page``."""
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    @property
    def network(self) -> list[str]:
        """Requests for anything but local files (blocked or not)."""
        return self.blocked + [u for u in self.requests if not u.startswith("file:")]


def launch(playwright: Any, user_data_dir: Path, **context_options: Any) -> Any:
    """A persistent Chromium context on a fresh profile dir (Debian's binary)."""
    executable = chromium_path()
    if executable is None:
        raise FileNotFoundError("Chromium not found (apt-get install chromium)")
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=executable,
        headless=True,
        args=CHROMIUM_ARGS,
        **context_options,
    )


def block_network(target: Any, log: PageLog) -> None:
    """Abort every request of ``target`` (a page or a context) that is not ``file:``;
    record it in ``log.blocked``."""

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            log.blocked.append(url)
            route.abort()

    target.route("**/*", handle)
