"""Languages come from one list, ``config.LANGUAGES``: a fourth code added to it is missed wherever a text lacks it.

Adding a language is: add its code to the list, then write what these checks name — the interface
strings (:func:`dashboard.i18n.untranslated`), the data's per-language columns and the chapters'
titles and texts (``python -m dashboard validate``). The link, the command line and the exports
take the new language from the list itself.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import config, i18n
from dashboard.atlas.validate.geodata import validate_geodata
from dashboard.cli.main import build_parser
from dashboard.share.link import from_query_params
from dashboard.share.tables import layer_columns

# Every place that keeps a reader's text per language: file -> its texts (English columns named as they are).
PER_LANGUAGE = {
    "cartels.csv": ("name_fr", "note_fr"),
    "places.csv": ("name_fr", "description_fr"),
    "events.csv": ("title_fr", "summary_fr", "dispute_note_fr"),
    "territories.csv": ("note_fr",),
    "flows.csv": ("label_fr", "note_fr"),
    "cartel_register.csv": ("note_fr",),
}


@pytest.fixture
def with_french(monkeypatch):
    monkeypatch.setattr(config, "LANGUAGES", (*config.LANGUAGES, "fr"))


def test_the_three_languages_lack_nothing(make_tiny_atlas) -> None:
    assert config.LANGUAGES == ("en", "de", "es")
    assert i18n.untranslated() == {}
    assert validate_geodata(make_tiny_atlas().root) == []


def test_a_fourth_language_is_missing_from_every_interface_string(with_french) -> None:
    gaps = i18n.untranslated()
    assert set(gaps) == set(i18n.STRINGS) and set(gaps.values()) == {("fr",)}
    assert i18n.t("title", "fr") == i18n.t("title", "en")  # until written, a reader gets English, not an error


def test_validate_names_every_data_column_a_fourth_language_lacks(with_french, make_tiny_atlas) -> None:
    found = {(p.file, p.field) for p in validate_geodata(make_tiny_atlas().root)}
    assert found == {(name, column) for name, columns in PER_LANGUAGE.items() for column in columns}


def test_with_the_columns_added_validate_names_each_untranslated_row_and_chapter(with_french, make_tiny_atlas) -> None:
    g = make_tiny_atlas()
    for name, columns in PER_LANGUAGE.items():
        header, rows = g.read(name)
        g.write(name, [*header, *columns], rows)  # the columns, still empty
    problems = validate_geodata(g.root)
    by_file = {p.file for p in problems}
    assert by_file == {*PER_LANGUAGE, "chapters.toml"}
    assert {p.field for p in problems if p.file == "chapters.toml"} == {"title_fr", "body_fr"}
    assert {p.field for p in problems if p.file == "events.csv"} >= {"title_fr", "summary_fr", "dispute_note_fr"}


def test_links_commands_and_exports_take_the_language_from_the_list(with_french) -> None:
    snap, notices = from_query_params({"lang": ["fr"]}, [], [])
    assert snap.lang == "fr" and notices == []
    assert build_parser().parse_args(["snapshot", "--lang", "fr", "-o", "x.png"]).lang == "fr"
    columns = layer_columns()
    assert {"title_fr", "summary_fr", "dispute_note_fr"} <= set(columns["events"])
    assert "title_fr" in columns["chapters"] and "name_fr" in columns["places"]


def test_every_export_of_texts_carries_every_language() -> None:
    """``export chapters`` had no Spanish title; events, places, territories and flows carry all three."""
    columns = layer_columns()
    for layer, base in (("chapters", "title"), ("events", "title"), ("events", "summary"), ("places", "description"),
                        ("flows", "label")):
        assert set(config.language_columns(base)) <= set(columns[layer]), (layer, base)
    for layer, base in (("places", "name"), ("territories", "note"), ("events", "dispute_note")):
        assert set(config.language_columns(base, plain_english=True)) <= set(columns[layer]), (layer, base)


# -- the reader's language, not English ------------------------------------------------------------------
ENGLISH_WORDS = ("Ignored", "expected", "given more than once", "unknown", "needed together", "geocoded",
                 "precision", "Actors", "Organisations", "Full screen")


def test_link_notices_are_written_in_the_readers_language() -> None:
    params = {"from": ["abc"], "to": ["2010", "2012"], "cartel": ["nope"], "utm": ["x"], "lat": ["20"],
              "zoom": ["7"], "v": ["9"]}
    _, notices = from_query_params(params, ["cjng"], [])
    assert len(notices) == 6
    assert notices[0].text("es") == "Se ignoró utm='x': parámetro desconocido."
    for lang in ("de", "es"):
        text = " ".join(n.text(lang) for n in notices)
        assert not [w for w in ENGLISH_WORDS if w in text], text
    assert "Ignored from='abc': expected a number from 1989 to 2026." in [str(n) for n in notices]


def _imported_row() -> pd.DataFrame:
    """One imported event as the store keeps it (dashboard.imports.rows), geocoded to a town, dated to a month."""
    return pd.DataFrame([{
        "id": "r1", "date": "2019-05-01", "date_end": "", "date_precision": "month", "type": "attack",
        "type_original": "Violence against civilians", "place": "Uruapan", "admin1": "Michoacán", "country": "MX",
        "killed": 3, "killed_low": 2, "killed_high": 5, "injured": 1, "cartels": ("cjng",), "actors": "CJNG",
        "organisations": "CJNG;Police", "lat": 19.42, "lon": -102.06, "geocoded": True, "precision": "town",
        "precision_code": "acled:1", "notes": "", "source": "ACLED"}])


@pytest.mark.parametrize("lang", ["de", "es"])
def test_an_imported_rows_details_have_no_english_line(lang: str) -> None:
    from dashboard.views.details import imported_details

    d = imported_details(_imported_row(), "r1", "Mis datos", lang)
    text = " ".join(f"{label} {value}" for label, value in d.facts)
    assert not [w for w in ENGLISH_WORDS if w in text], text
    facts = dict(d.facts)
    assert facts[i18n.t("lat_lon", lang)].endswith(f"{i18n.t('level_town', lang)} (acled:1)")
    assert f"({i18n.t('dated_month', lang)})" in facts[i18n.t("date", lang)]


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_maps_full_screen_button_is_named_in_the_readers_language(lang: str) -> None:
    from dashboard.config import TILE_PROVIDERS
    from dashboard.map.leaflet import access_group, build_base_map
    from dashboard.model import MapView

    html = build_base_map("{}", TILE_PROVIDERS["none"], MapView(), lang).get_root().render()
    assert f'"{i18n.t("full_screen", lang)}"' in html and "Full screen" not in html
    live = build_base_map("{}", TILE_PROVIDERS["none"], MapView())  # the page's map: renamed by its words
    access_group("Map", "map", "help", None, i18n.t("full_screen", lang)).add_to(live)
    assert i18n.t("full_screen", lang) in live.get_root().render()


def test_export_chapters_carries_every_language(capsys, monkeypatch) -> None:
    from pathlib import Path

    from dashboard.cli.main import main

    monkeypatch.setattr("dashboard.cli.export.GEODATA_DIR", Path(__file__).parent / "data" / "atlas")
    assert main(["export", "chapters", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert set(config.language_columns("title")) <= set(header)
