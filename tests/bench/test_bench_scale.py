"""``bench --events N``: its report rows and targets, and the naive map it compares against."""

from __future__ import annotations

from dashboard.bench import scale

PAGE = {"write_s": 0.5, "load_s": 0.25, "first_page_s": 3.0, "filter_median_s": 0.2, "filter_max_s": 0.45,
        "payload_default": 600_000, "payload_max": 1_200_000, "aggregated": True, "peak_mb": 900.0}


def targets(n: int) -> dict[str, str]:
    return {name.split(": ", 1)[1]: target for name, _, target in scale.size_rows(n, PAGE)}


def test_a_million_events_have_targets_for_filter_payload_and_memory() -> None:
    assert targets(1_000_000) == {"store write (setup)": "—", "load (columnar read)": "—",
                                  "first page (2 runs)": "≤ 4 s", "filter change, median": "≤ 250 ms",
                                  "map payload, max": "≤ 1.5 MB", "peak memory": "≤ 1024 MB"}


def test_other_sizes_have_a_filter_target_at_most() -> None:
    assert {k: v for k, v in targets(100_000).items() if v != "—"} == {"filter change, median": "≤ 150 ms"}
    assert set(targets(10_000).values()) == {"—"}


def test_size_rows_show_the_figures_and_whether_the_map_drew_hexagons() -> None:
    rows = {name: value for name, value, _ in scale.size_rows(10_000, PAGE)}
    assert rows["   10,000 events: filter change, median"] == "200 ms (max 450)"
    assert rows["   10,000 events: map payload, max"] == "1.20 MB (default view 0.60) hexagons"
    assert rows["   10,000 events: peak memory"] == "900 MB"
    points = {name: value for name, value, _ in scale.size_rows(10_000, {**PAGE, "aggregated": False})}
    assert not points["   10,000 events: map payload, max"].endswith("hexagons")


def test_comparison_gives_the_naive_maps_cost_as_a_ratio() -> None:
    naive = {"filter_median_s": 0.9, "payload_max": 4_000_000}
    ours = {"filter_median_s": 0.3, "payload_max": 500_000}
    rows = scale.comparison_rows(5000, naive, ours)
    assert rows[0] == ("5,000 events, naive (a folium marker each): filter change", "900 ms, payload 4.00 MB", "—")
    assert rows[1] == ("5,000 events, this dashboard: filter change", "300 ms, payload 0.50 MB", "—")
    assert rows[2] == ("ratio naive / this dashboard", "3.0× time, 8.0× payload", "≥ 20× time, ≥ 3× payload")


def test_the_naive_map_is_a_streamlit_app_file_in_the_wing() -> None:
    assert scale.NAIVE_APP.is_file() and scale.NAIVE_APP.parent == scale.APP.parent / "bench"
    source = scale.NAIVE_APP.read_text(encoding="utf-8")
    assert "folium.CircleMarker" in source and "st_folium(" in source


def test_the_naive_map_runs_on_stored_synthetic_events_in_a_fresh_process() -> None:
    # The bench's own path: events written to a temporary store, the naive app run by AppTest
    # in a new Python process, filters changed. Every event is a marker, so the default view
    # (all cartels, all years) is the largest payload, and it grows with the events.
    small = scale._in_fresh_process(60, "naive", rounds=1)
    large = scale._in_fresh_process(300, "naive", rounds=1)
    for figures in (small, large):
        assert figures["payload_max"] == figures["payload_default"] > 0
        assert figures["filter_median_s"] > 0 and figures["write_s"] > 0
    assert large["payload_default"] > 3 * small["payload_default"]


def test_the_real_page_is_measured_on_the_stored_events_in_a_fresh_process() -> None:
    figures = scale._in_fresh_process(300, "page", rounds=1)
    assert figures["rows"] == 300  # the page's process read the dataset the bench wrote
    assert not figures["aggregated"]  # 300 events are drawn as points, not hexagons
    assert figures["payload_max"] >= figures["payload_default"] > 0 and figures["peak_mb"] > 0
    assert len(scale.size_rows(300, figures)) == 6  # every figure the report prints is there


def test_a_measured_process_reports_its_own_peak_memory_not_its_starters() -> None:
    """The bench generates a million rows, then starts the page's process: that process's peak must be its own."""
    import subprocess
    import sys

    held = bytearray(400 * 1024 * 1024)  # the starter holds 400 MB: one byte written per page makes them resident
    held[::4096] = b"x" * len(held[::4096])
    code = "from dashboard.bench.scale import peak_memory_mb; print(peak_memory_mb())"
    child = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert scale.peak_memory_mb() > 400 and child < 300, (scale.peak_memory_mb(), child)
