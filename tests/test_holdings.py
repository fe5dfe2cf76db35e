"""Who holds each state: the overview, one cartel's ground and the change view read from the rows."""

from __future__ import annotations

import pytest

from dashboard.atlas import filters, holdings
from dashboard.atlas.data import records
from dashboard.atlas.holdings import TerritoryRow as Row
from dashboard.model import Selection


@pytest.mark.parametrize(("rows", "kind", "cartels"), [
    ((Row("cjng", "dominant"), Row("sinaloa", "present")), "held", ("cjng",)),
    ((Row("cjng", "significant"), Row("sinaloa", "significant")), "shared", ("cjng", "sinaloa")),
    ((Row("cjng", "contested"), Row("csrl", "contested"), Row("sinaloa", "present")), "contested", ("cjng", "csrl")),
    ((Row("cjng", "dominant"), Row("csrl", "contested")), "contested", ("cjng", "csrl")),
    ((Row("cdn", "present"), Row("gulf", "present")), "present", ("cdn", "gulf")),
])
def test_a_state_reads_as_held_shared_contested_or_presence_only(rows, kind: str, cartels) -> None:
    standing = holdings.standing_of("X", 2025, rows)
    assert (standing.kind, standing.cartels) == (kind, cartels)


def test_no_leader_is_invented_where_the_sources_name_several(tiny_atlas) -> None:
    reading = filters.territory_reading(tiny_atlas, Selection(year_from=2025))
    cdmx = next(s for s in reading.standings if s.state == "Ciudad de México")  # both "significant"
    assert cdmx.kind == "shared" and cdmx.cartels == ("cjng", "sinaloa")
    assert all(len(s.cartels) == 1 for s in reading.standings if s.kind == "held")


def test_every_snapshot_year_has_at_most_one_holder_per_state(tiny_atlas) -> None:
    for year in (2019, 2023, 2025):
        rows = tiny_atlas.territories[tiny_atlas.territories["year"] == year]
        assert all(s.kind != "held" or len(s.cartels) == 1 for s in holdings.standings(records(rows)))


def test_choosing_sinaloa_counts_its_factions_as_its_own(tiny_atlas) -> None:
    reading = filters.territory_reading(tiny_atlas, Selection(cartels=("sinaloa",), year_from=2025))
    assert reading.mode == "cartel" and reading.cartel == "sinaloa"
    assert {s.state: s.kind for s in reading.standings}["Sinaloa"] == "contested"  # the factions' war


@pytest.mark.parametrize(("before", "after", "kind"), [
    (None, "significant", "gained"), ("present", "dominant", "gained"), ("contested", "significant", "gained"),
    ("significant", "dominant", "held"), ("dominant", "present", "lost"), ("significant", None, "lost"),
    ("contested", None, "lost"), (None, "present", "entered"), ("present", None, "withdrew"),
    ("present", "present", "still-present"), ("dominant", "contested", "newly-contested"),
    ("contested", "contested", "still-contested"), (None, None, None),
])
def test_change_between_two_statuses(before, after, kind) -> None:
    assert holdings.change(before, after) == kind


def test_cjng_gained_and_lost_ground_between_2019_and_2025(tiny_atlas) -> None:
    reading = filters.territory_reading(tiny_atlas, Selection(cartels=("cjng",), year_from=2025, compare=2019))
    kinds = {s.state: s.kind for s in reading.standings}
    assert reading.mode == "change" and (reading.compare, reading.year) == (2019, 2025)
    assert kinds["Ciudad de México"] == "gained" and kinds["Michoacán"] == "lost"
    assert kinds["Jalisco"] == "held" and kinds["Guanajuato"] == "still-contested"
    michoacan = next(s for s in reading.standings if s.state == "Michoacán")
    assert (michoacan.before, michoacan.after) == ("dominant", "present")


def test_compare_without_one_cartel_stays_the_overview(tiny_atlas) -> None:
    reading = filters.territory_reading(tiny_atlas, Selection(compare=2019))
    assert reading.mode == "overview"


def test_a_compare_year_that_has_no_snapshot_is_refused() -> None:
    with pytest.raises(ValueError, match="no territory snapshot"):
        Selection(compare=2020)
