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


def test_no_leader_is_invented_where_the_sources_name_several(atlas) -> None:
    reading = filters.territory_reading(atlas, Selection(year_from=2025))
    slp = next(s for s in reading.standings if s.state == "San Luis Potosí")
    assert slp.kind == "shared" and slp.cartels == ("cjng", "sinaloa")
    assert all(len(s.cartels) == 1 for s in reading.standings if s.kind == "held")


def test_every_snapshot_year_has_at_most_one_holder_per_state(atlas) -> None:
    for year in (2019, 2023, 2025):
        rows = atlas.territories[atlas.territories["year"] == year]
        assert all(s.kind != "held" or len(s.cartels) == 1 for s in holdings.standings(records(rows)))


def test_choosing_sinaloa_counts_its_factions_as_its_own(atlas) -> None:
    reading = filters.territory_reading(atlas, Selection(cartels=("sinaloa",), year_from=2025))
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


def test_cjng_gained_and_lost_ground_between_2019_and_2025(atlas) -> None:
    reading = filters.territory_reading(atlas, Selection(cartels=("cjng",), year_from=2025, compare=2019))
    kinds = {s.state: s.kind for s in reading.standings}
    assert reading.mode == "change" and (reading.compare, reading.year) == (2019, 2025)
    assert kinds["Zacatecas"] == "gained" and kinds["Baja California Sur"] == "lost"
    assert kinds["Jalisco"] == "held"
    bcs = next(s for s in reading.standings if s.state == "Baja California Sur")
    assert (bcs.before, bcs.after) == ("dominant", "present")


def test_compare_without_one_cartel_stays_the_overview(atlas) -> None:
    reading = filters.territory_reading(atlas, Selection(compare=2019))
    assert reading.mode == "overview"


def test_a_compare_year_that_has_no_snapshot_is_refused() -> None:
    with pytest.raises(ValueError, match="no territory snapshot"):
        Selection(compare=2020)
