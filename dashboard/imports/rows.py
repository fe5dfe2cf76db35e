"""The row model of an import, shared by the parser and the store.

One frozen :class:`EventRow` per event; :data:`ROW_COLUMNS` are its fields in order;
:class:`EventRows` holds a parsed file's rows as columns (an :class:`EventRow` is made only when
one is looked at); :class:`ImportResult` is what parsing a file made (kept rows, rejected rows, notices);
:func:`rows_to_frame` and :func:`typed_columns` give imported events their one set of column
types as a GeoDataFrame (EPSG:4326), whether just parsed or read back from the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter

from dashboard.imports.rejections import Rejected, rejections_csv


@dataclass(frozen=True, slots=True)
class EventRow:
    """One imported event. ``line`` is the CSV line (header = 1) or the GeoJSON feature number."""

    id: str
    date: str  # ISO: YYYY-MM-DD, or YYYY-MM / YYYY when the source gives only that
    year: int
    type: str  # one of vocab.EVENT_TYPES, or "" when the source type is missing/unknown
    type_original: str  # as written in the file (ACLED: "event_type: sub_event_type")
    cartels: tuple[str, ...]  # cartel ids from geodata/cartels.csv, ("other",) for unmatched actors
    actors: str  # actor texts as written, joined with "; "
    place: str
    admin1: str
    country: str  # ISO 3166 alpha-2 when recognised ("MX"), else as written
    lat: float
    lon: float
    killed: int | None
    injured: int | None
    source: str
    notes: str
    geocoded: bool  # True when lat/lon came from the offline gazetteer
    line: int
    date_end: str = ""  # last day of a date range (UCDP date_end), "" for one day
    date_precision: str = ""  # "day", "days", "week", "month", "year" or "" (not stated)
    precision: str = ""  # where: one of PRECISION_LEVELS ("site" … "country"), "" when not stated
    precision_code: str = ""  # the source's own code, e.g. "ucdp:4", "acled:1", "inegi:08037"
    killed_low: int | None = None  # low / high estimates of the deaths (UCDP low, high)
    killed_high: int | None = None
    organisations: str = ""  # register ids (geodata/cartel_register.csv) the actors name, ";"-joined
    actor_names: str = ""  # every actor name as written, coalitions split, ";"-joined


ROW_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(EventRow))
NUMERIC_DTYPES = {"year": "int64", "lat": "float64", "lon": "float64", "killed": "Int64", "injured": "Int64",
                  "geocoded": "bool", "line": "int64", "killed_low": "Int64", "killed_high": "Int64"}
PRECISION_LEVELS = ("site", "town", "municipality", "state", "country")


class EventRows(Sequence):
    """Event rows held as columns (name -> numpy array, :data:`ROW_COLUMNS`), as the row builder makes them.

    A file of 200,000 rows goes to the store as one frame without a Python object per row;
    indexing or iterating still gives :class:`EventRow` objects, made on demand.
    """

    def __init__(self, columns: dict) -> None:
        self.columns = columns
        self._lists: dict[str, list] | None = None

    def __len__(self) -> int:
        return len(self.columns["id"])

    def _row(self, index: int) -> EventRow:
        if self._lists is None:  # Python values (not numpy scalars) for the rows a caller looks at
            self._lists = {name: self.columns[name].tolist() for name in ROW_COLUMNS}
        return EventRow(*(self._lists[name][index] for name in ROW_COLUMNS))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(i) for i in range(len(self))[index]]
        return self._row(range(len(self))[index])

    def __iter__(self) -> Iterator[EventRow]:
        return (self._row(i) for i in range(len(self)))

    def with_ids(self, ids) -> EventRows:
        """The same rows with other ids (a sequence as long as the rows)."""
        import numpy as np

        column = np.empty(len(self), dtype=object)
        column[:] = list(ids)
        return EventRows({**self.columns, "id": column})

    def frame(self):
        """The rows as a GeoDataFrame, in the column types of :func:`typed_columns`."""
        import pandas as pd

        return typed_columns(pd.DataFrame(self.columns, columns=list(ROW_COLUMNS)))


@dataclass
class ImportResult:
    """What :func:`dashboard.imports.upload.parse_upload` made of a file."""

    dataset: str  # slug used for generated ids (from the name or the file name)
    source_name: str  # the uploaded file's name (display only, never opened)
    format: str  # "csv" or "geojson"
    rows: Sequence[EventRow]  # EventRows from parse_upload
    rejected: list[Rejected]
    notices: list[str]
    columns: list[str] = field(default_factory=list)  # the file's own column / property names
    unit: str = "line"  # "line" (CSV) or "feature" (GeoJSON) for messages
    layout: str = ""  # "UCDP GED", "ACLED" or "" (recognised by the usual column names)
    attribution: dict[str, str] = field(default_factory=dict)  # source, licence, citation
    outside: int = 0  # rows outside the atlas's area (kept or dropped, see notices)

    @property
    def kept(self) -> int:
        return len(self.rows)

    def summary(self) -> str:
        return f"kept {len(self.rows)} row(s), rejected {len(self.rejected)}"

    def reasons(self, limit: int = 5) -> list[str]:
        """The first rejected rows as one-line messages, e.g. ``line 7: bad date '2024-13-45' ...``."""
        return [f"{self.unit} {r.line}: {r.reason}" for r in self.rejected[:limit]]

    def renamed(self, dataset: str) -> ImportResult:
        """The same result for another dataset slug: generated ids ``<old>-<line>`` get the new prefix."""
        if dataset == self.dataset:
            return self
        old = f"{self.dataset}-"
        if isinstance(self.rows, EventRows):
            lines, ids = self.rows.columns["line"].tolist(), self.rows.columns["id"].tolist()
            rows = self.rows.with_ids(f"{dataset}-{n}" if i == f"{old}{n}" else i for i, n in zip(ids, lines,
                                                                                                strict=True))
        else:
            rows = [replace(r, id=f"{dataset}-{r.line}") if r.id == f"{old}{r.line}" else r for r in self.rows]
        return replace(self, dataset=dataset, rows=rows)

    def to_frame(self):
        """Kept rows as a GeoDataFrame (EPSG:4326, point geometry, columns :data:`ROW_COLUMNS`)."""
        return rows_to_frame(self.rows)

    def report_csv(self) -> str:
        """Rejected rows as CSV text (line, reason, candidates, then the file's columns), formula-safe."""
        return rejections_csv(self.unit, self.columns, self.rejected)


def rows_to_frame(rows: Sequence[EventRow]):
    """GeoDataFrame (EPSG:4326) from event rows, in the column types of :func:`typed_columns`."""
    import pandas as pd

    if isinstance(rows, EventRows):
        return rows.frame()
    values = attrgetter(*ROW_COLUMNS)
    cols = list(zip(*[values(r) for r in rows], strict=True)) or [[] for _ in ROW_COLUMNS]
    frame = pd.DataFrame({name: pd.array(list(values), dtype=object) for name, values in zip(ROW_COLUMNS, cols,
                                                                                              strict=True)})
    return typed_columns(frame)


def typed_columns(frame, points: bool = True):
    """The one set of column types for imported events, whether just parsed or read from the store.

    Takes a DataFrame with the columns of :data:`ROW_COLUMNS`, returns a GeoDataFrame.
    Columnar throughout, so a million rows load in seconds: text as Arrow-backed strings
    ("" for none), counts as nullable Int64, and ``cartels`` as a categorical of id tuples
    (a dataset has a few dozen distinct combinations, so filters work on those, not on rows).
    ``cartels`` may come as tuples or as ";"-joined text (the store's form). Without ``points`` it returns
    a plain DataFrame: the page reads ``lat``/``lon`` only, and a million shapely points cost 226 MB and 1.6 s
    (:func:`dashboard.atlas.filters.imported_for` adds them to the rows a view exports).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    out = {}
    for name in ROW_COLUMNS:
        if name not in frame:  # a dataset stored before the column existed
            frame = frame.assign(**{name: pd.NA if NUMERIC_DTYPES.get(name) == "Int64" else ""})
        values = frame[name]
        dtype = NUMERIC_DTYPES.get(name)
        if name == "cartels":
            codes, uniques = pd.factorize(values, use_na_sentinel=False)
            tuples = np.empty(len(uniques), dtype=object)
            tuples[:] = [u if isinstance(u, tuple) else tuple(c for c in str(u or "").split(";") if c)
                         for u in uniques]
            out[name] = pd.Categorical(tuples[codes]) if len(codes) else pd.Categorical([])
        elif dtype is None:
            out[name] = values.astype("str").fillna("").array  # no Python object per row
        elif dtype == "Int64":
            out[name] = pd.to_numeric(values, errors="coerce").astype("Int64").array
        else:
            out[name] = values.to_numpy().astype(dtype)
    index = pd.RangeIndex(len(frame))
    if not points:
        return pd.DataFrame(out, index=index)
    # Built from the columns in one step: a DataFrame first and a GeoDataFrame of it copied every column once more.
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["lon"], out["lat"]), crs=4326, index=index)
