"""Tables a user sends on: one layer (``export``) or a whole view (``snapshot``), as GeoJSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from dashboard.atlas.filters import layer_for
from dashboard.cli.main import main
from dashboard.model import Selection
from dashboard.share.link import Snapshot
from dashboard.share.tables import to_csv, to_geojson, view_csv, view_geojson
from dashboard.text import formula_safe

CDN_2019 = Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019))
IMPORT_DATA = Path(__file__).resolve().parents[1] / "data" / "import"
EVENT_PROPS = ("date", "year", "place_id", "cartels", "type", "killed", "injured", "confidence", "sources")


def _export(capsys, *args: str) -> str:
    assert main(["export", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_cli_export_events_geojson_filtered(run_cli, tiny_atlas_root):
    result = run_cli("export", "events", "--cartel", "cjng", "--from", "2019", "--to", "2020", "--format", "geojson",
                     geodata=tiny_atlas_root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert sorted(f["id"] for f in features) == ["aguililla-ambush", "capital-attack"]
    for f in features:
        props = f["properties"]
        assert set(EVENT_PROPS) <= set(props)
        assert props["id"] == f["id"]
        assert 2019 <= props["year"] <= 2020 and props["date"][:4] == str(props["year"])
        assert "cjng" in props["cartels"] and isinstance(props["cartels"], list)
        assert isinstance(props["sources"], list) and props["sources"]
        assert props["confidence"] in ("H", "M", "L")
        assert f["geometry"]["type"] == "Point"
    by_id = {f["id"]: f["properties"] for f in features}
    assert by_id["aguililla-ambush"]["killed"] == 13 and by_id["aguililla-ambush"]["place_id"] == "aguililla"
    assert by_id["capital-attack"]["injured"] is None  # unknown stays null, not 0 or NaN


def test_csv_export_has_same_ids_as_geojson(capsys, cli_on_tiny_atlas):
    args = ("events", "--cartel", "cjng", "--from", "2019", "--to", "2020")
    geo = json.loads(_export(capsys, *args))
    rows = _csv_rows(_export(capsys, *args, "--format", "csv"))
    assert [r["id"] for r in rows] == [f["id"] for f in geo["features"]]
    ambush = next(r for r in rows if r["id"] == "aguililla-ambush")
    assert ambush["killed"] == "13" and ambush["cartels"] == "cjng" and ambush["year"] == "2019"
    # coordinates stay numbers: a western longitude must not be turned into text
    assert float(ambush["lon"]) < -100 and 18 < float(ambush["lat"]) < 20


def test_csv_numbers_are_not_neutralised(capsys, cli_on_tiny_atlas):
    rows = _csv_rows(_export(capsys, "places", "--format", "csv"))
    salamanca = next(r for r in rows if r["id"] == "salamanca")
    assert (salamanca["lat"], salamanca["lon"]) == ("20.57", "-101.2")  # a minus sign, not a formula


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1-2", "'+1-2"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\r=1", "'\r'=1"),  # the CR ends a row where the quote is not read: what follows is neutralised too
    ("Villa Unión", "Villa Unión"),
    ("a=b", "a=b"),
    ("", ""),
    (None, ""),
    (["cjng", "csrl"], "cjng;csrl"),
    (["=evil", "x"], "'=evil;x"),
    (-101.1977, "-101.1977"),
    (22, "22"),
    (True, "True"),
])
def test_formula_safe(value, expected):
    assert formula_safe(value) == expected


def test_to_csv_neutralises_text_cells_on_a_tiny_frame():
    frame = gpd.GeoDataFrame(
        {"id": ["x1", "x2"], "date": ["2020-01-01", "2021-02-03"], "year": [2020, 2021],
         "cartels": [("cjng",), ()], "type": ["attack", "policy"],
         "killed": pd.array([3, None], dtype="Int64"),
         "title_en": ["=cmd|'/C calc'!A0", "@user said"], "summary_en": ["-1 dead", "plain"]},
        geometry=[shapely.Point(-99.1, 19.4), shapely.Point(-106.2, 23.2)], crs=4326)
    rows = _csv_rows(to_csv(frame, "events"))
    assert [r["id"] for r in rows] == ["x1", "x2"]
    assert rows[0]["title_en"] == "'=cmd|'/C calc'!A0"
    assert rows[1]["title_en"] == "'@user said"
    assert rows[0]["summary_en"] == "'-1 dead"
    assert rows[1]["summary_en"] == "plain"
    assert rows[0]["killed"] == "3" and rows[1]["killed"] == ""
    assert rows[0]["cartels"] == "cjng" and rows[1]["cartels"] == ""
    assert (rows[0]["lat"], rows[0]["lon"]) == ("19.4", "-99.1")
    # GeoJSON keeps the original text: only spreadsheets need the apostrophe
    geo = json.loads(to_geojson(frame, "events"))
    assert geo["features"][0]["properties"]["title_en"] == "=cmd|'/C calc'!A0"
    assert geo["features"][1]["properties"]["killed"] is None


def test_to_csv_flows_write_both_end_points():
    frame = gpd.GeoDataFrame({"id": ["f1"], "from_place": ["a"], "to_place": ["b"]},
                             geometry=[shapely.LineString([(-94.3, 39.1), (-100.7, 28.2)])], crs=4326)
    [row] = _csv_rows(to_csv(frame, "flows"))
    assert (row["from_lat"], row["from_lon"], row["to_lat"], row["to_lon"]) == ("39.1", "-94.3", "28.2", "-100.7")


@pytest.mark.parametrize(("args", "says"), [
    (("--cartel", "zetas-x"), "unknown cartel id 'zetas-x'"),
    (("--from", "2020", "--to", "2019"), "--from 2020 is after --to 2019"),
    (("--from", "abc"), "'abc' is not a year"),
])
def test_cli_export_bad_input_is_one_line_exit_2(run_cli, args, says, tiny_atlas_root):
    result = run_cli("export", "events", *args, geodata=tiny_atlas_root)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and says in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "says"), [
    (("events", "--to", "1980"), "1980 is outside"),
    (("events", "--format", "xlsx"), "invalid choice: 'xlsx'"),
    (("events", "--type", "picnic"), "invalid choice: 'picnic'"),
    (("cartels-of-mars",), "invalid choice: 'cartels-of-mars'"),
])
def test_cli_export_more_bad_input(cli_on_tiny_atlas, capsys, args, says):
    assert main(["export", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and says in err


def test_cli_export_to_file(tmp_path, capsys, cli_on_tiny_atlas):
    target = tmp_path / "cdn.geojson"
    assert main(["export", "events", "--cartel", "cdn", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert "villa-union-attack" in {f["id"] for f in data["features"]}
    assert all("cdn" in f["properties"]["cartels"] for f in data["features"])
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind

    csv_target = tmp_path / "cdn.csv"
    assert main(["export", "events", "--cartel", "cdn", "--format", "csv", "--output", str(csv_target)]) == 0
    assert {r["id"] for r in _csv_rows(csv_target.read_text(encoding="utf-8"))} == {f["id"] for f in data["features"]}


def test_cli_export_to_missing_directory_is_an_error(tmp_path, capsys, cli_on_tiny_atlas):
    assert main(["export", "places", "-o", str(tmp_path / "no" / "such" / "dir.geojson")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("layer", "geom_types", "count"), [
    ("places", {"Point"}, 12),
    ("events", {"Point"}, 12),
    ("territories", {"Polygon", "MultiPolygon"}, 11),  # latest snapshot (2025) only
    ("flows", {"LineString"}, 4),
    ("crossings", {"Point"}, 2),
    ("chapters", {"Point"}, 3),
])
def test_every_layer_exports(capsys, cli_on_tiny_atlas, layer, geom_types, count):
    data = json.loads(_export(capsys, layer))
    features = data["features"]
    assert len(features) == count
    assert {f["geometry"]["type"] for f in features} <= geom_types
    ids = [f["id"] for f in features]
    assert all(ids) and len(set(ids)) == len(ids)
    rows = _csv_rows(_export(capsys, layer, "--format", "csv"))
    assert [r["id"] for r in rows] == ids


# --- a whole view (snapshot -o FILE.geojson|.csv) ---------------------------------------------

@pytest.mark.parametrize("layer", ["events", "places", "crossings", "flows", "territories"])
def test_geojson_snapshot_matches_export_for_the_same_filters(tiny_atlas, layer: str) -> None:
    data = json.loads(view_geojson(tiny_atlas, CDN_2019))
    ids = {f["id"] for f in data["features"] if f["properties"]["layer"] == layer}
    exported = json.loads(to_geojson(layer_for(tiny_atlas, layer, CDN_2019.selection), layer))
    assert ids == {f["id"] for f in exported["features"]}
    assert data["metadata"]["data_version"] == tiny_atlas.version
    assert "cartel=cdn" in data["metadata"]["query"]
    assert all(s["publisher"] for s in data["metadata"]["sources"])


def test_csv_snapshot_round_trips_and_is_formula_safe(tiny_atlas) -> None:
    rows = list(csv.DictReader(io.StringIO(view_csv(tiny_atlas, CDN_2019))))
    geo = json.loads(view_geojson(tiny_atlas, CDN_2019))
    assert {(r["layer"], r["id"]) for r in rows} == {(f["properties"]["layer"], f["id"]) for f in geo["features"]}
    for row in rows:
        assert not any(v.startswith(("=", "+", "@")) for v in row.values())
        if row["layer"] == "events":
            assert -180 <= float(row["lon"]) <= 180  # numbers stay numbers


def test_imported_datasets_are_shared_with_the_view(tiny_atlas, cli_on_tiny_atlas, tmp_path, capsys,
                                                    monkeypatch) -> None:
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload
    from dashboard.share.html import render_html

    # its own store: a dataset "mine" left in the session's store would lend its credits to other tests' "mine"
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))

    source = IMPORT_DATA / "acled_sample.csv"
    result = parse_upload(source.read_bytes(), source.name, atlas=tiny_atlas)
    frame = result.to_frame()
    snap = Snapshot(Selection(cartels=("cdn",)))
    wanted = {r.id for r in result.rows if "cdn" in r.cartels}
    assert wanted, "the sample names the CDN"
    data = json.loads(view_geojson(tiny_atlas, snap, {"mine": frame}))
    assert {f["id"] for f in data["features"] if f["properties"]["layer"] == "imported:mine"} == wanted
    rows = list(csv.DictReader(io.StringIO(view_csv(tiny_atlas, snap, {"mine": frame}))))
    assert {r["id"] for r in rows if r["layer"] == "imported:mine"} == wanted
    assert "imported:mine" in render_html(tiny_atlas, snap, imported={"mine": frame})
    save_dataset("mine", result)
    out = tmp_path / "mine.geojson"
    assert main(["snapshot", "--cartel", "cdn", "--dataset", "mine", "-o", str(out)]) == 0
    assert {f["id"] for f in json.loads(out.read_text())["features"]
            if f["properties"]["layer"] == "imported:mine"} == wanted
    assert main(["snapshot", "--dataset", "nobody", "-o", str(tmp_path / "x.png")]) == 2


def test_a_dataset_as_the_page_keeps_it_is_exported_with_its_points(tiny_atlas, tmp_path, monkeypatch) -> None:
    """The page holds a stored dataset without shapely points (a million cost 226 MB); its exports still place
    every row: GeoJSON points at the rows' lat/lon, the CSV's lat/lon, the PNG's and the HTML map's marks."""
    from dashboard.imports.store import load_dataset, save_dataset
    from dashboard.imports.upload import parse_upload
    from dashboard.share import png
    from dashboard.share.html import render_html

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    source = IMPORT_DATA / "acled_sample.csv"
    save_dataset("mine", parse_upload(source.read_bytes(), source.name, atlas=tiny_atlas))
    kept = load_dataset("mine", points=False)
    assert "geometry" not in kept.columns   # what the page holds
    stored = load_dataset("mine").set_index("id")
    snap = Snapshot(Selection(cartels=("cdn",)))
    shared = [f for f in json.loads(view_geojson(tiny_atlas, snap, {"mine": kept}))["features"]
              if f["properties"]["layer"] == "imported:mine"]
    assert shared and all(f["geometry"]["type"] == "Point" for f in shared)
    for f in shared:
        lon, lat = f["geometry"]["coordinates"]
        assert (lat, lon) == pytest.approx((stored.loc[f["id"], "lat"], stored.loc[f["id"], "lon"]), abs=1e-5)
    rows = [r for r in csv.DictReader(io.StringIO(view_csv(tiny_atlas, snap, {"mine": kept})))
            if r["layer"] == "imported:mine"]
    assert len(rows) == len(shared) and all(r["lat"] and r["lon"] for r in rows)
    assert "imported:mine" in render_html(tiny_atlas, snap, imported={"mine": kept})
    assert png.render(tiny_atlas, snap, "png", 800, 500, 1, {"mine": kept}).startswith(b"\x89PNG")
