"""``python -m dashboard bench``: the report table a reader gets, each figure with its target."""

from __future__ import annotations

import pytest

from dashboard.bench.page import report_rows, table

FIGURES = {
    "cold_s": 4.321,
    "filter_times": [0.1, 0.08, 0.12, 0.09],
    "payload": 300 * 1024,
    "snapshots": {"png_s": 0.8, "png_bytes": 512 * 1024, "html_s": 0.3, "html_bytes": 2_100_000},
    "imports": [(10_000, False, 0.9), (10_000, True, 1.4), (100_000, False, 7.5), (100_000, True, 12.0)],
}


def rows_by_measure(figures: dict) -> dict[str, tuple[str, str]]:
    return {name: (value, target) for name, value, target in report_rows(figures)}


def test_each_figure_is_reported_with_its_target() -> None:
    rows = rows_by_measure(FIGURES)
    assert {name: target for name, (_, target) in rows.items()} == {
        "cold start to first map (server side)": "—",
        "filter change, median of 4": "≤ 60 ms",
        "filter change, max": "—",
        "map payload, default view": "≤ 400 KB",
        "PNG snapshot 1600×1000": "≤ 0.8 s",
        "HTML snapshot (standalone)": "≤ 0.3 s, ≤ 3 MB",
        "import 10,000 rows with coordinates": "—",
        "import 10,000 rows geocoded by name": "—",
        "import 100,000 rows with coordinates": "≤ 10 s",
        "import 100,000 rows geocoded by name": "—",
    }


def test_values_are_in_the_units_of_their_targets() -> None:
    rows = rows_by_measure(FIGURES)
    assert rows["cold start to first map (server side)"][0] == "4.32 s"
    assert rows["filter change, median of 4"][0] == "95 ms"  # the median of four: (90 + 100) / 2
    assert rows["filter change, max"][0] == "120 ms"
    assert rows["map payload, default view"][0] == "300 KB (307,200 bytes)"
    assert rows["PNG snapshot 1600×1000"][0] == "0.80 s, 512 KB"
    assert rows["HTML snapshot (standalone)"][0] == "0.30 s, 2.10 MB"
    assert rows["import 100,000 rows with coordinates"][0] == "7.50 s"


def test_browser_rows_appear_only_when_the_browser_was_measured() -> None:
    assert not any(name.startswith("browser") for name in rows_by_measure(FIGURES))
    rows = rows_by_measure({**FIGURES, "browser": ([1.2, 1.0, 1.6], [2.0, 2.5, 1.9])})
    assert rows["browser: navigation to drawn map, offline, median of 3"] == ("1.20 s (max 1.60)", "≤ 1.5 s")
    assert rows["browser: navigation to whole page (controls, legend)"] == ("2.00 s (max 2.50)", "—")


@pytest.mark.parametrize("value_width", [28, 42])
def test_table_has_a_header_and_aligned_columns(value_width: int) -> None:
    rows = report_rows(FIGURES)
    lines = table(rows, value_width=value_width).splitlines()
    assert lines[0].split() == ["measure", "value", "target"]
    assert len(lines) == len(rows) + 1
    value_at = lines[0].index("value")
    target_at = lines[0].index("target")
    for line, (name, value, target) in zip(lines[1:], rows, strict=True):
        assert line.startswith(name)
        assert line[value_at:].startswith(value)
        assert line[target_at:] == target
