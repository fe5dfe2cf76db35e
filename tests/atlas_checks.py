"""Checks any atlas must pass, the real ``geodata/`` and the tiny test atlas alike: one copy of each.

Each takes the atlas (and, for the register, its CSV) and asserts; the test files call them on their own data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.atlas.validate.translations import TRANSLATED_TEXTS
from dashboard.config import YEAR_MAX, YEAR_MIN
from dashboard.vocab import EVENT_TYPES, LAYERS


def assert_chapters_are_written_in_english_and_german(chapters) -> None:
    for c in chapters:
        assert c.title("en") == c.titles["en"] and c.title("de") == c.titles["de"]
        assert c.titles["en"] and c.titles["de"], c.id  # titles may coincide ("Made in Missouri")
        assert c.body("en").strip() and c.body("de").strip() and c.body("en") != c.body("de"), c.id
        assert c.body("fr") == c.bodies["en"]  # a language the atlas lacks falls back to English


def assert_chapter_selections_are_valid(atlas) -> None:
    """Every chapter's filter names known cartels, layers and types, and its highlights exist in its years."""
    cartels = set(atlas.cartels["id"])
    events = atlas.events.set_index("id")
    places = set(atlas.places["id"])
    routes = set(atlas.flows["route"])
    for c in atlas.chapters:
        sel = c.selection
        assert YEAR_MIN <= sel.year_from <= sel.year_to <= YEAR_MAX, c.id
        assert set(sel.cartels) <= cartels, c.id
        assert set(sel.layers) <= set(LAYERS) and sel.layers, c.id
        assert set(sel.types) <= set(EVENT_TYPES)
        assert set(c.events) <= set(events.index), c.id
        assert set(c.places) <= places, c.id
        assert set(c.routes) <= routes, c.id
        for eid in c.events:
            assert sel.year_from <= events.loc[eid, "year"] <= sel.year_to, (c.id, eid)
        assert -90 <= c.view.lat <= 90 and -180 <= c.view.lon <= 180 and 1 <= c.view.zoom <= 18


def assert_texts_are_translated(atlas, register_csv: Path) -> None:
    """Every translated column is filled in German and Spanish; prose (not names) reads differently."""
    register = pd.read_csv(register_csv, dtype=str, keep_default_na=False)
    frames = {"events.csv": atlas.events, "territories.csv": atlas.territories, "places.csv": atlas.places,
              "cartel_register.csv": register}
    for name, columns in TRANSLATED_TEXTS.items():
        for column in columns:
            rows = frames[name][frames[name][column].fillna("") != ""]
            assert len(rows), (name, column)
            for lang in ("de", "es"):
                assert (rows[f"{column}_{lang}"].fillna("") != "").all(), (name, column, lang)
            if column != "name":  # notes are prose: written anew, never left in English
                assert (rows[f"{column}_de"] != rows[column]).all() and (rows[f"{column}_es"] != rows[column]).all()


def state_shape(atlas, name: str, country: str = "MX"):
    """The polygon of state ``name`` of ``country`` in the atlas's boundaries."""
    states = atlas.states
    return states[(states["name"] == name) & (states["country"] == country)].geometry.iloc[0]


def places_near_their_states(atlas) -> int:
    """Asserts every Mexican and US place lies in its own state (or off its coast, within the tolerance);
    returns how many places it checked."""
    from dashboard.atlas.validate.geometry import COAST_TOLERANCE_KM, STATE_STAND_INS, distance_to_polygon_km

    checked = 0
    for row in atlas.places.itertuples():
        if row.country not in ("MX", "US"):
            continue
        polygon = state_shape(atlas, STATE_STAND_INS.get(row.admin1, row.admin1), row.country)
        assert distance_to_polygon_km(row.geometry, polygon) <= COAST_TOLERANCE_KM, row.id
        checked += 1
    return checked
