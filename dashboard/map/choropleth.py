"""A count table as a choropleth: each state or municipality classed by its rate (or count) over a span of years.

Figures: the yearly sums of :mod:`dashboard.official.rates` over the chosen years, per area; with a
population table, the rate is value ÷ person-years × 100,000, person-years being each year's
population × its published months ÷ 12 (so a partial year weighs what it covers, as the yearly
rates are annualised). Classes: **quantiles** (five classes of about equal numbers of areas),
because rates are skewed: equal intervals would paint nearly every area in the lowest class.
Small numbers: with rates, an area of fewer than :data:`MIN_POPULATION` people is drawn grey as
unreliable and left out of the class breaks (one homicide in a village of 900 is a rate of 111).
No count threshold: it would grey every quiet municipality (most have fewer than ten homicide case
files a year) and leave only the violent ones coloured, a bias; a large quiet area's low rate is
information. Counts without a population are shown as counted, none is greyed. Areas of the
table without a polygon (municipalities newer than the framework) are kept in ``unmapped`` with
their figures, for the key and the export.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.official.areas import MUNICIPALITY, STATE, state_code
from dashboard.official.rates import measures_matching, yearly
from dashboard.official.table import OfficialTable

BOUNDARIES = Path(__file__).resolve().parents[2] / "geodata" / "boundaries"
# ColorBrewer YlOrBr, 5 classes: sequential in lightness, so the order reads under every colour vision
# (tests/map/test_map_choropleth.py checks neighbours with dashboard.map.colour_vision).
PALETTE = ("#FFFFD4", "#FED98E", "#FE9929", "#D95F0E", "#993404")
UNRELIABLE_FILL, NO_DATA_FILL = "#BDBDBD", "#FFFFFF"
MIN_POPULATION = 10_000  # fewer people: one event moves the rate by more than 10 per 100,000
METHOD = "quantiles"


@dataclass(frozen=True)
class Request:
    """What to draw: the count table's name, a measure, rates or counts, years, level, one state."""

    table: str
    measure: str | None = None
    rate: bool = True
    years: tuple[int, int] | None = None
    level: str | None = None       # STATE or MUNICIPALITY; None: the finest level the table has
    state: str | None = None       # "11": only Guanajuato's municipalities


@dataclass
class Classed:
    """The areas with their figures and classes, and everything the key says."""

    level: str
    measure: str
    unit: str
    years: tuple[int, int]
    rated: bool                      # rates per 100,000 (else counts)
    breaks: tuple[float, ...]        # class upper bounds, len(PALETTE) or fewer
    areas: pd.DataFrame              # area, area_name, value, months, population, figure, klass, reliable
    unmapped: pd.DataFrame           # areas of the table without a polygon (same columns)
    population_years: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def period(self) -> str:
        first, last = self.years
        return str(first) if first == last else f"{first}–{last}"


@functools.lru_cache(maxsize=2)
def area_shapes(level: str) -> gpd.GeoSeries:
    """Polygons by area code: the 32 states ("01") or the 2,465 municipalities ("01001")."""
    if level == STATE:
        # By name: the file's own "MX05" codes are not INEGI's (its MX05 is Chiapas, INEGI's 05 Coahuila).
        data = json.loads((BOUNDARIES / "mx_states.geojson").read_text(encoding="utf-8"))
        codes = [state_code(f["properties"]["name"]) for f in data["features"]]
    else:
        data = json.loads((BOUNDARIES / "mx_municipalities.geojson").read_text(encoding="utf-8"))
        codes = [f["properties"]["cvegeo"] for f in data["features"]]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in data["features"]]
    return gpd.GeoSeries(geoms, index=pd.Index(codes, name="area"), crs=4326)


def table_level(counts: pd.DataFrame) -> str:
    """The finest level a count table has."""
    return MUNICIPALITY if (counts["level"] == MUNICIPALITY).any() else STATE


@dataclass(frozen=True)
class Prepared:
    """A count table's yearly rows of every level and measure, with person-years: made once per table pair,
    so switching measure or years only filters and sums (the bench holds it under 400 ms)."""

    rows: pd.DataFrame               # yearly() columns + person_years
    units: dict[str, str]            # measure -> unit
    level: str                       # the finest level the table has
    last_year: int
    rated: bool


def prepare(counts: OfficialTable, population: OfficialTable | None) -> Prepared:
    """The slow part, once: yearly sums of the whole table and each row's person-years."""
    from dashboard.official.rates import population_for

    frame = counts.frame
    rows = yearly(frame)
    if population is None:
        rows["person_years"] = np.nan
    else:
        rows["person_years"] = population_for(population.frame, rows) * rows["months"] / 12
        # A table with codes only (INEGI's death series) gets its areas' names from the population table.
        names = population.frame.drop_duplicates("area").set_index("area")["area_name"]
        rows["area_name"] = rows["area_name"].astype(str)
        unnamed = (rows["area_name"] == "") | (rows["area_name"] == rows["area"].astype(str))
        rows.loc[unnamed, "area_name"] = rows.loc[unnamed, "area"].map(names).fillna(rows.loc[unnamed, "area"])
    units = frame.groupby("measure")["unit"].agg(lambda u: ", ".join(sorted(set(u)))).to_dict()
    return Prepared(rows, units, table_level(frame), int(rows["year"].max()), population is not None)


def _sums(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sums of ``values`` per group ``index``; NaN where a group has a NaN (an incomplete sum is no sum)."""
    total = np.bincount(index, weights=np.nan_to_num(values), minlength=n)
    gaps = np.bincount(index, weights=np.isnan(values).astype(float), minlength=n)
    return np.where(gaps > 0, np.nan, total)


def area_figures(rows: pd.DataFrame, level: str, measures: list[str], years: tuple[int, int]) -> pd.DataFrame:
    """One row per area over ``years``: value, months, person-years, population (mean) and rate.

    Grouped with numpy (``np.unique`` + ``bincount``): a pandas groupby cost some 100 ms a switch in
    fixed overhead, over the state map's whole budget."""
    year = rows["year"].to_numpy()
    keep = ((rows["level"].to_numpy() == level) & rows["measure"].isin(measures).to_numpy()
            & (year >= years[0]) & (year <= years[1]))
    r = rows[keep]
    codes, first, index = np.unique(r["area"].to_numpy(), return_index=True, return_inverse=True)
    n = len(codes)
    value = np.bincount(index, weights=r["value"].to_numpy(dtype=float), minlength=n)
    months = np.bincount(index, weights=r["months"].to_numpy(dtype=float), minlength=n)
    # A year of an area lacking a population leaves its person-years incomplete: no rate rather than a wrong one.
    person_years = _sums(index, r["person_years"].to_numpy(dtype=float), n)
    area_years = pd.Series(r["year"].to_numpy()).groupby(index).nunique().reindex(range(n)).to_numpy(dtype=float)
    out = pd.DataFrame({"area": codes, "area_name": r["area_name"].to_numpy()[first], "value": value,
                        "months": months, "person_years": person_years})
    out["population"] = person_years / area_years
    out["rate"] = np.round(value / person_years * 100_000, 2)
    return out


def quantile_breaks(values: np.ndarray, classes: int = len(PALETTE)) -> tuple[float, ...]:
    """Upper bounds of up to ``classes`` quantile classes (ties merged, so never an empty class)."""
    values = values[np.isfinite(values)]
    if not len(values):
        return ()
    qs = np.quantile(values, np.linspace(0, 1, classes + 1)[1:])
    return tuple(float(round(q, 2)) for q in np.unique(qs))


def class_of(figure: float, breaks: tuple[float, ...]) -> int:
    """Index of the class ``figure`` falls in (-1 without a figure)."""
    if not np.isfinite(figure) or not breaks:
        return -1
    return int(min(np.searchsorted(np.asarray(breaks), figure, side="left"), len(breaks) - 1))


def classify(figures: pd.DataFrame, rated: bool) -> tuple[pd.DataFrame, tuple[float, ...]]:
    """Figures with ``figure``, ``reliable`` and ``klass``; reliable areas alone set the breaks."""
    f = figures.copy()
    f["figure"] = f["rate"] if rated else f["value"]
    small = (f["population"] < MIN_POPULATION) if rated else pd.Series(False, index=f.index)
    f["reliable"] = ~small & f["figure"].notna()
    breaks = quantile_breaks(f.loc[f["reliable"], "figure"].to_numpy(dtype=float))
    f["klass"] = [class_of(v, breaks) if ok else -1 for v, ok in zip(f["figure"], f["reliable"], strict=True)]
    return f, breaks


def choropleth(request: Request, prepared: Prepared) -> Classed:
    """The classed areas of ``request`` from a table prepared by :func:`prepare`."""
    level = request.level or prepared.level
    measures = measures_matching(prepared.rows, request.measure)
    if not measures:
        raise ValueError(f"no measure {request.measure!r} in {request.table!r}")
    measures = measures[:1] if request.measure is None else measures
    years = request.years or (prepared.last_year, prepared.last_year)
    rated = prepared.rated and request.rate
    figures = area_figures(prepared.rows, level, measures, years)
    if request.state:
        figures = figures[figures["area"].str[:2] == request.state]
    classed, breaks = classify(figures, rated)
    mapped = classed["area"].isin(area_shapes(level).index)
    unit = ", ".join(sorted({prepared.units[m] for m in measures}))
    return Classed(level, " + ".join(measures), unit, years, rated, breaks, classed[mapped].reset_index(drop=True),
                   classed[~mapped].reset_index(drop=True), years if rated else None)
