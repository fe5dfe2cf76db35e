"""A shared link restores the exact view; a mangled link still opens, with a notice."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dashboard.config import YEAR_MAX, YEAR_MIN
from dashboard.model import MapView, Selection
from dashboard.share.link import Snapshot, from_query_params, to_query_params, to_query_string
from dashboard.vocab import LAYERS

CARTELS = ("sinaloa", "chapitos", "mayiza", "cjng", "csrl", "la-barredora", "cdn", "gulf")
CHAPTERS = ("salamanca-sunday", "villa-union-2019", "made-in-missouri")


def read(params):
    """The snapshot and its notices as an English page shows them."""
    snap, notices = from_query_params(params, CARTELS, CHAPTERS)
    return snap, [n.text("en") for n in notices]


SNAPSHOTS = [
    ("default", Snapshot()),
    ("cartels and years", Snapshot(Selection(cartels=("cjng", "csrl"), year_from=2019, year_to=2026))),
    ("only year_to", Snapshot(Selection(year_to=2019))),
    ("single year", Snapshot(Selection(year_from=2023, year_to=2023))),
    ("types", Snapshot(Selection(types=("massacre", "attack")))),
    ("some layers", Snapshot(Selection(layers=("flows", "crossings")))),
    ("no layers", Snapshot(Selection(layers=()))),
    ("chapter + german", Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019), chapter="villa-union-2019",
                                  lang="de")),
    ("chapter + spanish", Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019),
                                   chapter="villa-union-2019", lang="es")),
    ("map view", Snapshot(view=MapView(20.58, -101.02, 11))),
    ("territory change", Snapshot(Selection(cartels=("cjng",), year_to=2025, compare=2019))),
    ("embed", Snapshot(embed=True, view=MapView(28.2223, -100.7262, 9))),
    ("everything", Snapshot(Selection(cartels=("sinaloa", "mayiza"), year_from=2024, year_to=2025,
                                      types=("armed-conflict",), layers=("territories", "events")),
                            chapter="made-in-missouri", lang="de", view=MapView(24.8021, -107.3942, 8), embed=True)),
]


@pytest.mark.parametrize("snap", [s for _, s in SNAPSHOTS], ids=[n for n, _ in SNAPSHOTS])
def test_round_trip_through_params(snap):
    back, notices = read(to_query_params(snap))
    assert notices == []
    assert back == snap


@pytest.mark.parametrize("snap", [s for _, s in SNAPSHOTS], ids=[n for n, _ in SNAPSHOTS])
def test_round_trip_through_a_url(snap):
    """What a browser sends back: every value a list of strings."""
    back, notices = read(parse_qs(to_query_string(snap), keep_blank_values=True))
    assert notices == []
    assert back == snap


def test_defaults_are_left_out_of_the_url():
    assert to_query_params(Snapshot()) == {}
    assert to_query_string(Snapshot(Selection(year_from=YEAR_MIN, year_to=2019))) == "to=2019"


def test_url_for_a_chapter_view():
    snap = Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019), chapter="villa-union-2019", lang="de")
    assert parse_qs(to_query_string(snap)) == {"cartel": ["cdn"], "from": ["2019"], "to": ["2019"],
                                               "chapter": ["villa-union-2019"], "lang": ["de"]}


def test_streamlit_style_single_string_values():
    snap, notices = read({"cartel": "cjng", "from": "2019", "lang": "de"})
    assert notices == []
    assert snap.selection.cartels == ("cjng",) and snap.selection.year_from == 2019 and snap.lang == "de"


BAD = [
    # (name, params, expected snapshot, fragment of a notice)
    ("from=abc", {"from": ["abc"]}, Snapshot(), "from='abc'"),
    ("to out of range", {"to": ["3000"]}, Snapshot(), "to='3000'"),
    ("huge number", {"from": ["9" * 5000]}, Snapshot(), "from="),
    ("zoom=999", {"lat": ["20"], "lon": ["-100"], "zoom": ["999"]}, Snapshot(view=MapView(20.0, -100.0, 5)),
     "zoom='999'"),
    ("cartel=<script>", {"cartel": ["<script>alert(1)</script>", "cjng"]},
     Snapshot(Selection(cartels=("cjng",))), "cartel='<script>"),
    ("unknown parameter", {"utm_source": ["newsletter"], "cartel": ["cdn"]}, Snapshot(Selection(cartels=("cdn",))),
     "utm_source"),
    ("lat without lon", {"lat": ["20.5"]}, Snapshot(), "lat and lon are needed together"),
    ("lon without lat", {"lon": ["-100"], "zoom": ["7"]}, Snapshot(), "lat and lon are needed together"),
    ("lat=nan", {"lat": ["nan"], "lon": ["-100"]}, Snapshot(), "lat='nan'"),
    ("lat out of range", {"lat": ["-100.5"], "lon": ["20.5"]}, Snapshot(), "lat='-100.5'"),
    ("from after to", {"from": ["2024"], "to": ["2019"]}, Snapshot(Selection(year_from=2019, year_to=2024)),
     "swapped"),
    ("unknown type", {"type": ["picnic", "massacre"]}, Snapshot(Selection(types=("massacre",))), "type='picnic'"),
    ("junk layers only", {"layer": ["satellite"]}, Snapshot(), "layer='satellite'"),
    ("unknown chapter", {"chapter": ["no-such-chapter"]}, Snapshot(), "chapter='no-such-chapter'"),
    ("unknown language", {"lang": ["fr"]}, Snapshot(), "lang='fr'"),
    ("no snapshot to compare", {"compare": ["2020"], "cartel": ["cjng"]}, Snapshot(Selection(cartels=("cjng",))),
     "compare='2020'"),
    ("newer link version", {"v": ["9"], "cartel": ["cdn"]}, Snapshot(Selection(cartels=("cdn",))), "v='9'"),
]


@pytest.mark.parametrize(("params", "expected", "notice"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_tolerant_parsing(params, expected, notice):
    snap, notices = read(params)
    assert snap == expected
    assert isinstance(snap.selection, Selection)
    assert YEAR_MIN <= snap.selection.year_from <= snap.selection.year_to <= YEAR_MAX
    assert any(notice in n for n in notices), notices


def test_everything_wrong_at_once_still_opens():
    params = {"from": ["abc"], "to": ["-1"], "zoom": ["x"], "lat": ["1e999"], "cartel": ["<b>", ""],
              "type": [""], "layer": ["", "none", "events"], "chapter": [""], "lang": [""], "foo": ["bar"],
              "embed": ["maybe"]}
    snap, notices = read(params)
    assert snap.selection.year_from == YEAR_MIN and snap.selection.year_to == YEAR_MAX
    assert snap.selection.cartels == () and snap.selection.layers == ("events",)
    assert snap.view is None and snap.chapter is None and snap.lang == "en" and snap.embed is False
    assert len(notices) >= 6


def test_last_value_wins_for_single_valued_params():
    snap, _ = read({"from": ["2010", "2020"], "lang": ["de", "en"]})
    assert snap.selection.year_from == 2020 and snap.lang == "en"


def test_valid_link_has_no_notices():
    snap, notices = read({"cartel": ["sinaloa"], "layer": list(LAYERS), "lat": ["24.8"], "lon": ["-107.4"],
                          "zoom": ["8"], "v": ["1"]})
    assert notices == []
    assert snap.view == MapView(24.8, -107.4, 8)


def test_years_before_2006_are_read_from_a_link_for_data_that_reaches_back():
    snap, notices = read({"from": ["1989"], "to": ["2000"]})
    assert (snap.selection.year_from, snap.selection.year_to) == (1989, 2000) and not notices
    snap, notices = read({"from": ["1950"]})
    assert snap.selection.year_from == YEAR_MIN and "from='1950'" in " ".join(notices)


# -- issue 19: every dropped value gets its notice ---------------------------------------------
@pytest.mark.parametrize(("params", "fragment"), [
    ({"from": ["junk", "2019"]}, "from='junk'"),
    ({"from": ["2010", "2019"]}, "from='2010': from is given more than once"),
    ({"lang": ["de", "en"]}, "lang='de': lang is given more than once"),
    ({"chapter": ["villa-union-2019", "made-in-missouri"]}, "chapter='villa-union-2019'"),
    ({"zoom": ["7"]}, "zoom='7': a zoom needs lat and lon"),
    ({"lat": ["20"], "lon": ["-100"], "zoom": ["5", "7"]}, "zoom='5'"),
])
def test_repeated_and_unused_values_are_named(params, fragment):
    _, notices = read(params)
    assert any(fragment in n for n in notices), notices


def test_the_last_of_repeated_values_still_counts():
    snap, _ = read({"from": ["junk", "2019"], "zoom": ["7"]})
    assert snap.selection.year_from == 2019 and snap.view is None


def test_a_query_over_512_kb_is_ignored_with_a_notice():
    snap, notices = read({"cartel": ["cdn"], "utm": ["x" * (512 * 1024)]})
    assert snap == Snapshot()
    assert len(notices) == 1 and "over the 512 KB" in notices[0]


def test_the_sign_in_token_is_not_a_view_parameter():
    snap, notices = read({"token": ["secret-token"], "cartel": ["cdn"]})
    assert notices == [] and snap.selection.cartels == ("cdn",)
    assert "token" not in to_query_params(snap)
