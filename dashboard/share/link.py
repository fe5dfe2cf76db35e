"""The sharable state of a view, and its round trip through URL parameters.

Parameters (version 1): ``cartel`` (repeatable), ``from``, ``to``, ``type``
(repeatable), ``layer`` (repeatable), ``actor`` (repeatable: an actor name as written in an
imported dataset; it narrows imported rows only, so it travels with a chapter too), ``chapter``,
``lang``, ``lat``, ``lon``, ``zoom``, ``embed`` (``true``: embedded without the sidebar; Streamlit reserves this
name, so the app reads it through ``st.context.is_embedded``). Parsing is tolerant: a bad value is
dropped with a notice, never an exception, and so is every value that is not used: the earlier
values of a repeated single-valued key, a ``zoom`` without ``lat``/``lon``, a query over 512 KB.
Values equal to the default are left out of the URL. ``token`` (the local editor sign-in link,
:mod:`dashboard.roles`) is read by the page's sign-in and never part of a view.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dashboard.atlas.actor_filter import well_formed
from dashboard.config import COMPARE_YEARS, LANGUAGES, YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.model import MapView, Selection
from dashboard.share.counts_link import COUNTS_PARAMS, CountsView, counts_from_params, counts_params
from dashboard.vocab import EVENT_TYPES, LAYERS

SNAPSHOT_VERSION = 1
# The parameters that filter; a link that names any of them overrides its chapter's own filters.
FILTER_PARAMS = ("cartel", "from", "to", "type", "layer")
KNOWN_PARAMS = ("v", *FILTER_PARAMS, "actor", "compare", "chapter", "lang", "lat", "lon", "zoom", "embed",
                *COUNTS_PARAMS)
SIGN_IN_PARAM = "token"  # the local editor link's token: read by the sign-in, not by the view
# Streamlit ignores a whole query of more than 1,000 parameters; the page's own script then reloads it as
# ?link_params=<how many> (dashboard.ui.link_guard) so that the reader is told.
TOO_MANY_PARAM, STREAMLIT_MAX_PARAMS = "link_params", 1000
ZOOM_RANGE = (2, 18)
MAX_QUERY_CHARS = 512 * 1024  # a longer query is no link this atlas wrote


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to reopen exactly the same view."""

    selection: Selection = field(default_factory=Selection)
    chapter: str | None = None
    lang: str = "en"
    view: MapView | None = None
    embed: bool = False
    counts: CountsView | None = None   # an official table drawn as a choropleth (share.counts_link)


def to_query_params(snap: Snapshot) -> dict[str, str | list[str]]:
    """URL parameters for ``snap``; defaults are omitted to keep links short."""
    sel = snap.selection
    params: dict[str, str | list[str]] = {}
    if sel.cartels:
        params["cartel"] = list(sel.cartels)
    if sel.year_from != YEAR_MIN:
        params["from"] = str(sel.year_from)
    if sel.year_to != YEAR_MAX:
        params["to"] = str(sel.year_to)
    if sel.types:
        params["type"] = list(sel.types)
    if sel.layers != LAYERS:
        params["layer"] = list(sel.layers) or ["none"]
    if sel.actors:
        params["actor"] = list(sel.actors)
    if sel.compare is not None:
        params["compare"] = str(sel.compare)
    if snap.chapter:
        params["chapter"] = snap.chapter
    if snap.lang != "en":
        params["lang"] = snap.lang
    if snap.view is not None:
        params.update(lat=f"{snap.view.lat:.4f}", lon=f"{snap.view.lon:.4f}", zoom=str(snap.view.zoom))
    if snap.embed:
        params["embed"] = "true"  # Streamlit's own embed mode (no header); the app also hides its sidebar
    params.update(counts_params(snap.counts))
    return params


def to_query_string(snap: Snapshot) -> str:
    return urlencode(to_query_params(snap), doseq=True)


def _number(raw: str, kind: type, lo: float, hi: float) -> float | int | None:
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        return None
    return value if lo <= value <= hi else None


class _Reader:
    """Collects notices while reading untrusted parameters."""

    def __init__(self, params: Mapping[str, Sequence[str]]) -> None:
        self.params = params
        self.notices: list[str] = []

    def values(self, key: str) -> list[str]:
        raw = self.params.get(key, [])
        return [raw] if isinstance(raw, str) else list(raw)

    def last(self, key: str) -> str | None:
        vals = self.values(key)
        for earlier in vals[:-1]:
            self.drop(key, earlier, f"{key} is given more than once; the last value counts")
        return vals[-1] if vals else None

    def one(self, key: str, allowed: Sequence[str], why: str = "not a known value") -> str | None:
        """A single-valued key from ``allowed``: the last good value; the others are dropped with a notice."""
        good = self.members(key, allowed, why)
        for earlier in good[:-1]:
            self.drop(key, earlier, f"{key} is given more than once; the last value counts")
        return good[-1] if good else None

    def drop(self, key: str, value: str, why: str) -> None:
        self.notices.append(f"Ignored {key}={value[:40]!r}: {why}.")

    def members(self, key: str, allowed: Sequence[str], why: str = "not a known value") -> tuple[str, ...]:
        good = []
        for value in self.values(key):
            if value in allowed:
                good.append(value)
            else:
                self.drop(key, value, why)
        return tuple(good)

    def actors(self, known: Collection[str] | None) -> tuple[str, ...]:
        """``actor`` values among ``known`` (the names the data holds, however long); without it, well-formed ones."""
        good = []
        for value in self.values("actor"):
            if known is not None and value in known:
                good.append(value)
            elif not well_formed(value):
                self.drop("actor", value, "not an actor name")
            elif known is not None:
                self.drop("actor", value, "no dataset on the map names this actor")
            else:
                good.append(value)
        return tuple(good)

    def number(self, key: str, kind: type, lo: float, hi: float) -> float | int | None:
        raw = self.last(key)
        if raw is None:
            return None
        value = _number(raw, kind, lo, hi)
        if value is None:
            self.drop(key, raw, f"expected a number from {lo:g} to {hi:g}")
        return value


def from_query_params(params: Mapping[str, Sequence[str]], cartels: Sequence[str], chapters: Sequence[str],
                      actors: Collection[str] | None = None) -> tuple[Snapshot, list[str]]:
    """Read a :class:`Snapshot` from URL parameters; return it with notices for what was dropped.

    ``actors``: the actor names of the imported datasets on the map (None: any well-formed name).
    """
    size = sum(len(str(k)) + sum(len(v) for v in _Reader(params).values(k)) for k in params)
    if size > MAX_QUERY_CHARS:
        return Snapshot(), [f"Ignored the whole link: its parameters are {size / 1024:,.0f} KB, over the "
                            f"{MAX_QUERY_CHARS // 1024} KB a link may have."]
    if TOO_MANY_PARAM in params:
        count = _number(_Reader(params).values(TOO_MANY_PARAM)[-1], int, 0, 10**9) or STREAMLIT_MAX_PARAMS + 1
        return Snapshot(), [f"Ignored the whole link: it has {count:,} parameters, over the "
                            f"{STREAMLIT_MAX_PARAMS:,} a link may have."]
    r = _Reader(params)
    for key in params:
        if key == SIGN_IN_PARAM:
            continue
        if key not in KNOWN_PARAMS:
            r.drop(key, ",".join(r.values(key)), "unknown parameter")
    version = r.last("v")
    if version not in (None, str(SNAPSHOT_VERSION)):
        r.drop("v", version, f"this atlas reads link version {SNAPSHOT_VERSION}; reading the rest as that")
    year_from = r.number("from", int, YEAR_FLOOR, YEAR_MAX) or YEAR_MIN
    year_to = r.number("to", int, YEAR_FLOOR, YEAR_MAX) or YEAR_MAX
    if year_from > year_to:
        r.drop("from", str(year_from), f"after to={year_to}; swapped")
        year_from, year_to = year_to, year_from
    layer_values = [v for v in r.values("layer") if v != "none"]
    layers = r.members("layer", LAYERS) if layer_values else (() if r.values("layer") else LAYERS)
    if layer_values and not layers:
        layers = LAYERS  # every layer value was junk: show the default rather than an empty map
    compare = r.one("compare", [str(y) for y in COMPARE_YEARS],
                    why=f"the map compares with {' or '.join(map(str, COMPARE_YEARS))}")
    selection = Selection(cartels=r.members("cartel", cartels), year_from=int(year_from), year_to=int(year_to),
                          types=r.members("type", EVENT_TYPES), layers=layers,
                          compare=int(compare) if compare else None, actors=r.actors(actors))
    chapter = r.one("chapter", chapters)
    lang = r.one("lang", LANGUAGES) or "en"
    counts = counts_from_params(r.last, r.drop)
    return Snapshot(selection, chapter, lang, _view(r), r.last("embed") in ("1", "true"), counts), r.notices


def _view(r: _Reader) -> MapView | None:
    lat = r.number("lat", float, -90, 90)
    lon = r.number("lon", float, -180, 180)
    zoom = r.number("zoom", int, *ZOOM_RANGE)
    if lat is None or lon is None:
        if (lat is None) != (lon is None):
            r.notices.append("Ignored the map position: lat and lon are needed together.")
        elif zoom is not None:
            r.drop("zoom", str(zoom), "a zoom needs lat and lon")
        return None
    return MapView.around(float(lat), float(lon), None if zoom is None else int(zoom))
