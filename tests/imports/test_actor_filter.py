"""The filter by a dataset's own actors: counting names, matching rows, the URL, captions and the command line."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard.atlas import actor_filter as actor_names
from dashboard.atlas import filters
from dashboard.model import Selection
from dashboard.share.link import Snapshot, from_query_params, to_query_params

HOSTILE = "<img src=x onerror=alert(1)> ${x} `tick`"

# A file as a researcher might bring it: actors in two columns, coalitions in one cell, a hostile name.
ROWS = [
    ("2012-03-01", "Los Ardillos", "Civilians (Mexico)", 2),
    ("2013-05-02", "Los Ardillos", "Los Rojos", 1),
    ("2014-07-03", "Cartel Independiente de Acapulco", "", 4),
    ("2015-09-04", "Gulf Cartel, La Familia, Sinaloa Cartel", "", 3),
    ("2016-02-05", HOSTILE, "Los Ardillos", 0),
    ("2017-04-06", "", "", 1),  # no actor at all
]


def sample_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "lat", "lon", "actor1", "actor2", "killed"])
    for n, (date, a1, a2, killed) in enumerate(ROWS):
        writer.writerow([date, f"{17.55 + n / 100:.2f}", f"{-99.50 - n / 100:.2f}", a1, a2, killed])
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def frame(tiny_atlas):
    from dashboard.imports.upload import parse_upload

    result = parse_upload(sample_csv(), "guerrero.csv", atlas=tiny_atlas)
    assert result.kept == len(ROWS)
    return result.to_frame()


# --------------------------------------------------------------------------- the pure core


def test_names_are_counted_most_frequent_first(frame):
    counts = actor_names.actor_counts(frame["actor_names"])
    assert counts[0] == ("Los Ardillos", 3)
    as_dict = dict(counts)
    assert as_dict["Cartel Independiente de Acapulco"] == 1 and as_dict[HOSTILE] == 1
    # a coalition is three actors, each counted once
    assert {as_dict[n] for n in ("Gulf Cartel", "La Familia", "Sinaloa Cartel")} == {1}
    assert "" not in as_dict and sum(n for _, n in counts) == 10


def test_a_row_matches_when_it_names_any_chosen_actor(frame):
    hits = actor_names.rows_naming(frame["actor_names"], {"Los Rojos", "La Familia"})
    assert list(hits) == [False, True, False, True, False, False]
    assert not actor_names.rows_naming(frame["actor_names"], {"Los Ardil"}).any()  # whole names only
    assert not actor_names.rows_naming(frame["actor_names"], set()).any()


def test_the_selection_narrows_imported_rows_only(tiny_atlas, frame):
    everything = filters.imported_mask(tiny_atlas, frame, Selection(year_from=2006))
    ardillos = Selection(year_from=2006, actors=("Los Ardillos",))
    assert everything.sum() == len(ROWS)
    assert filters.imported_mask(tiny_atlas, frame, ardillos).sum() == 3
    # with the years too: Los Ardillos in 2014-2016 is the hostile-named row only
    assert filters.imported_mask(tiny_atlas, frame, ardillos.with_(year_from=2014, year_to=2016)).sum() == 1
    # the atlas's own events have no actor names: the filter leaves them as they are
    everyone = Selection(year_from=2006)
    assert len(filters.events_for(tiny_atlas, ardillos)) == len(filters.events_for(tiny_atlas, everyone)) == 12


def test_an_actor_outside_the_map_cartels_is_findable_not_just_other(tiny_atlas, frame):
    cida = Selection(year_from=2006, actors=("Cartel Independiente de Acapulco",))
    [row] = filters.imported_for(tiny_atlas, frame, cida).itertuples()
    assert row.cartels == ("other",) and row.killed == 4


def test_the_count_and_the_timeline_follow_the_chosen_actors(tiny_atlas, frame):
    from dashboard.views import counts

    sel = Selection(year_from=2006, actors=("Los Ardillos",))
    shown = {"guerrero": ("guerrero", frame, filters.imported_mask(tiny_atlas, frame, sel))}
    imported = counts.view_tallies(tiny_atlas, sel, shown)[1]
    assert (imported.events, imported.killed) == (3, 3)
    years = counts.timeline_rows(tiny_atlas, sel, "type", "en", shown)
    mine = years[years["group"] == "guerrero"]
    assert list(mine["year"]) == [2012, 2013, 2016] and mine["events"].sum() == 3


def test_counts_of_several_datasets_add_up_and_options_keep_the_chosen():
    merged = actor_names.merged([[("A", 2), ("B", 1)], [("B", 5), ("C", 1)]])
    assert merged == [("B", 6), ("A", 2), ("C", 1)]
    assert actor_names.options(merged, ["Z", "A"], limit=2) == ["B", "A", "Z"]
    assert actor_names.label("B", dict(merged)) == "B (6)" and actor_names.label("Z", {}) == "Z (0)"
    assert actor_names.label("Los Ardillos", {"Los Ardillos": 12345}) == "Los Ardillos (12,345)"


def test_a_million_rows_are_filtered_by_combination_not_by_row():
    import time

    column = pd.Series(pd.array(["Los Ardillos;UPOEG", "Los Tlacos", ""] * 333_334, dtype="str"))
    start = time.perf_counter()
    hits = actor_names.rows_naming(column, {"UPOEG"})
    assert time.perf_counter() - start < 2.0
    assert hits.sum() == 333_334


# --------------------------------------------------------------------------- the URL


def test_actors_round_trip_through_the_url():
    sel = Selection(actors=(HOSTILE, "Los Ardillos"))
    params = to_query_params(Snapshot(sel))
    assert params["actor"] == sorted([HOSTILE, "Los Ardillos"])
    back, notices = from_query_params(params, [], [], {HOSTILE, "Los Ardillos", "Los Rojos"})
    assert back.selection == sel and notices == []
    assert "actor" not in to_query_params(Snapshot(Selection()))


def test_names_with_link_characters_survive_the_address_bar():
    from urllib.parse import parse_qs

    from dashboard.share.link import to_query_string

    names = (HOSTILE, "A & B = C #1 + 50% ?", "Cártel del Noreste / Tropa")
    snap = Snapshot(Selection(actors=names))
    back, notices = from_query_params(parse_qs(to_query_string(snap)), [], [], set(names))
    assert back == snap and notices == []


@pytest.mark.parametrize(("value", "why"), [
    ("Los Pelones", "no dataset on the map names this actor"),
    ("", "not an actor name"),
    ("A;B", "not an actor name"),
    ("x" * 300, "not an actor name"),
    ("Los\nArdillos", "not an actor name"),
])
def test_unknown_or_malformed_actors_are_dropped_with_a_notice(value, why):
    snap, notices = from_query_params({"actor": [value, "Los Ardillos"]}, [], [], {"Los Ardillos"})
    assert snap.selection.actors == ("Los Ardillos",)
    assert len(notices) == 1 and str(notices[0]).startswith("Ignored actor=") and why in str(notices[0])


def test_a_long_name_the_data_holds_is_read_back():
    long_name = "Frente " + "muy largo " * 40  # the importer keeps names of any length
    snap, notices = from_query_params({"actor": [long_name.strip()]}, [], [], {long_name.strip()})
    assert snap.selection.actors == (long_name.strip(),) and notices == []


def test_without_known_actors_any_well_formed_name_is_read():
    snap, notices = from_query_params({"actor": ["Los Pelones"]}, [], [])
    assert snap.selection.actors == ("Los Pelones",) and notices == []


# --------------------------------------------------------------------------- captions and account


def test_the_caption_names_the_chosen_actors(tiny_atlas):
    from dashboard.share.caption import caption_for

    plain = caption_for(tiny_atlas, Snapshot(Selection()))
    chosen = caption_for(tiny_atlas, Snapshot(Selection(actors=("Los Ardillos", HOSTILE)), lang="es"))
    assert "Actor" not in plain.filters
    assert chosen.filters.endswith(f"Actores en los datos importados: {HOSTILE}, Los Ardillos")


def test_the_html_snapshot_shows_the_actor_escaped(tiny_atlas, frame):
    from dashboard.share.html import render_html

    page = render_html(tiny_atlas, Snapshot(Selection(actors=(HOSTILE,))), imported={"guerrero": frame})
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_account_says_which_actors_the_imported_count_keeps(tiny_atlas):
    from dashboard.views.account import view_account

    sel = Selection(actors=("Los Ardillos",))
    head, _ = view_account(tiny_atlas, sel, "de", [("guerrero", 3, "")])
    assert "Importierte Ereignisse mit einem dieser Akteure: Los Ardillos." in head
    assert "Akteure" not in view_account(tiny_atlas, sel, "de", [])[0]  # no imported data shown: nothing to say


# --------------------------------------------------------------------------- the command line


def test_snapshot_takes_actors_of_the_datasets_given(data_dir, cli, tmp_path):
    source = tmp_path / "guerrero.csv"
    source.write_bytes(sample_csv())
    cli("import", str(source), "--name", "guerrero")
    out = tmp_path / "view.csv"
    result = cli("snapshot", "--dataset", "guerrero", "--actor", "Los Ardillos", "--actor", "Los Rojos",
                 "--from", "2006", "--layer", "events", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    imported = [r for r in rows if r.get("layer", "").startswith("imported")]
    assert len(imported) == 3 and all("Los Ardillos" in r["actor_names"] or "Los Rojos" in r["actor_names"]
                                      for r in imported)


@pytest.mark.parametrize(("args", "says"), [
    (("--dataset", "guerrero", "--actor", "Los Ardilos"), "no dataset given names the actor 'Los Ardilos'; "
                                                          "did you mean 'Los Ardillos'"),
    (("--actor", "Los Ardillos"), "--actor chooses actors of imported data: name the dataset with --dataset"),
])
def test_snapshot_refuses_an_actor_no_dataset_names(data_dir, cli, tmp_path, args, says):
    source = tmp_path / "guerrero.csv"
    source.write_bytes(sample_csv())
    cli("import", str(source), "--name", "guerrero")
    result = cli("snapshot", *args, "-o", str(tmp_path / "view.png"))
    assert result.returncode != 0 and says in result.stderr and "Traceback" not in result.stderr
