"""Bring your own events: parsing uploads (CSV, ACLED exports, GeoJSON) safely and without guessing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard.config import EVENT_TYPES
from dashboard.imports.importer import (
    ROW_COLUMNS,
    CartelMatcher,
    DateProblem,
    ImportRejected,
    check_coordinates,
    clean_text,
    default_matcher,
    map_type,
    parse_date,
    parse_upload,
)

DATA = Path(__file__).resolve().parent / "data" / "import"


def load(name: str, **kwargs):  # noqa: ANN201
    return parse_upload((DATA / name).read_bytes(), name, **kwargs)


def by_line(result) -> dict:  # noqa: ANN001
    return {r.line: r for r in result.rejected}


def kept(result) -> dict:  # noqa: ANN001
    return {r.id: r for r in result.rows}


# -- ACLED export ------------------------------------------------------------------------------
ACLED_KEPT = [
    # id, date, type, cartels
    ("mex101", "2024-01-25", "attack", ("cjng",)),
    ("mex102", "2024-09-16", "armed-conflict", ("sinaloa", "chapitos", "mayiza")),
    ("mex103", "2019-11-30", "armed-conflict", ("cdn",)),
    ("mex104", "2023-03-04", "armed-conflict", ("cjng", "csrl")),
    ("mex105", "2024-05-10", "attack", ("carteles-unidos",)),
    ("mex106", "2023-12-20", "attack", ("la-barredora",)),
    ("mex109", "2024-07-25", "arrest", ("other",)),
    ("mex110", "2024-08-01", "politics", ("other",)),
]
ACLED_REJECTED = [
    (8, "latitude and longitude look swapped"),
    (9, "bad date '31 February 2024'"),
    (12, "non-numeric fatalities 'several'"),
]


@pytest.fixture(scope="module")
def acled():
    return load("acled_sample.csv")


@pytest.mark.parametrize(("row_id", "date", "event_type", "cartels"), ACLED_KEPT)
def test_acled_rows_kept(acled, row_id, date, event_type, cartels):
    row = kept(acled)[row_id]
    assert (row.date, row.type, row.cartels) == (date, event_type, cartels)
    assert row.year == int(date[:4])
    assert row.country == "MX"
    assert not row.geocoded


def test_acled_keeps_exactly_the_good_rows(acled):
    assert sorted(kept(acled)) == sorted(r[0] for r in ACLED_KEPT)
    assert sorted(by_line(acled)) == [line for line, _ in ACLED_REJECTED]
    assert "recognised ACLED export columns" in acled.notices


@pytest.mark.parametrize(("line", "reason"), ACLED_REJECTED)
def test_acled_rejected_rows_name_line_and_reason(acled, line, reason):
    rej = by_line(acled)[line]
    assert reason in rej.reason
    assert rej.values["event_id_cnty"] == f"MEX{100 + line - 1}"  # the raw row travels with the reason


def test_acled_fields_and_line_numbers(acled):
    row = kept(acled)["mex101"]
    assert row.line == 2
    assert (row.lat, row.lon) == (20.5698, -101.1977)
    assert (row.killed, row.injured) == (3, None)
    assert row.type_original == "Violence against civilians: Attack"
    assert row.actors == "Cartel de Jalisco Nueva Generacion; Civilians (Mexico)"
    assert row.place == "Salamanca" and row.admin1 == "Guanajuato"
    assert row.source == "El Sol de Salamanca"
    assert row.notes.startswith("Armed men opened fire")
    assert kept(acled)["mex110"].actors == "Protesters (Mexico)"


def test_frame_has_the_documented_columns(acled):
    frame = acled.to_frame()
    assert tuple(c for c in frame.columns if c != "geometry") == ROW_COLUMNS
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == len(acled.rows)
    first = frame.iloc[0]
    assert (first.geometry.x, first.geometry.y) == (first["lon"], first["lat"])
    assert set(frame["type"]) <= set(EVENT_TYPES)


# -- place names: geocoded, ambiguous, unknown --------------------------------------------------
@pytest.fixture(scope="module")
def places():
    return load("places_ambiguous.csv")


def test_place_names_are_geocoded_only_when_unambiguous(places):
    good = {r.line: r for r in places.rows}
    assert sorted(good) == [3, 5, 6, 8]
    villa = good[3]
    assert villa.geocoded and villa.admin1 == "Coahuila"
    assert abs(villa.lat - 28.2223) < 0.05 and abs(villa.lon + 100.7262) < 0.05
    assert villa.cartels == ("cdn",) and villa.killed == 22 and villa.injured == 6
    assert good[5].admin1 == "Guanajuato" and abs(good[5].lat - 20.57) < 0.05
    assert good[5].cartels == ("cjng",) and good[5].type == "massacre"
    assert good[6].type == "armed-conflict" and good[6].type_original == "shootout"
    assert (good[8].country, good[8].admin1) == ("US", "Missouri")


def test_ambiguous_place_needs_review_with_candidates(places):
    rej = by_line(places)[2]
    assert rej.reason.startswith("needs review")
    states = {(c.admin1, c.country) for c in rej.candidates}
    assert {("Coahuila", "MX"), ("Sinaloa", "MX")} <= states
    for cand in rej.candidates:
        assert cand.name and -90 <= cand.lat <= 90 and -180 <= cand.lon <= 180
    assert "Coahuila" in rej.candidates_text() and "Sinaloa" in rej.candidates_text()


@pytest.mark.parametrize(("line", "reason"), [
    (4, "unknown place 'Nowhereville, MX'"),
    (7, "needs review: no 'Villa Unión' in 'Nuevo León, MX'"),
])
def test_unknown_places_are_rejected(places, line, reason):
    assert reason in by_line(places)[line].reason


def test_ambiguous_row_is_never_guessed(places):
    assert all(r.line != 2 for r in places.rows)


def test_generated_ids_use_dataset_and_line(places):
    assert {r.id for r in places.rows} == {f"places-ambiguous-{n}" for n in (3, 5, 6, 8)}
    renamed = places.renamed("my-list")
    assert {r.id for r in renamed.rows} == {f"my-list-{n}" for n in (3, 5, 6, 8)}


def test_nearby_duplicate_gazetteer_entries_count_as_one():
    # GeoNames lists Villa Unión, Coahuila twice (1 km apart): that is one town, not an ambiguity
    result = parse_upload(b"place,state,date\nVilla Union,Coahuila,2019-11-30\n", "x.csv")
    assert len(result.rows) == 1 and result.rows[0].geocoded


def test_geocoder_is_pluggable_and_cached():
    calls = []

    def fake(name, admin1=None, country=None):  # noqa: ANN001, ANN202
        from dashboard.imports.gazetteer import Candidate

        calls.append((name, admin1, country))
        return [Candidate(name, admin1 or "X", country or "MX", 20.0, -100.0, 1, 1)]

    raw = b"place,state,date\n" + b"Foo,Bar,2024-01-01\n" * 50
    result = parse_upload(raw, "x.csv", geocoder=fake)
    assert len(result.rows) == 50 and len(calls) == 1


# -- encodings and delimiters -------------------------------------------------------------------
def test_semicolon_file_with_bom_and_decimal_commas():
    result = load("semicolon_bom.csv")
    assert not result.rejected
    assert "UTF-8 byte-order mark removed" in result.notices
    assert "semicolon-separated file" in result.notices
    rows = {r.line: r for r in result.rows}
    assert (rows[2].lat, rows[2].lon) == (20.5698, -101.1977)
    assert rows[2].notes == "Ataque armado en un bar, con coma dentro del texto"
    assert rows[3].cartels == ("sinaloa",) and rows[3].place == "Culiacán"
    assert rows[4].geocoded and rows[4].cartels == ("csrl",)
    assert result.columns[0] == "fecha"  # the BOM is not part of the first column name


def test_cp1252_file_is_read_with_a_notice():
    result = load("cp1252.csv")
    assert not result.rejected
    assert any("Windows-1252" in n for n in result.notices)
    assert [r.place for r in result.rows] == ["Culiacán", "Uruapan", "Villa Unión"]
    assert "–" in result.rows[0].notes  # cp1252 0x96, not a replacement character
    assert all(r.geocoded for r in result.rows)


@pytest.mark.parametrize(("delimiter", "notice"), [(",", None), (";", "semicolon-separated file"),
                                                   ("\t", "tab-separated file"), ("|", "pipe-separated file")])
def test_delimiters(delimiter, notice):
    text = delimiter.join(["date", "lat", "lon", "notes"]) + "\n"
    text += delimiter.join(["2024-01-01", "20.5", "-101.2", '"a, b; c"']) + "\n"
    result = parse_upload(text.encode(), "x.txt")
    assert len(result.rows) == 1 and result.rows[0].notes == "a, b; c"
    assert (notice in result.notices) if notice else not any("separated" in n for n in result.notices)


def test_utf16_with_bom():
    raw = "date,lat,lon,place\n2024-01-01,20.5,-101.2,Culiacán\n".encode("utf-16")
    result = parse_upload(raw, "x.csv")
    assert result.rows[0].place == "Culiacán"
    assert any("UTF-16" in n for n in result.notices)


# -- GeoJSON ------------------------------------------------------------------------------------
def test_geojson_points():
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
        parse_upload(json.dumps(doc).encode(), "x.geojson")


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
    result = parse_upload(json.dumps(doc).encode(), "x.geojson")
    assert len(result.rows) == 1
    assert reason in result.rejected[0].reason and result.rejected[0].line == 1


def test_geojson_infinite_coordinate_is_rejected():
    raw = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"date":"2024-01-01"},'
           b'"geometry":{"type":"Point","coordinates":[1e999,20]}}]}')
    result = parse_upload(raw, "x.json")
    assert not result.rows and "finite" in result.rejected[0].reason


# -- hostile files ------------------------------------------------------------------------------
@pytest.fixture
def no_gdal(monkeypatch):
    """Fail the test if anything hands data to GDAL (pyogrio / geopandas readers)."""
    import pyogrio

    import geopandas as gpd

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("an upload reached GDAL")

    for mod, name in ((gpd, "read_file"), (pyogrio, "read_dataframe"), (pyogrio, "read_info"),
                      (pyogrio, "open_arrow"), (pyogrio, "list_layers")):
        monkeypatch.setattr(mod, name, boom)


@pytest.mark.parametrize("name", ["evil.geojson", "evil_vrt.csv"])
def test_gdal_vrt_is_rejected_without_reading_files(no_gdal, name):
    raw = (DATA / name).read_bytes()
    assert b"/etc/passwd" in raw
    with pytest.raises(ImportRejected) as err:
        parse_upload(raw, name)
    message = str(err.value)
    assert "looks like XML" in message
    if name.endswith(".geojson"):
        assert message.startswith("not JSON")
    assert "root:" not in message and "\n" not in message


def test_every_fixture_parses_without_gdal(no_gdal):
    for path in DATA.iterdir():
        try:
            parse_upload(path.read_bytes(), path.name)
        except ImportRejected:
            pass


@pytest.mark.parametrize(("raw", "filename", "message"), [
    (b"", "x.csv", "empty"),
    (b"   \n\n", "x.csv", "empty"),
    (b"PK\x03\x04rest-of-a-zip", "x.csv", "ZIP archive"),
    (b"SQLite format 3\x00....", "x.geojson", "SQLite"),
    (b"date,place\x00,lat\n", "x.csv", "NUL bytes"),
    (b"<!DOCTYPE html><html><body>hi</body></html>", "x.csv", "looks like HTML"),
    (b"date,place\n2024-01-01,Culiacan\n", "x.geojson", "not JSON"),
    (b'{"type": "FeatureCollection", "features": [', "x.geojson", "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "x.json", "JSON"),
    (b"onlyonecolumn\nvalue\n", "x.csv", "fewer than two columns"),
    (b"place,notes\nCuliacan,x\n", "x.csv", "no date column"),
    (b"date,notes\n2024-01-01,x\n", "x.csv", "no latitude/longitude and no place-name column"),
    (b"date,place,Date\n2024-01-01,x,y\n", "x.csv", "appears twice"),
    (b"date,place\n", "x.csv", "no rows"),
    (b"date,place\n\xff\xfe\x81\x8d\x8f\n", "x.csv", "not UTF-8"),
])
def test_bad_files_get_one_line_errors(raw, filename, message):
    with pytest.raises(ImportRejected, match=message) as err:
        parse_upload(raw, filename)
    assert "\n" not in str(err.value)


def test_broken_json_fixture():
    with pytest.raises(ImportRejected, match=r"not valid JSON: .* line 4"):
        load("broken.geojson")


def test_too_large_is_rejected_before_parsing(no_gdal):
    huge = b"date,lat,lon\n" + b"2024-01-01,20.5,-101.2\n" * 1_000_000  # ~23 MB, generated, not committed
    with pytest.raises(ImportRejected, match=r"file is 2\d\.\d MB; the limit is 20\.0 MB"):
        parse_upload(huge, "huge.csv")
    with pytest.raises(ImportRejected, match="limit is 0.0 MB"):
        parse_upload(b"date,lat,lon\n2024-01-01,20.5,-101.2\n", "x.csv", max_bytes=10)


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
        parse_upload(raw, f"x.{fmt}", max_rows=1000)
    assert len(parse_upload(raw, f"x.{fmt}", max_rows=n).rows) == n


@pytest.fixture(scope="module")
def payloads():
    return load("payloads.csv")


def test_script_payloads_stay_text(payloads):
    rows = kept(payloads)
    assert rows["xss1"].place == "<script>alert('place')</script>"
    assert rows["xss1"].actors.startswith("<img src=x onerror=alert(1)>")
    assert rows["xss1"].source == "${alert(1)}"
    assert rows["xss1"].notes == "Backticks `${alert(document.cookie)}` and a backslash \\ and </div>"
    assert rows["xss1"].cartels == ("other",)
    assert rows["xss2"].actors.startswith("=cmd|' /C calc'!A0")  # kept as data; neutralised on export
    assert rows["xss2"].cartels == ("cjng",)


def test_report_is_formula_safe(payloads):
    report = payloads.report_csv()
    table = list(csv.reader(io.StringIO(report)))
    header, body = table[0], table[1:]
    assert header[:3] == ["line", "reason", "candidates"]
    assert [r[0] for r in body] == ["4", "5"]
    cells = [c for row in table for c in row]
    for cell in cells:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert cell.lstrip("+-").replace(".", "", 1).isdigit(), f"formula cell in report: {cell!r}"
    assert "'=HYPERLINK(\"http://example.invalid\",\"x\")" in cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert "-107.3942" in cells  # numbers stay numbers


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "plain"),
    ("  padded  ", "padded"),
    ("bell\x07 here", "bell here"),
    ("esc\x1b[31m", "esc[31m"),
    ("tab\there", "tab here"),
    ("bidi\u202egnp.exe", "bidignp.exe"),
    ("zero\u200bwidth", "zerowidth"),
    ("nbsp\u00a0x", "nbsp x"),
    ("line\nbreak", "line break"),
])
def test_control_characters_are_removed(text, expected):
    assert clean_text(text) == expected


def test_notes_keep_newlines_and_lose_controls():
    raw = 'date,lat,lon,notes\n2024-01-01,20.5,-101.2,"first\nsecond\x07"\n'.encode()
    result = parse_upload(raw, "x.csv")
    assert result.rows[0].notes == "first\nsecond"


# -- rows ---------------------------------------------------------------------------------------
def test_multiline_fields_keep_line_numbers():
    raw = (b'date,lat,lon,notes\n2024-01-01,20.5,-101.2,"one\ntwo\nthree"\n'
           b"2024-13-01,20.5,-101.2,x\n\n2024-01-02,20.5,-101.2,y\n")
    result = parse_upload(raw, "x.csv")
    assert [r.line for r in result.rows] == [2, 7]
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejected] == [(5, "bad date '2024-13-01'")]


ROW_CASES = [
    # extra columns, row, reason (substring) or None when kept
    ("2024-01-01,20.5,-101.2,1", None),
    (",20.5,-101.2,1", "missing date"),
    ("2024-01-01,20.5,,1", "lon is missing"),
    ("2024-01-01,north,-101.2,1", "lat 'north' is not a number"),
    ("2024-01-01,nan,-101.2,1", "not a finite number"),
    ("2024-01-01,0,0,1", "look like a missing value"),
    ("2024-01-01,95,-101.2,1", "coordinates out of range (latitude 95"),
    ("2024-01-01,20.5,-181,1", "coordinates out of range (longitude -181"),
    ("2024-01-01,-101.2,20.5,1", "latitude and longitude look swapped"),
    ("2024-01-01,120,10,1", "latitude and longitude may be swapped"),
    ("2024-01-01,-80.19,25.76,1", "look swapped"),  # Miami, swapped: in range, but evidently swapped
    ("2024-01-01,-33.9,151.2,1", None),  # Sydney: not ours, but not evidently wrong either
    ("2024-01-01,20.5,-101.2,many", "non-numeric killed 'many'"),
    ("2024-01-01,20.5,-101.2,-3", "negative"),
    ("2024-01-01,20.5,-101.2,2.5", "not a whole number"),
    ("2024-01-01,20.5,-101.2,3.0", None),
    ("2024-01-01,20.5,-101.2", "3 fields, the header has 4"),
    ("2024-01-01,20.5,-101.2,1,surplus", "5 fields, the header has 4"),
    ("2024-01-01,20.5,-101.2,1,,", None),  # trailing empty fields from a spreadsheet
]


@pytest.mark.parametrize(("row", "reason"), ROW_CASES)
def test_row_validation(row, reason):
    result = parse_upload(f"date,lat,lon,killed\n{row}\n".encode(), "x.csv")
    if reason is None:
        assert len(result.rows) == 1, result.rejected
    else:
        assert not result.rows
        assert reason in result.rejected[0].reason and result.rejected[0].line == 2


def test_duplicate_ids_are_rejected():
    raw = b"id,date,lat,lon\nA-1,2024-01-01,20.5,-101.2\na 1,2024-01-02,20.5,-101.2\nb,2024-01-02,20.5,-101.2\n"
    result = parse_upload(raw, "x.csv")
    assert [r.id for r in result.rows] == ["a-1", "b"]
    assert "duplicate id 'a-1' (first on 2)" in result.rejected[0].reason


def test_year_column_must_agree_with_date():
    raw = b"event_date,year,latitude,longitude\n2024-01-25,2023,20.5,-101.2\n2024-01-25,2024,20.5,-101.2\n"
    result = parse_upload(raw, "x.csv")
    assert len(result.rows) == 1 and "disagree" in result.rejected[0].reason


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-25", ("2024-01-25", 2024)),
    ("2024-1-5", ("2024-01-05", 2024)),
    ("2024-01-25T13:45:00Z", ("2024-01-25", 2024)),
    ("2024-01-25 00:00:00", ("2024-01-25", 2024)),
    ("2024/01/25", ("2024-01-25", 2024)),
    ("25 January 2024", ("2024-01-25", 2024)),
    ("25 january 2024", ("2024-01-25", 2024)),
    ("5 Sept 2019", ("2019-09-05", 2019)),
    ("25-Jan-2024", ("2024-01-25", 2024)),
    ("25 de enero de 2024", ("2024-01-25", 2024)),
    ("30. November 2019", ("2019-11-30", 2019)),
    ("January 25, 2024", ("2024-01-25", 2024)),
    ("25.01.2024", ("2024-01-25", 2024)),
    ("25/01/2024", ("2024-01-25", 2024)),
    ("01/25/2024", ("2024-01-25", 2024)),
    ("04/04/2024", ("2024-04-04", 2024)),
    ("2024-05", ("2024-05", 2024)),
    ("2019", ("2019", 2019)),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("31 February 2024", "no such day"),
    ("2024-13-45", "no such day"),
    ("2024-13", "no such month"),
    ("03/04/2024", "ambiguous"),
    ("25 Brumaire 2024", "unknown month"),
    ("yesterday", "not a date"),
    ("1850-01-01", "before 1900"),
    ("2999-01-01", "future"),
    ("2999", "future"),
])
def test_bad_dates(text, problem):
    with pytest.raises(DateProblem, match=problem):
        parse_date(text)


@pytest.mark.parametrize(("actor", "cartels"), [
    ("Cartel de Jalisco Nueva Generacion", ("cjng",)),
    ("CJNG: Jalisco New Generation Cartel", ("cjng",)),
    ("Cártel Jalisco Nueva Generación", ("cjng",)),
    ("cjng", ("cjng",)),
    ("Sinaloa Cartel", ("sinaloa",)),
    ("CDS: Sinaloa Cartel", ("sinaloa",)),
    ("Cártel de Sinaloa", ("sinaloa",)),
    ("Sinaloa Cartel (Los Chapitos)", ("sinaloa", "chapitos")),
    ("Los Zetas", ("cdn",)),
    ("La Familia Michoacana", ("lnfm",)),
    ("Police Forces of Mexico (2018-) State Police of Sinaloa", ()),  # a state name is not a cartel
    ("Civilians (Mexico)", ()),
    ("Cjngx Militia", ()),  # whole words only
])
def test_cartel_aliases(actor, cartels):
    assert default_matcher().match(actor) == cartels


def test_cartel_column_takes_ids_and_names():
    matcher = default_matcher()
    assert matcher.match_ids_or_names("cjng; sinaloa") == ("sinaloa", "cjng")
    assert matcher.match_ids_or_names("Los Chapitos, CDN") == ("chapitos", "cdn")
    assert CartelMatcher([("x", ("Foo Bar",))]).match("the foo  BAR group") == ("x",)


def test_unmatched_actors_become_other_and_no_actor_means_no_cartel():
    raw = (b"date,lat,lon,actor\n2024-01-01,20.5,-101.2,Grupo Desconocido\n2024-01-01,20.5,-101.2,\n")
    rows = parse_upload(raw, "x.csv").rows
    assert [(r.cartels, r.actors) for r in rows] == [(("other",), "Grupo Desconocido"), ((), "")]


@pytest.mark.parametrize(("event_type", "sub", "plain", "expected"), [
    ("Violence against civilians", "Attack", "", "attack"),
    ("Violence against civilians", "Abduction/forced disappearance", "", "attack"),
    ("Battles", "Armed clash", "", "armed-conflict"),
    ("Battles", "Government regains territory", "", "military-operation"),
    ("Explosions/Remote violence", "Grenade", "", "attack"),
    ("Riots", "Mob violence", "", "politics"),
    ("Protests", "Peaceful protest", "", "politics"),
    ("Strategic developments", "Agreement", "", "policy"),
    ("Strategic developments", "Arrests", "", "arrest"),
    ("Strategic developments", "Disrupted weapons use", "", "seizure"),
    ("", "", "Massacre", "massacre"),
    ("", "", "military operation", "military-operation"),
    ("", "", "Battles", "armed-conflict"),
    ("", "", "shootout", "armed-conflict"),
    ("", "", "picnic", ""),
    ("", "", "", ""),
])
def test_event_types(event_type, sub, plain, expected):
    mapped, original = map_type(event_type, sub, plain)
    assert mapped == expected
    assert mapped == "" or mapped in EVENT_TYPES
    assert original == (f"{event_type}: {sub}" if event_type else plain)


def test_unknown_type_is_kept_empty_with_notice():
    result = parse_upload(b"date,lat,lon,type\n2024-01-01,20.5,-101.2,picnic\n", "x.csv")
    assert result.rows[0].type == "" and result.rows[0].type_original == "picnic"
    assert any("'picnic' (1)" in n for n in result.notices)


@pytest.mark.parametrize(("lat", "lon", "country", "problem"), [
    (20.57, -101.2, "MX", None),
    (-101.2, 20.57, "MX", "look swapped"),
    (-101.2, 20.57, None, "look swapped"),
    (-94.4, 39.1, "US", "look swapped"),
    (-100.0, 20.0, "GT", "may be swapped"),
    (48.85, 2.35, "FR", None),
    (48.85, 2.35, None, None),
    (91, 0, None, "out of range"),
])
def test_coordinate_checks(lat, lon, country, problem):
    found = check_coordinates(lat, lon, country)
    assert (found is None) if problem is None else (problem in found)


def test_core_does_not_import_streamlit():
    import subprocess
    import sys

    code = ("import sys, dashboard.imports.importer, dashboard.imports.store, dashboard.bench.import_speed; "
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"
