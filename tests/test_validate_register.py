"""`validate` checks the cartel register: copies of the tiny test atlas broken in one place of cartel_register.csv."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dashboard.atlas.files import read_rows
from dashboard.atlas.validate.geodata import validate_geodata
from dashboard.atlas.validate.lineage import check_register

REGISTER = "cartel_register.csv"


def _edit(row_id: str, **changes: str) -> Callable[[Any], int]:
    return lambda g: g.edit(REGISTER, row_id, **changes)


def _add_alias(row_id: str, alias: str) -> Callable[[Any], int]:
    def mutate(g: Any) -> int:
        return g.edit(REGISTER, row_id, aliases=g.row(REGISTER, row_id)["aliases"] + ";" + alias)

    return mutate


# (name, mutate -> line the problem names, field, a fragment of the message)
BREAKS = [
    ("duplicate id", _edit("mayiza", id="chapitos"), "id", "'chapitos' is also used on line"),
    ("unknown parent", _edit("chapitos", parent="juarez-cartel"), "parent", "'juarez-cartel'"),
    ("unknown predecessor", _edit("cdn", emerged_from="zetas"), "emerged_from", "'zetas'"),
    ("unknown successor", _edit("los-zetas", continued_by="nueva-familia"), "continued_by", "'nueva-familia'"),
    ("years reversed", _edit("los-zetas", to="1990"), "to", "ends in 1990, before it starts in 1999"),
    ("not a year", _edit("csrl", **{"from": "20l4"}), "from", "'20l4' is not a year"),
    ("unknown map cartel", _edit("los-zetas", atlas_id="zetas"), "atlas_id", "'zetas'"),
    # "Cártel de Jalisco Nueva Generación" is already CJNG's (2010-): after normalising case and accents
    # it is the same spelling, and the Santa Rosa de Lima Cartel (2014-) exists in the same years.
    ("one spelling, two organisations at once", _add_alias("csrl", "CÁRTEL DE JALISCO nueva generacion"),
     "aliases", "also names 'cjng'"),
    ("a faction of its own faction", _edit("sinaloa", parent="chapitos"), "parent", "sinaloa -> chapitos -> sinaloa"),
]


@pytest.mark.parametrize(("name", "mutate", "field", "says"), BREAKS, ids=[b[0] for b in BREAKS])
def test_broken_register_names_file_line_and_field(make_tiny_atlas, name, mutate, field, says):
    g = make_tiny_atlas()
    line = mutate(g)
    problems = [str(p) for p in validate_geodata(g.root)]
    where = f"{REGISTER}:{line}: field '{field}'"
    hits = [p for p in problems if p.startswith(where)]
    assert any(says in h for h in hits), f"{says!r} not at {where}; got:\n" + "\n".join(problems)


def test_a_spelling_may_pass_on_when_the_years_do_not_overlap(make_tiny_atlas):
    """The Guadalajara Cartel (1980-1989) and the Santa Rosa de Lima Cartel (2014-) may share a name."""
    g = make_tiny_atlas()
    _add_alias("guadalajara", "Santa Rosa de Lima Cartel")(g)
    assert validate_geodata(g.root) == []


def test_the_cli_refuses_a_broken_register(make_tiny_atlas, run_cli):
    g = make_tiny_atlas()
    line = g.edit(REGISTER, "cdn", atlas_id="noreste")
    result = run_cli("validate", geodata=g.root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{REGISTER}:{line}: field 'atlas_id'" in result.stdout + result.stderr


def test_the_tiny_register_passes(make_tiny_atlas):
    g = make_tiny_atlas()
    cartels = {r["id"] for r in read_rows(g.root, "cartels.csv")}
    assert check_register(read_rows(g.root, REGISTER), cartels) == []
