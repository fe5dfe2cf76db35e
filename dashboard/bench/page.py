"""``python -m dashboard bench``: speed and size figures on the built-in data.

Reports, each with its target:
- cold start to first map (fresh process: imports, data load, first page run), server side;
- median server-side time of a filter change (Streamlit AppTest reruns);
- bytes the map component receives in the default view;
- PNG and HTML snapshot times and sizes;
- import of 10 000 and 100 000 synthetic rows (with coordinates, and geocoded by name);
- with ``--browser``: navigation to drawn features in headless Chromium, offline, median of loads.

This module drives the UI as a test harness, so it may import streamlit.testing.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
COLD_START_SNIPPET = (
    "import time; t=time.perf_counter();"
    "from streamlit.testing.v1 import AppTest;"
    f"at=AppTest.from_file({str(APP)!r}, default_timeout=120); at.run();"
    "assert not at.exception, at.exception;"
    "print(time.perf_counter()-t)"
)


CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by the README's test command
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The whole page is there when the side panel's legend is: the run that draws it draws the
# sidebar's controls before it (app.py).
PAGE_COMPLETE = ".atlas-legend"


def component_args(at) -> dict:  # noqa: ANN001
    for el in at.get("component_instance"):
        if el.proto.component_name == "streamlit_folium.st_folium":
            return json.loads(el.proto.json_args)
    raise RuntimeError("the map component is missing from the page")


def component_bytes(at) -> int:  # noqa: ANN001
    """Bytes the map component receives in the page's last run."""
    return len(json.dumps(component_args(at)).encode())


def cold_start_seconds() -> float:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD_START_SNIPPET], capture_output=True, text=True, check=True)
    inner = float(out.stdout.strip().splitlines()[-1])
    return max(inner, time.perf_counter() - start)


def filter_change_times(rounds: int = 12) -> tuple[list[float], int]:
    """Rerun the page with different cartel and year filters; return times and default payload bytes."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()  # the session's first run: the map alone
    at.run()  # the whole page, as after the map's first report
    payload = component_bytes(at)
    choices = [(["cjng"], (2019, 2026)), (["sinaloa"], (2006, 2023)), ([], (2006, 2026)), (["cdn"], (2019, 2019)),
               (["cjng", "csrl"], (2020, 2026)), (["la-barredora"], (2022, 2025))]
    times, _ = time_filter_changes(at, [choices[i % len(choices)] for i in range(rounds)])
    return times, payload


def time_filter_changes(at, steps: list[tuple[list[str], tuple[int, int]]]) -> tuple[list[float], list[int]]:  # noqa: ANN001
    """Set each (cartels, years) step on the page and rerun it; seconds per rerun and map bytes after it."""
    times, payloads = [], []
    for cartels, years in steps:
        at.multiselect(key="cartels").set_value(cartels)
        at.slider(key="years").set_value(years)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(str(at.exception))
        payloads.append(component_bytes(at))
    return times, payloads


def snapshot_figures() -> dict[str, float]:
    from dashboard.share import snapshot
    from dashboard.data import load_atlas
    from dashboard.sharing import Snapshot

    atlas = load_atlas()
    snapshot.render_png(atlas, Snapshot())  # warm matplotlib's font cache
    png_times, html_times = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        png = snapshot.render_png(atlas, Snapshot())
        png_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        page = snapshot.render_html(atlas, Snapshot())
        html_times.append(time.perf_counter() - t0)
    return {"png_s": statistics.median(png_times), "png_bytes": len(png), "html_s": statistics.median(html_times),
            "html_bytes": len(page.encode())}


@contextlib.contextmanager
def offline_server(env_extra: dict[str, str] | None = None, pid_out: list[int] | None = None):  # noqa: ANN201
    """``python -m dashboard serve --offline`` on a free loopback port, for as long as the block runs.

    Yields the URL; ``pid_out``, when given, receives the server's process id (for CPU accounting).
    """
    import os
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
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
    from playwright.sync_api import sync_playwright

    with offline_server() as url:
        drawn, complete = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(loads + 1):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(url)
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                frame.locator("path.leaflet-interactive").first.wait_for(timeout=60000)
                t_drawn = time.perf_counter() - t0
                page.locator(PAGE_COMPLETE).wait_for(timeout=60000)
                if i:  # the first load warms the server's caches
                    drawn.append(t_drawn)
                    complete.append(time.perf_counter() - t0)
                page.close()
            browser.close()
        return drawn, complete


def run(browser: bool = False) -> int:
    cold = cold_start_seconds()
    times, payload = filter_change_times()
    snaps = snapshot_figures()
    rows = [
        ("cold start to first map (server side)", f"{cold:.2f} s", "—"),
        ("filter change, median of %d" % len(times), f"{statistics.median(times) * 1000:.0f} ms", "≤ 150 ms"),
        ("filter change, max", f"{max(times) * 1000:.0f} ms", "—"),
        ("map payload, default view", f"{payload / 1024:.0f} KB ({payload:,} bytes)", "≤ 400 KB"),
        ("PNG snapshot 1600×1000", f"{snaps['png_s']:.2f} s, {snaps['png_bytes'] / 1024:.0f} KB", "≤ 1.5 s"),
        ("HTML snapshot (standalone)", f"{snaps['html_s']:.2f} s, {snaps['html_bytes'] / 1e6:.2f} MB", "≤ 3 MB"),
    ]
    from dashboard.bench.import_speed import import_benchmark

    for n in (10_000, 100_000):
        for geocode in (False, True):
            secs = import_benchmark(n, geocode)
            rows.append((f"import {n:,} rows {'geocoded by name' if geocode else 'with coordinates'}",
                         f"{secs:.2f} s", "≤ 10 s" if n == 100_000 and not geocode else "—"))
    if browser:
        drawn, complete = browser_load_times()
        rows.append((f"browser: navigation to drawn map, offline, median of {len(drawn)}",
                     f"{statistics.median(drawn):.2f} s (max {max(drawn):.2f})", "≤ 3 s"))
        rows.append(("browser: navigation to whole page (controls, legend)", f"{statistics.median(complete):.2f} s "
                     f"(max {max(complete):.2f})", "—"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':<28} target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:<28} {target}")
    return 0
