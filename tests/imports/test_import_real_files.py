"""The real published files in ``../shared/data/real`` imported as downloaded (never copied here).

Skipped, with a message, when that folder is absent (a checkout on its own). The figures are the
issue's targets: the graves and press files of turn 3, and no earlier file keeping fewer rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.imports.encodings import decode_text
from dashboard.imports.upload import parse_upload as parse_with_atlas
from tests.geodata_atlas import geodata_atlas


def parse_upload(raw: bytes, filename: str, **kwargs):
    """parse_upload with the atlas of geodata/ (its cartels and register)."""
    return parse_with_atlas(raw, filename, atlas=geodata_atlas(), **kwargs)

ROOT = Path(__file__).resolve().parents[2]
REAL = next((p / "shared" / "data" / "real" for p in (ROOT.parent, ROOT.parent.parent)
             if (p / "shared" / "data" / "real").is_dir()), None)
needs_real = pytest.mark.skipif(REAL is None, reason="../shared/data/real is absent: the real files are not here")


def _parse(name: str, **kwargs):
    path = REAL / name
    return parse_upload(path.read_bytes(), path.name, **kwargs)


@needs_real
def test_graves_file_keeps_600_rows_each_in_the_municipality_its_codes_name():
    raw = (REAL / "turn3" / "fosas_prensa_pdhibero_2007_2019.csv").read_bytes()
    result = _parse("turn3/fosas_prensa_pdhibero_2007_2019.csv")
    assert len(result.rows) >= 600
    text, _ = decode_text(raw)
    assert "Ciudad de México" in text.splitlines()[13] and "Cuernavaca-México" in text.splitlines()[13]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    records, start = {}, 2
    for record in reader:  # by the line each record starts on (one quoted field holds a line break)
        records[start] = record
        start = reader.line_num + 1
    assert len(records) == 639
    for row in result.rows:  # each kept row sits in the municipality its own codes name
        own = records[row.line]
        assert row.precision_code == f"inegi:{int(own['cve_ente']):02d}{int(own['cve_muni']):03d}", row.line
    assert sum(len(r.date) == 10 for r in result.rows) >= 600  # day and month, where the file gives them
    assert all(r.actors == "" for r in result.rows)  # "grupo" is a batch label, not a perpetrator


@needs_real
def test_press_attacks_keep_55_of_56_and_no_point_outside_its_state_silently():
    result = _parse("turn3/a19_agresiones_prensa_elecciones_2018.csv", year=2018)
    assert len(result.rows) >= 55
    reasons = [r.reason for r in result.rejected]
    assert sum(r.startswith("withheld") for r in reasons) == 7
    assert sum(r.startswith("empty row") for r in reasons) == 2
    assert sum(r.startswith("not an event") for r in reasons) == 1
    new_york = [r for r in result.rows if "40.7128" in r.notes]
    assert len(new_york) == 1 and new_york[0].precision_code == "inegi:09015"
    moved = [r for r in result.rows if "published coordinates" in r.notes]
    assert len(moved) == 4  # New York, the centre of Mexico twice, Puebla in Tlaxcala
    import shapely

    from dashboard.imports.agreement import state_named, state_outlines

    outside = [r for r in result.rows if state_named(r.admin1, "")
               and not state_outlines()[state_named(r.admin1, "")].contains(shapely.Point(r.lon, r.lat))]
    assert all("published coordinates" not in r.notes for r in outside)  # the moved ones are in their state now
    assert any(f"{len(outside)} row(s) lie just outside the state" in n for n in result.notices)  # none silently


@needs_real
@pytest.mark.parametrize(("name", "kept"), [
    ("ucdp_ged_mexico.csv.gz", 18_957),
    ("acled_mexico_2022.csv.gz", 475),
    ("acled_mexico_2022_dmy.csv.gz", 475),
    ("cide_ppd_allviolence_2006_2011.csv.gz", 5_394),
])
def test_earlier_files_keep_no_fewer_rows(name, kept):
    result = _parse(name)
    assert len(result.rows) >= kept
    assert not any("give coordinates outside the state" in n for n in result.notices)


@needs_real
def test_ucdp_every_organisation_it_names_can_be_chosen_for_95_percent_of_its_rows():
    from dashboard.atlas.data import load_atlas
    from dashboard.atlas.filters import imported_mask
    from dashboard.atlas.register import split_names
    from dashboard.atlas.register_filter import known_cartel_ids
    from dashboard.config import YEAR_FLOOR, YEAR_MAX
    from dashboard.model import Selection

    atlas = load_atlas()
    register = atlas.register
    frame = _parse("ucdp_ged_mexico.csv.gz").to_frame()
    naming: dict[str, list[int]] = {}
    for i, (actors, year) in enumerate(zip(frame["actors"], frame["year"], strict=True)):
        for name in split_names(actors):
            for oid in register.names_in(name):
                naming.setdefault(register.at(oid, int(year)), []).append(i)
    assert {"tijuana", "juarez", "los-zetas", "la-familia", "caballeros-templarios"} <= set(naming)
    known = set(known_cartel_ids(atlas))
    for oid, rows in naming.items():
        assert oid in known
        kept = imported_mask(atlas, frame, Selection(cartels=(oid,), year_from=YEAR_FLOOR, year_to=YEAR_MAX))
        share = kept[sorted(set(rows))].mean()
        assert share >= 0.95, (oid, share)
