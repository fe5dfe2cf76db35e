"""Reading CSV and GeoJSON: delimiters, line numbers, features and their geometries."""

from __future__ import annotations

import json

import pytest

from dashboard.imports.rejections import ImportRejected
from dashboard.imports.upload import parse_upload
from tests.geodata_atlas import geodata_atlas


@pytest.mark.parametrize(("delimiter", "notice"), [(",", None), (";", "semicolon-separated file"),
                                                   ("\t", "tab-separated file"), ("|", "pipe-separated file")])
def test_delimiters(delimiter, notice):
    text = delimiter.join(["date", "lat", "lon", "notes"]) + "\n"
    text += delimiter.join(["2024-01-01", "20.5", "-101.2", '"a, b; c"']) + "\n"
    result = parse_upload(text.encode(), "x.txt", atlas=geodata_atlas())
    assert len(result.rows) == 1 and result.rows[0].notes == "a, b; c"
    assert (notice in result.notices) if notice else not any("separated" in n for n in result.notices)


def test_multiline_fields_keep_line_numbers():
    raw = (b'date,lat,lon,notes\n2024-01-01,20.5,-101.2,"one\ntwo\nthree"\n'
           b"2024-13-01,20.5,-101.2,x\n\n2024-01-02,20.5,-101.2,y\n")
    result = parse_upload(raw, "x.csv", atlas=geodata_atlas())
    assert [r.line for r in result.rows] == [2, 7]
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejected] == [(5, "bad date '2024-13-01'")]


def test_geojson_points(load, by_line):
    result = load("events.geojson")
    assert result.format == "geojson" and result.unit == "feature"
    rows = {r.line: r for r in result.rows}
    assert sorted(rows) == [1, 2, 3]
    assert rows[1].id == "gj-1" and rows[1].cartels == ("cjng",) and rows[1].injured == 2
    assert (rows[1].lat, rows[1].lon) == (20.5698, -101.1977)
    assert rows[2].id == "events-2" and rows[2].killed == 4 and rows[2].date == "2024-09-16"
    assert rows[2].cartels == ("chapitos", "mayiza")
    assert rows[3].geocoded and rows[3].admin1 == "Coahuila"
    rejected = by_line(result)
    assert "only points" in rejected[4].reason
    assert "out of range" in rejected[5].reason
    assert result.reasons()[0].startswith("feature 4:")


@pytest.mark.parametrize(("doc", "message"), [
    ({"type": "Topology"}, "not a GeoJSON FeatureCollection"),
    ([1, 2, 3], "not a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": {}}, "no 'features' list"),
    ({"type": "FeatureCollection", "features": []}, "no features"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                                                 "properties": {"name": "x"}}]}, "no date property"),
])
def test_geojson_structure_errors(doc, message):
    with pytest.raises(ImportRejected, match=message):
        parse_upload(json.dumps(doc).encode(), "x.geojson", atlas=geodata_atlas())


@pytest.mark.parametrize(("geometry", "reason"), [
    ({"type": "Point", "coordinates": ["-101", "20"]}, "must be [longitude, latitude]"),
    ({"type": "Point", "coordinates": [True, 20]}, "must be [longitude, latitude]"),
    ({"type": "Point", "coordinates": [-101]}, "must be [longitude, latitude]"),
    ({"type": "LineString", "coordinates": [[-101, 20], [-100, 21]]}, "only points"),
    ("POINT (1 2)", "not a GeoJSON object"),
    ({"type": "Point", "coordinates": [20.57, -101.2]}, "look swapped"),
])
def test_geojson_bad_geometries(geometry, reason):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": geometry, "properties": {"date": "2024-01-01"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-101.2, 20.57]},
         "properties": {"date": "2024-01-01"}}]}
    result = parse_upload(json.dumps(doc).encode(), "x.geojson", atlas=geodata_atlas())
    assert len(result.rows) == 1
    assert reason in result.rejected[0].reason and result.rejected[0].line == 1


def test_geojson_infinite_coordinate_is_rejected():
    raw = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"date":"2024-01-01"},'
           b'"geometry":{"type":"Point","coordinates":[1e999,20]}}]}')
    result = parse_upload(raw, "x.json", atlas=geodata_atlas())
    assert not result.rows and "finite" in result.rejected[0].reason


def test_broken_json_fixture(load):
    with pytest.raises(ImportRejected, match=r"not valid JSON: .* line 4"):
        load("broken.geojson")


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_too_many_rows_is_rejected_whole(fmt):
    n = 1001
    if fmt == "csv":
        raw = b"date,lat,lon\n" + b"2024-01-01,20.5,-101.2\n" * n
    else:
        feat = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-101.2, 20.5]},
                "properties": {"date": "2024-01-01"}}
        raw = json.dumps({"type": "FeatureCollection", "features": [feat] * n}).encode()
    with pytest.raises(ImportRejected, match="more than 1,000"):
        parse_upload(raw, f"x.{fmt}", max_rows=1000, atlas=geodata_atlas())
    assert len(parse_upload(raw, f"x.{fmt}", max_rows=n, atlas=geodata_atlas()).rows) == n
