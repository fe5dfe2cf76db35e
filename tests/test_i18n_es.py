"""Spanish (``lang=es``): every interface string and every data text has it, and no Spanish view shows English.

"English" is measured against the interface strings: an English value of ``STRINGS`` that differs
from its Spanish value must not appear (as a whole phrase) in what a Spanish view shows. Data texts
that have no translation by design (place names, source titles, dispute notes) are not interface
strings, so they do not count.
"""

from __future__ import annotations

import json
import re
import string

import pytest

from dashboard.cli.main import main as cli_main
from dashboard.config import LANGUAGES
from dashboard.i18n import STRINGS, t
from dashboard.map.compose import map_collections
from dashboard.map.features import SPOT_PREFIX
from dashboard.map.legend import view_legend_html
from dashboard.model import Selection
from dashboard.share.caption import caption_for
from dashboard.share.link import Snapshot
from dashboard.views.account import view_account
from dashboard.views.counts import scope_text, tally_text, timeline_rows, view_tallies
from dashboard.views.details import details_for

# Proper names that contain an English interface word ("Group" in "Crisis Group").
PROPER_NAMES = ("Crisis Group", "Air Force One", "New York Times", "Without a Trace", "Iron River", "State Department")
# Data texts with one version for every language (names, notes of the fact base, units): not interface strings.
UNTRANSLATED = (("events", "dispute_note"), ("events", "actors"), ("territories", "note"), ("places", "name"),
                ("flows", "volume_unit"), ("sources", "title"), ("sources", "publisher"))


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _english_patterns() -> list[tuple[str, re.Pattern]]:
    """Each English-only interface text as a pattern of its literal parts (placeholders match anything)."""
    out = []
    for key, entry in STRINGS.items():
        en = entry["en"]
        if en == entry.get("es"):
            continue
        parts = [p for p, *_ in string.Formatter().parse(en)]
        if sum(c.isalpha() for p in parts for c in p) < 4:  # "{name} in {year}": nothing English to look for
            continue
        body = r".{0,200}?".join(re.escape(p) for p in parts)
        out.append((key, re.compile(r"(?<![\w])" + body + r"(?![\w])")))
    return out


ENGLISH = _english_patterns()


def untranslated_texts(atlas) -> list[str]:
    texts = {str(v) for frame, col in UNTRANSLATED if col in getattr(atlas, frame, {})
             for v in getattr(atlas, frame)[col].dropna() if str(v).strip()}
    return sorted(texts, key=len, reverse=True)


def english_in(text: str, atlas=None) -> list[str]:
    for name in [*(untranslated_texts(atlas) if atlas is not None else ()), *PROPER_NAMES]:
        text = text.replace(name, " ")
    return [f"{key}: {STRINGS[key]['en']!r}" for key, pattern in ENGLISH if pattern.search(text)]


# --------------------------------------------------------------------------- the tables


def test_every_interface_string_has_english_german_and_spanish_with_the_same_placeholders() -> None:
    assert set(LANGUAGES) == {"en", "de", "es"}
    for key, entry in STRINGS.items():
        assert set(entry) == {"en", "de", "es"}, key
        assert all(v.strip() for v in entry.values()), key
        assert _fields(entry["es"]) == _fields(entry["en"]) == _fields(entry["de"]), key
        t(key, "es", **dict.fromkeys(_fields(entry["en"]), "x"))  # formats


# --------------------------------------------------------------------------- the views


def _details_text(atlas, layer: str, fid: str, sel: Selection | None = None) -> str:
    d = details_for(atlas, layer, fid, "es", sel)
    assert d is not None, (layer, fid)
    return " ".join([d.title, d.body, *(f"{k} {v}" for k, v in d.facts)])


def _tooltips(collections: dict) -> str:
    return " ".join(str(f["properties"].get("tooltip", "")) for fc in collections.values()
                    for f in fc.get("features", ()))


VIEWS = {
    "default": (Selection(), None),
    "one cartel": (Selection(cartels=("cjng",), year_to=2025), None),
    "change": (Selection(cartels=("cjng",), year_to=2025, compare=2019), None),
    "before 2019": (Selection(year_from=2006, year_to=2017), None),
    "types": (Selection(types=("massacre", "armed-conflict")), None),
}


@pytest.mark.parametrize("view", [*VIEWS, "chapter"])
def test_a_spanish_view_shows_no_english_interface_string(tiny_atlas, view: str) -> None:
    atlas = tiny_atlas
    if view == "chapter":
        chapter = atlas.chapter("villa-union-2019")
        sel = chapter.selection
    else:
        sel, chapter = VIEWS[view]
    collections = map_collections(atlas, sel, "es", chapter)
    account, deadliest = view_account(atlas, sel, "es")
    parts = {
        "legend": view_legend_html(atlas, sel, "es", (), chapter),
        "tooltips": _tooltips(collections),
        "account": " ".join([account, *deadliest]),
        "count": " ".join(tally_text(x, "es") for x in view_tallies(atlas, sel, lang="es")) + scope_text(atlas, sel,
                                                                                                           "es"),
        "timeline": " ".join(map(str, timeline_rows(atlas, sel, "type", "es").astype(str).to_numpy().ravel()))
                    + " ".join(map(str, timeline_rows(atlas, sel, "cartel", "es").astype(str).to_numpy().ravel())),
        "caption": " ".join(caption_for(atlas, Snapshot(sel, chapter.id if chapter else None, "es")).lines()),
    }
    if chapter is not None:
        parts["chapter"] = chapter.title("es") + " " + chapter.body("es")
    found = {name: english_in(text, atlas) for name, text in parts.items() if english_in(text, atlas)}
    assert not found, found
    assert "Simbología" in parts["legend"]


def test_the_details_of_each_layer_are_in_spanish(tiny_atlas) -> None:
    atlas, sel = tiny_atlas, Selection()
    flow = atlas.flows["id"].iloc[0]
    crossing = atlas.places[atlas.places["kind"] == "crossing"]["id"].iloc[0]
    spot = next(f["id"] for f in map_collections(atlas, sel, "es", None)["events"]["features"]
                if str(f["id"]).startswith(SPOT_PREFIX))
    texts = {
        "event": _details_text(atlas, "events", "salamanca-massacre"),
        "disputed event": _details_text(atlas, "events", "villa-union-attack"),
        "place": _details_text(atlas, "places", "salamanca"),
        "crossing": _details_text(atlas, "crossings", crossing),
        "flow": _details_text(atlas, "flows", flow),
        "territory": _details_text(atlas, "territories", "2025:Guanajuato"),
        "events at one place": _details_text(atlas, "events", spot, sel),
    }
    found = {name: english_in(text, atlas) for name, text in texts.items() if english_in(text, atlas)}
    assert not found, found
    assert "Muertos" in texts["event"] and "Balacera en una cancha" in texts["event"]
    assert "Cártel de Jalisco Nueva Generación" in texts["event"]


def test_numbers_in_spanish_use_the_mexican_separators() -> None:
    from dashboard.views.counts import _number
    assert _number(1412, "es") == "1,412" and _number(1412, "de") == "1.412"


def test_a_spanish_snapshot_has_spanish_caption_and_legend(cli_on_tiny_atlas, tmp_path) -> None:
    out = tmp_path / "vista.html"
    assert cli_main(["snapshot", "--lang", "es", "--chapter", "villa-union-2019", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Simbología" in page and "Un convoy atacó una pequeña presidencia municipal" in page  # the chapter
    visible = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", visible)
    found = english_in(visible)
    assert not found, found
    tooltips = json.dumps(re.findall(r'"tooltip":\s*"((?:[^"\\]|\\.)*)"', page))
    assert "Muertos" in tooltips or "Muertos" in page


# --------------------------------------------------------------------------- the page and its link


def test_a_spanish_snapshot_goes_through_its_link_and_back() -> None:
    from urllib.parse import parse_qs

    from dashboard.share.link import from_query_params, to_query_params, to_query_string

    snap = Snapshot(Selection(cartels=("cdn",), year_from=2019, year_to=2019), chapter="villa-union-2019", lang="es")
    assert to_query_params(snap)["lang"] == "es"
    cartels, chapters = ("cdn", "cjng"), ("villa-union-2019",)
    assert from_query_params(to_query_params(snap), cartels, chapters) == (snap, [])
    assert from_query_params(parse_qs(to_query_string(snap)), cartels, chapters) == (snap, [])


def _page_text(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [str(w.label) for w in (*at.radio, *at.selectbox, *at.multiselect, *at.slider, *at.button,
                                     *at.checkbox, *at.segmented_control)]
    return "\n".join(parts)


def _run(at):
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if "map_only_since" in at.session_state and bool(at.session_state["map_only_since"]):
        at.run()  # the session's first run draws the map alone (see tests/test_app.py)
        assert not at.exception, [e.message for e in at.exception]
    return at


def _map_group(at) -> str:
    found = [el for el in at.get("component_instance")
             if getattr(el.proto, "component_name", "") == "streamlit_folium.st_folium"]
    return json.loads(found[0].proto.json_args)["feature_group"]


def test_the_page_opened_with_lang_es_speaks_spanish_and_switches_from_the_title(atlas) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.query_params.update({"lang": "es", "chapter": "villa-union-2019"})
    _run(at)
    assert at.radio(key="lang").value == "es"
    switch = at.segmented_control(key="lang_switch")
    assert switch.value == "es"
    text = _page_text(at)
    assert "Atlas Frontera" in text and "Idioma" in text and "Simbología" in text
    assert "Villa Unión, 30 de noviembre de 2019" in text
    found = english_in(text, atlas)
    assert not found, found
    group = _map_group(at)
    assert "Muertos" in group and "Killed:" not in group
    switch.set_value("de")
    _run(at)
    assert at.radio(key="lang").value == "de" and at.query_params.get("lang") == "de"
    assert "Legende" in _page_text(at)
    at.radio(key="lang").set_value("es")
    _run(at)
    assert at.segmented_control(key="lang_switch").value == "es" and at.query_params.get("lang") == "es"
