"""The sharable state of a view, and its round trip through URL parameters.

Parameters (version 1) are the link names of :data:`dashboard.share.view_fields.VIEW_FIELDS`:
``cartel`` (repeatable), ``from``, ``to``, ``type`` (repeatable), ``layer`` (repeatable), ``actor``
(repeatable: an actor name as written in an imported dataset; it narrows imported rows only, so it
travels with a chapter too), ``compare``, ``chapter``, ``lang``, ``lat``, ``lon``, ``zoom``, ``embed``
(``true``: embedded without the sidebar; Streamlit reserves this name, so the app reads it through
``st.context.is_embedded``). Parsing is tolerant: a bad value is dropped with a notice, never an
exception, and so is every value that is not used: the earlier values of a repeated single-valued
key, a ``zoom`` without ``lat``/``lon``, a query over 512 KB. A notice is a key and its parameters
(:class:`Notice`), written in the reader's language when shown. Values equal to the default are
left out of the URL. ``token`` (the local editor sign-in link, :mod:`dashboard.roles`) is read by
the page's sign-in and never part of a view.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from urllib.parse import urlencode

from dashboard.model import Snapshot
from dashboard.share import view_fields as vf
from dashboard.share.view_codecs import Notice

__all__ = ["Notice", "Snapshot", "from_query_params", "to_query_params", "to_query_string"]

SNAPSHOT_VERSION = 1
SIGN_IN_PARAM = "token"  # the local editor link's token: read by the sign-in, not by the view
# Streamlit ignores a whole query of more than 1,000 parameters; the page's own script then reloads it as
# ?link_params=<how many> (dashboard.ui.link_guard) so that the reader is told.
TOO_MANY_PARAM, STREAMLIT_MAX_PARAMS = "link_params", 1000
MAX_QUERY_CHARS = 512 * 1024  # a longer query is no link this atlas wrote


def to_query_params(snap: Snapshot) -> dict[str, str | list[str]]:
    """URL parameters for ``snap``; defaults are omitted to keep links short."""
    params: dict[str, str | list[str]] = {}
    for f in vf.link_fields():
        owner = snap if f.on_snapshot else snap.selection
        params.update(f.codec.write(f.name, getattr(owner, f.attr), f.default))
    return params


def to_query_string(snap: Snapshot) -> str:
    return urlencode(to_query_params(snap), doseq=True)


def _number(raw: str, kind: type, lo: float, hi: float) -> float | int | None:
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        return None
    return value if lo <= value <= hi else None


class LinkReader:
    """Reads untrusted parameters for the codecs of :mod:`dashboard.share.view_fields`, collecting notices."""

    def __init__(self, params: Mapping[str, Sequence[str]]) -> None:
        self.params = params
        self.notices: list[Notice] = []

    def values(self, key: str) -> list[str]:
        raw = self.params.get(key, [])
        return [raw] if isinstance(raw, str) else list(raw)

    def last(self, key: str) -> str | None:
        vals = self.values(key)
        for earlier in vals[:-1]:
            self.drop(key, earlier, "link_repeated", param=key)
        return vals[-1] if vals else None

    def one(self, key: str, allowed: Sequence[str], why: str = "link_unknown_value",
            **why_params: object) -> str | None:
        """A single-valued key from ``allowed``: the last good value; the others are dropped with a notice."""
        good = self.members(key, allowed, why, **why_params)
        for earlier in good[:-1]:
            self.drop(key, earlier, "link_repeated", param=key)
        return good[-1] if good else None

    def notice(self, key: str, **params: object) -> None:
        self.notices.append(Notice(key, params))

    def drop(self, key: str, value: str, why: str, **why_params: object) -> None:
        """A value left out: "Ignored key='value': why." (``why``: an interface string's key)."""
        self.notice("link_ignored", param=key, value=repr(value[:40]), why=Notice(why, why_params))

    def members(self, key: str, allowed: Collection[str], why: str = "link_unknown_value",
                **why_params: object) -> tuple[str, ...]:
        good = []
        for value in self.values(key):
            if value in allowed:
                good.append(value)
            else:
                self.drop(key, value, why, **why_params)
        return tuple(good)

    def number(self, key: str, kind: type, lo: float, hi: float) -> float | int | None:
        raw = self.last(key)
        if raw is None:
            return None
        value = _number(raw, kind, lo, hi)
        if value is None:
            self.drop(key, raw, "link_not_number", lo=f"{lo:g}", hi=f"{hi:g}")
        return value


def from_query_params(params: Mapping[str, Sequence[str]], cartels: Sequence[str], chapters: Sequence[str],
                      actors: Collection[str] | None = None) -> tuple[Snapshot, list[Notice]]:
    """Read a :class:`Snapshot` from URL parameters; return it with notices for what was dropped.

    ``actors``: the actor names of the imported datasets on the map (None: any well-formed name).
    """
    size = sum(len(str(k)) + sum(len(v) for v in LinkReader(params).values(k)) for k in params)
    if size > MAX_QUERY_CHARS:
        return Snapshot(), [Notice("link_too_long", {"size": f"{size / 1024:,.0f}", "limit": MAX_QUERY_CHARS // 1024})]
    if TOO_MANY_PARAM in params:
        count = _number(LinkReader(params).values(TOO_MANY_PARAM)[-1], int, 0, 10**9) or STREAMLIT_MAX_PARAMS + 1
        return Snapshot(), [Notice("link_too_many", {"count": f"{count:,}", "limit": f"{STREAMLIT_MAX_PARAMS:,}"})]
    r = LinkReader(params)
    known_params = ("v", *vf.link_params())
    for key in params:
        if key != SIGN_IN_PARAM and key not in known_params:
            r.drop(key, ",".join(r.values(key)), "link_unknown_param")
    version = r.last("v")
    if version not in (None, str(SNAPSHOT_VERSION)):
        r.drop("v", version, "link_version", version=SNAPSHOT_VERSION)
    known = {"cartels": cartels, "chapters": chapters, "actors": actors}
    values = {f: f.codec.read(r, f.name, known) for f in vf.link_fields()}
    chosen = {f.attr: v for f, v in values.items() if not f.on_snapshot}
    _years_in_order(chosen, r)
    rest = {f.attr: v for f, v in values.items() if f.on_snapshot and v is not None}
    return Snapshot(vf.make_selection(chosen), **rest), r.notices


def _years_in_order(chosen: dict, r: LinkReader) -> None:
    """``from`` after ``to``: swap them, with a notice."""
    year_from, year_to = (chosen.get(a) or vf.view_field(n).default for a, n in (("year_from", "from"),
                                                                                ("year_to", "to")))
    if year_from > year_to:
        r.drop("from", str(year_from), "link_swapped", to=year_to)
        year_from, year_to = year_to, year_from
    chosen.update(year_from=year_from, year_to=year_to)
