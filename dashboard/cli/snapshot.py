"""The ``snapshot`` verb: the view (filters, chapter, language, position, imported datasets) as a file.

``-o FILE.png|.svg|.pdf|.html|.geojson|.csv``; the view's flags come from
:data:`dashboard.share.view_fields.VIEW_FIELDS`, the words, size and quality are the verb's own.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from dashboard.cli.common import CliError, add_view_flags, given_fields, selection_from_args, write_file
from dashboard.cli.export import known_ids
from dashboard.config import GEODATA_DIR
from dashboard.share.view_fields import ZOOM_RANGE

SNAPSHOT_SIZES = {"wide": (1600, 1000), "social": (1200, 630), "square": (1080, 1080), "tall": (1080, 1350)}
SNAPSHOT_FORMATS = (".png", ".svg", ".pdf", ".html", ".geojson", ".csv")


def add_verbs(verbs) -> None:
    """The ``snapshot`` verb's arguments: the view's fields, words, size and quality, output."""
    snapshot = verbs.add_parser("snapshot", help="write the view as .png, .svg, .pdf, .html, .geojson or .csv")
    add_view_flags(snapshot, "snapshot")
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


def snapshot_from_args(args: argparse.Namespace, atlas):
    """Build the Snapshot a user asked for; a chapter supplies filters and view unless given.

    On the command line the cartels, years and types given replace a chapter's; the other fields
    given (layers, comparison year, actors) are laid over the chapter's.
    """
    from dashboard.atlas.narrative import chapter_or_filters
    from dashboard.model import Snapshot

    chapter = atlas.chapter(args.chapter) if args.chapter else None
    if args.chapter and chapter is None:
        raise CliError(f"unknown chapter {args.chapter!r}; known: {', '.join(atlas.chapter_ids)}")
    asked = selection_from_args(args, "snapshot", known_ids(atlas))
    given = given_fields(asked, "snapshot")
    choosing = [f for f in given if f.filters and f.name != "layer"]
    sel = chapter_or_filters(chapter, asked, bool(choosing))
    sel = sel.with_(**{f.attr: getattr(asked, f.attr) for f in given if f not in choosing})
    if sel.compare is not None and len(sel.cartels) != 1:
        raise CliError(f"--compare {sel.compare} shows one cartel's gains and losses: name exactly one with --cartel")
    return Snapshot(sel, args.chapter, args.lang, _view_from_args(args, chapter), counts=counts_from_args(args))


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


def _view_from_args(args: argparse.Namespace, chapter):
    """``--lat/--lon [--zoom]``, or ``--zoom`` alone on the chapter's (or the default) view; None: the usual view."""
    from dashboard.model import MapView

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
    low, high = ZOOM_RANGE
    if view is not None and not low <= view.zoom <= high:
        raise CliError(f"--zoom {view.zoom} is outside {low}–{high}")
    return view


def imported_from_args(names: list[str]) -> dict:
    """Stored datasets named on the command line, by name; a one-line error for an unknown one."""
    from dashboard.imports import store

    try:
        return {store.dataset_slug(n): store.load_dataset(n) for n in names}
    except store.StoreError as exc:
        raise CliError(str(exc)) from None


def actors_from_args(names: tuple[str, ...], imported: dict) -> tuple[str, ...]:
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
    snap = replace(snap, selection=snap.selection.with_(actors=actors_from_args(tuple(args.actors), imported)))
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
    write_file(data, args.output)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


COMMANDS = {"snapshot": cmd_snapshot}
