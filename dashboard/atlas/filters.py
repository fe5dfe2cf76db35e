"""Pure functions from a :class:`Selection` to the frames each layer draws."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard import config
from dashboard.atlas import holdings
from dashboard.atlas.actor_filter import rows_naming
from dashboard.atlas.data import Atlas, records, with_points
from dashboard.atlas.narrative import Chapter
from dashboard.atlas.register import Organisation
from dashboard.config import SNAPSHOT_YEARS, YEAR_FLOOR
from dashboard.model import Selection


def expand_cartels(atlas: Atlas, cartels: tuple[str, ...]) -> set[str]:
    """Selected cartels plus their factions: choosing Sinaloa also shows Chapitos and Mayiza."""
    return set(cartels) | {c for c, parent in atlas.cartel_field("parent").items() if parent in cartels}


def predecessors_left_out(atlas: Atlas, cartels: tuple[str, ...]) -> list[tuple[Organisation, Organisation]]:
    """(successor, predecessor) for each chosen cartel (and faction) whose history the register continues.

    Imports attribute an event to the organisation of its year (``atlas.register``), so choosing Cártel del
    Noreste keeps its events from 2014 and not those of Los Zetas before it: the caller says so in words.
    """
    return [pair for cartel in expand_cartels(atlas, cartels) for pair in atlas.register.predecessors(cartel)]


def _involves(cartel_lists: pd.Series, wanted: set[str]) -> np.ndarray:
    if isinstance(cartel_lists.dtype, pd.CategoricalDtype):
        # Imported data: decide once per distinct combination of cartels, then look up by code.
        hit = np.array([bool(wanted.intersection(ids)) for ids in cartel_lists.cat.categories] + [False])
        return hit[cartel_lists.cat.codes.to_numpy()]
    return np.array([bool(wanted.intersection(ids)) for ids in cartel_lists.tolist()], dtype=bool)


def _among(values: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """``values.isin(wanted)`` for the atlas's small columns of Python strings, without pandas' overhead."""
    wanted = set(wanted)
    return np.array([v in wanted for v in values.tolist()], dtype=bool)


# The masks below are numpy arrays: the atlas's frames are small, and pandas' per-operation cost
# was most of a filter change's filtering.
def events_mask(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> np.ndarray:
    """Which of the atlas's events :func:`events_for` keeps."""
    ev = atlas.events
    years = ev["year"].to_numpy()
    mask = (years >= sel.year_from) & (years <= sel.year_to)
    if chapter is not None:
        mask &= _among(ev["id"], chapter.events)
    if sel.types:
        mask &= _among(ev["type"], sel.types)
    if sel.cartels:
        mask &= _involves(ev["cartels"], expand_cartels(atlas, sel.cartels))
    return mask


# The frames below are new frames: with pandas' copy-on-write, changing one never changes the atlas.
def events_for(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> gpd.GeoDataFrame:
    """Events dated inside the year range, of the chosen types, involving a chosen cartel.

    With a ``chapter`` open, only the chapter's own events: a chapter draws, lists and counts its story.
    """
    return atlas.events[events_mask(atlas, sel, chapter)]


def chosen_family(atlas: Atlas, cartels: tuple[str, ...]) -> str | None:
    """The one cartel a selection is about: a single cartel, or a parent with some of its factions."""
    if len(cartels) == 1:
        return cartels[0]
    parents = atlas.cartel_field("parent")
    roots = {parents.get(c) or c for c in cartels}
    return roots.pop() if len(roots) == 1 and next(iter(roots)) in cartels else None


def territory_reading(atlas: Atlas, sel: Selection) -> holdings.Reading:
    """How the view reads the territories: who holds what, one cartel's ground, or its change since ``compare``."""
    year = snapshot_year_for(sel)
    frame = territories_for(atlas, sel)
    cartel = chosen_family(atlas, sel.cartels)
    parents = atlas.cartel_field("parent")
    if cartel is None:
        return holdings.overview(records(frame), year)
    if sel.compare is not None and year is not None and sel.compare < year:
        earlier = atlas.territories[atlas.territories["year"] == sel.compare]
        return holdings.change_between(records(earlier), records(frame), (sel.compare, year), cartel, parents)
    return holdings.one_cartel(records(frame), year, cartel, parents)


def territory_key(sel: Selection) -> Selection:
    """The part of ``sel`` the territories depend on (snapshot year, cartels, comparison), as a selection:
    selections with the same key have the same :func:`territory_reading`, so it keys a cache of them."""
    year = snapshot_year_for(sel)
    return Selection(cartels=sel.cartels, year_from=YEAR_FLOOR, year_to=sel.year_to if year is None else year,
                     compare=sel.compare)


def snapshot_year_for(sel: Selection) -> int | None:
    """The latest territory snapshot not after the end of the range (None before the first)."""
    earlier = [y for y in SNAPSHOT_YEARS if y <= sel.year_to]
    return max(earlier) if earlier else None


def territories_mask(atlas: Atlas, sel: Selection) -> np.ndarray:
    """Which territory rows :func:`territories_for` keeps."""
    te = atlas.territories
    mask = te["year"].to_numpy() == snapshot_year_for(sel)
    if sel.cartels:
        mask &= _among(te["cartel"], expand_cartels(atlas, sel.cartels))
    return mask


def territories_for(atlas: Atlas, sel: Selection) -> gpd.GeoDataFrame:
    """Territory rows of the snapshot year for the range, for the chosen cartels."""
    return atlas.territories[territories_mask(atlas, sel)]


def flows_mask(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> np.ndarray:
    """Which of the atlas's flow legs :func:`flows_for` keeps (a chapter's: every leg of its own routes)."""
    fl = atlas.flows
    if chapter is not None:
        return _among(fl["route"], chapter.routes)
    mask = (fl["year_from"].to_numpy() <= sel.year_to) & (fl["year_to"].to_numpy() >= sel.year_from)
    if sel.cartels:
        mask &= _involves(fl["cartels"], expand_cartels(atlas, sel.cartels))
    return mask


def flows_for(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> gpd.GeoDataFrame:
    """Flow legs whose years overlap the range and that supply a chosen cartel.

    With a ``chapter`` open, every leg of the chapter's own routes, from their origin on (a route drawn in full).
    """
    return atlas.flows[flows_mask(atlas, sel, chapter)]


def _referenced_places(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> set[str]:
    """Ids of the places the selected events and flows touch (read from their columns, no frames built); with a
    chapter open, its own places too."""
    legs = flows_mask(atlas, sel, chapter)
    own = set(chapter.places) if chapter is not None else set()
    return (own | set(atlas.events["place_id"].to_numpy()[events_mask(atlas, sel, chapter)])
            | set(atlas.flows["from_place"].to_numpy()[legs]) | set(atlas.flows["to_place"].to_numpy()[legs]))


def places_mask(atlas: Atlas, sel: Selection, crossings: bool = False, chapter: Chapter | None = None) -> np.ndarray:
    """Which places :func:`places_for` keeps; with ``crossings``, which crossings :func:`crossings_for` keeps."""
    pl = atlas.places
    mask = _among(pl["kind"], ["crossing"]) == crossings
    if chapter is not None or not sel.is_unfiltered:
        mask &= _among(pl["id"], _referenced_places(atlas, sel, chapter))
    return mask


def places_for(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> gpd.GeoDataFrame:
    """Every place when nothing is filtered; otherwise the places the selected events and flows touch.

    With a ``chapter`` open: its own places and those its events and routes touch.
    """
    return atlas.places[places_mask(atlas, sel, chapter=chapter)]


def crossings_for(atlas: Atlas, sel: Selection, chapter: Chapter | None = None) -> gpd.GeoDataFrame:
    """Border crossings; when filtered, only those the selected flows pass through (a chapter's: its own)."""
    return atlas.places[places_mask(atlas, sel, crossings=True, chapter=chapter)]


def chapters_for(atlas: Atlas, sel: Selection) -> gpd.GeoDataFrame:
    """Chapters whose years overlap the range and (if filtered) that follow a chosen cartel, at their view centre."""
    wanted = expand_cartels(atlas, sel.cartels)
    rows = [
        {"id": c.id, **{f"title_{lang}": c.title(lang) for lang in config.LANGUAGES}, "year_from": c.years[0],
         "year_to": c.years[1], "zoom": c.view.zoom, "cartels": c.cartels, "events": c.events, "places": c.places,
         "routes": c.routes, "states": c.states, "sources": c.sources, "lat": c.view.lat, "lon": c.view.lon}
        for c in atlas.chapters
        if c.years[0] <= sel.year_to and c.years[1] >= sel.year_from
        and (not sel.cartels or not c.cartels or wanted.intersection(c.cartels))
    ]
    frame = pd.DataFrame(rows, columns=["id", *config.language_columns("title"), "year_from", "year_to", "zoom",
                                        "cartels", "events", "places", "routes", "states", "sources", "lat", "lon"])
    return with_points(frame)


def imported_mask(atlas: Atlas, frame: gpd.GeoDataFrame, sel: Selection) -> np.ndarray:
    """Which rows of an imported dataset the selection keeps (vectorised: a million rows in ms).

    Rows whose actors matched no cartel carry ``("other",)``: they show when no cartel is chosen, and
    the actor filter finds them by name (a row matches when it names any chosen actor).
    """
    years = frame["year"].to_numpy()
    mask = (years >= sel.year_from) & (years <= sel.year_to)
    if sel.types:
        mask &= frame["type"].isin(sel.types).to_numpy()
    if sel.cartels:
        mask &= _imported_cartels(atlas, frame, sel.cartels)
    if sel.actors:
        mask &= rows_naming(frame["actor_names"], sel.actors)
    return mask


def _imported_cartels(atlas: Atlas, frame: gpd.GeoDataFrame, chosen: tuple[str, ...]) -> np.ndarray:
    """Rows involving a chosen map cartel, or naming a chosen register organisation (or one of its factions)."""
    from dashboard.atlas.register_filter import rows_naming_organisations, with_factions

    atlas_ids = set(atlas.cartels["id"])
    hit = _involves(frame["cartels"], expand_cartels(atlas, tuple(c for c in chosen if c in atlas_ids)))
    others = [c for c in chosen if c not in atlas_ids]
    if others:
        hit = hit | rows_naming_organisations(frame, with_factions(atlas.register, others))
    return hit


def imported_for(atlas: Atlas, frame: gpd.GeoDataFrame, sel: Selection) -> gpd.GeoDataFrame:
    """Rows of an imported dataset inside the year range, of the chosen types, cartels and actors, as points."""
    return with_points(frame[imported_mask(atlas, frame, sel)])


LAYER_QUERIES = {
    "territories": territories_for,
    "events": events_for,
    "places": places_for,
    "flows": flows_for,
    "crossings": crossings_for,
    "chapters": chapters_for,
}


STORY_LAYERS = ("events", "places", "flows", "crossings")  # the layers a chapter narrows to its own features


def layer_for(atlas: Atlas, layer: str, sel: Selection, chapter: Chapter | None = None) -> gpd.GeoDataFrame:
    """The filtered frame of one layer by name (a chapter's own features only, with one open)."""
    if chapter is not None and layer in STORY_LAYERS:
        return LAYER_QUERIES[layer](atlas, sel, chapter)
    return LAYER_QUERIES[layer](atlas, sel)


LAYER_MASKS = {
    "territories": territories_mask,
    "events": events_mask,
    "places": places_mask,
    "flows": flows_mask,
    "crossings": lambda atlas, sel, chapter=None: places_mask(atlas, sel, crossings=True, chapter=chapter),
}


def count_for(atlas: Atlas, layer: str, sel: Selection, chapter: Chapter | None = None) -> int:
    """How many rows :func:`layer_for` would give (counted on the mask: no frame is built)."""
    if chapter is not None and layer in STORY_LAYERS:
        return int(LAYER_MASKS[layer](atlas, sel, chapter=chapter).sum())
    return int(LAYER_MASKS[layer](atlas, sel).sum())
