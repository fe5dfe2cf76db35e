"""The choropleth of official tables: figures, classes, small numbers, unmapped areas, key, packed payload."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.map import colour_vision
from dashboard.map.choropleth import PALETTE, Request, area_shapes, choropleth, prepare, quantile_breaks
from dashboard.map.choropleth_layer import (
    area_tip,
    choropleth_collection,
    export_rows,
    legend_entries,
    packed_geometry,
    packed_js,
)
from dashboard.official.table import OfficialTable


def _counts(rows: list[tuple[str, str, str, str, float]]) -> OfficialTable:
    frame = pd.DataFrame([{"area": a, "level": "municipality" if len(a) == 5 else "state", "area_name": n,
                           "period": p, "measure": m, "modality": "", "unit": "victims", "value": v}
                          for a, n, p, m, v in rows])
    return OfficialTable("counts", "test", frame)


def _population(rows: list[tuple[str, int, float]]) -> OfficialTable:
    frame = pd.DataFrame([{"area": a, "level": "municipality" if len(a) == 5 else "state", "area_name": a,
                           "year": y, "population": p} for a, y, p in rows])
    return OfficialTable("population", "test", frame)


def _guanajuato() -> tuple[OfficialTable, OfficialTable]:
    """Twelve months of 2024 for León (11020), Salamanca (11027), a village (11001) and San Quintín (02006,
    newer than the polygons)."""
    rows = []
    for month in range(1, 13):
        period = f"2024-{month:02d}"
        rows += [("11020", "León", period, "Homicidio doloso", 30),
                 ("11027", "Salamanca", period, "Homicidio doloso", 10),
                 ("11001", "Abasolo", period, "Homicidio doloso", 0 if month > 1 else 1),
                 ("02006", "San Quintín", period, "Homicidio doloso", 2)]
    pop = [("11020", 2024, 1_800_000), ("11027", 2024, 300_000), ("11001", 2024, 5_000), ("02006", 2024, 120_000)]
    return _counts(rows), _population(pop)


def test_rates_are_per_100k_a_year_and_small_numbers_are_unreliable():
    counts, pop = _guanajuato()
    classed = choropleth(Request("t", "homicidio doloso", True, (2024, 2024)), prepare(counts, pop))
    by_area = classed.areas.set_index("area")
    assert by_area.loc["11027", "rate"] == pytest.approx(120 / 300_000 * 100_000, abs=0.01)   # 40.0
    assert by_area.loc["11020", "value"] == 360
    assert not by_area.loc["11001", "reliable"] and by_area.loc["11001", "klass"] == -1   # 5,000 people
    assert by_area.loc["11027", "reliable"]


def test_a_partial_year_is_annualised_by_its_months():
    rows = [("11027", "Salamanca", f"2025-{m:02d}", "Homicidio doloso", 10) for m in range(1, 7)]
    classed = choropleth(Request("t", None, True, (2025, 2025)),
                         prepare(_counts(rows), _population([("11027", 2025, 300_000)])))
    assert classed.areas.loc[0, "rate"] == pytest.approx(60 / (300_000 * 6 / 12) * 100_000, abs=0.01)  # 40, not 20


def test_areas_without_a_polygon_are_kept_with_their_figures_in_key_and_export():
    counts, pop = _guanajuato()
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024)), prepare(counts, pop))
    assert list(classed.unmapped["area"]) == ["02006"]
    key = " ".join(e.label for e in legend_entries(classed, "en", "t", "SESNSP", "conapo"))
    assert "02006 San Quintín: 24" in key
    exported = {r["area"]: r for r in export_rows(classed)}
    assert exported["02006"]["mapped"] is False and exported["02006"]["value"] == 24


def test_key_and_tooltips_write_numbers_as_the_readers_language_does():
    counts, pop = _guanajuato()
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024)), prepare(counts, pop))
    keys = {lang: " ".join(e.label for e in legend_entries(classed, lang, "t", "SESNSP", "conapo"))
            for lang in ("en", "de")}
    assert "02006 San Quintín: 24, 20.0 per 100,000" in keys["en"]
    assert "02006 San Quintín: 24, 20,0 je 100.000" in keys["de"]
    leon = next(r for r in classed.areas.itertuples(index=False) if r.area == "11020")
    german = area_tip(leon, classed, "de")
    assert "Bevölkerung 1.800.000" in german and "20,0 je 100.000" in german
    assert "population 1,800,000" in area_tip(leon, classed, "en")


def test_without_population_it_shows_counts_and_says_so():
    counts, _ = _guanajuato()
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024)), prepare(counts, None))
    assert not classed.rated
    labels = [e.label for e in legend_entries(classed, "en", "t", "SESNSP", None)]
    assert any("counts, not rates" in label for label in labels)


def test_the_key_names_measure_unit_period_classes_population_source_and_filters():
    counts, pop = _guanajuato()
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024)), prepare(counts, pop))
    entries = legend_entries(classed, "es", "sesnsp-gto", "SESNSP", "conapo-mun")
    text = " ".join(" ".join(e.texts) for e in entries)
    for word in ("Homicidio doloso", "victims", "2024", "cuantiles", "conapo-mun", "sesnsp-gto", "cárteles"):
        assert word in text
    ramp = next(e for e in entries if e.kind == "ramp")
    assert [c for c, _ in ramp.steps] == list(PALETTE[:len(ramp.steps)])


def test_quantile_breaks_never_make_an_empty_class():
    assert quantile_breaks(np.array([5.0, 5.0, 5.0, 5.0])) == (5.0,)
    assert len(quantile_breaks(np.arange(100, dtype=float))) == 5


def test_palette_neighbours_stay_apart_under_every_colour_vision():
    for vision in ("normal", "deuteranopia", "protanopia", "tritanopia"):
        for a, b in itertools.pairwise(PALETTE):
            assert colour_vision.difference(a, b, vision) > 10, (vision, a, b)


def test_state_polygons_carry_inegi_codes():
    shapes = area_shapes("state")
    assert sorted(shapes.index) == [f"{i:02d}" for i in range(1, 33)]
    assert shapes["08"].contains(shapely.Point(-106.45, 31.7))   # INEGI 08 is Chihuahua (Ciudad Juárez)
    assert shapes["06"].contains(shapely.Point(-103.72, 19.24))  # 06 Colima


def test_the_municipal_polygons_cover_the_framework_and_fit_the_payload():
    shapes = area_shapes("municipality")
    assert len(shapes) == 2465 and "11027" in shapes.index
    assert shapes["11027"].representative_point().x == pytest.approx(-101.2, abs=0.3)   # Salamanca, Guanajuato
    packed = sum(len(v) for v in packed_geometry("municipality").values())
    assert packed < 1_000_000   # the whole country, far under the 1.5 MB the municipal view may weigh


def test_guanajuato_view_draws_only_its_municipalities_and_no_data_ones_say_so():
    counts, pop = _guanajuato()
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024), state="11"), prepare(counts, pop))
    fc = choropleth_collection(classed, "en", state="11")
    ids = {f["id"] for f in fc["features"]}
    assert len(ids) == 46 and "area:11027" in ids
    tips = {f["id"]: f["properties"]["tip"] for f in fc["features"]}
    assert "Salamanca: 40.0 per 100,000" in tips["area:11027"]
    assert "no figure" in tips["area:11005"]


def test_tooltips_are_escaped():
    rows = [("11027", "<img src=x onerror=alert(1)>", f"2024-{m:02d}", "Homicidio doloso", 10) for m in range(1, 13)]
    prepared = prepare(_counts(rows), _population([("11027", 2024, 1e5)]))
    classed = choropleth(Request("t", None, True, (2024, 2024)), prepared)
    js = packed_js(classed, "en", state="11")
    assert "\\u0026lt;img" in js and "<img" not in js   # escaped as HTML, then as script-safe JSON


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: the decoder is not run")
def test_the_packed_geometry_decodes_to_the_polygons(tmp_path):
    counts, pop = _guanajuato()
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024), state="11"), prepare(counts, pop))
    script = tmp_path / "decode.js"
    script.write_text("var fc=" + packed_js(classed, "en", "11") + ";console.log(JSON.stringify(fc.features[26]));")
    decoded = json.loads(subprocess.run(["node", str(script)], capture_output=True, text=True, check=True).stdout)
    ring = np.array(decoded["geometry"]["coordinates"][0][0])
    expected = np.array(area_shapes("municipality")[decoded["id"][5:]].geoms[0].exterior.coords
                        if area_shapes("municipality")[decoded["id"][5:]].geom_type == "MultiPolygon"
                        else area_shapes("municipality")[decoded["id"][5:]].exterior.coords)
    assert ring.shape == expected.shape and np.abs(ring - expected).max() < 0.0011


def test_a_table_of_codes_only_gets_its_names_from_the_population_table():
    rows = [("02006", "", f"2021-{m:02d}", "Homicidio", 2) for m in range(1, 13)]
    pop = _population([("02006", 2021, 120_000)])
    pop.frame["area_name"] = "San Quintín"
    classed = choropleth(Request("t", None, True, (2021, 2021)), prepare(_counts(rows), pop))
    assert classed.unmapped.loc[0, "area_name"] == "San Quintín"


def test_no_reliable_area_gives_a_key_without_classes_not_an_error():
    counts, _ = _guanajuato()
    state_only = _population([("11", 2024, 6_000_000)])   # a population of states for a municipal table
    classed = choropleth(Request("t", "Homicidio doloso", True, (2024, 2024)), prepare(counts, state_only))
    assert classed.breaks == () and (classed.areas["klass"] == -1).all()
    ramp = next(e for e in legend_entries(classed, "en", "t", "SESNSP", "conapo") if e.kind == "ramp")
    assert ramp.steps == ()
    drawn = choropleth_collection(classed, "en", "11")["features"]
    fills = {f["id"]: f["properties"]["style"]["fillColor"] for f in drawn}
    assert fills["area:11027"] == "#FFFFFF"   # no rate: drawn as "no figure", not as unreliable grey
