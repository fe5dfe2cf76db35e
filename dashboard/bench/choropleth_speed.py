"""The choropleth's speed on synthetic tables the size of SESNSP's: switching measure or years, and payload.

Tables: every state (32) or every municipality of the framework (2,465) × three measures × 24 months,
with a population for each year. Preparing a table (:func:`dashboard.map.choropleth.prepare`) is done
once per table and cached, as on the page; what a switch costs is classing the areas, building the
tooltips, packing the layer's script and its key: that is timed.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from dashboard.map.choropleth import Request, area_shapes, choropleth, prepare
from dashboard.map.choropleth_layer import legend_entries, packed_js
from dashboard.official.table import OfficialTable

MEASURES = ("Homicidio doloso", "Feminicidio", "Extorsión")
SWITCHES = [("Homicidio doloso", (2024, 2024)), ("Feminicidio", (2024, 2024)), ("Extorsión", (2023, 2024)),
            ("Homicidio doloso", (2023, 2023)), ("Feminicidio", (2023, 2024)), ("Extorsión", (2024, 2024))]


def synthetic_tables(level: str, seed: int = 31) -> tuple[OfficialTable, OfficialTable]:
    rng = np.random.default_rng(seed)
    areas = list(area_shapes(level).index)
    periods = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)]
    n = len(areas) * len(MEASURES) * len(periods)
    grid = pd.MultiIndex.from_product([areas, MEASURES, periods], names=["area", "measure", "period"]).to_frame(
        index=False)
    counts = grid.assign(level=level, area_name=grid["area"], modality="", unit="victims",
                         value=rng.poisson(3.0, n).astype(float))
    pop = pd.DataFrame([(a, level, a, y, float(rng.integers(2_000, 2_000_000))) for a in areas for y in (2023, 2024)],
                       columns=["area", "level", "area_name", "year", "population"])
    return OfficialTable("counts", "synthetic", counts), OfficialTable("population", "synthetic", pop)


TARGET_S = {"state": 0.150, "municipality": 0.400}
PAYLOAD_MAX_BYTES = 1_500_000


def switch_times(level: str, clock=time.perf_counter) -> tuple[list[float], int]:
    """Seconds per switch (after one warm-up) and the largest layer script, in bytes."""
    counts, pop = synthetic_tables(level)
    prepared = prepare(counts, pop)
    times, largest = [], 0
    for i, (measure, years) in enumerate([SWITCHES[0], *SWITCHES]):
        start = clock()
        classed = choropleth(Request("bench", measure, True, years), prepared)
        script = packed_js(classed, "en")
        legend_entries(classed, "en", "bench", "SESNSP", "conapo")
        if i:  # the first builds the process's packed polygons once
            times.append(clock() - start)
        largest = max(largest, len(script.encode("utf-8")))
    return times, largest


def medians() -> dict:
    """For ``bench --check``: median CPU seconds of a switch per level, and the municipal payload."""
    out = {}
    for level in TARGET_S:
        times, payload = switch_times(level, time.process_time)
        out[f"{level}_s"] = statistics.median(times)
    out["payload_bytes"] = payload
    return out


def problems(figures: dict) -> list[str]:
    """The choropleth's slips, one sentence each."""
    out = [f"switching the choropleth's measure or years takes {figures[f'{lvl}_s'] * 1000:.0f} ms on the {lvl} "
           f"map (budget ≤ {target * 1000:.0f} ms)" for lvl, target in TARGET_S.items() if figures[f"{lvl}_s"] > target]
    if figures["payload_bytes"] > PAYLOAD_MAX_BYTES:
        out.append(f"the municipal choropleth weighs {figures['payload_bytes'] / 1e6:.2f} MB (budget ≤ 1.5 MB)")
    return out


def rows() -> list[tuple[str, str, str]]:
    out = []
    for level, target in (("state", 150), ("municipality", 400)):
        times, payload = switch_times(level)
        out.append((f"choropleth, {level} map: switch measure or years, median of {len(times)}",
                    f"{statistics.median(times) * 1000:.0f} ms (max {max(times) * 1000:.0f})", f"≤ {target} ms"))
        if level == "municipality":
            out.append(("choropleth, municipal map payload (all 2,465)", f"{payload / 1e6:.2f} MB", "≤ 1.5 MB"))
    return out


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
