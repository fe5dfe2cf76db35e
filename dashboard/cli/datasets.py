"""The ``import`` and ``datasets`` verbs of ``python -m dashboard`` (the store of imported datasets).

On the host the command line is the operator: it may import, replace, delete and restore without
signing in (the page asks for an editor, :mod:`dashboard.roles`). Nothing is replaced without
``--replace``; a delete goes to the trash for a day (``datasets trash``, ``datasets restore NAME``).
``datasets copy --to postgresql://…`` copies GeoPackage datasets into the shared database store.
The store is the one ``$ATLAS_STORE`` names (GeoPackage files when unset); imports made here record
the operator's login as the editor (``cli:<user>``).
Every error is one line on stderr and exit status 2 (bad input) or 1 (the import failed).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from dashboard.cli.common import CliError, printable, rows, write_file


def add_verbs(verbs) -> None:
    """``import FILE [--name NAME] [--replace] …`` and ``datasets [list|delete|trash|restore] [NAME]``."""
    imp = verbs.add_parser("import", help="import your own events (CSV, Excel/ODS, ACLED export, GeoJSON points)")
    imp.add_argument("file", type=Path, help="CSV, GeoJSON, .xlsx, .xls or .ods file (.gz/.zip too)")
    imp.add_argument("--name", help="dataset name (default: the file name)")
    imp.add_argument("--replace", action="store_true", help="replace a stored dataset of the same name")
    imp.add_argument("--report", type=Path, metavar="FILE.csv", help="write the rejected rows to this CSV")
    imp.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                     help="read FIELD from the file's COLUMN, e.g. killed=total.people.dead (repeatable)")
    imp.add_argument("--drop-outside", action="store_true",
                     help="drop rows outside Mexico, the US and the stories' places (default: keep and count them)")
    imp.add_argument("--year", type=int, metavar="YYYY", default=0,
                     help="the year of dates written without one ('9 de enero'), e.g. 2018")
    order = imp.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="date_order", action="store_const", const="dmy", default="",
                       help="numeric dates are day first (09/05/09 is 9 May 2009)")
    order.add_argument("--monthfirst", dest="date_order", action="store_const", const="mdy",
                       help="numeric dates are month first (05/09/09 is 9 May 2009)")
    imp.add_argument("--trust", choices=("names", "coordinates"), default="names",
                     help="when a row's point lies outside the place it names: place it at the named place "
                          "(names, the default) or keep the point (coordinates); both with a notice")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx/.xls/.ods file (default: the first)")
    imp.add_argument("--source", help="who published the data (prefilled for UCDP GED and ACLED)")
    imp.add_argument("--licence", "--license", dest="licence", help="the data's licence or terms of use")
    imp.add_argument("--citation", help="how to cite the data")
    datasets = verbs.add_parser("datasets", help="list, delete, restore or copy imported datasets")
    datasets.add_argument("--json", dest="list_json", action="store_true", help="list as JSON")  # `datasets --json`
    actions = datasets.add_subparsers(dest="action", metavar="{list,delete,trash,restore,copy}")
    for action, text in (("list", "list the stored datasets (the default)"),
                         ("trash", "list deleted datasets that can still be restored")):
        actions.add_parser(action, help=text).add_argument("--json", action="store_true", help="as JSON")
    actions.add_parser("delete", help="move a dataset to the trash for a day").add_argument("name", nargs="?")
    restore = actions.add_parser("restore", help="bring back the newest deleted copy of a dataset")
    restore.add_argument("name", nargs="?")
    restore.add_argument("--replace", action="store_true", help="restore over a dataset of the same name")
    copy = actions.add_parser("copy", help="copy GeoPackage datasets into a PostgreSQL/PostGIS store")
    copy.add_argument("names", nargs="*", metavar="NAME", help="datasets to copy (default: all)")
    copy.add_argument("--to", metavar="URL", help="the PostgreSQL store, postgresql://user@host/database")
    copy.add_argument("--from-dir", type=Path, metavar="DIR",
                      help="the folder of GeoPackage datasets (default: the data directory)")
    copy.add_argument("--replace", action="store_true", help="replace datasets of the same name in the database")


def _checked_name(args: argparse.Namespace, path: Path) -> tuple[str, str]:
    from dashboard.imports.store import StoreError, dataset_info, dataset_slug
    from dashboard.imports.unpack import dataset_name_for

    name = args.name if args.name is not None else dataset_name_for(path.name)
    try:
        slug = dataset_slug(name)
    except StoreError as exc:
        hint = " (taken from the file name; pass --name NAME)" if args.name is None else ""
        raise CliError(f"{exc}{hint}") from None
    if not args.replace:
        try:
            existing = dataset_info(slug)
        except StoreError:
            return name, slug
        raise CliError(f"a dataset named {slug!r} exists ({rows(existing.rows_kept)}, imported "
                        f"{existing.imported_at}); pass --replace to replace it, or --name to keep both")
    return name, slug


def cmd_import(args: argparse.Namespace) -> int:
    from dashboard.atlas.data import load_atlas
    from dashboard.config import GEODATA_DIR
    from dashboard.imports.rejections import ImportRejected
    from dashboard.imports.upload import MAX_BYTES, parse_upload

    path: Path = args.file
    if not path.is_file():
        raise CliError(f"no such file: {printable(path)!r}")
    if args.report is not None and not args.report.parent.exists():
        raise CliError(f"folder {printable(args.report.parent)!r} does not exist")
    if args.year and not 1900 <= args.year <= 2100:
        raise CliError(f"--year {args.year}: give a year such as 2018")
    official = _import_official_table(args, path)
    if official is not None:
        return official
    name, slug = _checked_name(args, path)
    shown = printable(path.name)
    if path.stat().st_size > MAX_BYTES:
        size = path.stat().st_size / 1e6
        raise CliError(f"{shown}: file is {size:.1f} MB; the limit is {MAX_BYTES / 1e6:.1f} MB")
    atlas = load_atlas(GEODATA_DIR)  # the cartels and the register the actors are matched to
    try:
        result = parse_upload(path.read_bytes(), path.name, atlas=atlas, name=slug, columns=args.column,
                              drop_outside=args.drop_outside, year=args.year, date_order=args.date_order,
                              trust=args.trust, sheet=args.sheet,
                              attribution={"source": args.source, "licence": args.licence, "citation": args.citation})
    except ImportRejected as exc:
        raise CliError(f"{shown}: {printable(exc)}") from None
    except (MemoryError, RecursionError, ValueError, TypeError, KeyError) as exc:  # a bug must not be a traceback
        print(f"error: {shown}: import failed ({type(exc).__name__})", file=sys.stderr)
        return 1
    for notice in result.notices:
        print(f"note: {printable(notice)}")
    print(f"{shown}: {result.summary()}")
    for reason in result.reasons(5):
        print(f"  {printable(reason)}")
    if len(result.rejected) > 5:
        print(f"  … and {len(result.rejected) - 5} more")
    if args.report is not None:
        write_file(result.report_csv(), args.report)
        print(f"wrote rejection report {printable(args.report)}")
    if not result.rows:
        print(f"error: no row of {shown} could be imported; dataset {slug!r} not written", file=sys.stderr)
        return 1
    return _save(name, slug, result, args.replace)


def _import_official_table(args: argparse.Namespace, path: Path) -> int | None:
    """A count or population table goes to its own store (never stored as events); None for events."""
    from dashboard.cli.official import import_table, looks_official
    from dashboard.imports.unpack import dataset_name_for

    if not looks_official(path):
        return None
    name = args.name if args.name is not None else dataset_name_for(path.name)
    return import_table(path, name, replace=args.replace, source=args.source, editor=operator())


def cmd_export_dataset(args: argparse.Namespace, atlas, sel) -> int:
    """``export events --dataset NAME``: that imported dataset alone, in the snapshot export's columns."""
    from dashboard.imports import store
    from dashboard.share.dataset_export import dataset_text

    if args.layer != "events":
        raise CliError("--dataset exports an imported dataset's events: use `export events --dataset NAME`")
    try:
        imported = {store.dataset_slug(args.dataset): store.load_dataset(args.dataset)}
    except store.StoreError as exc:
        raise CliError(printable(exc)) from None
    text = dataset_text(atlas, sel, imported, args.format)
    if args.output is None:
        sys.stdout.write(text + "\n")
    else:
        write_file(text, args.output)
    return 0


def operator() -> str:
    """Who runs the command line, recorded as the editor of what it imports."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


def _save(name: str, slug: str, result, replace: bool) -> int:
    from dashboard.imports.store import StoreError, location, save_dataset
    from dashboard.imports.store_outage import describe

    try:
        info = save_dataset(name, result, replace=replace, editor=operator())
    except StoreError as exc:
        raise CliError(printable(describe(exc))) from None
    except (RuntimeError, ValueError) as exc:  # pyogrio/GDAL errors; the store is left as it was
        print(f"error: could not save dataset {slug!r}: {printable(exc)}", file=sys.stderr)
        return 1
    where = info.path if info.path.name else location()  # the file, or the database's URL
    print(f"saved dataset {info.name!r} ({rows(info.rows_kept)}) to {printable(where)}; "
          f"credit: {printable(info.credit()) or 'none'}")
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    from dashboard.imports.store import StoreError
    from dashboard.imports.store_outage import describe

    try:
        if args.action == "copy":
            return _copy(args)
        if args.action in ("delete", "restore"):
            from dashboard.cli.official import delete_or_restore

            if args.name and delete_or_restore(args.action, args.name, getattr(args, "replace", False)):
                return 0
            return _delete_or_restore(args)
        as_json = getattr(args, "json", False) or args.list_json
        return _print_trash(as_json) if args.action == "trash" else _print_list(as_json)
    except StoreError as exc:
        raise CliError(printable(describe(exc))) from None


def _delete_or_restore(args: argparse.Namespace) -> int:
    from dashboard.imports import trash
    from dashboard.imports.store import delete_dataset

    if not args.name:
        raise CliError(f"datasets {args.action} needs a dataset name")
    if args.action == "delete":
        info = delete_dataset(args.name)
        print(f"deleted dataset {info.name!r} (restore it within a day: datasets restore {info.name})")
    else:
        info = trash.restore_dataset(args.name, replace=args.replace)
        print(f"restored dataset {info.name!r} ({rows(info.rows_kept)})")
    return 0


def _copy(args: argparse.Namespace) -> int:
    from dashboard.imports.store_copy import copy_to_database
    from dashboard.imports.store_pg_schema import redacted

    if not args.to:
        raise CliError("datasets copy needs --to postgresql://user@host/database")
    if args.from_dir is not None and not args.from_dir.is_dir():
        raise CliError(f"folder {printable(args.from_dir)!r} does not exist")
    copied = copy_to_database(args.to, args.names, directory=args.from_dir, replace=args.replace)
    for info in copied:
        print(f"copied dataset {info.name!r} ({rows(info.rows_kept)}, imported {info.imported_at})")
    print(f"copied {len(copied)} dataset(s) to {printable(redacted(args.to))}")
    return 0


def _print_list(as_json: bool) -> int:
    from dashboard.cli.official import table_lines
    from dashboard.imports.store import list_datasets

    found, tables = list_datasets(), table_lines(as_json)
    if as_json:
        print(json.dumps([{"kind": "events", **d.as_dict()} for d in found] + tables, ensure_ascii=True, indent=1))
    elif not found and not tables:
        print("no imported datasets")
    else:
        for d in found:
            print(f"{d.name}\t{d.rows_kept} kept\t{d.rows_rejected} rejected\t{d.imported_at}\t{printable(d.source)}")
        for line in tables:
            print(printable(line).replace("\\t", "\t"))
    return 0


def _print_trash(as_json: bool) -> int:
    from dashboard.imports import trash

    entries = trash.list_trash()
    if as_json:
        print(json.dumps([{**t.info.as_dict(), "deleted_at": t.deleted_at, "restorable_until": t.restorable_until}
                          for t in entries], ensure_ascii=True, indent=1))
    elif not entries:
        print("the trash is empty (deleted datasets are kept for a day)")
    else:
        for t in entries:
            print(f"{t.name}\t{rows(t.info.rows_kept)}\tdeleted {t.deleted_at}\trestorable until {t.restorable_until}"
                  f"\t{printable(t.info.title)}")
    return 0


COMMANDS = {"import": cmd_import, "datasets": cmd_datasets}
