"""The cartel palette: no two cartels that share a territory snapshot are confusable, whoever looks."""

from __future__ import annotations

import pytest

from dashboard.config import SNAPSHOT_YEARS
from dashboard.map.colour_vision import VISIONS, ciede2000, closest_pair, difference

# CIEDE2000: about 2 is just noticeable; categorical map colours want clearly more.
MIN_BETWEEN_CARTELS = 9.5
# Factions share their parent's hue and must differ by lightness instead.
MIN_WITHIN_FAMILY = 15.0


def test_ciede2000_matches_the_published_test_data() -> None:
    # Sharma, Wu & Dalal (2005), table 1, pairs 1 and 17.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_red_and_green_that_differ_for_most_people_collapse_for_the_colour_blind() -> None:
    assert difference("#D62728", "#2CA02C") > 60
    assert difference("#D62728", "#2CA02C", "deuteranopia") < difference("#D62728", "#2CA02C") / 3


def _family(atlas, cartel: str) -> str:
    parent = atlas.cartels.set_index("id").loc[cartel, "parent"]
    return parent or cartel


@pytest.mark.parametrize("year", SNAPSHOT_YEARS)
@pytest.mark.parametrize("vision", VISIONS)
def test_cartels_on_the_map_together_are_told_apart(atlas, year: int, vision: str) -> None:
    on_map = sorted(set(atlas.territories.loc[atlas.territories["year"] == year, "cartel"]))
    assert len(on_map) >= 8
    colours = {c: atlas.cartel_color(c) for c in on_map}
    for i, a in enumerate(on_map):
        for b in on_map[i + 1:]:
            gap = difference(colours[a], colours[b], vision)
            limit = MIN_WITHIN_FAMILY if _family(atlas, a) == _family(atlas, b) else MIN_BETWEEN_CARTELS
            assert gap >= limit, f"{a} {colours[a]} and {b} {colours[b]} differ by {gap:.1f} for {vision} ({year})"


def test_closest_pair_names_the_two_least_distinct() -> None:
    gap, a, b = closest_pair({"x": "#0072B2", "y": "#0073B3", "z": "#D55E00"})
    assert (a, b) == ("x", "y") and gap < 1
