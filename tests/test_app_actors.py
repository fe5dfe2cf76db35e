"""The page's filter by the actors of imported data (Streamlit AppTest): the list, the count, the URL, the notices."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = "../dashboard/app.py"
HOSTILE = "<img src=x onerror=alert(1)> ${x} `tick`"
CSV = ("date,lat,lon,actor1,actor2,killed\n"
       "2012-03-01,17.55,-99.50,Los Ardillos,Civilians (Mexico),2\n"
       "2013-05-02,17.56,-99.51,Los Ardillos,Los Rojos,1\n"
       "2014-07-03,17.57,-99.52,Cartel Independiente de Acapulco,,4\n"
       f"2016-02-05,17.58,-99.53,\"{HOSTILE}\",Los Ardillos,0\n")


@pytest.fixture
def stored(tmp_path, monkeypatch):
    """A store of its own holding one dataset, "guerrero", of four events naming five actors."""
    from dashboard.imports import store
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    return store.save_dataset("guerrero", parse_upload(CSV.encode(), "guerrero.csv", atlas=geodata_atlas()))


def run_ok(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if at.session_state["map_only_since"]:
        at.run()  # the first run draws the map alone (app.py); the next brings the sidebar
        assert not at.exception, [e.message for e in at.exception]
    return at


def new_app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    return at


def link_actors(at: AppTest) -> list[str]:
    """The ``actor`` values of the page's URL (AppTest keeps a single value as a string)."""
    value = at.query_params.get("actor", [])
    return sorted([value] if isinstance(value, str) else value)


def imported_count(at: AppTest) -> int:
    """The events of "guerrero" the legend says this view shows."""
    [legend] = [m.value for m in at.markdown if "atlas-legend" in m.value]
    found = re.search(r"guerrero \(imported\) · (\d+) events?", legend)
    assert found, legend
    return int(found.group(1))


def test_the_datasets_actors_are_offered_most_frequent_first_with_counts(stored):
    at = run_ok(new_app(**{"from": "2006"}))
    actors = at.multiselect(key="actors")
    assert actors.label == "Actors in imported data" and actors.value == []
    assert actors.options[0] == "Los Ardillos (3)"
    assert {"Cartel Independiente de Acapulco (1)", f"{HOSTILE} (1)", "Los Rojos (1)"} <= set(actors.options)
    assert imported_count(at) == 4


def test_choosing_an_actor_narrows_the_count_and_goes_into_the_link(stored):
    at = run_ok(new_app(**{"from": "2006"}))
    at.multiselect(key="actors").select("Los Ardillos")
    run_ok(at)
    assert imported_count(at) == 3
    assert link_actors(at) == ["Los Ardillos"]
    at.multiselect(key="actors").select(HOSTILE)
    run_ok(at)
    assert imported_count(at) == 3  # the hostile-named row names Los Ardillos too
    assert link_actors(at) == sorted(["Los Ardillos", HOSTILE])
    markdown = " ".join(m.value for m in at.markdown)
    assert f"Imported events naming any of: {HOSTILE}, Los Ardillos." in markdown.replace("\\", "")
    # the name reaches Markdown escaped: no tag, no LaTeX, no code span
    assert "\\<img src=x onerror=alert\\(1\\)\\> \\$\\{x\\} \\`tick\\`" in markdown
    assert "<img" not in markdown.replace("\\<img", "")


def test_a_link_with_actors_restores_them_and_drops_unknown_ones_with_a_notice(stored):
    at = run_ok(new_app(**{"from": "2006", "actor": ["Cartel Independiente de Acapulco", "Los Pelones"]}))
    assert at.multiselect(key="actors").value == ["Cartel Independiente de Acapulco"]
    assert imported_count(at) == 1
    notices = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Ignored actor='Los Pelones': no dataset on the map names this actor." in notices


def test_a_chapter_keeps_the_chosen_actors(stored):
    at = run_ok(new_app(**{"from": "2006", "actor": "Los Rojos"}))
    at.button(key="chapter_next").click()
    run_ok(at)
    assert at.session_state["chapter"] is not None
    assert at.multiselect(key="actors").value == ["Los Rojos"] and link_actors(at) == ["Los Rojos"]


def test_without_imported_data_there_is_no_actor_list(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "empty"))
    at = run_ok(new_app())
    assert not [m for m in at.multiselect if m.key == "actors"]


def test_the_choice_survives_hiding_and_showing_the_dataset(stored):
    """The options' counts change with the datasets shown; the chosen names must not be lost with them."""
    at = run_ok(new_app(**{"from": "2006"}))
    at.multiselect(key="actors").select("Los Ardillos")
    run_ok(at)
    at.checkbox(key="ds_guerrero").uncheck()
    run_ok(at)
    actors = at.multiselect(key="actors")
    assert actors.value == ["Los Ardillos"] and actors.options == ["Los Ardillos (0)"]
    at.checkbox(key="ds_guerrero").check()
    run_ok(at)
    assert at.multiselect(key="actors").value == ["Los Ardillos"] and imported_count(at) == 3


def test_the_cartel_filter_says_it_leaves_out_a_predecessors_events_in_imported_data(stored) -> None:
    at = run_ok(new_app(cartel="cdn"))
    said = [c.value for c in at.sidebar.caption if "Los Zetas" in c.value]
    assert said and "starts in 2014" in said[0] and "does not include" in said[0], said
    at = run_ok(new_app(cartel="cdn", lang="es"))  # worded by the page, in the reader's language
    said = [c.value for c in at.sidebar.caption if "Los Zetas" in c.value]
    assert said and "Cártel del Noreste" in said[0] and "2014" in said[0] and "no incluye" in said[0], said
    at = run_ok(new_app(cartel="sinaloa"))  # no predecessor in the register
    assert not [c.value for c in at.sidebar.caption if "starts in" in c.value]


def test_without_imported_data_the_filter_says_nothing_of_predecessors(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "empty"))
    at = run_ok(new_app(cartel="cdn"))
    assert not [c.value for c in at.sidebar.caption if "Los Zetas" in c.value]
