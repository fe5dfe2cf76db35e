"""The benchmarks' real browser: an offline server on a loopback port and Debian Chromium.

Only the browser benchmarks (``bench --browser``, ``bench --viewers``) come here, and
Playwright is imported inside the functions that drive the browser, so importing this module
(or any other of the wing) works where Playwright is not installed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

from dashboard.server.serve import free_port

CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by the README's test command
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The whole page is there when the side panel's legend is: the run that draws it draws the
# sidebar's controls before it (app.py).
PAGE_COMPLETE = ".atlas-legend"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
NO_PLAYWRIGHT = "the browser benchmarks need Playwright (pip install -e '.[test]'); plain `bench` runs without it"


def require_playwright() -> None:
    """Fail in one line, before any figure is taken or server started, when Playwright is missing."""
    if importlib.util.find_spec("playwright") is None:
        raise RuntimeError(NO_PLAYWRIGHT)


@contextlib.contextmanager
def offline_server(env_extra: dict[str, str] | None = None, pid_out: list[int] | None = None) -> Iterator[str]:
    """``python -m dashboard serve --offline`` on a free loopback port, for as long as the block runs.

    Yields the URL; ``pid_out``, when given, receives the server's process id (for CPU accounting).
    """
    port = free_port()
    env = {**os.environ, "ATLAS_OFFLINE": "1", **(env_extra or {})}
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port), "--offline"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    if pid_out is not None:
        pid_out.append(proc.pid)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def browser_load_times(loads: int = 7) -> tuple[list[float], list[float]]:
    """Navigation -> features drawn, and -> whole page ready; offline server, Debian Chromium.

    Each load is a new browser context (empty HTTP cache), as for a first visit.
    """
    require_playwright()
    from playwright.sync_api import sync_playwright

    with offline_server() as url:
        drawn, complete = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(loads + 1):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(url)
                frame = page.frame_locator(MAP_FRAME)
                frame.locator("path.leaflet-interactive").first.wait_for(timeout=60000)
                t_drawn = time.perf_counter() - t0
                page.locator(PAGE_COMPLETE).wait_for(timeout=60000)
                if i:  # the first load warms the server's caches
                    drawn.append(t_drawn)
                    complete.append(time.perf_counter() - t0)
                page.close()
            browser.close()
        return drawn, complete
