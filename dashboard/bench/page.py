"""``python -m dashboard bench``: speed and size figures on the built-in data.

Reports, each with its target:
- cold start to first map (fresh process: imports, data load, first page run), server side;
- median server-side time of a filter change (Streamlit AppTest reruns);
- bytes the map component receives in the default view;
- snapshot times and sizes: PNG (1x and 2x), SVG, PDF, standalone HTML;
- import of 10 000 and 100 000 synthetic rows (with coordinates, and geocoded by name);
- with ``--browser``: navigation to drawn features in headless Chromium, offline, median of loads.

:func:`measure` takes the figures, :func:`report_rows` turns them into the printed table.
This module drives the UI as a test harness, so it may import streamlit.testing; the browser
(and Playwright) is reached only through :mod:`dashboard.bench.browser`, when ``browser=True``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"
COLD_START_SNIPPET = (
    "import time; t=time.perf_counter();"
    "from streamlit.testing.v1 import AppTest;"
    f"at=AppTest.from_file({str(APP)!r}, default_timeout=120); at.run();"
    "assert not at.exception, at.exception;"
    "print(time.perf_counter()-t)"
)
# (cartels, years) a reader might step through between reruns.
FILTER_CHOICES = [(["cjng"], (2019, 2026)), (["sinaloa"], (2006, 2023)), ([], (2006, 2026)), (["cdn"], (2019, 2019)),
                  (["cjng", "csrl"], (2020, 2026)), (["la-barredora"], (2022, 2025))]
IMPORT_SIZES = (10_000, 100_000)
Row = tuple[str, str, str]  # measure, value, target


def component_args(at: AppTest) -> dict:
    for el in at.get("component_instance"):
        if el.proto.component_name == "streamlit_folium.st_folium":
            return json.loads(el.proto.json_args)
    raise RuntimeError("the map component is missing from the page")


def component_bytes(at: AppTest) -> int:
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
    times, _ = time_filter_changes(at, [FILTER_CHOICES[i % len(FILTER_CHOICES)] for i in range(rounds)])
    return times, payload


def time_filter_changes(at: AppTest, steps: list[tuple[list[str], tuple[int, int]]],
                        clock=time.perf_counter) -> tuple[list[float], list[int]]:
    """Set each (cartels, years) step on the page and rerun it; seconds per rerun and map bytes after it.

    ``clock``: wall time, or ``time.process_time`` for the CPU the process spent (``bench --check``).
    """
    times, payloads = [], []
    for cartels, years in steps:
        at.multiselect(key="cartels").set_value(cartels)
        at.slider(key="years").set_value(years)
        start = clock()
        at.run()
        times.append(clock() - start)
        if at.exception:
            raise RuntimeError(str(at.exception))
        payloads.append(component_bytes(at))
    return times, payloads


def _median_seconds(make, rounds: int = 3) -> tuple[float, int]:
    """Median seconds of ``rounds`` calls of ``make`` and the size of what it made."""
    times, size = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        size = len(make())
        times.append(time.perf_counter() - t0)
    return statistics.median(times), size


def snapshot_figures() -> dict[str, float]:
    """Seconds (``*_s``) and bytes (``*_bytes``) of each form of the default view: PNG 1x and 2x, SVG, PDF, HTML."""
    from dashboard.atlas.data import load_atlas
    from dashboard.share import html as share_html
    from dashboard.share import png as share_png
    from dashboard.share.link import Snapshot

    atlas = load_atlas()
    share_png.render_png(atlas, Snapshot())  # warm matplotlib's font cache
    makers = {"png": lambda: share_png.render(atlas, Snapshot(), "png", 1600, 1000),
              "png2": lambda: share_png.render(atlas, Snapshot(), "png", 1600, 1000, scale=2),
              "svg": lambda: share_png.render(atlas, Snapshot(), "svg", 1600, 1000),
              "pdf": lambda: share_png.render(atlas, Snapshot(), "pdf", 1600, 1000),
              "html": lambda: share_html.render_html(atlas, Snapshot()).encode()}
    out: dict[str, float] = {}
    for key, make in makers.items():
        out[f"{key}_s"], out[f"{key}_bytes"] = _median_seconds(make)
    return out


# (key, measure, target) of the snapshot forms; the HTML's size has its own target too.
SNAPSHOT_ROWS = (("png", "PNG snapshot 1600×1000", "≤ 0.8 s"), ("png2", "PNG snapshot 1600×1000 at --scale 2", "≤ 2 s"),
                 ("svg", "SVG snapshot 1600×1000", "≤ 2 s"), ("pdf", "PDF snapshot 1600×1000", "≤ 2 s"))


def snapshot_rows(snaps: dict[str, float]) -> list[Row]:
    """The report's rows for :func:`snapshot_figures` (forms not measured are left out)."""
    rows = [(name, f"{snaps[key + '_s']:.2f} s, {snaps[key + '_bytes'] / 1024:.0f} KB", target)
            for key, name, target in SNAPSHOT_ROWS if key + "_s" in snaps]
    rows.append(("HTML snapshot (standalone)", f"{snaps['html_s']:.2f} s, {snaps['html_bytes'] / 1e6:.2f} MB",
                 "≤ 0.3 s, ≤ 3 MB"))
    return rows


def measure(browser: bool = False) -> dict:
    """Every figure of the report, raw: seconds, bytes, lists of timings."""
    from dashboard.atlas.data import load_atlas
    from dashboard.bench.import_speed import import_benchmark, published_benchmarks

    if browser:
        from dashboard.bench.browser import require_playwright

        require_playwright()  # now, not after a minute of measuring
    figures: dict = {"cold_s": cold_start_seconds()}
    figures["filter_times"], figures["payload"] = filter_change_times()
    figures["snapshots"] = snapshot_figures()
    atlas = load_atlas()
    figures["imports"] = [(n, geocode, import_benchmark(n, geocode, atlas))
                          for n in IMPORT_SIZES for geocode in (False, True)]
    figures["published_imports"] = published_benchmarks(atlas)
    from dashboard.bench.choropleth_speed import rows as choropleth_rows

    figures["choropleth"] = choropleth_rows()
    if browser:
        from dashboard.bench.browser import browser_load_times

        figures["browser"] = browser_load_times()
    return figures


def report_rows(figures: dict) -> list[Row]:
    """The report's (measure, value, target) rows for the figures of :func:`measure`."""
    times, payload, snaps = figures["filter_times"], figures["payload"], figures["snapshots"]
    rows = [
        ("cold start to first map (server side)", f"{figures['cold_s']:.2f} s", "—"),
        (f"filter change, median of {len(times)}", f"{statistics.median(times) * 1000:.0f} ms", "≤ 60 ms"),
        ("filter change, max", f"{max(times) * 1000:.0f} ms", "—"),
        ("map payload, default view", f"{payload / 1024:.0f} KB ({payload:,} bytes)", "≤ 400 KB"),
        *snapshot_rows(snaps),
    ]
    for n, geocode, secs in figures["imports"]:
        rows.append((f"import {n:,} rows {'geocoded by name' if geocode else 'with coordinates'}",
                     f"{secs:.2f} s", "≤ 10 s" if n == 100_000 and not geocode else "—"))
    rows.extend((name, f"{secs:.2f} s", target) for name, secs, target in figures.get("published_imports", ()))
    rows.extend(figures.get("choropleth", ()))
    if figures.get("browser"):
        drawn, complete = figures["browser"]
        rows.append((f"browser: navigation to drawn map, offline, median of {len(drawn)}",
                     f"{statistics.median(drawn):.2f} s (max {max(drawn):.2f})", "≤ 1.5 s"))
        rows.append(("browser: navigation to whole page (controls, legend)", f"{statistics.median(complete):.2f} s "
                     f"(max {max(complete):.2f})", "—"))
    return rows


def table(rows: list[Row], value_width: int = 28) -> str:
    """The rows as aligned text under a ``measure  value  target`` header."""
    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure'.ljust(width)}  {'value':<{value_width}} target"]
    lines += [f"{name.ljust(width)}  {value:<{value_width}} {target}" for name, value, target in rows]
    return "\n".join(lines)


def run(browser: bool = False) -> int:
    print(table(report_rows(measure(browser))))
    return 0
