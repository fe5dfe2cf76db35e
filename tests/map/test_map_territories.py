"""Territories drawn: one colour for a holder, touching bands for sharers, gapped bands and a dashed edge if fought."""

from __future__ import annotations

import shapely

from dashboard.map import territories
from dashboard.map.compose import map_collections
from dashboard.model import Selection


def _state(fc: dict, state: str) -> list[dict]:
    return [f for f in fc["features"] if f["properties"]["state"] == state]


def _territories(atlas, sel: Selection) -> dict:
    return map_collections(atlas, sel, "en", None, 5)["territories"]


def test_stripes_stay_inside_the_polygon_and_share_it_between_colours() -> None:
    square = shapely.box(0, 0, 4, 4)
    groups = territories.stripes(square, 3, spacing=0.5)
    assert len(groups) == 3 and all(not g.is_empty for g in groups)
    assert all(square.buffer(1e-9).contains(g) for g in groups)
    lengths = [g.length for g in groups]
    assert max(lengths) / min(lengths) < 1.5  # no colour hides the others


def test_stripes_and_outlines_are_memoised_by_value() -> None:
    before = territories.stripes.cache_info().hits
    assert territories.stripes(shapely.box(0, 0, 4, 4), 2, 0.5) is territories.stripes(shapely.box(0, 0, 4, 4), 2, 0.5)
    assert territories.stripes.cache_info().hits > before


def test_a_held_state_is_one_flat_colour_and_says_who_holds_it(tiny_atlas) -> None:
    jalisco = _state(_territories(tiny_atlas, Selection(year_from=2025)), "Jalisco")
    assert len(jalisco) == 1
    style = jalisco[0]["properties"]["style"]
    assert style["fillColor"] == tiny_atlas.cartel_color("cjng") and style["fillOpacity"] >= 0.5
    assert "Held by Jalisco New Generation Cartel" in jalisco[0]["properties"]["tip"]


def test_a_shared_state_has_touching_bands_of_both_cartels_and_no_dashed_edge(tiny_atlas) -> None:
    cdmx = _state(_territories(tiny_atlas, Selection(year_from=2025)), "Ciudad de México")  # both "significant"
    bands = {f["properties"]["style"]["color"] for f in cdmx if f["properties"].get("part") == "stripes"}
    assert bands == {tiny_atlas.cartel_color("cjng"), tiny_atlas.cartel_color("sinaloa")}
    assert not any(f["properties"].get("part") == "outline" for f in cdmx)
    assert "Shared:" in cdmx[0]["properties"]["tip"] and "dominant" not in cdmx[0]["properties"]["tip"]


def test_a_contested_state_has_gapped_bands_and_a_dashed_edge(tiny_atlas) -> None:
    gto = _state(_territories(tiny_atlas, Selection(year_from=2025)), "Guanajuato")
    bands = [f for f in gto if f["properties"].get("part") == "stripes"]
    edge = [f for f in gto if f["properties"].get("part") == "outline"]
    assert {f["properties"]["style"]["color"] for f in bands} == {tiny_atlas.cartel_color("cjng"),
                                                                   tiny_atlas.cartel_color("csrl")}
    assert all(f["properties"]["style"]["weight"] < territories.BAND_SHARE * territories.spacing_px(5) for f in bands)
    assert len(edge) == 1 and edge[0]["properties"]["style"]["dashArray"]


def test_one_cartel_view_is_darker_where_it_has_more_ground(tiny_atlas) -> None:
    fc = _territories(tiny_atlas, Selection(cartels=("cjng",), year_from=2025))
    jalisco, michoacan = _state(fc, "Jalisco")[0], _state(fc, "Michoacán")[0]  # dominant, present
    assert jalisco["properties"]["style"]["fillOpacity"] > michoacan["properties"]["style"]["fillOpacity"]
    assert {f["properties"]["style"]["fillColor"] for f in fc["features"] if "fillColor" in f["properties"]["style"]
            and f["properties"]["style"]["fillColor"] != "#FFFFFF"} == {tiny_atlas.cartel_color("cjng")}


def test_the_change_view_draws_gains_in_blue_and_losses_in_red(tiny_atlas) -> None:
    fc = _territories(tiny_atlas, Selection(cartels=("cjng",), year_from=2025, compare=2019))
    fill = {f["properties"]["state"]: f["properties"]["style"].get("fillColor") for f in fc["features"]
            if f["properties"].get("part") is None}
    assert fill["Ciudad de México"] == territories.CHANGE_COLOUR["gained"]
    assert fill["Michoacán"] == territories.CHANGE_COLOUR["lost"]
    tip = _state(fc, "Michoacán")[0]["properties"]["tip"]
    assert "lost ground" in tip and "2019: dominant" in tip and "2025: present" in tip
