"""The row model: the documented columns of the frame and dataset renaming."""

from __future__ import annotations

from dashboard.imports.rows import ROW_COLUMNS
from dashboard.vocab import EVENT_TYPES


def test_frame_has_the_documented_columns(acled):
    frame = acled.to_frame()
    assert tuple(c for c in frame.columns if c != "geometry") == ROW_COLUMNS
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == len(acled.rows)
    first = frame.iloc[0]
    assert (first.geometry.x, first.geometry.y) == (first["lon"], first["lat"])
    assert set(frame["type"]) <= set(EVENT_TYPES)


def test_generated_ids_use_dataset_and_line(places):
    assert {r.id for r in places.rows} == {f"places-ambiguous-{n}" for n in (3, 5, 6, 8)}
    renamed = places.renamed("my-list")
    assert {r.id for r in renamed.rows} == {f"my-list-{n}" for n in (3, 5, 6, 8)}
