"""How precise an imported event is, on one scale, and who to credit for a published dataset.

Location precision codes of the published layouts map onto :data:`PRECISION_LEVELS`
(site, town, municipality, state, country) following their codebooks:

- UCDP GED ``where_prec``: 1 exact place -> site; 2 within about 25 km of a place -> town;
  3 second-order division -> municipality; 4 first-order division -> state; 5 a larger region,
  6 the country, 7 international waters -> country.
- ACLED ``geo_precision``: 1 the town itself -> town; 2 near a town or a part of a region ->
  municipality; 3 only a larger region (its capital's coordinates) -> state.

Date precision: UCDP ``date_prec`` (1 day, 2 two to six days, 3 week, 4 month, 5 more than a
month) and ACLED ``time_precision`` (1 day, 2 week, 3 month).
"""

from __future__ import annotations

from dashboard.imports.rows import PRECISION_LEVELS

UCDP_WHERE = {"1": "site", "2": "town", "3": "municipality", "4": "state", "5": "country", "6": "country",
              "7": "country"}
ACLED_WHERE = {"1": "town", "2": "municipality", "3": "state"}
UCDP_DATE = {"1": "day", "2": "days", "3": "week", "4": "month", "5": "year"}
ACLED_DATE = {"1": "day", "2": "week", "3": "month"}

ATTRIBUTION = {
    "UCDP GED": {
        "source": "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, https://ucdp.uu.se/",
        "licence": "CC BY 4.0",
        "citation": ("Sundberg, Ralph and Erik Melander (2013), Introducing the UCDP Georeferenced Event Dataset, "
                     "Journal of Peace Research 50(4): 523–532; Davies, Shawn, Therese Pettersson and Magnus Öberg, "
                     "Organized violence 1989–2023 (the release's Journal of Peace Research article)"),
    },
    "ACLED": {
        "source": "Armed Conflict Location & Event Data (ACLED), https://acleddata.com",
        "licence": "ACLED Terms of Use and Attribution Policy: acknowledge ACLED prominently, with the access date; "
                   "no redistribution of the raw data",
        "citation": ("Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen (2010), Introducing ACLED: "
                     "An Armed Conflict Location and Event Dataset, Journal of Peace Research 47(5): 651–660"),
    },
}
ATTRIBUTION_FIELDS = ("source", "licence", "citation")


def location_precision(code: str, layout: str) -> tuple[str, str]:
    """(level on the scale, the source's code as 'ucdp:4') for a precision code; ('', '') when empty."""
    code = code.strip().removesuffix(".0")
    if not code:
        return "", ""
    table = UCDP_WHERE if layout == "UCDP GED" else ACLED_WHERE if layout == "ACLED" else {}
    level = table.get(code) or (code.lower() if code.lower() in PRECISION_LEVELS else "")
    prefix = "ucdp" if layout == "UCDP GED" else "acled" if layout == "ACLED" else "file"
    return level, f"{prefix}:{code}"


def date_precision(code: str, layout: str) -> str:
    code = code.strip().removesuffix(".0")
    table = UCDP_DATE if layout == "UCDP GED" else ACLED_DATE if layout == "ACLED" else {}
    return table.get(code, code.lower() if code.lower() in ("day", "days", "week", "month", "year") else "")


def attribution_for(layout: str, given: dict[str, str] | None = None) -> dict[str, str]:
    """Source, licence and citation: what the user gave, else the published layout's own."""
    preset = ATTRIBUTION.get(layout, {})
    given = given or {}
    return {k: (given.get(k) or "").strip() or preset.get(k, "") for k in ATTRIBUTION_FIELDS}
