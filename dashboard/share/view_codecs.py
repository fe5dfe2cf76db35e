"""How each field of the view is read and written: the codecs of :data:`dashboard.share.view_fields.VIEW_FIELDS`.

A codec turns a field's value into link parameters and back (collecting notices through the
link's reader, :class:`dashboard.share.link.LinkReader`), into ``argparse`` options and back, and
into the page's session keys and back. Most fields use :class:`Members` (a repeatable choice),
:class:`OneOf` (a single choice), :class:`Year` or :class:`Switch`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from dashboard.atlas.actor_filter import well_formed
from dashboard.config import YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.i18n import t
from dashboard.model import MapView
from dashboard.vocab import LAYERS


@dataclass(frozen=True)
class Notice:
    """Something a link asked for that the page did not do: an interface string's key and its parameters.

    A parameter may itself be a Notice (the reason inside "Ignored from='abc': …"). ``str()`` is the English.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return t(self.key, lang, **{k: v.text(lang) if isinstance(v, Notice) else v for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


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
        allowed = self.choices(known)  # None: a name the caller does not know, so any value
        return tuple(reader.values(name)) if allowed is None else reader.members(name, allowed)

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
    why: Callable[[], tuple[str, dict]] | None = None  # a link's value not allowed: (interface key, parameters)
    cli_allowed: tuple | None = None  # the command line's choices, when they differ from a link's

    def choices(self, known: Known) -> Collection | None:
        if callable(self.allowed):
            return self.allowed()
        return known.get(self.allowed) if isinstance(self.allowed, str) else self.allowed

    def read(self, reader, name: str, known: Known) -> object | None:
        allowed = self.choices(known)
        why, why_params = self.why() if self.why else ("link_unknown_value", {})
        found = reader.last(name) if allowed is None else reader.one(name, [str(v) for v in allowed], why,
                                                                     **why_params)
        return None if found is None else self.kind(found)

    def cli_options(self, default: object) -> dict[str, object]:
        static = {} if isinstance(self.allowed, str) else {"choices": self.cli_allowed or self.choices({})}
        return {"default": default, "type": self.kind, "metavar": self.metavar, **static}

    def from_cli(self, raw: object, known: Known) -> object:
        allowed = self.choices(known)
        if raw is not None and allowed is not None and raw not in allowed:
            raise FieldError(f"unknown {self.noun} {raw!r}; known: {', '.join(map(str, allowed))}")
        return raw


class Switch(Codec):
    """On or off: ``embed=true`` (or ``1``) in a link, ``--name`` on the command line."""

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        return {name: "true"} if value else {}

    def read(self, reader, name: str, known: Known) -> object | None:
        return reader.last(name) in ("1", "true")

    def cli_options(self, default: object) -> dict[str, object]:
        return {"action": "store_true"}

    def to_session(self, key: str, value: object, out: dict) -> None:
        out[key] = bool(value)


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


class CountsTable(Codec):
    """An official count table drawn as a choropleth: ``counts``, ``measure``, ``rate``, ``area``
    (:mod:`dashboard.share.counts_link`)."""

    def params(self, name: str) -> tuple[str, ...]:
        from dashboard.share.counts_link import COUNTS_PARAMS

        return COUNTS_PARAMS

    def write(self, name: str, value: object, default: object) -> dict[str, str | list[str]]:
        from dashboard.share.counts_link import counts_params

        return counts_params(value)

    def read(self, reader, name: str, known: Known) -> object | None:
        from dashboard.share.counts_link import counts_from_params

        return counts_from_params(reader.last, reader.drop)
