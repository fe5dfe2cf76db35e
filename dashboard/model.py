"""What the reader selects (Selection), where the map looks (MapView) and the whole view (Snapshot).

Frozen, so they key caches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from dashboard.config import DEFAULT_VIEW, SNAPSHOT_YEARS, YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.vocab import LAYERS

if TYPE_CHECKING:
    from dashboard.share.counts_link import CountsView

# A position given without a zoom (URL lat/lon, --lat/--lon) is shown at a regional zoom.
POINT_ZOOM = 5


@dataclass(frozen=True)
class Selection:
    """What the user filters on. Empty ``cartels``/``types``/``actors`` mean "all".

    ``actors`` are actor names as written in imported datasets (:mod:`dashboard.atlas.actor_filter`): they
    narrow imported rows only, since the atlas's own events name cartels, not actors.
    """

    cartels: tuple[str, ...] = ()
    year_from: int = YEAR_MIN
    year_to: int = YEAR_MAX
    types: tuple[str, ...] = ()
    layers: tuple[str, ...] = LAYERS
    compare: int | None = None  # territories: show the change since this snapshot year (one cartel chosen)
    actors: tuple[str, ...] = ()  # imported rows naming any of these actors

    def __post_init__(self) -> None:
        # Normalise order so equal selections compare (and cache) equal.
        object.__setattr__(self, "cartels", tuple(sorted(set(self.cartels))))
        object.__setattr__(self, "types", tuple(sorted(set(self.types))))
        object.__setattr__(self, "actors", tuple(sorted(set(self.actors))))
        object.__setattr__(self, "layers", tuple(k for k in LAYERS if k in set(self.layers)))
        if not YEAR_FLOOR <= self.year_from <= self.year_to <= YEAR_MAX:
            if self.year_from > self.year_to:
                raise ValueError(f"year range {self.year_from}–{self.year_to} is reversed")
            raise ValueError(f"year range {self.year_from}–{self.year_to} is outside {YEAR_FLOOR}–{YEAR_MAX}")
        if self.year_from > self.year_to:
            raise ValueError(f"year range {self.year_from}–{self.year_to} is reversed")
        if self.compare is not None and self.compare not in SNAPSHOT_YEARS:
            raise ValueError(f"no territory snapshot for {self.compare} to compare with ({SNAPSHOT_YEARS})")

    @property
    def is_unfiltered(self) -> bool:
        """True when nothing narrows the atlas's own data (all cartels, years and types); actors narrow imports only."""
        return not self.cartels and not self.types and (self.year_from, self.year_to) == (YEAR_MIN, YEAR_MAX)

    def with_(self, **changes: object) -> Selection:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MapView:
    """Map centre (lat, lon in WGS84) and Leaflet zoom level."""

    lat: float = DEFAULT_VIEW[0]
    lon: float = DEFAULT_VIEW[1]
    zoom: int = DEFAULT_VIEW[2]

    @classmethod
    def around(cls, lat: float, lon: float, zoom: int | None = None) -> MapView:
        """A view centred on a point; without a zoom, the regional zoom a link or command means."""
        return cls(lat, lon, POINT_ZOOM if zoom is None else zoom)


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to reopen exactly the same view (a link, a session, a command line:
    :mod:`dashboard.share.view_fields`)."""

    selection: Selection = field(default_factory=Selection)
    chapter: str | None = None
    lang: str = "en"
    view: MapView | None = None
    embed: bool = False
    counts: CountsView | None = None   # an official table drawn as a choropleth (share.counts_link)
