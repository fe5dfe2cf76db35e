"""Actors -> cartels: names, short names and aliases, whole words only."""

from __future__ import annotations

import pytest

from dashboard.imports.cartel_matcher import CartelMatcher


@pytest.mark.parametrize(("actor", "cartels"), [
    ("Cartel de Jalisco Nueva Generacion", ("cjng",)),
    ("CJNG: Jalisco New Generation Cartel", ("cjng",)),
    ("Cártel Jalisco Nueva Generación", ("cjng",)),
    ("cjng", ("cjng",)),
    ("Sinaloa Cartel", ("sinaloa",)),
    ("CDS: Sinaloa Cartel", ("sinaloa",)),
    ("Cártel de Sinaloa", ("sinaloa",)),
    ("Sinaloa Cartel (Los Chapitos)", ("sinaloa", "chapitos")),
    ("Los Zetas", ()),  # the CDN's predecessor: the register's lineage decides by year, not a cdn alias
    ("La Familia Michoacana", ("lnfm",)),
    ("Police Forces of Mexico (2018-) State Police of Sinaloa", ()),  # a state name is not a cartel
    ("Civilians (Mexico)", ()),
    ("Cjngx Militia", ()),  # whole words only
])
def test_cartel_aliases(atlas, actor, cartels):
    assert CartelMatcher.from_cartels(atlas.cartels).match(actor) == cartels


def test_cartel_column_takes_ids_and_names(atlas):
    matcher = CartelMatcher.from_cartels(atlas.cartels)
    assert matcher.match_ids_or_names("cjng; sinaloa") == ("sinaloa", "cjng")
    assert matcher.match_ids_or_names("Los Chapitos, CDN") == ("chapitos", "cdn")
    assert CartelMatcher([("x", ("Foo Bar",))]).match("the foo  BAR group") == ("x",)


@pytest.mark.parametrize(("year", "cartels", "organisations"), [
    (2010, ("other",), "los-zetas"),  # before the split: Los Zetas, no map cartel of its own
    (2020, ("cdn",), "cdn"),  # after it: the Cártel del Noreste, by the register's lineage
])
def test_a_cartel_column_naming_los_zetas_follows_the_lineage(year, cartels, organisations):
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    raw = f"date,lat,lon,cartel\n{year}-05-01,27.48,-99.51,Los Zetas\n".encode()
    [row] = parse_upload(raw, "zetas.csv", atlas=geodata_atlas()).rows
    assert row.cartels == cartels and row.organisations == organisations
