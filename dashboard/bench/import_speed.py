"""Import benchmark: parse + store a synthetic ACLED-style CSV.

``python -m dashboard.bench.import_speed [N ...]`` prints seconds for N rows with coordinates
and with place names only (geocoded offline). Targets (issue 18): 200 000 rows with coordinates ≤ 6 s,
the UCDP GED layout at its Mexico extract's size (18,957 rows) ≤ 3 s, a 5,000-row municipal table ≤ 3 s
(:func:`published_benchmarks`, which ``python -m dashboard bench`` prints).
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.atlas.data import Atlas

from dashboard.testing import synthetic_csv


def import_benchmark(n_rows: int, geocode: bool, atlas: Atlas, *, seed: int = 6) -> float:
    """Seconds to parse ``n_rows`` synthetic rows, matched to ``atlas``'s cartels, and store them in a temporary store.

    The CSV is generated before the clock starts; the gazetteer index is loaded before it too (a
    running app has it already, as it has the atlas).
    """
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload

    raw = synthetic_csv(n_rows, geocode, seed)
    if geocode:
        from dashboard.imports.gazetteer import geocode as lookup

        lookup("Culiacán")
    with tempfile.TemporaryDirectory(prefix="atlas-import-bench-") as tmp:
        start = time.perf_counter()
        result = parse_upload(raw, "bench.csv", atlas=atlas, max_rows=max(n_rows, 1), max_bytes=max(len(raw), 1))
        if len(result.rows) != n_rows:
            reasons = "; ".join(result.reasons(3))
            raise RuntimeError(f"benchmark rows rejected: {len(result.rejected)} ({reasons})")
        save_dataset("bench", result, directory=Path(tmp))
        return time.perf_counter() - start


_UCDP_COLUMNS = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
                 "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,"
                 "side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,"
                 "source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,"
                 "geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,"
                 "deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob")
UCDP_HEADER = _UCDP_COLUMNS.split(",")
UCDP_SIDES = ("Sinaloa Cartel", "Jalisco Cartel New Generation", "Juarez Cartel", "Los Zetas", "Gulf Cartel",
              "Sinaloa Cartel - Los Mayos", "Gulf Cartel, La Familia, Sinaloa Cartel", "Civilians", "Los Rojos")
# (municipality, state as INEGI writes it): names the municipal gazetteer resolves, traps included
MUNICIPALITIES = (("Juárez", "Chihuahua"), ("Centro", "Tabasco"), ("Guadalupe", "Zacatecas"),
                  ("Guadalupe", "Nuevo León"), ("Lázaro Cárdenas", "Michoacán de Ocampo"),
                  ("Zihuatanejo de Azueta", "Guerrero"), ("Culiacán", "Sinaloa"), ("Reynosa", "Tamaulipas"),
                  ("Acapulco de Juárez", "Guerrero"), ("Uruapan", "Michoacán de Ocampo"))


def synthetic_ucdp_csv(n_rows: int, seed: int = 7) -> bytes:
    """A seeded file in the UCDP GED layout (49 columns, as downloaded)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UCDP_HEADER)
    for i in range(n_rows):
        year, month, day = rng.randint(1989, 2023), rng.randint(1, 12), rng.randint(1, 28)
        side_a, side_b = rng.choice(UCDP_SIDES), rng.choice(UCDP_SIDES)
        low = rng.randint(0, 3)
        row = dict.fromkeys(UCDP_HEADER, "")
        violence = 3 if side_b == "Civilians" else 2  # one-sided violence against civilians, else non-state
        row.update(id=str(100000 + i), relid=f"MEX-{year}-{violence}-{i}", year=str(year), side_a=side_a,
                   side_b=side_b, type_of_violence=str(violence),
                   where_prec=str(rng.randint(1, 6)), where_coordinates="Synthetic town", adm_1="Sinaloa state",
                   latitude=f"{rng.uniform(16.0, 31.5):.5f}", longitude=f"{rng.uniform(-114.0, -90.0):.5f}",
                   country="Mexico", region="Americas", date_prec=str(rng.randint(1, 5)),
                   date_start=f"{year}-{month:02d}-{day:02d}", date_end=f"{year}-{month:02d}-{day:02d}",
                   best=str(low + 1), low=str(low), high=str(low + 3), source_article="Synthetic source")
        writer.writerow(row.values())
    return out.getvalue().encode("utf-8")


def synthetic_municipal_csv(n_rows: int, seed: int = 8) -> bytes:
    """A seeded municipal table without coordinates (INEGI names and long state names, Spanish columns)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["fecha", "estado", "municipio", "muertos", "heridos"])
    for _ in range(n_rows):
        mun, state = rng.choice(MUNICIPALITIES)
        writer.writerow([f"{rng.randint(2006, 2011)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", state, mun,
                         rng.randint(0, 5), rng.randint(0, 3)])
    return out.getvalue().encode("utf-8")


def timed_import(raw: bytes, n_rows: int, atlas: Atlas) -> float:
    """Seconds to parse and store ``raw``, which must keep all of its ``n_rows`` rows."""
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload

    with tempfile.TemporaryDirectory(prefix="atlas-import-bench-") as tmp:
        start = time.perf_counter()
        result = parse_upload(raw, "bench.csv", atlas=atlas, max_rows=max(n_rows, 1), max_bytes=max(len(raw), 1))
        if len(result.rows) != n_rows:
            raise RuntimeError(f"benchmark rows rejected: {len(result.rejected)} ({'; '.join(result.reasons(3))})")
        save_dataset("bench", result, directory=Path(tmp))
        return time.perf_counter() - start


def published_benchmarks(atlas: Atlas) -> list[tuple[str, float, str]]:
    """(measure, seconds, target) for the published layouts: UCDP's size, 200 000 rows, a municipal table."""
    from dashboard.imports.municipalities import default_municipalities

    default_municipalities()
    return [("import UCDP GED layout, 18,957 rows (synthetic)",
             timed_import(synthetic_ucdp_csv(18_957), 18_957, atlas), "≤ 3 s"),
            ("import 200,000 rows with coordinates", import_benchmark(200_000, False, atlas), "≤ 6 s"),
            ("import municipal table, 5,000 rows geocoded",
             timed_import(synthetic_municipal_csv(5_000), 5_000, atlas), "≤ 3 s")]


def main(argv: list[str] | None = None) -> int:
    from dashboard.atlas.data import load_atlas

    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [10_000, 100_000]
    atlas = load_atlas()
    for n in sizes:
        for geocode in (False, True):
            seconds = import_benchmark(n, geocode, atlas)
            label = "place names, geocoded" if geocode else "with coordinates"
            print(f"import {n:>7,} rows ({label}): {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
