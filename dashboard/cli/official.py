"""Official count and population tables on the command line: ``import FILE`` recognises them,
``datasets`` lists, deletes and restores them with the event datasets, and
``export counts --dataset NAME [--area state|municipality] [--from Y --to Y] [--measure M] [--rate]
[--population NAME] [--format csv|geojson]`` writes their yearly figures and rates.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.cli.common import CliError
from dashboard.imports.store_base import StoreError


def add_verbs(verbs) -> None:
    """``claims``; ``export counts`` has options of its own (:func:`counts_parser`, read by ``main``)."""
    claims = verbs.add_parser("claims", help="the articles' figures beside the stored official tables")
    claims.add_argument("--json", action="store_true", help="as JSON")


def counts_parser(parser_class: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """``export counts``: its years are the table's (official series start in 1990 or 2000, not 2006)."""
    p = parser_class(prog="python -m dashboard export counts",
                     description="yearly figures (and rates) of a stored count table")
    p.add_argument("--dataset", metavar="NAME", help="the stored count table")
    p.add_argument("--area", choices=("state", "municipality"), help="only states or only municipalities")
    p.add_argument("--from", dest="counts_from", type=_any_year, metavar="YEAR", help="first year (default: all)")
    p.add_argument("--to", dest="counts_to", type=_any_year, metavar="YEAR", help="last year (default: all)")
    p.add_argument("--measure", metavar="M", help="e.g. 'Homicidio doloso' (default: every measure)")
    p.add_argument("--rate", action="store_true", help="add population and rate per 100,000 a year")
    p.add_argument("--population", metavar="NAME", help="the population table (needed when several are stored)")
    p.add_argument("--format", choices=("csv", "geojson"), default="csv")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    return p


def _any_year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year")
    return int(text)


def looks_official(path: Path) -> bool:
    from dashboard.official.recognise import looks_official as recognised

    with path.open("rb") as fh:
        return recognised(fh.read(1 << 20))


def import_table(path: Path, name: str, *, replace: bool, source: str | None, editor: str) -> int | None:
    """Import ``path`` as an official table when it is one (exit status), else None (an event file)."""
    from dashboard.imports.rejections import ImportRejected
    from dashboard.official.recognise import read_official
    from dashboard.official.store import save_table

    try:
        table = read_official(path.read_bytes(), path.name)
    except ImportRejected as exc:
        raise CliError(f"{path.name}: {exc}") from None
    if table is None:
        return None
    summary = table.summary()
    print(f"{path.name}: a table of {table.kind}, not a list of events: {table.layout}")
    print(f"  {_describe(summary)}")
    for note in table.notes:
        print(f"note: {note}")
    try:
        info = save_table(name, table, source=source or path.name, replace=replace, editor=editor)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    use = ("export counts --dataset {0} [--rate]" if table.kind == "counts" else "the denominator of rates "
           "(export counts --rate --population {0})").format(info.name)
    print(f"saved {table.kind} table {info.name!r}; use it with: {use}")
    return 0


def _describe(summary: dict) -> str:
    areas = ", ".join(f"{n:,} {level}" for level, n in sorted(summary["areas"].items()))
    first, last, n = summary["periods"]
    words = f"{summary['rows']:,} rows; areas: {areas}; periods {first} – {last} ({n})"
    if summary["kind"] == "counts":
        measures = summary["measures"]
        more = f" and {len(measures) - 6} more" if len(measures) > 6 else ""
        words += f"; measures: {', '.join(measures[:6])}{more}; unit: {', '.join(summary['units'])}"
    return words


def table_lines(as_json: bool) -> list[str] | list[dict]:
    """The stored tables for ``datasets list``."""
    from dashboard.official.store import list_tables

    tables = list_tables()
    if as_json:
        return [{"name": t.name, "kind": t.kind, "layout": t.layout, **t.summary, "source": t.source,
                 "imported_at": t.imported_at} for t in tables]
    return [f"{t.name}\t{t.kind} table\t{_describe(t.summary)}\t{t.imported_at}\t{t.source}" for t in tables]


def delete_or_restore(action: str, name: str, replace: bool) -> bool:
    """Delete or restore the table ``name``; False when no table has that name (an event dataset may)."""
    from dashboard.official import store

    known = {t.name for t in (store.list_tables() if action == "delete" else store.list_trash())}
    from dashboard.imports.store_base import dataset_slug

    if dataset_slug(name) not in known:
        return False
    if action == "delete":
        info = store.delete_table(name)
        print(f"deleted {info.kind} table {info.name!r} (restore it within a day: datasets restore {info.name})")
    else:
        info = store.restore_table(name, replace=replace)
        print(f"restored {info.kind} table {info.name!r}")
    return True


def cmd_export_counts(args: argparse.Namespace) -> int:
    from dashboard.official.rates import measures_matching, with_rates, yearly

    table = _load(args.dataset, "counts", "export counts needs --dataset NAME (a stored count table)")
    frame = table.frame
    measures = measures_matching(frame, args.measure)
    if not measures:
        known = ", ".join(sorted(frame["measure"].unique())[:12])
        raise CliError(f"no measure {args.measure!r} in {args.dataset!r}; it has: {known}")
    years = _years(args, frame)
    rows = yearly(frame, level=args.area, measures=measures, years=years)
    population = _population(args) if args.rate else None
    result = with_rates(rows, population)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    out = result.frame if args.rate else result.frame.drop(columns=["population", "population_year",
                                                                    "rate_per_100k"])
    text = _geojson(out) if args.format == "geojson" else _csv(out)
    _write(text, args.output)
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    """``claims``: each claim of the articles beside the stored table that covers most of it."""
    from dashboard.config import GEODATA_DIR
    from dashboard.official.claims import check, load_claims
    from dashboard.official.store import list_tables, load_table

    tables = {t.name: load_table(t.name)[1] for t in list_tables() if t.kind == "counts"}
    checks = [check(c, tables) for c in load_claims(GEODATA_DIR)]
    if args.json:
        print(json.dumps([claim_record(r) for r in checks], ensure_ascii=False, indent=1))
        return 0
    for r in checks:
        print(f"{r.claim.id} ({r.claim.source}): {r.claim.text['en']}")
        print(f"  {claim_verdict(r)}")
    return 0


def claim_record(r) -> dict:
    return {"id": r.claim.id, "source": r.claim.source, "claim": r.claim.text["en"], "table": r.table,
            "compared": r.compared(), "official": r.value, "counts": list(r.counts), "holds": r.holds,
            "table_needed": None if r.table else r.claim.table_needed["en"]}


def claim_verdict(r) -> str:
    """One line: what the official table says, or which table would say it."""
    if r.table is None:
        return f"no stored table covers it; it would take: {r.claim.table_needed['en']}"
    if r.claim.kind == "change":
        said = {True: "borne out", False: "not borne out", None: "not a yes/no claim"}[r.holds]
        return (f"official: {r.value:+.1f}% ({r.counts[0]:,.0f} against {r.counts[1]:,.0f}), {r.compared()}: "
                f"{said} (claimed {r.claim.comparison} {r.claim.figure:+g}%)")
    return f"official: {r.value:,.0f} in {r.compared()} (claimed about {r.claim.figure:,.0f})"


def _load(name: str | None, kind: str, missing: str):
    from dashboard.official.store import list_tables, load_table

    if not name:
        raise CliError(missing)
    try:
        info, table = load_table(name)
    except StoreError:
        known = ", ".join(t.name for t in list_tables() if t.kind == kind) or "none stored"
        raise CliError(f"no {kind} table named {name!r} (stored: {known})") from None
    if info.kind != kind:
        raise CliError(f"{name!r} is a {info.kind} table, not a {kind} table")
    return table


def _years(args: argparse.Namespace, frame) -> tuple[int, int]:
    """The years asked for, or the table's whole span (which may start before 2006)."""
    first, last = int(frame["period"].min()[:4]), int(frame["period"].max()[:4])
    asked = (getattr(args, "counts_from", None) or first, getattr(args, "counts_to", None) or last)
    if asked[1] < first or asked[0] > last:
        raise CliError(f"the table covers {first}–{last}; nothing from {asked[0]} to {asked[1]}")
    if asked[0] > asked[1]:
        raise CliError(f"--from {asked[0]} is after --to {asked[1]}")
    return asked


def _population(args: argparse.Namespace):
    from dashboard.official.store import list_tables

    if args.population:
        return _load(args.population, "population", "").frame
    stored = [t.name for t in list_tables() if t.kind == "population"]
    if len(stored) > 1:
        raise CliError(f"several population tables are stored ({', '.join(stored)}): choose one with "
                            "--population NAME")
    return _load(stored[0], "population", "").frame if stored else None


def _csv(frame) -> str:
    """CSV no spreadsheet evaluates, read with "," or ";": numbers stay numbers, missing stays empty."""
    from dashboard.text import spreadsheet_csv

    rows = (["" if v is None or v != v else v.item() if hasattr(v, "item") else v for v in row]
            for row in frame.itertuples(index=False))
    return spreadsheet_csv(list(frame.columns), rows)


def _geojson(frame) -> str:
    """Figures as GeoJSON features without geometry (the areas' shapes come with the map layer)."""
    records = frame.astype(object).to_dict(orient="records")
    features = [{"type": "Feature", "geometry": None, "properties": {k: (None if v != v else v) for k, v in r.items()}}
                for r in records]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)


COMMANDS = {"claims": cmd_claims}
