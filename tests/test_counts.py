"""The count beside the map equals the export of the same filters; the timeline's years add up to it."""

from __future__ import annotations

import json

import pytest

from dashboard.cli.main import main as cli_main
from dashboard.model import Selection
from dashboard.views import counts

VIEWS = [
    ("default", Selection(), []),
    ("a cartel", Selection(cartels=("cjng",)), ["--cartel", "cjng"]),
    ("a year range", Selection(year_from=2019, year_to=2024), ["--from", "2019", "--to", "2024"]),
]


def exported(capsys, args: list[str]) -> list[dict]:
    assert cli_main(["export", "events", *args]) == 0
    return json.loads(capsys.readouterr().out)["features"]


@pytest.mark.parametrize(("sel", "args"), [v[1:] for v in VIEWS], ids=[v[0] for v in VIEWS])
def test_the_count_is_what_the_export_of_the_same_filters_holds(tiny_atlas, cli_on_tiny_atlas, capsys, sel,
                                                                  args) -> None:
    rows = exported(capsys, args)
    [mine] = counts.view_tallies(tiny_atlas, sel)
    assert mine.events == len(rows)
    assert mine.killed == sum(r["properties"]["killed"] or 0 for r in rows)
    assert mine.injured == sum(r["properties"]["injured"] or 0 for r in rows)
    high = sum(r["properties"]["killed_max"] or r["properties"]["killed"] or 0 for r in rows)
    assert mine.killed_high == high


def test_the_count_reads_in_the_interface_language(tiny_atlas) -> None:
    [x] = counts.view_tallies(tiny_atlas, Selection(), lang="de")
    text = counts.tally_text(x, "de")
    assert text == "12 Ereignisse · 83–87 Tote · 64 Verletzte"  # the tiny atlas's 12 events, one toll a range
    assert counts.tally_text(counts.Tally("x", 1412, 1412, 1416, 120), "de") == (
        "1.412 Ereignisse · 1.412–1.416 Tote · 120 Verletzte")  # German thousands separator
    assert counts.scope_text(tiny_atlas, Selection(cartels=("cjng",), types=("massacre",)), "de") == (
        "2006–2026 · Kartell Jalisco Nueva Generación · Massaker")


def test_a_disputed_toll_is_counted_as_a_range(tiny_atlas) -> None:
    [x] = counts.view_tallies(tiny_atlas, Selection(year_from=2019, year_to=2019, cartels=("cdn",)))
    assert "22–26 killed" in counts.tally_text(x, "en")  # Villa Unión


def test_imported_data_is_counted_apart(tiny_atlas) -> None:
    from dashboard.atlas.filters import imported_mask
    from dashboard.testing import synthetic_events

    frame = synthetic_events(300, seed=2, atlas=tiny_atlas)
    mask = imported_mask(tiny_atlas, frame, Selection())
    tallies = counts.view_tallies(tiny_atlas, Selection(), {"mine": ("My data", frame, mask)})
    assert [x.title for x in tallies] == ["Atlas events", "My data"] and tallies[1].events == int(mask.sum())
    assert tallies[0].events == 12  # not added in


@pytest.mark.parametrize("by", ["type", "cartel"])
def test_the_timeline_covers_every_year_and_adds_up_to_the_count(tiny_atlas, by: str) -> None:
    rows = counts.timeline_rows(tiny_atlas, Selection(year_from=2019, year_to=2019), by, "en")
    assert rows["year"].min() < 2019 < rows["year"].max()  # the reader picks years on it: all are shown
    [x] = counts.view_tallies(tiny_atlas, Selection(year_from=2019, year_to=2019))
    assert rows.loc[rows["year"] == 2019, "events"].sum() == x.events
    cjng = counts.timeline_rows(tiny_atlas, Selection(cartels=("cjng",)), by, "en")
    assert cjng["events"].sum() == counts.view_tallies(tiny_atlas, Selection(cartels=("cjng",)))[0].events


def test_by_cartel_an_event_of_several_cartels_counts_once(tiny_atlas) -> None:
    rows = counts.timeline_rows(tiny_atlas, Selection(), "cartel", "en")
    assert rows["events"].sum() == 12 and "several cartels" in set(rows["group"])  # two events name two cartels


def test_the_page_reaches_back_to_the_first_year_of_imported_data() -> None:
    import pandas as pd

    old = pd.DataFrame({"year": [1989, 1995, 2010]})
    assert counts.earliest_year({"ucdp": ("UCDP", old, None)}) == 1989
    assert counts.earliest_year({}) == 2006


def test_a_figure_no_event_records_is_unknown_not_zero() -> None:
    """UCDP records no injuries: its count line says so instead of "0 injured"."""
    import pandas as pd

    from dashboard.views.counts import tally, tally_text

    frame = pd.DataFrame({"killed": pd.array([3, 1], dtype="Int64"), "injured": pd.array([None, None], dtype="Int64")})
    line = tally_text(tally("UCDP", frame), "en")
    assert "4 killed" in line and "injured: unknown" in line and "0 injured" not in line
    assert "heridos: se desconoce" in tally_text(tally("UCDP", frame), "es")
    partly = frame.assign(injured=pd.array([2, None], dtype="Int64"))
    assert "2 injured" in tally_text(tally("UCDP", partly), "en")  # a figure some events give is summed


def test_hexagon_casualties_unknown_where_no_point_has_them() -> None:
    import numpy as np

    from dashboard.map.hexbins import bin_points

    bins = bin_points(np.array([20.0, 20.0]), np.array([-100.0, -100.0]), np.array([1.0, 2.0]),
                      np.array([np.nan, np.nan]), 6)
    assert bins["killed"].tolist() == [3.0] and np.isnan(bins["injured"].iloc[0])


def test_the_atlas_own_blank_toll_is_none_reported_but_an_imported_one_is_unknown() -> None:
    import numpy as np
    import pandas as pd

    from dashboard.views.counts import tally, tally_text

    arrests = pd.DataFrame({"killed": [np.nan, np.nan], "killed_max": [np.nan, np.nan], "injured": [np.nan, np.nan]})
    own = tally("atlas", arrests, blank_is_unknown=False)
    assert (own.killed, own.injured) == (0, 0) and "unknown" not in tally_text(own, "en")
    imported = tally("ucdp", arrests)
    assert imported.killed is None and "killed: unknown" in tally_text(imported, "en")
