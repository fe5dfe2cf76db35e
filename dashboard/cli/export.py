"""The verbs that read the atlas's own data: ``validate``, ``export LAYER [filters]`` and ``geocode NAME``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.cli.common import add_view_flags, selection_from_args, write_output
from dashboard.config import GEODATA_DIR

# "counts" has options of its own (dashboard.cli.official), read before this parser.
EXPORT_LAYERS = ("places", "events", "territories", "flows", "crossings", "chapters", "counts")


def add_verbs(verbs) -> None:
    verbs.add_parser("validate", help="check geodata/ and print counts per layer")
    export = verbs.add_parser("export", help="write a (filtered) layer as GeoJSON or CSV")
    export.add_argument("layer", choices=EXPORT_LAYERS)
    add_view_flags(export, "export")
    export.add_argument("--dataset", metavar="NAME", help="with events: write this imported dataset alone")
    export.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    geocode = verbs.add_parser("geocode", help="look a place name up in the offline gazetteer")
    geocode.add_argument("name")
    geocode.add_argument("--admin1", help="state / province to narrow ambiguous names")
    geocode.add_argument("--country", help="ISO country code, e.g. MX")


def cmd_validate(_: argparse.Namespace) -> int:
    from dashboard.atlas.data import load_atlas

    atlas = load_atlas(GEODATA_DIR)
    counts = {"places": int((atlas.places["kind"] != "crossing").sum()), "events": len(atlas.events),
              "cartels": len(atlas.cartels), "territories": len(atlas.territories),
              "flows": len(atlas.flows), "crossings": int((atlas.places["kind"] == "crossing").sum()),
              "sources": len(atlas.sources), "chapters": len(atlas.chapters), "states": len(atlas.states)}
    print(f"geodata OK (version {atlas.version}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def known_ids(atlas) -> dict:
    """The ids a command line may name, for the view's flags: map cartels and register organisations (sorted),
    chapters in story order."""
    from dashboard.atlas.register_filter import known_cartel_ids

    return {"cartels": sorted(set(known_cartel_ids(atlas))), "chapters": atlas.chapter_ids, "actors": None}


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.atlas.data import load_atlas
    from dashboard.atlas.filters import layer_for
    from dashboard.share.tables import to_csv, to_geojson

    atlas = load_atlas(GEODATA_DIR)
    sel = selection_from_args(args, "export", known_ids(atlas))
    if getattr(args, "dataset", None):  # one imported dataset alone (dashboard.share.dataset_export)
        from dashboard.cli.datasets import cmd_export_dataset

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


COMMANDS = {"validate": cmd_validate, "export": cmd_export, "geocode": cmd_geocode}
