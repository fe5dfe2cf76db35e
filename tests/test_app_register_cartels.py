"""Every register organisation named by imported data can be chosen in the cartel filter (AppTest and the core)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_app_actors import imported_count, new_app, run_ok  # noqa: E402

CSV = ("date,lat,lon,actor1,actor2,killed\n"
       "2008-03-01,32.50,-117.00,Tijuana Cartel,Sinaloa Cartel,2\n"
       "2009-05-02,31.70,-106.45,Juarez Cartel,Civilians (Mexico),1\n"
       "2010-07-03,25.80,-100.30,Los Zetas,Gulf Cartel,4\n"
       "2012-02-05,19.40,-102.05,Caballeros Templarios,Civilians (Mexico),3\n"
       "2008-02-06,19.70,-101.20,La Familia,,1\n")


@pytest.fixture
def stored(tmp_path, monkeypatch):
    from dashboard.imports import store
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    return store.save_dataset("guerrero", parse_upload(CSV.encode(), "guerrero.csv", atlas=geodata_atlas()))


def test_register_organisations_of_shown_data_are_offered_with_their_lineage(stored) -> None:
    at = run_ok(new_app())
    options = at.multiselect(key="cartels").options
    for name in ("Tijuana Cartel", "Juárez Cartel", "Los Zetas", "La Familia Michoacana", "Los Caballeros Templarios"):
        assert name in options, (name, options)
    at = run_ok(new_app(cartel="los-zetas"))
    assert imported_count(at) == 1
    notes = [c.value for c in at.sidebar.caption if "Los Zetas" in c.value and "continued by" in c.value]
    assert notes, [c.value for c in at.sidebar.caption]


def test_without_imported_data_only_the_map_cartels_are_offered(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "empty"))
    at = run_ok(new_app())
    assert len(at.multiselect(key="cartels").options) == 11


def test_a_link_and_the_command_line_accept_a_register_organisation(run_cli, tmp_path) -> None:
    from dashboard.atlas.data import load_atlas
    from dashboard.atlas.register_filter import known_cartel_ids
    from dashboard.share.link import from_query_params

    atlas = load_atlas()
    snap, notices = from_query_params({"cartel": ["tijuana", "nope"]}, known_cartel_ids(atlas),
                                      atlas.chapter_ids)
    assert snap.selection.cartels == ("tijuana",) and notices
    done = run_cli("export", "events", "--cartel", "juarez", "--format", "csv")
    assert done.returncode == 0, done.stderr


def test_the_count_scope_names_a_register_organisation() -> None:
    from dashboard.atlas.data import load_atlas
    from dashboard.model import Selection
    from dashboard.views.counts import scope_text

    assert "Tijuana Cartel" in scope_text(load_atlas(), Selection(cartels=("tijuana",)), "en")
