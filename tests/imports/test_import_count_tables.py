"""Tables of counts per area and period are recognised and never stored as events, whatever is mapped."""

from __future__ import annotations

import pytest

from dashboard.imports.rejections import ImportRejected
from dashboard.imports.upload import parse_upload as parse_with_atlas
from tests.geodata_atlas import geodata_atlas
from tests.imports.conftest import DATA


def parse_upload(raw: bytes, filename: str, **kwargs):
    """parse_upload with the atlas of geodata/ (its cartels and register)."""
    return parse_with_atlas(raw, filename, atlas=geodata_atlas(), **kwargs)


def test_sesnsp_month_columns_are_a_count_table():
    with pytest.raises(ImportRejected, match="a table of counts, not a list of events") as err:
        parse_upload((DATA / "sesnsp_layout.csv").read_bytes(), "sesnsp_layout.csv")
    message = str(err.value)
    assert "Clave_Ent (2 values)" in message and "12 month columns (Enero … Diciembre)" in message
    assert "3 rows" in message and "never stores a count table as events" in message


@pytest.mark.parametrize("columns", [None, ["date=isodate", "place=entidad", "killed=total"]])
def test_following_the_old_hint_still_stores_no_totals(columns):
    raw = (b"isodate,entidad,delito,total\n2015-01-01,Nacional,Homicidio doloso,1354\n"
           b"2015-01-01,Sinaloa,Homicidio doloso,92\n2015-02-01,Sinaloa,Secuestro,3\n")
    with pytest.raises(ImportRejected, match=r"a table of counts.*isodate \(2 values\).*delito: 2 kinds"):
        parse_upload(raw, "victimas.csv", columns=columns)


@pytest.mark.parametrize(("raw", "what"), [
    (b"cve_ent|year|month|homicides|pop_est|homicide_rate\n01|2000|1|0|944330.1|0\n", "homicides, pop_est"),
    (b"CVE,Entidad,Municipio,1990,1991,1992,1993,1994\n01001,Aguascalientes,Aguascalientes,1,2,3,4,5\n",
     "5 year columns (1990 … 1994)"),
    (b'"Entidad","Municipio","Homicidio doloso","Total","A\xc3\xb1o","Mes"\n"Sinaloa","Culiac\xc3\xa1n","9","9",'
     b'"2024","Enero"\n', "Homicidio doloso, Total"),
    (b'"Defunciones por homicidios"\n"A\xc3\xb1o de registro : 2014"\n""\n"","","Total","Enero","Febrero"\n'
     b'"01 Aguascalientes","","40","3","4"\n', "title lines ('Defunciones por homicidios'"),
])
def test_published_count_layouts(raw, what):
    with pytest.raises(ImportRejected, match="not a list of events") as err:
        parse_upload(raw, "counts.csv")
    assert what in str(err.value)


def test_an_event_list_with_a_year_and_a_total_is_still_events():
    raw = b"fecha,ano,estado,municipio,total,latitud,longitud\n2020-01-05,2020,Sinaloa,Culiac\xc3\xa1n,3,24.8,-107.39\n"
    assert len(parse_upload(raw, "x.csv").rows) == 1
