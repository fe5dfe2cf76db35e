"""A file's records -> :class:`EventRows`, and for each record that makes no row, the reason why.

:class:`RowBuilder` checks and converts the records' fields in a fixed order (date, date range,
casualties, where, type, actors, id); a record is rejected at the first problem found, with its
line and the reason, instead of guessed. It works column by column (:mod:`.columnar`): each check
runs once per distinct text (a file names the same dates, actors and places again and again) and
coordinates are checked for all rows at once with numpy, so 200,000 rows take seconds.
:func:`build_rows` runs it over a file's records and keeps the rejections.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from dashboard.atlas.register import Attribution, Register
from dashboard.imports.cartel_matcher import CartelMatcher
from dashboard.imports.columnar import Outcome, RoleTexts, cell_text, factorize
from dashboard.imports.columns import Columns, column_key
from dashboard.imports.dated import Dated
from dashboard.imports.event_types import map_type
from dashboard.imports.formats import Record
from dashboard.imports.located import Located
from dashboard.imports.precision import date_precision
from dashboard.imports.rejections import Rejected, RowRejected
from dashboard.imports.rows import EventRows
from dashboard.imports.values import (
    MISSING,
    ValueProblem,
    clean_text,
    parse_count,
)
from dashboard.text import slugify

COUNTS = ("killed", "injured", "killed_low", "killed_high")
TYPE_ROLES = ("event_type", "sub_event_type", "type", "violence_type")


class Verdicts:
    """Which records are still in, and why each of the others was turned away (the first problem found)."""

    def __init__(self, n: int) -> None:
        self.alive = np.ones(n, dtype=bool)
        self.problems: dict[int, RowRejected] = {}

    def reject(self, outcome: Outcome) -> None:
        """Turn away the records still in whose outcome is a :class:`RowRejected`."""
        hit = np.flatnonzero(self.alive & outcome.failed)
        rows = outcome.rows
        self.problems.update((int(i), rows[i]) for i in hit)
        self.alive[hit] = False

    def reject_rows(self, hit: np.ndarray, problem: Callable[[int], RowRejected]) -> None:
        hit = np.flatnonzero(self.alive & hit)
        self.problems.update((int(i), problem(int(i))) for i in hit)
        self.alive[hit] = False


class RowBuilder:
    """Turns a file's records into rows, keeping what spans rows for the import's notices.

    ``repeated_id`` (an id column that repeats a value is not an id: rows are numbered instead,
    see :meth:`finish`), ``untyped`` (event types it could not map: original text -> rows) and
    ``outside`` (country or "no country" -> rows outside the atlas's area).
    """

    def __init__(self, dataset: str, columns: Columns, geocoder: Callable | None, matcher: CartelMatcher,
                 register: Register, drop_outside: bool = False,
                 header: list[str] | None = None, keys: list | None = None, date_order: str = "",
                 year: int = 0, trust: str = "names") -> None:
        self.dataset = dataset
        self.header = header or []  # the file's column names, and what to look each up by (default: positions)
        self.keys = keys if keys is not None else list(range(len(self.header)))
        self.unique_column = ""  # when the id column repeats: a column of the file that is unique, if any
        self.columns = columns
        self.names = columns.names
        self.matcher = matcher
        self.register = register
        self.where = Located(columns, geocoder, drop_outside, trust)
        self.when = Dated(columns, date_order, year)
        self.repeated_id: tuple[str, int, int] | None = None  # (id, first line, second line)
        self.untyped: dict[str, int] = {}
        self.drop_outside = drop_outside
        self.layout = columns.layout

    @property
    def outside(self) -> dict[str, int]:
        return self.where.outside

    def build(self, records: list[Record]) -> tuple[EventRows, dict[int, RowRejected]]:
        """(the rows of the records that make one, record index -> why the others do not)."""
        lines = np.fromiter((r.line for r in records), dtype=np.int64, count=len(records))
        texts = self._texts(records)
        verdicts = Verdicts(len(records))
        first_day, year, last_day = self.when.dates(texts, verdicts)
        texts.derive(("derived", "year"), year)
        counts = texts.per_distinct(tuple(r for r in COUNTS if r in self.columns.single), self._casualties)
        verdicts.reject(counts)
        where = self.where.locate(texts, [r.point for r in records], verdicts)
        types = texts.per_distinct(TYPE_ROLES, map_type)
        self._count_untyped(types, verdicts.alive)
        actor_keys = [("actor", k) for k in self.columns.actors] + [("cartel", k) for k in self.columns.cartels]
        actors = texts.per_distinct((*actor_keys, ("derived", "year")), self._actors, rows=verdicts.alive)
        ids = self._ids(texts, lines, verdicts)
        keep = verdicts.alive
        if self.repeated_id is not None:
            self.unique_column = self._unique_column(records, keep)
        columns = {"id": ids[keep], "date": first_day[keep], "year": year[keep],
                   "type": types.field(0, "")[keep], "type_original": types.field(1, "")[keep],
                   "cartels": actors.field(1, ())[keep], "actors": actors.field(0, "")[keep],
                   **{name: values[keep] for name, values in where.items()},
                   **{name: counts.field(i, None)[keep] for i, name in enumerate(self._count_roles())},
                   "source": texts.column("source")[keep], "notes": self._notes(texts)[keep],
                   "line": lines[keep], "date_end": last_day[keep],
                   "date_precision": self._date_precisions(texts, first_day, last_day)[keep],
                   "organisations": actors.field(2, "")[keep], "actor_names": actors.field(3, "")[keep]}
        for name in COUNTS:
            columns.setdefault(name, np.full(int(keep.sum()), None, dtype=object))
        return EventRows(columns), verdicts.problems

    def _texts(self, records: list[Record]) -> RoleTexts:
        """The text of every role (and actor column) of every record, as codes into its distinct texts."""
        keys: dict[object, object] = dict(self.columns.single)
        keys.update({("actor", k): k for k in self.columns.actors})
        keys.update({("cartel", k): k for k in self.columns.cartels})
        if records and records[0].fields is not None:  # CSV (a file's records are all of one format)
            by_position = list(zip(*(r.fields for r in records), strict=True))
            raw = {role: by_position[key] for role, key in keys.items()}
        else:
            raw = {role: [r.get(key) for r in records] for role, key in keys.items()}
        return RoleTexts(len(records), raw)

    def _notes(self, texts: RoleTexts) -> np.ndarray:
        """The notes of every record, line breaks kept (notes are mostly unique: cleaned row by row)."""
        notes = np.empty(texts.n, dtype=object)
        notes[:] = ["" if len(t) <= 16 and t.casefold() in MISSING else t for t in
                    (t.strip() if t.isprintable() else clean_text(t, keep_newlines=True)
                     for t in texts.raw.get("notes", ("",) * texts.n))]
        placed = self.where.row_notes  # where a row was placed, and the point it was published with
        if placed is not None and (hit := np.flatnonzero(placed != "")).size:
            notes[hit] = [f"{a}\n[{b}]" if a else f"[{b}]" for a, b in zip(notes[hit], placed[hit], strict=True)]
        return notes

    def _count_roles(self) -> tuple[str, ...]:
        return tuple(r for r in COUNTS if r in self.columns.single)

    def _casualties(self, *texts: str) -> tuple[int | None, ...]:
        """The counts the file has (killed, injured, killed low, killed high), None where a cell is empty."""
        try:
            return tuple(parse_count(text, self.names[role]) for role, text in zip(self._count_roles(), texts,
                                                                                   strict=True))
        except ValueProblem as exc:
            raise RowRejected(str(exc)) from None

    def _date_precisions(self, texts: RoleTexts, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """The file's date precision column, else what the dates say: a range is "days", "2018-05" a month."""
        if "date_prec" in self.columns.single:
            return texts.per_distinct(("date_prec",), self._date_precision).field(None, "")
        codes, uniques = factorize(first)  # a file names a few thousand dates: their lengths once each
        lengths = np.array([len(d) for d in uniques], dtype=np.int64)[codes] if uniques else codes
        return np.where(last != "", "days", np.where(lengths == 4, "year", np.where(lengths == 7, "month", "")))

    def _date_precision(self, code: str) -> str:
        return date_precision(code, self.layout)

    def _count_untyped(self, types: Outcome, alive: np.ndarray) -> None:
        """Count, in file order, the rows kept whose type as written maps to none of the atlas's."""
        unmapped = (types.field(0, "") == "") & (types.field(1, "") != "") & alive
        self.untyped = dict(Counter(types.field(1, "")[unmapped].tolist()))

    def _actors(self, *texts_and_year) -> tuple[str, tuple, str, str]:
        """(actor texts joined with "; ", cartels, organisations, names) of one combination of actor cells."""
        *cells, year = texts_and_year
        n_actor = len(self.columns.actors)
        texts = [t for t in cells[:n_actor] if t]
        cartel_texts = [t for t in cells[n_actor:] if t]
        actors, found = self._attribute(texts, cartel_texts, int(year))
        return actors, found.cartels, ";".join(found.organisations), ";".join(found.names)

    def _attribute(self, texts: list[str], cartel_texts: list[str], year: int) -> tuple[str, Attribution]:
        """What the actor texts name in ``year``; cartels ("other",) when they name no map cartel."""
        matcher = self.matcher
        actor_texts = list(dict.fromkeys(texts + cartel_texts))
        found = self.register.attribute(texts, year, matcher.ids)
        hits = set(found.cartels)
        for text in cartel_texts:  # a cartel column may hold the atlas's ids ("cjng; sinaloa")
            hits.update(matcher.match_ids_or_names(text))
            named = self.register.attribute([text], year, matcher.ids)
            hits.update(named.cartels)
            found = Attribution((), found.organisations + named.organisations, found.names + named.names)
        cartels = tuple(c for c in matcher.ids if c in hits) + tuple(sorted(hits - set(matcher.ids)))
        if not cartels and actor_texts:
            cartels = ("other",)  # actors, but none a map cartel: "other" (their names stay in actor_names)
        orgs = tuple(dict.fromkeys(found.organisations))
        return "; ".join(actor_texts), Attribution(cartels, orgs, tuple(dict.fromkeys(found.names)))

    def _slug(self, raw_id: str) -> str:
        """The file's own id as a slug ("" when the cell is empty: the row is numbered by its line)."""
        if not raw_id:
            return ""
        row_id = raw_id.lower() if raw_id.isascii() and raw_id.isalnum() else slugify(raw_id)
        if not row_id:
            raise RowRejected(f"{self.names.get('id', 'id')} {raw_id!r} has no letters or digits")
        return row_id

    def _ids(self, texts: RoleTexts, lines: np.ndarray, verdicts: Verdicts) -> np.ndarray:
        """Every record's id (its own, else ``<dataset>-<line>``); notes the first repeat among the rows kept."""
        raw = texts.raw.get("id", ())
        lowered = [r.lower() for r in raw if r.isascii() and r.isalnum()]
        if len(lowered) == texts.n and MISSING.isdisjoint(lowered):  # plain ids: their own slugs
            ids = np.empty(texts.n, dtype=object)
            ids[:] = lowered
        else:
            slugs = texts.per_distinct(("id",), self._slug)
            verdicts.reject(slugs)
            ids = slugs.field(None, "")
        for i in np.flatnonzero(ids == ""):
            ids[i] = f"{self.dataset}-{lines[i]}"
        kept = np.flatnonzero(verdicts.alive)
        codes, _ = factorize(ids[kept])
        seen = np.zeros(len(codes), dtype=bool)
        seen[np.unique(codes, return_index=True)[1]] = True
        if not seen.all():
            again = int(np.argmin(seen))
            first = int(np.argmax(codes == codes[again]))
            self.repeated_id = (str(ids[kept[again]]), int(lines[kept[first]]), int(lines[kept[again]]))
        return ids

    def _unique_column(self, records: list[Record], keep: np.ndarray) -> str:
        """A column of the file that could serve as the id: short texts, none empty, each once among the rows kept.

        Columns the import already reads for something else (date, place, notes …) are not offered;
        a name that says "id" (folio, clave, key, code …) is preferred.
        """
        taken = {k for role, k in self.columns.single.items() if role != "id"}
        taken.update(self.columns.actors, self.columns.cartels)
        offered = [(name, key) for name, key in zip(self.header, self.keys, strict=False)
                   if key not in taken and key != self.columns.single.get("id")]
        offered.sort(key=lambda nk: not _says_id(nk[0]))
        kept = [r for r, k in zip(records, keep, strict=True) if k]
        for name, key in offered:
            raw = [r.get(key) for r in kept]
            if len(set(raw)) < len(raw):  # the quick test first: most columns repeat a value
                continue
            values = [cell_text(v) for v in raw]
            if all(0 < len(v) <= 40 for v in values) and _distinct_slugs(values):
                return name
        return ""

    def finish(self, rows: EventRows) -> tuple[EventRows, list[str]]:
        """The rows numbered ``<dataset>-<line>`` when the id column repeats a value (it is not an id), and why."""
        if self.repeated_id is None:
            return rows, []
        rid, first, again = self.repeated_id
        column = self.names.get("id", "id")
        note = (f"column {column!r} is not unique ({rid!r} on lines {first} and {again}), so it is not used as an "
                f"id: rows are numbered by line instead")
        if self.unique_column:
            other = self.unique_column
            note += (f"; column {other!r} is unique: map it as the id with --column id={other} "
                     f"(in the upload form: id={other} under the column mapping)")
        return rows.with_ids(f"{self.dataset}-{n}" for n in rows.columns["line"].tolist()), [note]


ID_WORDS = ("id", "folio", "clave", "key", "code", "codigo", "num", "no", "number", "numero", "uid", "uuid")


def _says_id(name: str) -> bool:
    """Whether a column's name reads as an identifier: "global.id", "Folio", "event_no", "clave" …"""
    return any(word in ID_WORDS for word in column_key(name).split("_"))


def _distinct_slugs(values: list[str]) -> bool:
    """Whether the texts would make distinct, non-empty ids (as :meth:`RowBuilder._slug` makes them)."""
    slugs = {v.lower() if v.isascii() and v.isalnum() else slugify(v) for v in values}
    return len(slugs) == len(values) and "" not in slugs


WITHHELD = ("se reserva", "se reservan", "reservado", "withheld", "redacted")


def _not_a_record(values: dict[str, str]) -> str:
    """Why a rejected row is no record at all (empty, withheld in every field, a total or a note under the
    table), or "" when it is a record with a problem."""
    cells = [cell_text(v) for v in values.values()]
    filled = {k: c for k, c in zip(values, cells, strict=True) if c}
    withheld = [k for k, v in values.items() if v.strip().casefold() in WITHHELD]
    if len(withheld) * 3 >= len(values) and len(withheld) > len(filled):
        return (f"withheld: {len(withheld)} of {len(values)} fields say {values[withheld[0]].strip()!r} "
                f"({', '.join(withheld[:4])} …)")
    if filled:
        if len(filled) * 4 > len(values) or len(values) < 6:
            return ""
        shown = ", ".join(f"{k} = {v[:30]!r}" for k, v in list(filled.items())[:3])
        return f"not an event: only {len(filled)} of {len(values)} fields filled ({shown}), like a total or a note"
    said = {v.strip().casefold(): v.strip() for v in values.values() if v.strip()}
    if not said:
        return "empty row: every field is empty"
    if len(said) == 1:
        return f"withheld: every field says {next(iter(said.values()))!r}"
    return "no data: every field is empty or says there is no value"


@contextlib.contextmanager
def _no_cyclic_gc():
    """Pause Python's cycle collector: holding 200,000 records alive would make it scan them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_rows(builder: RowBuilder, records: Iterable[Record | Rejected]) -> tuple[EventRows, list[Rejected]]:
    """Rows from the records that make one, and why the others do not (with their raw values), in file order."""
    good: list[Record] = []
    rejected: list[Rejected] = []
    with _no_cyclic_gc():
        for record in records:
            if isinstance(record, Rejected):  # the reader could not use it (wrong field count, not a point ...)
                rejected.append(record)
            else:
                good.append(record)
        rows, problems = builder.build(good)
    for i, exc in problems.items():
        record = good[i]
        values = record.values()
        rejected.append(Rejected(record.line, _not_a_record(values) or exc.reason, values, exc.candidates))
    rejected.sort(key=lambda r: r.line)
    return rows, rejected
