"""Published layouts as downloaded (fixtures written from the UCDP GED and ACLED codebooks), the column
mapping, municipal tables, precision, the atlas's area and attribution."""

from __future__ import annotations

import pytest

from dashboard.imports.rejections import ImportRejected


@pytest.fixture(scope="module")
def ucdp():
    from tests.imports.conftest import _parse_sample

    return _parse_sample("ucdp_ged_layout.csv")


def test_ucdp_is_recognised_and_keeps_precision_ranges_and_estimates(ucdp, kept):
    assert "recognised UCDP GED export columns" in ucdp.notices
    rows = kept(ucdp)
    state_level = rows["9002"]
    assert (state_level.precision, state_level.precision_code) == ("state", "ucdp:4")
    assert (state_level.date, state_level.date_end, state_level.date_precision) == ("2019-06-01", "2019-06-30",
                                                                                    "month")
    first = rows["9001"]
    assert (first.killed, first.killed_low, first.killed_high) == (5, 3, 9)
    assert first.precision == "site" and first.date_end == ""
    assert first.admin1 == "Tamaulipas state"  # adm_1, never the 'region' column ("Americas")
    assert rows["9008"].year == 1995 and rows["9008"].precision == "country"  # real years are kept
    assert ucdp.attribution["licence"] == "CC BY 4.0" and "Sundberg" in ucdp.attribution["citation"]


def test_ucdp_range_ending_before_it_starts_is_rejected(ucdp, by_line):
    assert "before" in by_line(ucdp)[16].reason


@pytest.mark.parametrize(("rid", "cartels", "organisations"), [
    ("9001", ("gulf",), "los-zetas;gulf"),  # Los Zetas in 2010: not yet the CDN
    ("9002", ("sinaloa", "cdn"), "sinaloa;cdn"),  # "Los Zetas" after the split: its successor
    ("9003", ("cdn", "gulf"), "gulf;cdn"),
    ("9004", ("sinaloa", "gulf"), "sinaloa;gulf;los-zetas;la-familia"),  # a coalition is split
    ("9005", ("sinaloa", "chapitos", "mayiza"), "sinaloa;chapitos;mayiza"),  # "X - Y" factions
    ("9006", ("cjng", "csrl"), "cjng;csrl"),
    ("9007", ("sinaloa",), "sinaloa;juarez"),
    ("9009", ("lnfm",), "lnfm;caballeros-templarios"),  # La Familia after 2011: La Nueva Familia Michoacana
    ("9010", ("beltran-leyva",), "beltran-leyva;cida"),
    ("9011", ("other",), "tijuana;tijuana-el-teo"),
    ("9013", ("other",), "los-ardillos;los-rusos"),
])
def test_ucdp_actors_are_attributed_as_they_were_then(ucdp, kept, rid, cartels, organisations):
    row = kept(ucdp)[rid]
    assert row.cartels == cartels
    assert set(row.organisations.split(";")) == set(organisations.split(";"))


def test_actors_outside_the_register_keep_their_names(ucdp, kept):
    row = kept(ucdp)["9013"]
    assert row.actor_names.split(";") == ["Los Rusos", "UPOEG", "Los Ardillos"]
    assert kept(ucdp)["9004"].actor_names.split(";") == ["Gulf Cartel", "La Familia", "Sinaloa Cartel", "Los Zetas"]


def test_rows_outside_the_area_are_counted_kept_or_dropped(load, kept):
    result = load("ucdp_ged_layout.csv")
    assert result.outside == 1 and "9014" in kept(result)
    assert any("1 row(s) outside Mexico" in n and "Colombia (1)" in n for n in result.notices)
    dropped = load("ucdp_ged_layout.csv", drop_outside=True)
    assert "9014" not in kept(dropped) and any("outside the atlas's area" in r.reason for r in dropped.rejected)


def test_acled_both_date_styles_precision_and_area(load, kept):
    result = load("acled_layout.csv")
    assert "recognised ACLED export columns" in result.notices
    rows = kept(result)
    assert rows["tst2"].date == "2022-03-18" and rows["tst1"].date == "2022-03-18"
    assert [rows[i].precision for i in ("tst1", "tst2", "tst3")] == ["town", "municipality", "state"]
    assert [rows[i].date_precision for i in ("tst1", "tst2", "tst3")] == ["day", "week", "month"]
    assert rows["tst3"].cartels == ("cdn",)  # ACLED's "CDN: Northeast Cartel", and "Los Zetas" in 2022
    assert result.outside == 1 and "ACLED" in result.attribution["source"]


def test_municipal_table_codes_names_and_traps(load, kept, by_line):
    result = load("municipal_table.csv")
    assert sum("not unique" in n for n in result.notices) == 1  # said once; rows numbered, none lost
    rows = {r.line: r for r in result.rows}
    assert rows[2].precision_code == "inegi:08037" and rows[2].killed == 2  # Juárez, Chihuahua: Ciudad Juárez
    assert rows[3].precision_code == "inegi:27004"  # Centro, Tabasco: Villahermosa, not Spain or Italy
    assert abs(rows[3].lat - 17.99) < 0.05
    assert rows[4].precision_code == "inegi:16052"  # Lázaro Cárdenas, Michoacán de Ocampo
    assert rows[5].precision_code == "inegi:12038"  # Zihuatanejo de Azueta
    assert rows[6].precision_code == "inegi:32017" and rows[7].precision_code == "inegi:19026"  # Guadalupe x2
    assert rows[2].precision == "municipality" and rows[2].injured == 0
    rejected = by_line(result)
    assert "4 municipalities match 'Guadalupe'" in rejected[8].reason and len(rejected[8].candidates) == 4
    assert "no coordinates and no place name" in rejected[9].reason  # "NA" is missing, not a place called NA


def test_column_mapping_is_used_and_shown(load):
    raw = b"when,where,estado,total.people.dead\n2010-01-01,Centro,Tabasco,3\n"
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    result = parse_upload(raw, "m.csv", columns=["date=when", "municipality=where", "killed=total.people.dead"],
                          atlas=geodata_atlas())
    assert result.rows[0].killed == 3 and result.rows[0].precision_code == "inegi:27004"
    assert any(n.startswith("column mapping: date = 'when'") for n in result.notices)
    with pytest.raises(ImportRejected, match="no column 'nope'"):
        parse_upload(raw, "m.csv", columns=["killed=nope"], atlas=geodata_atlas())
    with pytest.raises(ImportRejected, match="FIELD=COLUMN"):
        parse_upload(raw, "m.csv", columns=["colour=where"], atlas=geodata_atlas())


def test_missing_date_names_date_start_and_the_mapping():
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    with pytest.raises(ImportRejected, match=r"date_start.*--column date="):
        parse_upload(b"when,latitude,longitude\n2020-01-01,20,-100\n", "x.csv", atlas=geodata_atlas())


def test_attribution_given_wins_and_is_stored(tmp_path, load):
    from dashboard.imports.store import dataset_info, save_dataset

    result = load("ucdp_ged_layout.csv", attribution={"licence": "CC BY 4.0 (checked)"})
    assert result.attribution["licence"] == "CC BY 4.0 (checked)" and result.attribution["source"].startswith("UCDP")
    save_dataset("ucdp", result, directory=tmp_path)
    info = dataset_info("ucdp", directory=tmp_path)
    assert info.attribution["licence"] == "CC BY 4.0 (checked)" and info.layout == "UCDP GED"
    assert info.credit().endswith("(CC BY 4.0 (checked))")


def test_stored_rows_keep_precision_and_ranges(tmp_path, load):
    from dashboard.imports.store import load_dataset, save_dataset

    save_dataset("ucdp", load("ucdp_ged_layout.csv"), directory=tmp_path)
    frame = load_dataset("ucdp", directory=tmp_path).set_index("id")
    assert frame.loc["9002", "precision"] == "state" and frame.loc["9002", "date_end"] == "2019-06-30"
    assert frame.loc["9001", "killed_high"] == 9 and frame.loc["9008", "year"] == 1995


@pytest.mark.parametrize(("rid", "event_type", "original"), [
    ("9016", "armed-conflict", "type_of_violence 1: state-based conflict"),  # the government against the EZLN
    ("9001", "armed-conflict", "type_of_violence 2: non-state conflict"),  # cartel against cartel
    ("9008", "attack", "type_of_violence 3: one-sided violence"),  # an armed side against civilians
    ("9017", "", ""),  # no code given: no type, and nothing to call unknown
])
def test_ucdp_violence_types_become_atlas_types_and_keep_the_code(ucdp, kept, rid, event_type, original):
    row = kept(ucdp)[rid]
    assert (row.type, row.type_original) == (event_type, original)


def test_ucdp_violence_types_need_no_type_column_notice(ucdp):
    assert not any("no event type column" in n for n in ucdp.notices)
    assert not any("event type the atlas does not know" in n for n in ucdp.notices)


def test_an_unknown_ucdp_violence_code_is_kept_and_reported(load):
    from tests.imports.conftest import DATA

    lines = (DATA / "ucdp_ged_layout.csv").read_text(encoding="utf-8").splitlines()
    changed = lines[-1].replace("MEX-2011-2-9017,2011,,,,", "MEX-2011-2-9017,2011,,,4,")
    assert changed != lines[-1]
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    result = parse_upload("\n".join([*lines[:-1], changed]).encode(), "ucdp.csv", atlas=geodata_atlas())
    row = {r.id: r for r in result.rows}["9017"]
    assert (row.type, row.type_original) == ("", "type_of_violence 4")
    assert any("'type_of_violence 4' (1)" in n for n in result.notices)


def test_a_repeating_id_names_the_column_that_is_unique(load):
    result = load("municipal_sections.csv")
    said = [n for n in result.notices if "not unique" in n]
    assert len(said) == 1  # said once, for the whole file
    assert "'1' on lines 2 and 7" in said[0]  # event.id restarts in the second section
    assert "column 'folio' is unique: map it as the id with --column id=folio" in said[0]
    assert [r.id for r in result.rows] == [f"municipal-sections-{n}" for n in range(2, 10)]  # numbered, none lost


def test_the_unique_column_mapped_as_the_id_gives_the_rows_its_ids(load):
    result = load("municipal_sections.csv", columns=["id=folio"])
    assert not any("not unique" in n for n in result.notices)
    assert [r.id for r in result.rows][:2] == ["chih-07-0001", "sin-07-0002"] and len(result.rows) == 8


def test_no_column_is_offered_when_none_is_unique():
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    raw = b"id,grupo,fecha,latitud,longitud\n1,A,2024-01-01,20.5,-101.2\n1,A,2024-01-02,20.6,-101.3\n"
    said = [n for n in parse_upload(raw, "x.csv", atlas=geodata_atlas()).notices if "not unique" in n]
    assert len(said) == 1 and "is unique" not in said[0]  # the coordinates differ, but they are not an id


def test_the_cli_report_names_the_unique_column_and_accepts_it_as_the_id(cli, tmp_path):
    from tests.imports.conftest import DATA

    source = tmp_path / "sections.csv"
    source.write_bytes((DATA / "municipal_sections.csv").read_bytes())
    first = cli("import", str(source), "--name", "sections")
    assert first.returncode == 0 and "--column id=folio" in first.stdout
    again = cli("import", str(source), "--name", "sections", "--replace", "--column", "id=folio")
    assert again.returncode == 0 and "not unique" not in again.stdout and "id = 'folio'" in again.stdout
