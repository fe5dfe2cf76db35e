"""``python -m dashboard bench --events N``: the dashboard with N synthetic events, measured.

For each N a seeded synthetic dataset is written to a temporary store, then a fresh
process loads it and runs the real page (Streamlit AppTest) with the dataset shown:

- load: reading the stored dataset (columnar, one pass);
- filter change: median server-side time of a page rerun after a cartel/year change;
- payload: bytes the map component receives (largest over the filter changes);
- peak memory: the process's peak resident set size while it runs the page (before the timed load).

``naive_page_figures`` measures the same for the approach this replaces, one folium marker per
event (drawn by ``folium.CircleMarker`` and serialised by streamlit-folium), at a size it
survives: the Streamlit app :data:`NAIVE_APP` (``naive_app.py`` beside this module).

This module drives the UI as a test harness, so it may import streamlit.testing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from dashboard.bench.page import Row, component_bytes, table, time_filter_changes
from dashboard.testing import synthetic_events

DATASET = "synthetic"  # the stored dataset that the page and the naive app show
APP = Path(__file__).resolve().parent.parent / "app.py"
NAIVE_APP = Path(__file__).resolve().parent / "naive_app.py"
# (cartels, years) a reader might step through: all different, so no step is a cache hit.
_CARTEL_STEPS = (["cjng"], ["sinaloa"], [], ["cdn"], ["cjng", "csrl"], ["la-barredora"])
FILTER_STEPS = [(_CARTEL_STEPS[i % 6], (2006 + i, 2026 - i // 2)) for i in range(12)]


def write_synthetic(n: int, directory: Path) -> float:
    """Generate and store N events in ``directory``; returns the seconds the store write took."""
    from dashboard.imports import store

    frame = synthetic_events(n)
    start = time.perf_counter()
    store.save_frame(DATASET, frame, source="synthetic", fmt="bench", directory=directory)
    return time.perf_counter() - start


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}  # filter changes timed by the clock or by CPU


def peak_memory_mb() -> float:
    """This program's peak resident memory in MB: Linux's VmHWM, else ``ru_maxrss``.

    ``ru_maxrss`` outlives exec: a page measured in a process the bench had started right after generating a
    million rows reported the bench's own peak (1,257 MB) instead of the page's (about 1,100 MB).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def page_figures(rounds: int = 12, clock: str = "wall") -> dict:
    """In this process: run the page and change filters, then time a load of the stored dataset (see module doc).

    The peak memory is the page's, taken before that load: loaded first, a copy the page never holds stayed
    in the process's memory (freed memory is not given back) and counted into the page's peak.
    """
    from streamlit.testing.v1 import AppTest

    from dashboard.imports import store

    at = AppTest.from_file(str(APP), default_timeout=600)
    start = time.perf_counter()
    at.run()
    at.run()
    first_page_s = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(str(at.exception))
    binned = [m.value for m in at.markdown if "atlas-legend" in m.value and "hexagons" in m.value]
    first = component_bytes(at)
    times, payloads = time_filter_changes(at, [FILTER_STEPS[i % len(FILTER_STEPS)] for i in range(rounds)],
                                          CLOCKS[clock])
    payloads.insert(0, first)
    peak_mb = peak_memory_mb()
    start = time.perf_counter()
    rows = len(store.load_dataset(DATASET))
    load_s = time.perf_counter() - start
    return {"rows": rows, "load_s": load_s, "first_page_s": first_page_s, "filter_median_s": float(np.median(times)),
            "filter_max_s": max(times), "payload_default": payloads[0], "payload_max": max(payloads),
            "aggregated": bool(binned), "peak_mb": peak_mb}


def naive_page_figures(rounds: int = 6, clock: str = "wall") -> dict:
    """In this process: the naive app (:data:`NAIVE_APP`) on the stored dataset, filters changed ``rounds`` times."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(NAIVE_APP), default_timeout=600)
    at.run()
    if at.exception:
        raise RuntimeError(str(at.exception))
    first = component_bytes(at)
    times, payloads = time_filter_changes(at, FILTER_STEPS[:rounds], CLOCKS[clock])
    payloads.insert(0, first)
    return {"filter_median_s": float(np.median(times)), "payload_default": payloads[0],
            "payload_max": max(payloads)}


MEASURES = {"page": "page_figures", "naive": "naive_page_figures"}


def _in_fresh_process(n: int, which: str, rounds: int | None = None, clock: str = "wall") -> dict:
    """Write N events to a temporary store, measure ``which`` (page/naive) in a new Python process."""
    with tempfile.TemporaryDirectory() as tmp:
        write_s = write_synthetic(n, Path(tmp))
        # the synthetic dataset is a GeoPackage in tmp: a shared store set for the app is not this bench's
        env = {**{k: v for k, v in os.environ.items() if k != "ATLAS_STORE"}, "ATLAS_DATA_DIR": tmp,
               "ATLAS_OFFLINE": "1"}
        args = ("" if rounds is None else f"rounds={rounds}, ") + f"clock={clock!r}"
        code = f"import json; from {__name__} import {MEASURES[which]} as m; print(json.dumps(m({args})))"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False,
                             cwd=str(APP.parent.parent))
        if out.returncode:
            raise RuntimeError(f"bench for {n:,} events failed:\n{out.stderr[-3000:]}")
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["write_s"] = write_s
        return figures


TARGETS = {1_000_000: {"filter": 0.25, "payload": 1.5e6, "memory": 1024, "first": 4.0}, 100_000: {"filter": 0.15}}


NAIVE_SIZE = 5000  # events: a size the naive map survives


def size_rows(n: int, f: dict) -> list[Row]:
    """The report's rows for the page with ``n`` events, from :func:`page_figures` (plus ``write_s``)."""
    target = TARGETS.get(n, {})
    return [
        (f"{n:>9,} events: store write (setup)", f"{f['write_s']:.2f} s", "—"),
        (f"{n:>9,} events: load (columnar read)", f"{f['load_s']:.2f} s", "—"),
        (f"{n:>9,} events: first page (2 runs)", f"{f['first_page_s']:.2f} s",
         f"≤ {target['first']:.0f} s" if "first" in target else "—"),
        (f"{n:>9,} events: filter change, median", f"{f['filter_median_s'] * 1000:.0f} ms (max "
         f"{f['filter_max_s'] * 1000:.0f})", f"≤ {target['filter'] * 1000:.0f} ms" if "filter" in target else "—"),
        (f"{n:>9,} events: map payload, max", f"{f['payload_max'] / 1e6:.2f} MB (default view "
         f"{f['payload_default'] / 1e6:.2f}){' hexagons' if f['aggregated'] else ''}",
         f"≤ {target['payload'] / 1e6:.1f} MB" if "payload" in target else "—"),
        (f"{n:>9,} events: peak memory", f"{f['peak_mb']:.0f} MB",
         f"≤ {target['memory']} MB" if "memory" in target else "—"),
    ]


def comparison_rows(n: int, naive: dict, ours: dict) -> list[Row]:
    """The naive map beside this dashboard at ``n`` events: filter change, payload and their ratios."""
    return [
        (f"{n:,} events, naive (a folium marker each): filter change", f"{naive['filter_median_s'] * 1000:.0f} ms,"
         f" payload {naive['payload_max'] / 1e6:.2f} MB", "—"),
        (f"{n:,} events, this dashboard: filter change", f"{ours['filter_median_s'] * 1000:.0f} ms, payload "
         f"{ours['payload_max'] / 1e6:.2f} MB", "—"),
        ("ratio naive / this dashboard", f"{naive['filter_median_s'] / ours['filter_median_s']:.1f}× time, "
         f"{naive['payload_max'] / ours['payload_max']:.1f}× payload", "≥ 20× time, ≥ 3× payload"),
    ]


def run(sizes: list[int]) -> int:
    rows = [row for n in sizes for row in size_rows(n, _in_fresh_process(n, "page"))]
    naive = _in_fresh_process(NAIVE_SIZE, "naive")
    ours = _in_fresh_process(NAIVE_SIZE, "page")
    print(table(rows + comparison_rows(NAIVE_SIZE, naive, ours), value_width=42))
    return 0
