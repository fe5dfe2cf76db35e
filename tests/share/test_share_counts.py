"""The choropleth in links and snapshots: counts=NAME&measure=…&rate=1&area=11, and snapshot --counts."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dashboard.share.counts_link import CountsView
from dashboard.share.link import Snapshot, from_query_params, to_query_string

CHAPTERS, CARTELS = ["salamanca-sunday"], ["cjng"]


def test_a_choropleth_travels_in_the_link():
    snap = Snapshot(counts=CountsView("sesnsp-gto", "Homicidio doloso", True, state="11"))
    query = to_query_string(snap)
    assert "counts=sesnsp-gto" in query and "rate=1" in query and "area=11" in query
    back, notices = from_query_params(parse_qs(query), CARTELS, CHAPTERS)
    assert back.counts == snap.counts and notices == []


def test_no_table_no_choropleth_and_bad_values_are_dropped_with_a_notice():
    assert from_query_params({}, CARTELS, CHAPTERS)[0].counts is None
    snap, notices = from_query_params({"counts": ["x"], "measure": ["<script>"], "area": ["99"]}, CARTELS, CHAPTERS)
    assert snap.counts == CountsView("x") and len(notices) == 2
    snap, notices = from_query_params({"counts": ["../etc/passwd"]}, CARTELS, CHAPTERS)
    assert snap.counts is None and "not a table name" in str(notices[0])


@pytest.fixture
def stored(municipal_tables):
    """The Guanajuato-style municipal fixture and CONAPO's municipal fixture in an empty store."""
    return municipal_tables


def test_snapshot_counts_draws_the_table_with_its_key(stored, capsys):
    from dashboard.cli.main import main
    from dashboard.official.store import list_tables

    counts = next(i for i in list_tables() if i.kind == "counts")
    out = stored / "map.html"
    assert main(["snapshot", "--counts", counts.name, "--rate", "--layer", "events", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "per 100,000 people a year" in html and "CC BY 4.0" in html and "SESNSP" in html
    assert "the cartel filter does not" in html


def test_snapshot_counts_refuses_an_unknown_table_in_one_line(stored, capsys):
    from dashboard.cli.main import main

    assert main(["snapshot", "--counts", "nope", "-o", str(stored / "x.png")]) == 2
    assert "no count table 'nope'" in capsys.readouterr().err


def test_snapshot_counts_csv_lists_every_area_with_its_figures(stored):
    import csv

    from dashboard.cli.main import main
    from dashboard.official.store import list_tables

    counts = next(i for i in list_tables() if i.kind == "counts")
    out = stored / "areas.csv"
    assert main(["snapshot", "--counts", counts.name, "--rate", "-o", str(out)]) == 0
    rows = {r["area"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["11027"]["area_name"] == "Salamanca" and rows["11027"]["mapped"] == "True"
    assert float(rows["11027"]["value"]) == sum(range(30, 41))   # January–November; December not published
    assert "11999" not in rows   # "Otros municipios" is an aggregate, never an area of the map


def test_the_key_says_when_territories_tint_the_figures(stored):
    from dashboard.cli.main import main
    from dashboard.official.store import list_tables

    counts = next(i for i in list_tables() if i.kind == "counts")
    for layers, said in ((["territories", "events"], True), (["events"], False)):
        out = stored / "map.html"
        args = ["snapshot", "--counts", counts.name, "--rate", *[a for lyr in layers for a in ("--layer", lyr)]]
        assert main([*args, "-o", str(out)]) == 0
        assert ("untick them to read the classes" in out.read_text(encoding="utf-8")) is said
