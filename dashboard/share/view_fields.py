"""The fields of a view, one row each: how the view travels through a link, the page's session and the command line.

A field of the view (the cartels chosen, the years, the language, the map's position …) is read
and written in three places: the link (``?cartel=cjng&from=2019``), the page's widgets (their
``st.session_state`` keys) and the command line (``snapshot --cartel cjng --from 2019``). Each row
of :data:`VIEW_FIELDS` says all of it once: its link name (which is also its ``--flag``), the
:class:`~dashboard.model.Selection` or :class:`~dashboard.model.Snapshot` attribute it fills (whose
default is the field's default), its codec (:mod:`dashboard.share.view_codecs`: how values are
parsed and written, whether they repeat), the command-line verbs that take it and its session key.
:mod:`dashboard.share.link`, :mod:`dashboard.ui.state` and :mod:`dashboard.cli` loop over this
table, so adding a filter is one row here, one attribute on ``Selection`` and the code that
filters with it (``tests/share/test_view_fields.py`` adds one). For example, a choropleth of official counts
would be three rows and three ``Selection`` attributes::

    ViewField("counts", "counts", OneOf("datasets", noun="dataset", metavar="NAME"), key="counts",
              verbs=("export", "snapshot"), help="draw a dataset of counts per area"),
    ViewField("measure", "measure", OneOf(MEASURES, noun="measure"), key="measure", verbs=(...)),
    ViewField("rate", "rate", Switch(), key="rate", verbs=(...), help="per 100,000 people"),

(a name in :data:`Known` that the caller does not give, "datasets" here, accepts any value).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from dashboard import config
from dashboard.config import COMPARE_YEARS, SNAPSHOT_YEARS
from dashboard.model import Selection, Snapshot
from dashboard.share.view_codecs import (
    ZOOM_RANGE,
    Actors,
    Codec,
    CountsTable,
    DatasetNames,
    FieldError,
    Known,
    Layers,
    Members,
    Notice,
    OneOf,
    Position,
    Switch,
    Year,
)
from dashboard.vocab import EVENT_TYPES, LAYERS

__all__ = ["VIEW_FIELDS", "ZOOM_RANGE", "FieldError", "Known", "Members", "OneOf", "Switch", "ViewField"]


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
        return None if self.attr is None else _default(Snapshot if self.on_snapshot else Selection, self.attr)

    @property
    def repeats(self) -> bool:
        return self.codec.repeats


@functools.cache
def _default(owner: type, attr: str) -> object:
    """The default of a dataclass attribute (worked out once: links are written on every rerun)."""
    spec = {f.name: f for f in dataclasses.fields(owner)}[attr]
    return spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()


def compare_why() -> tuple[str, dict]:
    """A comparison year the map does not offer: "the map compares with 2019 or 2023"."""
    years = [str(y) for y in COMPARE_YEARS]
    return "link_compare_with", {"years": Notice("or_list", {"items": ", ".join(years[:-1]), "last": years[-1]})}


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
    # A link compares with the years the page offers; a command with any snapshot year.
    ViewField("compare", "compare", OneOf(COMPARE_YEARS, noun="snapshot year", kind=int, metavar="YEAR",
                                          why=compare_why, cli_allowed=SNAPSHOT_YEARS),
              key="compare", verbs=("snapshot",),
              help="territories: what the chosen cartel gained and lost since this snapshot year"),
    ViewField("chapter", "chapter", OneOf("chapters", noun="chapter", metavar="ID"), key="chapter",
              verbs=("snapshot",), help="open a story chapter (its filters unless given)", on_snapshot=True),
    ViewField("lang", "lang", OneOf(languages, noun="language"), key="lang", verbs=("snapshot",), on_snapshot=True),
    ViewField("position", "view", Position(), key="view", verbs=("snapshot",), on_snapshot=True),
    # Streamlit reserves ?embed= (the app reads it through st.context.is_embedded).
    ViewField("embed", "embed", Switch(), key="embed", on_snapshot=True),
    # The choropleth's own keys (ui/choropleth.py reads and writes its widgets; the session keeps the view).
    ViewField("counts", "counts", CountsTable(), key="counts_view", on_snapshot=True),
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
