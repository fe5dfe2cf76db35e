"""The cartel register: every listed spelling, lineage by date, coalitions and factions."""

from __future__ import annotations

import pytest

from dashboard.atlas.files import read_rows, split_list
from dashboard.atlas.register import Register, split_names
from tests.geodata_atlas import geodata_atlas

ATLAS = ("sinaloa", "chapitos", "mayiza", "cjng", "csrl", "la-barredora", "cdn", "gulf", "lnfm", "carteles-unidos",
         "beltran-leyva")
REQUIRED = ("sinaloa", "chapitos", "mayiza", "cjng", "juarez", "la-linea", "tijuana", "beltran-leyva", "gulf",
            "los-zetas", "cdn", "la-familia", "caballeros-templarios", "lnfm", "csrl", "carteles-unidos",
            "guerreros-unidos", "los-rojos", "los-ardillos", "cida", "la-barredora")


def _entries():
    from dashboard.config import GEODATA_DIR

    return read_rows(GEODATA_DIR, "cartel_register.csv")


def shipped_register() -> Register:
    """The register of the real ``geodata/``, as the loaded atlas carries it."""
    return geodata_atlas().register


def test_register_covers_the_war_and_maps_onto_the_map_cartels():
    from dashboard.config import GEODATA_DIR

    ids = {r["id"] for r in _entries()}
    assert set(REQUIRED) <= ids
    atlas = {r["id"] for r in read_rows(GEODATA_DIR, "cartels.csv")}
    assert atlas <= ids  # the 11 map cartels keep their ids
    assert {r["atlas_id"] for r in _entries()} - {""} <= atlas


@pytest.mark.parametrize("entry", _entries(), ids=lambda r: r["id"])
def test_every_spelling_names_its_organisation_in_its_years(entry):
    register = shipped_register()
    year = int(entry["from"]) if entry["from"] else 2010
    for alias in (entry["name"], *split_list(entry["aliases"])):
        assert entry["id"] in register.names_in(alias), alias
        assert register.at(entry["id"], year) == entry["id"]


@pytest.mark.parametrize(("text", "year", "organisations"), [
    ("Los Zetas", 2008, ("los-zetas",)),
    ("Los Zetas", 2016, ("cdn",)),
    ("CDN", 2011, ("los-zetas",)),
    ("La Familia Michoacana", 2009, ("la-familia",)),
    ("La Familia Michoacana", 2020, ("lnfm",)),
    ("La Nueva Familia", 2019, ("lnfm",)),  # not also the older La Familia
    ("Jalisco Cartel New Generation", 2008, ("milenio",)),
    ("Jalisco Cartel New Generation", 2015, ("cjng",)),
    ("Zetas Vieja Escuela", 2018, ("zetas-vieja-escuela",)),
])
def test_lineage_by_date(text, year, organisations):
    assert shipped_register().attribute([text], year, ATLAS).organisations == organisations


def test_coalitions_and_factions_are_split():
    assert split_names("Gulf Cartel, La Familia, Sinaloa Cartel") == ["Gulf Cartel", "La Familia", "Sinaloa Cartel"]
    assert split_names("A; B") == ["A", "B"]
    found = shipped_register().attribute(["Sinaloa Cartel - Los Mayos"], 2024, ATLAS)
    assert found.cartels == ("sinaloa", "mayiza") and found.names == ("Sinaloa Cartel - Los Mayos",)


def test_no_false_friends():
    register = shipped_register()
    for text in ("Police Forces of Mexico (2018-) State Police of Sinaloa", "UPOEG", "Civilians (Mexico)",
                 "Unión de Pueblos y Organizaciones del Estado de Guerrero", "Ciudad Juárez municipal police"):
        assert register.names_in(text) == (), text


def test_lineage_loops_cannot_hang():
    from dashboard.atlas.register import Organisation

    a = Organisation("a", "Alpha", "", "", 2010, 2011, "b", "b", ())
    b = Organisation("b", "Beta", "", "", 2010, 2011, "a", "a", ())
    assert Register([a, b]).at("a", 2020) in ("a", "b")


@pytest.mark.parametrize(("text", "year", "organisations", "cartels"), [
    # the spellings of the published UCDP extract that matched nothing before the register
    ("Jalisco Cartel New Generation", 2018, ("cjng",), ("cjng",)),
    ("Juarez Cartel", 2010, ("juarez",), ()),
    ("Tijuana Cartel", 2009, ("tijuana",), ()),
    ("Beltrán Leyva Cartel", 2012, ("beltran-leyva",), ("beltran-leyva",)),
    ("La Familia", 2009, ("la-familia",), ()),
    ("Los Caballeros Templarios", 2013, ("caballeros-templarios",), ()),
    ("Cartel Independiente de Acapulco", 2012, ("cida",), ()),
    # a coalition names each member; a faction names the cartel and the faction
    ("Gulf Cartel, La Familia, Sinaloa Cartel", 2010, ("sinaloa", "gulf", "la-familia"), ("sinaloa", "gulf")),
    ("Sinaloa Cartel - Los Mayos", 2020, ("sinaloa", "mayiza"), ("sinaloa", "mayiza")),
    # Los Zetas: itself before the CDN existed, the CDN after the split
    ("Los Zetas", 2009, ("los-zetas",), ()),
    ("Los Zetas", 2019, ("cdn",), ("cdn",)),
])
def test_the_issues_spellings_are_attributed(text, year, organisations, cartels):
    found = shipped_register().attribute([text], year, ATLAS)
    assert (found.organisations, found.cartels) == (organisations, cartels)


def test_a_map_cartel_knows_the_predecessors_whose_history_it_continued() -> None:
    from dashboard.atlas.filters import predecessors_left_out

    register = shipped_register()
    assert [(s.id, p.id, s.start) for s, p in register.predecessors("cdn")] == [("cdn", "los-zetas", 2014)]
    assert [(s.id, p.id) for s, p in register.predecessors("lnfm")] == [("lnfm", "la-familia")]
    assert register.predecessors("sinaloa") == []
    atlas = geodata_atlas()
    assert [(s.id, p.name) for s, p in predecessors_left_out(atlas, ("cdn",))] == [("cdn", "Los Zetas")]
    assert predecessors_left_out(atlas, ("sinaloa",)) == []


def _guards_register() -> Register:
    """A register written here, not read from geodata/: La Vieja Guardia (2000–2011) went on as CJNG's Nueva Guardia."""
    from dashboard.atlas.register import Organisation

    old = Organisation("vieja-guardia", "La Vieja Guardia", "", "", 2000, 2011, "", "nueva-guardia", ("Old Guard",))
    new = Organisation("nueva-guardia", "La Nueva Guardia", "cjng", "", 2012, None, "vieja-guardia", "", ())
    return Register([old, new])


def test_the_cartel_filter_reads_the_register_it_is_given(atlas) -> None:
    import dataclasses

    from dashboard.atlas.filters import predecessors_left_out

    mine = dataclasses.replace(atlas, register=_guards_register())
    assert [(s.id, p.id, s.start) for s, p in predecessors_left_out(mine, ("cjng",))] == [
        ("nueva-guardia", "vieja-guardia", 2012)]
    assert predecessors_left_out(mine, ("cdn",)) == []  # Los Zetas are not in this register
    assert [p.id for _, p in predecessors_left_out(atlas, ("cdn",))] == ["los-zetas"]


@pytest.mark.parametrize(("year", "cartels", "organisations"), [
    (2005, ("other",), "vieja-guardia"),  # before the split: no map cartel
    (2015, ("cjng",), "nueva-guardia"),  # after it: drawn as CJNG, by the given register's lineage
])
def test_the_importer_attributes_by_the_register_it_is_given(atlas, year, cartels, organisations) -> None:
    import dataclasses

    from dashboard.imports.upload import parse_upload

    raw = f"date,lat,lon,actor1\n{year}-05-01,20.67,-103.35,Old Guard\n".encode()
    [row] = parse_upload(raw, "guard.csv", atlas=dataclasses.replace(atlas, register=_guards_register())).rows
    assert (row.cartels, row.organisations) == (cartels, organisations)
    [real] = parse_upload(raw, "guard.csv", atlas=atlas).rows  # the shipped register knows no "Old Guard"
    assert (real.cartels, real.organisations) == (("other",), "")
