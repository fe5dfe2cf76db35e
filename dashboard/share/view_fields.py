"""The fields of a view, one row each: how the view travels through a link, the page's session and the command line.

A field of the view (the cartels chosen, the years, the language, the map's position …) is read
and written in three places: the link (``?cartel=cjng&from=2019``), the page's widgets (their
``st.session_state`` keys) and the command line (``snapshot --cartel cjng --from 2019``). Each row
of :data:`VIEW_FIELDS` says all of it once: its link name (which is also its ``--flag``), the
:class:`~dashboard.model.Selection` or :class:`~dashboard.model.Snapshot` attribute it fills (whose
default is the field's default), its codec (how values are parsed and written, whether they
repeat), the command-line verbs that take it and its session key. :mod:`dashboard.share.link`,
:mod:`dashboard.ui.state` and :mod:`dashboard.cli` loop over this table, so adding a filter is one
row here, one attribute on ``Selection`` and the code that filters with it
(``tests/share/test_view_fields.py`` adds one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from dashboard import config
from dashboard.atlas.actor_filter import well_formed
from dashboard.config import SNAPSHOT_YEARS, YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.model import MapView, Selection, Snapshot
from dashboard.vocab import EVENT_TYPES, LAYERS

# What a link or a command may name that only the loaded data knows: "cartels", "chapters" (ids)
# and "actors" (the imported datasets' actor names; None: any well-formed name).
Known = Mapping[str, Collection[str] | None]
ZOOM_RANGE = (2, 18)


class FieldError(ValueError):
    """A value given on the command line that the atlas does not know (one line for the user)."""


class Codec:
    """How one field's values are read and written; the base is a single free value."""

    repeats = False

    def params(self, name: str) -> tuple[str, ...]:
        """The link parameters (and ``--flags``) the field uses: its own name, for most."""
        return (name,)

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        return {} if value == default else {name: str(value)}

    def read(self, reader, name: str, known: Known) -> object | None:
        """The value from a link (``reader``: :class:`dashboard.share.link.LinkReader`); None: not given or dropped."""
        return reader.last(name)

    def cli_options(self, default: object) -> dict[str, object]:
        return {"default": default}

    def cli_arguments(self, name: str, default: object) -> list[tuple[str, dict[str, object]]]:
        """(flag, argparse options) of each command-line flag: ``--name``, for most."""
        return [(f"--{name}", self.cli_options(default))]

    def from_cli(self, raw: object, known: Known) -> object:
        return raw

    def to_session(self, key: str, value: object, out: dict) -> None:
        out[key] = value

    def from_session(self, key: str, state: Mapping, default: object) -> object:
        return state.get(key, default)


@dataclass(frozen=True)
class Members(Codec):
    """A repeatable choice (``?cartel=cjng&cartel=cdn``); ``allowed`` is a fixed tuple or a name in :data:`Known`."""

    allowed: tuple[str, ...] | str
    noun: str = "value"
    metavar: str = "ID"
    repeats = True

    def choices(self, known: Known) -> Collection[str] | None:
        return known.get(self.allowed) if isinstance(self.allowed, str) else self.allowed

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        return {name: list(value)} if value != default else {}

    def read(self, reader, name: str, known: Known) -> object | None:
        return reader.members(name, self.choices(known) or ())

    def cli_options(self, default: object) -> dict[str, object]:
        static = {} if isinstance(self.allowed, str) else {"choices": self.allowed}
        return {"action": "append", "default": [], "metavar": self.metavar, **static}

    def from_cli(self, raw: object, known: Known) -> object:
        allowed = self.choices(known)
        unknown = [v for v in raw if allowed is not None and v not in allowed]
        if unknown:
            raise FieldError(f"unknown {self.noun} {unknown[0]!r}; known: {', '.join(allowed)}")
        return tuple(raw)

    def to_session(self, key: str, value: object, out: dict) -> None:
        out[key] = list(value)

    def from_session(self, key: str, state: Mapping, default: object) -> object:
        return tuple(state.get(key, default))


@dataclass(frozen=True)
class Layers(Members):
    """The layers shown: all by default; ``layer=none`` for none; one checkbox each on the page (``layer_<kind>``)."""

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        return {name: list(value) or ["none"]} if value != default else {}

    def read(self, reader, name: str, known: Known) -> object | None:
        given = reader.values(name)
        if not [v for v in given if v != "none"]:
            return () if given else None
        # Every layer value junk: show the default rather than an empty map.
        return reader.members(name, LAYERS) or None

    def from_cli(self, raw: object, known: Known) -> object:
        return tuple(raw) or LAYERS  # none given: the default (or the chapter's)

    def to_session(self, key: str, value: object, out: dict) -> None:
        out.update({f"{key}_{kind}": kind in value for kind in LAYERS})

    def from_session(self, key: str, state: Mapping, default: object) -> object:
        return tuple(kind for kind in LAYERS if state.get(f"{key}_{kind}", True))


@dataclass(frozen=True)
class Actors(Members):
    """Actor names as imported datasets write them: any of the names on the map, else any well-formed name."""

    def read(self, reader, name: str, known: Known) -> object | None:
        names = known.get("actors")
        good = []
        for value in reader.values(name):
            if names is not None and value in names:
                good.append(value)
            elif not well_formed(value):
                reader.drop(name, value, "link_not_actor")
            elif names is not None:
                reader.drop(name, value, "link_no_actor")
            else:
                good.append(value)
        return tuple(good)

    def from_cli(self, raw: object, known: Known) -> object:
        return tuple(raw)  # checked against the datasets given (dashboard.cli.snapshot)


@dataclass(frozen=True)
class Year(Codec):
    """One end of the year range; both ends share the page's range slider (``index`` 0 or 1 of its pair)."""

    index: int

    def read(self, reader, name: str, known: Known) -> object | None:
        return reader.number(name, int, YEAR_FLOOR, YEAR_MAX)

    def cli_options(self, default: object) -> dict[str, object]:
        return {"type": cli_year, "default": default, "metavar": "YEAR"}

    def to_session(self, key: str, value: object, out: dict) -> None:
        pair = list(out.get(key, (YEAR_MIN, YEAR_MAX)))
        pair[self.index] = value
        out[key] = tuple(pair)

    def from_session(self, key: str, state: Mapping, default: object) -> object:
        return int(state.get(key, (YEAR_MIN, YEAR_MAX))[self.index])


def cli_year(text: str) -> int:
    """A ``--from``/``--to`` year (argparse shows the ValueError's message in one line)."""
    import argparse

    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not YEAR_FLOOR <= year <= YEAR_MAX:
        raise argparse.ArgumentTypeError(f"{year} is outside the years the atlas reads, {YEAR_FLOOR}–{YEAR_MAX}")
    return year


@dataclass(frozen=True)
class OneOf(Codec):
    """A single choice (``lang``, ``chapter``, ``compare``); ``kind`` turns the link's text into the value.

    ``allowed``: a fixed tuple, a name in :data:`Known`, or a function giving them (read when used).
    """

    allowed: tuple | str | Callable[[], Collection]
    noun: str = "value"
    kind: type = str
    metavar: str | None = None

    def choices(self, known: Known) -> Collection | None:
        if callable(self.allowed):
            return self.allowed()
        return known.get(self.allowed) if isinstance(self.allowed, str) else self.allowed

    def read(self, reader, name: str, known: Known) -> object | None:
        found = reader.one(name, [str(v) for v in self.choices(known) or ()])
        return None if found is None else self.kind(found)

    def cli_options(self, default: object) -> dict[str, object]:
        static = {} if isinstance(self.allowed, str) else {"choices": self.choices({})}
        return {"default": default, "type": self.kind, "metavar": self.metavar, **static}

    def from_cli(self, raw: object, known: Known) -> object:
        allowed = self.choices(known)
        if raw is not None and allowed is not None and raw not in allowed:
            raise FieldError(f"unknown {self.noun} {raw!r}; known: {', '.join(map(str, allowed))}")
        return raw


class Switch(Codec):
    """On or off: ``embed=true`` (or ``1``)."""

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        return {name: "true"} if value else {}

    def read(self, reader, name: str, known: Known) -> object | None:
        return reader.last(name) in ("1", "true")


class Position(Codec):
    """Where the map looks: ``lat``, ``lon`` and ``zoom`` (a position without a zoom is shown at a regional zoom)."""

    def params(self, name: str) -> tuple[str, ...]:
        return ("lat", "lon", "zoom")

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        if value is None:
            return {}
        return {"lat": f"{value.lat:.4f}", "lon": f"{value.lon:.4f}", "zoom": str(value.zoom)}

    def read(self, reader, name: str, known: Known) -> object | None:
        lat = reader.number("lat", float, -90, 90)
        lon = reader.number("lon", float, -180, 180)
        zoom = reader.number("zoom", int, *ZOOM_RANGE)
        if lat is None or lon is None:
            if (lat is None) != (lon is None):
                reader.notice("link_position_half")
            elif zoom is not None:
                reader.drop("zoom", str(zoom), "link_zoom_alone")
            return None
        return MapView.around(float(lat), float(lon), None if zoom is None else int(zoom))

    def cli_arguments(self, name: str, default: object) -> list[tuple[str, dict[str, object]]]:
        # Checked together by the snapshot verb (a zoom alone zooms the chapter's or the default view).
        return [("--lat", {"type": float}), ("--lon", {"type": float}), ("--zoom", {"type": int})]


class DatasetNames(Codec):
    """Imported datasets drawn on the map: ``--dataset`` on the command line, one checkbox each (``ds_<name>``)."""

    repeats = True

    def cli_options(self, default: object) -> dict[str, object]:
        return {"action": "append", "default": [], "metavar": "NAME"}


@dataclass(frozen=True)
class ViewField:
    """One field of the view: one row of :data:`VIEW_FIELDS`."""

    name: str                     # link parameter and command-line flag (--name); Position names its own three
    attr: str | None              # Selection attribute (Snapshot's with on_snapshot); None: command line only
    codec: Codec
    key: str | None = None        # the page's session key (its widget's key)
    verbs: tuple[str, ...] = ()   # command-line verbs that take the flag
    help: str | None = None       # the flag's help text
    on_snapshot: bool = False     # an attribute of Snapshot (chapter, language, position) rather than of Selection
    in_link: bool = True
    filters: bool = False         # naming it in a link overrides its chapter's own filters
    kept_by_browser: bool = True  # a reconnecting page's own widget value wins over the link (see ui/state.py)

    @property
    def default(self) -> object:
        """The attribute's default in :class:`Selection` or :class:`Snapshot` (the one source of defaults)."""
        if self.attr is None:
            return ()
        owner = Snapshot if self.on_snapshot else Selection
        spec = {f.name: f for f in dataclasses.fields(owner)}[self.attr]
        return spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()

    @property
    def repeats(self) -> bool:
        return self.codec.repeats


def languages() -> tuple[str, ...]:
    """The languages a link or a command may ask for: :data:`dashboard.config.LANGUAGES`, read when asked."""
    return config.LANGUAGES


_EXPORT_AND_SNAPSHOT = ("export", "snapshot")
# The rows, in the order links write them.
VIEW_FIELDS: tuple[ViewField, ...] = (
    ViewField("cartel", "cartels", Members("cartels", noun="cartel id"), key="cartels", verbs=_EXPORT_AND_SNAPSHOT,
              help="cartel id (repeatable)", filters=True),
    ViewField("from", "year_from", Year(0), key="years", verbs=_EXPORT_AND_SNAPSHOT, filters=True,
              kept_by_browser=False),
    ViewField("to", "year_to", Year(1), key="years", verbs=_EXPORT_AND_SNAPSHOT, filters=True, kept_by_browser=False),
    ViewField("type", "types", Members(EVENT_TYPES, metavar="TYPE"), key="types", verbs=_EXPORT_AND_SNAPSHOT,
              help="event type (repeatable)", filters=True),
    ViewField("layer", "layers", Layers(LAYERS, metavar="LAYER"), key="layer", verbs=("snapshot",),
              help="layer to show (repeatable)", filters=True),
    # Read (and written back) before its widget is drawn: the link's value stands even on a reconnect.
    ViewField("actor", "actors", Actors("actors", metavar="NAME"), key="actors", verbs=("snapshot",),
              help="of the imported datasets, only events naming this actor as the file writes it "
                   "(repeatable: any of them)", kept_by_browser=False),
    ViewField("compare", "compare", OneOf(SNAPSHOT_YEARS, noun="snapshot year", kind=int, metavar="YEAR"),
              key="compare", verbs=("snapshot",),
              help="territories: what the chosen cartel gained and lost since this snapshot year"),
    ViewField("chapter", "chapter", OneOf("chapters", noun="chapter", metavar="ID"), key="chapter",
              verbs=("snapshot",), help="open a story chapter (its filters unless given)", on_snapshot=True),
    ViewField("lang", "lang", OneOf(languages, noun="language"), key="lang", verbs=("snapshot",), on_snapshot=True),
    ViewField("position", "view", Position(), key="view", verbs=("snapshot",), on_snapshot=True),
    # Streamlit reserves ?embed= (the app reads it through st.context.is_embedded).
    ViewField("embed", "embed", Switch(), key="embed", on_snapshot=True),
    ViewField("dataset", None, DatasetNames(), key="ds", verbs=("snapshot",), in_link=False,
              help="also draw an imported dataset (repeatable; see `datasets`)"),
)


def view_fields() -> tuple[ViewField, ...]:
    """The table, read at call time (a test may add a row)."""
    return VIEW_FIELDS


def view_field(name: str) -> ViewField:
    return next(f for f in view_fields() if f.name == name)


def session_key(name: str) -> str:
    """The page's session key of the field ``name`` (the table is the one place that names them)."""
    key = view_field(name).key
    assert key is not None, name
    return key


def link_fields() -> tuple[ViewField, ...]:
    return tuple(f for f in view_fields() if f.in_link)


def link_params() -> tuple[str, ...]:
    """Every parameter a link of the view may carry."""
    return tuple(p for f in link_fields() for p in f.codec.params(f.name))


def filter_params() -> tuple[str, ...]:
    """The parameters that filter: a link naming any of them overrides its chapter's own filters."""
    return tuple(p for f in link_fields() if f.filters for p in f.codec.params(f.name))


def selection_fields() -> tuple[ViewField, ...]:
    return tuple(f for f in view_fields() if f.attr is not None and not f.on_snapshot)


def make_selection(values: Mapping[str, object]) -> Selection:
    """A Selection from attribute values; those left out (or None) keep their defaults."""
    return Selection(**{k: v for k, v in values.items() if v is not None})


def session_values(sel: Selection, kept: Collection[str] = ()) -> dict[str, object]:
    """Session key -> value setting the page's filter widgets to ``sel``.

    ``kept``: keys whose value a reconnecting browser just sent; fields kept by the browser are left out then.
    """
    out: dict[str, object] = {}
    for f in selection_fields():
        if f.key is not None:
            f.codec.to_session(f.key, getattr(sel, f.attr), out)
    kept_keys = {k for f in selection_fields() if f.kept_by_browser and f.key is not None
                 for k in _keys_written(f, sel)}
    return {k: v for k, v in out.items() if not (k in kept and k in kept_keys)}


def _keys_written(f: ViewField, sel: Selection) -> set[str]:
    out: dict[str, object] = {}
    f.codec.to_session(f.key, getattr(sel, f.attr), out)
    return set(out)


def selection_from_session(state: Mapping) -> Selection:
    """The Selection the page's filter widgets show."""
    return make_selection({f.attr: f.codec.from_session(f.key, state, f.default)
                           for f in selection_fields() if f.key is not None})
