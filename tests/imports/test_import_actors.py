"""Actors -> cartels: names, short names and aliases, whole words only."""

from __future__ import annotations

import pytest

from dashboard.imports.actors import CartelMatcher, default_matcher


@pytest.mark.parametrize(("actor", "cartels"), [
    ("Cartel de Jalisco Nueva Generacion", ("cjng",)),
    ("CJNG: Jalisco New Generation Cartel", ("cjng",)),
    ("Cártel Jalisco Nueva Generación", ("cjng",)),
    ("cjng", ("cjng",)),
    ("Sinaloa Cartel", ("sinaloa",)),
    ("CDS: Sinaloa Cartel", ("sinaloa",)),
    ("Cártel de Sinaloa", ("sinaloa",)),
    ("Sinaloa Cartel (Los Chapitos)", ("sinaloa", "chapitos")),
    ("Los Zetas", ("cdn",)),
    ("La Familia Michoacana", ("lnfm",)),
    ("Police Forces of Mexico (2018-) State Police of Sinaloa", ()),  # a state name is not a cartel
    ("Civilians (Mexico)", ()),
    ("Cjngx Militia", ()),  # whole words only
])
def test_cartel_aliases(actor, cartels):
    assert default_matcher().match(actor) == cartels


def test_cartel_column_takes_ids_and_names():
    matcher = default_matcher()
    assert matcher.match_ids_or_names("cjng; sinaloa") == ("sinaloa", "cjng")
    assert matcher.match_ids_or_names("Los Chapitos, CDN") == ("chapitos", "cdn")
    assert CartelMatcher([("x", ("Foo Bar",))]).match("the foo  BAR group") == ("x",)
