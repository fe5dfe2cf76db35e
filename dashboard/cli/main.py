"""Command line: ``python -m dashboard <verb>``.

Every verb prints one clear line and exits non-zero on bad input, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from dashboard.cli.datasets import VerbError, add_import_verbs, cmd_datasets, cmd_export_dataset, cmd_import
from dashboard.cli.official import OfficialError, cmd_claims, cmd_export_counts, counts_parser
from dashboard.config import GEODATA_DIR, SNAPSHOT_YEARS, YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.vocab import EVENT_TYPES, LAYERS

EXPORT_LAYERS = ("places", "events", "territories", "flows", "crossings", "chapters", "counts")


class CliError(Exception):
    """Bad input from the command line: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise CliError(f"{self.prog}: {message}")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not YEAR_FLOOR <= year <= YEAR_MAX:
        raise argparse.ArgumentTypeError(f"{year} is outside the years the atlas reads, {YEAR_FLOOR}–{YEAR_MAX}")
    return year


def add_filter_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cartel", action="append", default=[], metavar="ID", help="cartel id (repeatable)")
    parser.add_argument("--from", dest="year_from", type=_year, default=YEAR_MIN, metavar="YEAR")
    parser.add_argument("--to", dest="year_to", type=_year, default=YEAR_MAX, metavar="YEAR")
    parser.add_argument("--type", action="append", default=[], choices=EVENT_TYPES, metavar="TYPE",
                        help="event type (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description="Frontera Atlas command line")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    serve = verbs.add_parser("serve", help="start the dashboard")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--offline", action="store_true", help="no tiles, no request to any other host")
    cluster = verbs.add_parser("cluster", help="start several serve processes behind nginx (sticky by cookie)")
    cluster.add_argument("--processes", type=int, default=2, help="serve processes behind nginx (default 2)")
    cluster.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    cluster.add_argument("--address", default="127.0.0.1", help="nginx's address (default 127.0.0.1; "
                         "0.0.0.0 for every interface)")
    cluster.add_argument("--offline", action="store_true", help="no tiles, no request to any other host")
    verbs.add_parser("validate", help="check geodata/ and print counts per layer")
    export = verbs.add_parser("export", help="write a (filtered) layer as GeoJSON or CSV")
    export.add_argument("layer", choices=EXPORT_LAYERS)
    add_filter_args(export)
    export.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--dataset", metavar="NAME", help="with events: write this imported dataset alone")
    snapshot = verbs.add_parser("snapshot", help="write the view as .png, .svg, .pdf, .html, .geojson or .csv")
    add_snapshot_args(snapshot)
    bench = verbs.add_parser("bench", help="measure speed and sizes on the built-in data")
    bench.add_argument("--browser", action="store_true", help="also time map loads in headless Chromium")
    bench.add_argument("--check", action="store_true", help="instead: fail when a speed ratio or memory budget slips")
    bench.add_argument("--events", type=int, action="append", metavar="N",
                       help="instead: the page with N synthetic events (repeat for several sizes), "
                            "beside the naive one-marker-per-event map at 5 000")
    bench.add_argument("--viewers", type=int, metavar="N",
                       help="instead: N concurrent readers changing filters and chapters (browsers, or see --client)")
    bench.add_argument("--client", choices=("browser", "protocol"), default="browser",
                       help="with --viewers: Chromium pages, or Streamlit's websocket protocol from one process")
    bench.add_argument("--store", nargs="?", const="", metavar="URL",
                       help="instead: the PostgreSQL dataset store (URL, default $ATLAS_STORE) beside GeoPackage files")
    bench.add_argument("--processes", type=int, default=0, metavar="N",
                       help="with --viewers: through nginx in front of N serve processes (see `cluster`)")
    bench.add_argument("--kill-one", action="store_true",
                       help="with --processes: kill one process halfway through and report its viewers' reconnect")
    bench.add_argument("--seconds", type=float, default=60.0, help="how long the viewers run (default 60)")
    bench.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"),
                       help="seconds each viewer looks at the map before a change, drawn uniformly (default 2 5)")
    bench.add_argument("--same-priority", action="store_true",
                       help="run the viewers' browsers at the server's CPU priority (default: nice 10)")
    geocode = verbs.add_parser("geocode", help="look a place name up in the offline gazetteer")
    geocode.add_argument("name")
    geocode.add_argument("--admin1", help="state / province to narrow ambiguous names")
    geocode.add_argument("--country", help="ISO country code, e.g. MX")
    add_import_verbs(verbs)
    claims = verbs.add_parser("claims", help="the articles' figures beside the stored official tables")
    claims.add_argument("--json", action="store_true", help="as JSON")
    return parser


SNAPSHOT_SIZES = {"wide": (1600, 1000), "social": (1200, 630), "square": (1080, 1080), "tall": (1080, 1350)}


def add_snapshot_args(snapshot: argparse.ArgumentParser) -> None:
    """The ``snapshot`` verb's arguments: filters, view, words, size and quality, output."""
    add_filter_args(snapshot)
    snapshot.add_argument("--chapter", metavar="ID", help="open a story chapter (its filters unless given)")
    snapshot.add_argument("--compare", type=int, choices=SNAPSHOT_YEARS, metavar="YEAR",
                          help="territories: what the chosen cartel gained and lost since this snapshot year")
    snapshot.add_argument("--lang", choices=("en", "de", "es"), default="en")
    snapshot.add_argument("--layer", action="append", default=[], choices=LAYERS, help="layer to show (repeatable)")
    snapshot.add_argument("--lat", type=float)
    snapshot.add_argument("--lon", type=float)
    snapshot.add_argument("--zoom", type=int)
    snapshot.add_argument("--dataset", action="append", default=[], metavar="NAME",
                          help="also draw an imported dataset (repeatable; see `datasets`)")
    snapshot.add_argument("--actor", action="append", default=[], metavar="NAME",
                          help="of the imported datasets, only events naming this actor as the file writes it "
                               "(repeatable: any of them)")
    snapshot.add_argument("--counts", metavar="NAME", help="an official count table drawn under the layers")
    snapshot.add_argument("--measure", metavar="M", help="with --counts: the measure, e.g. 'Homicidio doloso'")
    snapshot.add_argument("--rate", action="store_true", help="with --counts: rates per 100,000 a year, not counts")
    snapshot.add_argument("--population", metavar="NAME", help="with --rate: the population table")
    snapshot.add_argument("--area", metavar="STATE", help="with --counts: one state's municipalities (11: Guanajuato)")
    snapshot.add_argument("--title", help="the title (default: what the view shows)")
    snapshot.add_argument("--subtitle", help="the line under the title (default: cartels, period, territories)")
    snapshot.add_argument("--note", help="a note printed above the credits")
    snapshot.add_argument("--size", choices=tuple(SNAPSHOT_SIZES), help="wide 1600x1000 (default), social 1200x630, "
                          "square 1080x1080, tall 1080x1350")
    snapshot.add_argument("--width", type=int, help="pixels (with --height; instead of --size)")
    snapshot.add_argument("--height", type=int, help="pixels (with --width; instead of --size)")
    snapshot.add_argument("--scale", type=float, default=1.0, help="PNG pixel density: 2 for print and "
                          "high-density screens (1–4)")
    snapshot.add_argument("--base-url", metavar="URL", help="the live atlas's public address, for the link to the "
                          "full list of sources (default: $ATLAS_BASE_URL)")
    snapshot.add_argument("-o", "--output", type=Path, required=True,
                          help="FILE.png|.svg|.pdf|.html|.geojson|.csv")


def cmd_validate(_: argparse.Namespace) -> int:
    from dashboard.atlas.data import load_atlas

    atlas = load_atlas(GEODATA_DIR)
    counts = {"places": int((atlas.places["kind"] != "crossing").sum()), "events": len(atlas.events),
              "cartels": len(atlas.cartels), "territories": len(atlas.territories),
              "flows": len(atlas.flows), "crossings": int((atlas.places["kind"] == "crossing").sum()),
              "sources": len(atlas.sources), "chapters": len(atlas.chapters), "states": len(atlas.states)}
    print(f"geodata OK (version {atlas.version}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def selection_from_args(args: argparse.Namespace, atlas):
    from dashboard.atlas.register_filter import known_cartel_ids  # map cartels and register organisations
    from dashboard.model import Selection

    unknown = [c for c in args.cartel if c not in (known_cartels := set(known_cartel_ids(atlas)))]
    if unknown:
        raise CliError(f"unknown cartel id {unknown[0]!r}; known: {', '.join(sorted(known_cartels))}")
    if args.year_from > args.year_to:
        raise CliError(f"--from {args.year_from} is after --to {args.year_to}")
    return Selection(cartels=tuple(args.cartel), year_from=args.year_from, year_to=args.year_to,
                     types=tuple(args.type), compare=getattr(args, "compare", None))


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.atlas.data import load_atlas
    from dashboard.atlas.filters import layer_for
    from dashboard.share.tables import to_csv, to_geojson

    atlas = load_atlas(GEODATA_DIR)
    sel = selection_from_args(args, atlas)
    if getattr(args, "dataset", None):  # one imported dataset alone (dashboard.share.dataset_export)
        return cmd_export_dataset(args, atlas, sel)
    frame = layer_for(atlas, args.layer, sel)
    text = to_csv(frame, args.layer) if args.format == "csv" else to_geojson(frame, args.layer)
    write_output(text, args.output)
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from dashboard.imports.gazetteer import geocode

    found = geocode(args.name, admin1=args.admin1, country=args.country)
    print(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=1))
    if not found:
        print(f"no gazetteer entry for {args.name!r}", file=sys.stderr)
        return 1
    return 0


SNAPSHOT_FORMATS = (".png", ".svg", ".pdf", ".html", ".geojson", ".csv")


def snapshot_from_args(args: argparse.Namespace, atlas):
    """Build the Snapshot a user asked for; a chapter supplies filters and view unless given."""
    from dashboard.atlas.narrative import chapter_or_filters
    from dashboard.model import MapView
    from dashboard.share.link import Snapshot

    chapter = atlas.chapter(args.chapter) if args.chapter else None
    if args.chapter and chapter is None:
        raise CliError(f"unknown chapter {args.chapter!r}; known: {', '.join(atlas.chapter_ids)}")
    sel = selection_from_args(args, atlas)
    explicit = bool(args.cartel or args.type or args.year_from != YEAR_MIN or args.year_to != YEAR_MAX)
    sel = chapter_or_filters(chapter, sel, explicit).with_(compare=args.compare)
    if args.compare is not None and len(sel.cartels) != 1:
        raise CliError(f"--compare {args.compare} shows one cartel's gains and losses: name exactly one with --cartel")
    if args.layer:
        sel = sel.with_(layers=tuple(args.layer))
    view = None
    if (args.lat is None) != (args.lon is None):
        raise CliError("--lat and --lon go together")
    if args.lat is not None:
        if not (-90 <= args.lat <= 90 and -180 <= args.lon <= 180):
            raise CliError(f"--lat {args.lat} / --lon {args.lon} is not a position on Earth")
        view = MapView.around(args.lat, args.lon, args.zoom)
    elif args.zoom is not None:
        base = chapter.view if chapter else MapView()
        view = MapView(base.lat, base.lon, args.zoom)
    if view is not None and not 2 <= view.zoom <= 18:
        raise CliError(f"--zoom {view.zoom} is outside 2–18")
    return Snapshot(sel, args.chapter, args.lang, view, counts=counts_from_args(args))


def counts_from_args(args: argparse.Namespace):
    """``--counts NAME [--measure M] [--rate] [--population NAME] [--area STATE]``: a choropleth, checked."""
    from dashboard.share.counts_link import CountsView

    if not getattr(args, "counts", None):
        if args.measure or args.rate or args.population or args.area:
            raise CliError("--measure, --rate, --population and --area go with --counts NAME")
        return None
    from dashboard.official.store import list_tables

    tables = {i.name: i for i in list_tables()}
    info = tables.get(args.counts)
    if info is None or info.kind != "counts":
        stored = ", ".join(n for n, i in tables.items() if i.kind == "counts") or "none"
        raise CliError(f"no count table {args.counts!r}; stored: {stored}")
    if args.measure and not any(args.measure.lower() in m.lower() for m in info.summary.get("measures", [])):
        known = ", ".join(info.summary["measures"])
        raise CliError(f"{args.counts!r} has no measure {args.measure!r}; it has: {known}")
    if args.population and tables.get(args.population, info).kind != "population":
        raise CliError(f"no population table {args.population!r}")
    if args.area and not (args.area.isdigit() and 1 <= int(args.area) <= 32):
        raise CliError(f"--area {args.area!r} is not a state code (01–32)")
    return CountsView(args.counts, args.measure, args.rate, args.population, args.area.zfill(2) if args.area else None)


def imported_from_args(names: list[str]) -> dict:
    """Stored datasets named on the command line, by name; a one-line error for an unknown one."""
    from dashboard.imports import store

    try:
        return {store.dataset_slug(n): store.load_dataset(n) for n in names}
    except store.StoreError as exc:
        raise CliError(str(exc)) from None


def actors_from_args(names: list[str], imported: dict) -> tuple[str, ...]:
    """``--actor`` names, each one an actor of a ``--dataset`` given; a one-line error for any other."""
    import difflib

    from dashboard.atlas.actor_filter import actor_counts, merged

    if names and not imported:
        raise CliError("--actor chooses actors of imported data: name the dataset with --dataset")
    known = dict(merged(actor_counts(frame["actor_names"]) for frame in imported.values()))
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise CliError(f"no dataset given names the actor {name!r}{hint}")
    return tuple(names)


def snapshot_size(args: argparse.Namespace) -> tuple[int, int]:
    """(width, height) in pixels from ``--size`` or ``--width/--height`` (default: wide)."""
    if args.size and (args.width or args.height):
        raise CliError("give --size or --width/--height, not both")
    if (args.width is None) != (args.height is None):
        raise CliError("--width and --height go together")
    width, height = SNAPSHOT_SIZES[args.size or "wide"] if args.width is None else (args.width, args.height)
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise CliError(f"--width/--height {width}x{height} must each be 200–8000 pixels")
    if not 1 <= args.scale <= 4:
        raise CliError(f"--scale {args.scale:g} must be 1–4")
    return width, height


def snapshot_words(args: argparse.Namespace, snap):
    """The user's title, subtitle and note, and the live view's public address (for the full list of sources)."""
    from dashboard.share.caption import Words
    from dashboard.share.credits import base_url, view_link
    from dashboard.share.link import to_query_string

    link = view_link(base_url(args.base_url), to_query_string(snap))
    return Words(args.title, args.subtitle, args.note, link)


def cmd_snapshot(args: argparse.Namespace) -> int:
    from dashboard.atlas.data import load_atlas
    from dashboard.share import html as share_html
    from dashboard.share import png, tables

    suffix = args.output.suffix.lower()
    if suffix not in SNAPSHOT_FORMATS:
        raise CliError(f"cannot tell the format of {args.output.name!r}: use one of {', '.join(SNAPSHOT_FORMATS)}")
    width, height = snapshot_size(args)
    if not args.output.parent.exists():
        raise CliError(f"folder {str(args.output.parent)!r} does not exist")
    atlas = load_atlas(GEODATA_DIR)
    snap = snapshot_from_args(args, atlas)
    imported = imported_from_args(args.dataset)
    snap = replace(snap, selection=snap.selection.with_(actors=actors_from_args(args.actor, imported)))
    words = snapshot_words(args, snap)
    if suffix in (".png", ".svg", ".pdf"):
        data: bytes = png.render(atlas, snap, suffix[1:], width, height, args.scale, imported, words)
    elif suffix == ".html":
        data = share_html.render_html(atlas, snap, imported=imported, words=words).encode("utf-8")
    elif snap.counts is not None:  # the choropleth's areas, those without a polygon included
        from dashboard.map.choropleth_view import counts_export

        data = counts_export(snap.counts, snap.selection, suffix[1:]).encode("utf-8")
    else:
        render = {".geojson": tables.view_geojson, ".csv": tables.view_csv}[suffix]
        data = render(atlas, snap, imported).encode("utf-8")
    tmp = args.output.with_name(args.output.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(args.output)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import subprocess

    from dashboard.bench import run

    try:
        return run(args)
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        detail = (getattr(exc, "stderr", "") or str(exc)).strip().splitlines()
        raise CliError(f"benchmark failed: {detail[-1] if detail else exc}") from None


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.server.serve import serve

    return serve(port=args.port, offline=args.offline)


def cmd_cluster(args: argparse.Namespace) -> int:
    from dashboard.server.cluster import ClusterError, run

    try:
        return run(args.processes, args.port, args.offline, args.address)
    except ClusterError as exc:
        raise CliError(str(exc)) from None


COMMANDS = {"validate": cmd_validate, "export": cmd_export, "geocode": cmd_geocode, "serve": cmd_serve,
            "snapshot": cmd_snapshot, "bench": cmd_bench,
            "cluster": cmd_cluster}
COMMANDS.update({"import": cmd_import, "datasets": cmd_datasets})  # in dashboard.cli.datasets
COMMANDS["claims"] = cmd_claims  # in dashboard.cli.official


def main(argv: list[str] | None = None) -> int:
    from dashboard.atlas.data import GeodataError
    from dashboard.imports.store_outage import UNAVAILABLE, describe

    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:2] == ["export", "counts"]:  # its own options: see dashboard.cli.official
            return cmd_export_counts(counts_parser(_Parser).parse_args(argv[2:]))
        args = build_parser().parse_args(argv)
        return COMMANDS[args.verb](args)
    except (CliError, VerbError, OfficialError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UNAVAILABLE as exc:  # the store is down or its driver missing: one line with the fix
        print(f"error: {describe(exc)}", file=sys.stderr)
        return 1
    except GeodataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
