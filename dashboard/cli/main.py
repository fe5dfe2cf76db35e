"""Command line: ``python -m dashboard <verb>``: the parser and the dispatch.

One module per group of verbs: :mod:`~dashboard.cli.export` (``validate``, ``export``, ``geocode``),
:mod:`~dashboard.cli.snapshot`, :mod:`~dashboard.cli.serve` (``serve``, ``cluster``, ``bench``),
:mod:`~dashboard.cli.datasets` (``import``, ``datasets``) and :mod:`~dashboard.cli.official`
(``export counts``, ``claims``). Every verb prints one clear line and exits non-zero on bad input,
never a traceback: bad input is a :class:`~dashboard.cli.common.CliError` (exit status 2);
inconsistent ``geodata/`` and unreadable files exit with status 1.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.cli import datasets, export, official, serve, snapshot
from dashboard.cli.common import CliError, OneLineParser

VERB_GROUPS = (serve, export, snapshot, datasets, official)
COMMANDS = {verb: command for group in VERB_GROUPS for verb, command in group.COMMANDS.items()}


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m dashboard", description="Frontera Atlas command line")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=OneLineParser)
    for group in VERB_GROUPS:
        group.add_verbs(verbs)
    return parser


def main(argv: list[str] | None = None) -> int:
    from dashboard.atlas.data import GeodataError
    from dashboard.imports.store_outage import UNAVAILABLE, describe

    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:2] == ["export", "counts"]:  # its own options: see dashboard.cli.official
            return official.cmd_export_counts(official.counts_parser(OneLineParser).parse_args(argv[2:]))
        args = build_parser().parse_args(argv)
        return COMMANDS[args.verb](args)
    except CliError as exc:
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
