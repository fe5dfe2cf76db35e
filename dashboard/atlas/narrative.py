"""Story chapters as data (``geodata/chapters.toml``), resolved against the atlas."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard import config
from dashboard.model import MapView, Selection


def chapter_fields() -> tuple[str, ...]:
    """The fields every ``[[chapter]]`` must have: a title and a text in each language, the view, the years."""
    return ("id", *config.language_columns("title"), *config.language_columns("body"), "view", "years",
            "cartels", "layers", "events", "places", "routes", "states", "sources")


@dataclass(frozen=True)
class Chapter:
    """One step of the story: a view, a selection and the features it highlights.

    ``titles`` and ``bodies``: language -> text, for each of :data:`dashboard.config.LANGUAGES`.
    """

    id: str
    titles: Mapping[str, str]
    bodies: Mapping[str, str]
    view: MapView
    years: tuple[int, int]
    cartels: tuple[str, ...]
    layers: tuple[str, ...]
    events: tuple[str, ...]
    places: tuple[str, ...]
    routes: tuple[str, ...]
    states: tuple[str, ...]
    sources: tuple[str, ...]

    def __hash__(self) -> int:  # the text mappings are not hashable; an id names one chapter
        return hash(self.id)

    def title(self, lang: str) -> str:
        """The title in ``lang``; English for a language it lacks."""
        return self.titles.get(lang) or self.titles["en"]

    def body(self, lang: str) -> str:
        return self.bodies.get(lang) or self.bodies["en"]

    @property
    def selection(self) -> Selection:
        return Selection(cartels=self.cartels, year_from=self.years[0], year_to=self.years[1], layers=self.layers)

    def mentions(self, kind: str, feature_id: str) -> bool:
        """Does this chapter highlight the feature (``kind`` is a layer name)?"""
        bucket = {"events": self.events, "places": self.places, "crossings": self.places,
                  "flows": self.routes, "territories": self.states}.get(kind, ())
        return feature_id in bucket


def read_chapter_tables(path: Path) -> list[dict]:
    """The raw ``[[chapter]]`` tables, for validation."""
    with path.open("rb") as fh:
        return list(tomllib.load(fh).get("chapter", []))


def chapter_from_table(table: dict) -> Chapter:
    view = table["view"]
    return Chapter(
        id=table["id"], titles={lang: table.get(f"title_{lang}", "") for lang in config.LANGUAGES},
        bodies={lang: table.get(f"body_{lang}", "").strip() for lang in config.LANGUAGES},
        view=MapView(float(view["lat"]), float(view["lon"]), int(view["zoom"])),
        years=(int(table["years"][0]), int(table["years"][1])),
        **{key: tuple(table.get(key, ())) for key in ("cartels", "layers", "events", "places", "routes",
                                                       "states", "sources")},
    )


def load_chapters(path: Path) -> list[Chapter]:
    """Chapters in story order."""
    return [chapter_from_table(t) for t in read_chapter_tables(path)]


def chapter_or_filters(chapter: Chapter | None, asked: Selection, explicit: bool) -> Selection:
    """What a link or command shows: a chapter opened alone brings its own filters; filters given explicitly win.

    A comparison year asked for is kept either way: it changes how territories read, not what is shown.
    """
    return chapter.selection.with_(compare=asked.compare) if chapter is not None and not explicit else asked


def chapters_mentioning(chapters: list[Chapter], kind: str, feature_id: str) -> list[Chapter]:
    """The chapters a clicked feature belongs to, in story order."""
    return [c for c in chapters if c.mentions(kind, feature_id)]


def neighbours(chapters: list[Chapter], chapter_id: str | None) -> tuple[str | None, str | None]:
    """(previous id, next id) around ``chapter_id``; before the first chapter, next is the first."""
    ids = [c.id for c in chapters]
    if chapter_id not in ids:
        return None, (ids[0] if ids else None)
    i = ids.index(chapter_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)
