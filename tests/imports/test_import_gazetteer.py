"""The offline gazetteer: ambiguous names return every candidate, never silently one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import shapely

from dashboard.atlas.validate.geometry import haversine_km
from dashboard.imports.gazetteer import Candidate, by_id, geocode, normalise

PLACES = Path(__file__).resolve().parents[2] / "geodata" / "places.csv"


def _states(found: list[Candidate]) -> set[tuple[str, str]]:
    return {(c.country, c.admin1) for c in found}


def test_villa_union_is_ambiguous():
    found = geocode("Villa Unión")
    assert len(found) >= 3
    assert {("MX", "Coahuila"), ("MX", "Sinaloa")} <= _states(found)
    # largest first: the Sinaloa town is bigger, which is exactly the trap
    assert [c.population for c in found] == sorted((c.population for c in found), reverse=True)
    assert found[0].admin1 != "Coahuila"


@pytest.mark.parametrize("spelling", ["Villa Unión", "villa union", "VILLA UNIÓN", "  villa   unión ", "Villa-Union"])
def test_matching_ignores_case_and_accents(spelling):
    assert {c.geonames_id for c in geocode(spelling)} == {c.geonames_id for c in geocode("Villa Unión")}


@pytest.mark.parametrize("admin1", ["Coahuila", "coahuila", "COAHUILA"])
def test_admin1_narrows(admin1):
    found = geocode("Villa Unión", admin1=admin1)
    assert found
    assert {c.admin1 for c in found} == {"Coahuila"}
    nearest = min(found, key=lambda c: abs(c.lat - 28.2223) + abs(c.lon + 100.7262))
    assert abs(nearest.lat - 28.2223) < 0.05 and abs(nearest.lon + 100.7262) < 0.05


def test_country_narrows():
    found = geocode("Salamanca", country="es")
    assert found and {c.country for c in found} == {"ES"}


def test_salamanca_mexico_and_spain():
    found = geocode("Salamanca")
    countries = {c.country for c in found}
    assert {"MX", "ES"} <= countries
    assert ("MX", "Guanajuato") in _states(found)
    assert geocode("salamanca", admin1="Guanajuato")[0].geonames_id == 3988214


@pytest.mark.parametrize("name", ["Atlantisópolis del Norte", "", "   ", "zzzzqqq"])
def test_unknown_name_gives_empty_list(name):
    assert geocode(name) == []


def test_admin1_with_no_match_gives_empty_list():
    assert geocode("Villa Unión", admin1="Yucatán") == []


def test_alternate_names_are_searched():
    found = geocode("Ciudad de Mexico")
    assert any(c.geonames_id == 3530597 for c in found)


def test_normalise():
    assert normalise("Villa Unión") == normalise("VILLA UNION") == "villa union"
    assert normalise("Nuevo  León") == "nuevo leon"


def test_by_id():
    c = by_id(3980122)
    assert c is not None and (c.name, c.admin1, c.country) == ("Villa Unión", "Coahuila", "MX")
    assert by_id(1) is None


def _curated_towns() -> list[dict[str, str]]:
    with PLACES.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["kind"] in ("city", "town") and r["geonames_id"].strip()]


def test_curated_places_lie_near_their_gazetteer_entry():
    """Every curated city/town with a GeoNames id is within 5 km of that entry, in the same country."""
    rows = _curated_towns()
    assert len(rows) >= 20
    far = []
    for row in rows:
        entry = by_id(int(row["geonames_id"]))
        assert entry is not None, f"{row['id']}: geonames_id {row['geonames_id']} not in the gazetteer"
        km = haversine_km(shapely.Point(float(row["lon"]), float(row["lat"])), shapely.Point(entry.lon, entry.lat))
        if km > 5 or entry.country != row["country"]:
            far.append(f"{row['id']}: {km:.1f} km from {entry.name}, {entry.admin1}, {entry.country}")
        if row["country"] == "MX":
            assert entry.admin1 == row["admin1"], row["id"]
    assert not far, far


# -- command line ---------------------------------------------------------------------------

def test_cli_geocode_with_admin1(run_cli):
    result = run_cli("geocode", "Villa Unión", "--admin1", "Coahuila")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert isinstance(found, list) and found
    for cand in found:
        assert {"name", "admin1", "country", "lat", "lon", "population", "geonames_id"} <= set(cand)
        assert (cand["admin1"], cand["country"]) == ("Coahuila", "MX")
        assert isinstance(cand["lat"], float) and isinstance(cand["population"], int)


def test_cli_geocode_ambiguous_lists_all(capsys):
    from dashboard.cli.main import main

    assert main(["geocode", "villa union"]) == 0
    assert {"Coahuila", "Sinaloa"} <= {c["admin1"] for c in json.loads(capsys.readouterr().out)}


def test_cli_geocode_unknown(capsys):
    from dashboard.cli.main import main

    assert main(["geocode", "Atlantisópolis del Norte"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert "no gazetteer entry for 'Atlantisópolis del Norte'" in err
