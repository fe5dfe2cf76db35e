"""What every verb of the command line shares: its one error, its parser, its output and the view's flags.

Every verb prints one clear line and exits non-zero on bad input, never a traceback: it raises
:class:`CliError` (exit status 2), which :func:`dashboard.cli.main.main` prints.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from dashboard.model import Selection
from dashboard.share.view_fields import FieldError, Known, make_selection, selection_fields, view_fields


class CliError(Exception):
    """Bad input from the command line: printed as one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise CliError(f"{self.prog}: {message}")


def rows(n: int) -> str:
    """"1 row", "2 rows": the command line speaks English and counts properly."""
    return f"{n} row" if n == 1 else f"{n} rows"


def printable(text: object) -> str:
    """``text`` with control and format characters (newlines, ESC, bidi overrides …) shown as escapes."""
    return "".join(c if unicodedata.category(c)[0] != "C" else repr(c)[1:-1] if c.isascii() else f"\\u{ord(c):04x}"
                   for c in str(text))


def write_file(data: bytes | str, output: Path) -> None:
    """Write ``output`` whole or not at all (through a temporary file beside it)."""
    tmp = output.with_name(output.name + ".tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    tmp.replace(output)


def write_output(text: str, output: Path | None) -> None:
    """``text`` to ``output``, or to standard output when none is given."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    write_file(text, output)


def add_view_flags(parser: argparse.ArgumentParser, verb: str) -> None:
    """The flags of the view's fields that ``verb`` takes (:data:`dashboard.share.view_fields.VIEW_FIELDS`)."""
    for f in view_fields():
        if verb not in f.verbs:
            continue
        arguments = f.codec.cli_arguments(f.name, f.default)
        for flag, options in arguments:
            dest = f.attr if f.attr is not None and len(arguments) == 1 else flag.lstrip("-")
            parser.add_argument(flag, dest=dest, help=f.help if len(arguments) == 1 else None, **options)


def selection_from_args(args: argparse.Namespace, verb: str, known: Known) -> Selection:
    """The Selection the flags of ``verb`` ask for; an unknown id or a reversed year range is a CliError."""
    try:
        values = {f.attr: f.codec.from_cli(getattr(args, f.attr), known)
                  for f in selection_fields() if verb in f.verbs}
    except FieldError as exc:
        raise CliError(str(exc)) from None
    if values.get("year_from", 0) > values.get("year_to", 10**6):
        raise CliError(f"--from {values['year_from']} is after --to {values['year_to']}")
    return make_selection(values)


def given_fields(sel: Selection, verb: str) -> list:
    """The view's fields of ``verb`` that ``sel`` sets to other than their default."""
    return [f for f in selection_fields() if verb in f.verbs and getattr(sel, f.attr) != f.default]
