"""Check ``geodata/`` and report every problem with file, row and field.

Checks, in order:
- each file exists and has its required columns;
- ids are unique lowercase slugs; source urls are empty or http(s) addresses;
- enumerated fields hold allowed values; numbers parse and lie in range;
- dates are valid ISO dates of the declared precision, with years in the data's range;
- every reference (place, cartel, source, state, route, event) resolves;
- boundary geometries are valid;
- every place's point lies inside the state (or country) it declares, within
  ``COAST_TOLERANCE_KM`` for coastal points — this catches the classic geocoding
  traps (Villa Unión in Sinaloa vs Coahuila, Salamanca in Spain, Tabasco the state);
- flow legs of a route join up, and chapters point at real features;
- the cartel register's links, years and spellings hold together (:mod:`dashboard.atlas.validate.lineage`);
- reader-visible data texts are there in every language of ``config.LANGUAGES``
  (:mod:`dashboard.atlas.validate.translations`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import geopandas as gpd

from dashboard import config, vocab
from dashboard.atlas.files import Problem, Row, problem_at, read_boundaries, read_rows, split_list
from dashboard.atlas.validate.geometry import check_boundary_files, check_boundary_geometry, check_places_in_states
from dashboard.atlas.validate.lineage import REGISTER_COLUMNS, REGISTER_FILE, check_register
from dashboard.atlas.validate.translations import check_translations, translated_columns
from dashboard.config import SNAPSHOT_YEARS, YEAR_MAX, YEAR_MIN
from dashboard.vocab import LAYERS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A source link is a plain web address: the page shows it, an export may make it a link, so no other scheme
# (javascript:, data:) and nothing that would break out of an attribute.
WEB_URL = re.compile(r"^https?://[^\s\"'<>`]+$")



def required_columns() -> dict[str, tuple[str, ...]]:
    """File -> the columns it must have; the per-language ones for every language of ``config.LANGUAGES``."""
    texts = config.language_columns
    required = {
        "sources.csv": ("id", "publisher", "title", "date", "url"),
        "cartels.csv": ("id", *texts("name", plain_english=True), "short", "aliases", "parent", "color",
                        *texts("note")),
        "places.csv": ("id", "name", "kind", "lat", "lon", "admin1", "country", "precision", "confidence",
                       "sources", *texts("description")),
        "events.csv": ("id", "date", "date_precision", "place_id", "cartels", "type", "killed", "killed_max",
                       "injured", "disputed", "confidence", "confidence_claim", "sources", *texts("title"),
                       *texts("summary")),
        "territories.csv": ("cartel", "year", "state", "status", "confidence", "sources"),
        "flows.csv": ("id", "route", "seq", "from_place", "to_place", "kind", "evidence", "volume", "year_from",
                      "year_to", "cartels", "confidence", "sources", *texts("label"), *texts("note")),
        REGISTER_FILE: REGISTER_COLUMNS,
    }
    # The translated texts (English in the plain column) in every language, wherever they are.
    return {name: tuple(dict.fromkeys((*columns, *translated_columns(name)))) for name, columns in required.items()}


ENUMS = {
    ("places.csv", "kind"): vocab.PLACE_KINDS,
    ("places.csv", "precision"): vocab.PLACE_PRECISIONS,
    ("events.csv", "date_precision"): vocab.DATE_PRECISIONS,
    ("events.csv", "type"): vocab.EVENT_TYPES,
    ("events.csv", "disputed"): ("true", "false"),
    ("events.csv", "confidence_claim"): ("", *vocab.CONFIDENCE),
    ("territories.csv", "status"): vocab.TERRITORY_STATUSES,
    ("flows.csv", "kind"): vocab.FLOW_KINDS,
    ("flows.csv", "evidence"): vocab.FLOW_EVIDENCE,
}


def check_columns(root: Path, name: str) -> list[Problem]:
    path = root / name
    if not path.exists():
        return [Problem(name, None, None, "file is missing")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Problem(name, line, None, "is not UTF-8 text (save the file as UTF-8)")]
    header = text.splitlines()[:1]
    columns = header[0].split(",") if header else []
    missing = [c for c in required_columns()[name] if c not in columns]
    return [Problem(name, 1, c, "required column is missing") for c in missing]


def check_ids(rows: list[Row], key: str = "id") -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for row in rows:
        value = row[key]
        if not SLUG.match(value):
            problems.append(problem_at(row, key, f"{value!r} is not a lowercase slug"))
        elif value in seen:
            problems.append(problem_at(row, key, f"{value!r} is also used on line {seen[value]}"))
        seen.setdefault(value, row.line)
    return problems


def check_enums(rows: list[Row], name: str) -> list[Problem]:
    problems = []
    for (file, field), allowed in ENUMS.items():
        if file != name:
            continue
        problems += [problem_at(r, field, f"{r[field]!r} is not one of {', '.join(allowed)}") for r in rows
                     if r[field] not in allowed]
    if name in ("places.csv", "events.csv", "territories.csv", "flows.csv"):
        problems += [problem_at(r, "confidence", f"{r['confidence']!r} is not H, M or L") for r in rows
                     if r["confidence"] not in vocab.CONFIDENCE]
    return problems


def check_refs(rows: list[Row], field: str, known: set[str], what: str, multi: bool = False,
               required: bool = True) -> list[Problem]:
    problems = []
    for row in rows:
        values = split_list(row[field]) if multi else ((row[field],) if row[field] else ())
        if required and not values:
            problems.append(problem_at(row, field, f"is empty; a {what} id is required"))
        problems += [problem_at(row, field, f"unknown {what} {v!r}") for v in values if v not in known]
    return problems


def parse_event_date(value: str, precision: str) -> date:
    """Parse an event date of the declared precision (day YYYY-MM-DD, month YYYY-MM, year YYYY)."""
    pattern = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}.get(precision, r"$^")
    if not re.fullmatch(pattern, value):
        raise ValueError(f"{value!r} does not match precision {precision!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _int_field(row: Row, field: str, lo: int, hi: int, required: bool = False) -> tuple[int | None, list[Problem]]:
    value = row[field]
    if not value:
        return None, ([problem_at(row, field, "is empty")] if required else [])
    try:
        number = int(value)
    except ValueError:
        return None, [problem_at(row, field, f"{value!r} is not a whole number")]
    if not lo <= number <= hi:
        return number, [problem_at(row, field, f"{number} is outside {lo}–{hi}")]
    return number, []


def check_events(rows: list[Row]) -> list[Problem]:
    problems = []
    for row in rows:
        try:
            when = parse_event_date(row["date"], row["date_precision"])
            if not YEAR_MIN <= when.year <= YEAR_MAX:
                problems.append(problem_at(row, "date", f"year {when.year} is outside {YEAR_MIN}–{YEAR_MAX}"))
        except ValueError as exc:
            problems.append(problem_at(row, "date", str(exc)))
        killed, errs = _int_field(row, "killed", 0, 1_000_000)
        killed_max, errs2 = _int_field(row, "killed_max", 0, 1_000_000)
        problems += errs + errs2 + _int_field(row, "injured", 0, 1_000_000)[1]
        if killed_max is not None and (killed is None or killed_max < killed):
            problems.append(problem_at(row, "killed_max", f"{killed_max} needs a 'killed' value not above it"))
        if killed_max is not None and row["disputed"] != "true":
            problems.append(problem_at(row, "disputed", "a range of deaths must be flagged disputed=true"))
        for field in (*config.language_columns("title"), *config.language_columns("summary")):
            if not row[field]:
                problems.append(problem_at(row, field, "is empty"))
    return problems


def check_places_numbers(rows: list[Row]) -> list[Problem]:
    problems = []
    for row in rows:
        for field, limit in (("lat", 90.0), ("lon", 180.0)):
            try:
                value = float(row[field])
            except ValueError:
                problems.append(problem_at(row, field, f"{row[field]!r} is not a number"))
                continue
            if not -limit <= value <= limit:
                problems.append(problem_at(row, field, f"{value} is outside ±{limit:g} (lat/lon swapped?)"))
    return problems


def check_territories(rows: list[Row], mx_states: set[str]) -> list[Problem]:
    problems = check_refs(rows, "state", mx_states, "Mexican state")
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        year, errs = _int_field(row, "year", YEAR_MIN, YEAR_MAX, required=True)
        problems += errs
        if year is not None and not errs and year not in SNAPSHOT_YEARS:
            problems.append(problem_at(row, "year", f"{year} is not a territory snapshot year "
                                            f"({', '.join(map(str, SNAPSHOT_YEARS))}; see config.SNAPSHOT_YEARS)"))
        key = (row["cartel"], row["year"], row["state"])
        if key in seen:
            problems.append(problem_at(row, "state", f"{key} is also on line {seen[key]}"))
        seen.setdefault(key, row.line)
    return problems + check_one_holder(rows)


def check_one_holder(rows: list[Row]) -> list[Problem]:
    """At most one cartel is "dominant" in a state and year: the one a source names as holding it.

    The sources' "dominant or significant presence" for several cartels is "significant" for each.
    """
    first: dict[tuple[str, str], Row] = {}
    problems = []
    for row in rows:
        if row["status"] != "dominant":
            continue
        key = (row["year"], row["state"])
        if key in first:
            problems.append(problem_at(row, "status", f"{row['cartel']!r} and {first[key]['cartel']!r} (line "
                                       f"{first[key].line}) are both dominant in {row['state']} {row['year']}: "
                                       "a state has one holder; use 'significant' for shared presence"))
        first.setdefault(key, row)
    return problems


def check_flows(rows: list[Row]) -> list[Problem]:
    problems = []
    for row in rows:
        y0, e0 = _int_field(row, "year_from", YEAR_MIN - 20, YEAR_MAX, required=True)
        y1, e1 = _int_field(row, "year_to", YEAR_MIN - 20, YEAR_MAX, required=True)
        problems += e0 + e1 + _int_field(row, "seq", 1, 20, required=True)[1]
        if y0 is not None and y1 is not None and y0 > y1:
            problems.append(problem_at(row, "year_to", f"{y1} is before year_from {y0}"))
        if row["volume"]:
            try:
                float(row["volume"])
            except ValueError:
                problems.append(problem_at(row, "volume", f"{row['volume']!r} is not a number"))
        if row["from_place"] and row["from_place"] == row["to_place"]:
            problems.append(problem_at(row, "to_place", "a leg must join two different places"))
    routes: dict[str, list[Row]] = {}
    for row in rows:
        routes.setdefault(row["route"], []).append(row)
    for legs in routes.values():
        legs = sorted(legs, key=lambda r: int(r["seq"]) if r["seq"].isdigit() else 0)
        for prev, nxt in itertools.pairwise(legs):
            if prev["to_place"] != nxt["from_place"]:
                problems.append(problem_at(nxt, "from_place", f"route {nxt['route']!r} breaks: previous leg ends at "
                                                      f"{prev['to_place']!r}"))
    return problems


def check_cartels(rows: list[Row]) -> list[Problem]:
    ids = {r["id"] for r in rows}
    problems = [problem_at(r, "color", f"{r['color']!r} is not a #rrggbb colour") for r in rows
                if not HEX_COLOR.match(r["color"])]
    return problems + check_refs(rows, "parent", ids, "cartel", required=False)


def check_source_urls(rows: list[Row]) -> list[Problem]:
    """A source's ``url`` is empty (no page found) or an http(s) address without spaces or quotes."""
    return [problem_at(r, "url", f"{r['url']!r} is not an http(s) web address") for r in rows
            if r["url"] and not WEB_URL.match(r["url"])]


def check_chapters(root: Path, known: dict[str, set[str]], event_years: dict[str, int]) -> list[Problem]:
    from dashboard.atlas.narrative import chapter_fields, read_chapter_tables

    name = "chapters.toml"
    try:
        tables = read_chapter_tables(root / name)
    except (OSError, ValueError) as exc:
        return [Problem(name, None, None, f"cannot be read: {exc}")]
    problems: list[Problem] = []
    seen: set[str] = set()
    lines = _chapter_lines(root / name, len(tables))
    for index, table in enumerate(tables, start=1):
        cid = str(table.get("id", f"#{index}"))
        where = f"chapter {cid!r}"
        chapter_problems = [Problem(name, None, f, f"{where} lacks required field") for f in chapter_fields()
                            if f not in table]
        if not SLUG.match(cid) or cid in seen:
            chapter_problems.append(Problem(name, None, "id", f"{where}: id must be a unique lowercase slug"))
        seen.add(cid)
        chapter_problems += _check_chapter_refs(table, where, known, event_years)
        problems += [replace(p, line=lines[index - 1]) for p in chapter_problems]
    return problems


def _chapter_lines(path: Path, count: int) -> list[int | None]:
    """The line of each ``[[chapter]]`` header, so a problem names where its chapter starts."""
    text = path.read_text(encoding="utf-8")
    found = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[chapter]]"]
    return found if len(found) == count else [None] * count


def _check_chapter_refs(table: dict, where: str, known: dict[str, set[str]],
                        event_years: dict[str, int]) -> list[Problem]:
    problems = []
    for field, kind in (("cartels", "cartel"), ("layers", "layer"), ("events", "event"), ("places", "place"),
                        ("routes", "route"), ("states", "state"), ("sources", "source")):
        for value in table.get(field, []):
            if value not in known[kind]:
                problems.append(Problem("chapters.toml", None, field, f"{where}: unknown {kind} {value!r}"))
    years = table.get("years", [YEAR_MIN, YEAR_MAX])
    if not (len(years) == 2 and YEAR_MIN <= years[0] <= years[1] <= YEAR_MAX):
        problems.append(Problem("chapters.toml", None, "years", f"{where}: {years!r} is not a range in "
                                                                f"{YEAR_MIN}–{YEAR_MAX}"))
    else:
        for eid in table.get("events", []):
            if eid in event_years and not years[0] <= event_years[eid] <= years[1]:
                problems.append(Problem("chapters.toml", None, "events", f"{where}: event {eid!r} "
                                        f"({event_years[eid]}) is outside the chapter's years {years}"))
    view = table.get("view", {})
    try:
        lat, lon, zoom = float(view["lat"]), float(view["lon"]), int(view["zoom"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= 18):
            raise ValueError
    except (KeyError, TypeError, ValueError):
        problems.append(Problem("chapters.toml", None, "view", f"{where}: {view!r} needs lat, lon and zoom 1–18"))
    return problems


def validate_geodata(root: Path, boundaries: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None) -> list[Problem]:
    """Return every problem found in ``root`` (empty list: the data is consistent).

    ``boundaries`` (states, countries) saves parsing the boundary files again when the caller has them.
    """
    problems = [p for name in required_columns() for p in check_columns(root, name)] + check_boundary_files(root)
    if problems:
        return problems  # later checks need the files and columns
    rows = {name: read_rows(root, name) for name in required_columns()}
    states, countries = boundaries or read_boundaries(root)
    problems += check_boundary_geometry(states, countries)
    known = {
        "source": {r["id"] for r in rows["sources.csv"]},
        "cartel": {r["id"] for r in rows["cartels.csv"]},
        "place": {r["id"] for r in rows["places.csv"]},
        "event": {r["id"] for r in rows["events.csv"]},
        "route": {r["route"] for r in rows["flows.csv"]},
        "state": set(states.loc[states["country"] == "MX", "name"]),
        "layer": set(LAYERS),
    }
    for name in ("sources.csv", "cartels.csv", "places.csv", "events.csv", "flows.csv"):
        problems += check_ids(rows[name])
    for name in ENUMS_FILES:
        problems += check_enums(rows[name], name)
    problems += check_cartels(rows["cartels.csv"]) + check_source_urls(rows["sources.csv"])
    problems += check_ids(rows[REGISTER_FILE]) + check_register(rows[REGISTER_FILE], known["cartel"])
    problems += check_places_numbers(rows["places.csv"]) + check_places_in_states(rows["places.csv"], states, countries)
    problems += check_events(rows["events.csv"]) + check_flows(rows["flows.csv"])
    problems += check_territories(rows["territories.csv"], known["state"])
    problems += _reference_checks(rows, known)
    problems += [p for name in rows for p in check_translations(rows[name], name)]
    event_years = {r["id"]: int(r["date"][:4]) for r in rows["events.csv"] if r["date"][:4].isdigit()}
    return problems + check_chapters(root, known, event_years)


ENUMS_FILES = ("places.csv", "events.csv", "territories.csv", "flows.csv")


def _reference_checks(rows: dict[str, list[Row]], known: dict[str, set[str]]) -> list[Problem]:
    ev, fl, pl, te = rows["events.csv"], rows["flows.csv"], rows["places.csv"], rows["territories.csv"]
    return (
        check_refs(ev, "place_id", known["place"], "place")
        + check_refs(ev, "cartels", known["cartel"], "cartel", multi=True, required=False)
        + check_refs(ev, "sources", known["source"], "source", multi=True)
        + check_refs(pl, "sources", known["source"], "source", multi=True)
        + check_refs(te, "cartel", known["cartel"], "cartel")
        + check_refs(te, "sources", known["source"], "source", multi=True)
        + check_refs(fl, "from_place", known["place"], "place")
        + check_refs(fl, "to_place", known["place"], "place")
        + check_refs(fl, "cartels", known["cartel"], "cartel", multi=True, required=False)
        + check_refs(fl, "sources", known["source"], "source", multi=True)
    )
