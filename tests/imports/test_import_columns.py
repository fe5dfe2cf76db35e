"""Recognising columns: names compared without case, accents or punctuation; the first spelling wins."""

from __future__ import annotations

from dashboard.imports.columns import repeated_columns, resolve_columns


def test_acled_header_is_recognised_by_role():
    header = ["event_id_cnty", "Event Date", "event_type", "actor1", "actor2", "LATITUDE", "longitude", "cartel"]
    columns = resolve_columns(header)
    assert columns.acled
    assert (columns.single["id"], columns.single["date"], columns.single["lat"], columns.single["lon"]) == (0, 1, 5, 6)
    assert columns.names["date"] == "Event Date"
    assert (columns.actors, columns.cartels) == ((3, 4), (7,))


def test_property_keys_are_used_instead_of_positions():
    columns = resolve_columns(["Fecha", "Lugar"], ["fecha", "lugar"])
    assert columns.single == {"date": "fecha", "place": "lugar"}
    assert not columns.acled


def test_repeated_columns_ignore_case_and_punctuation():
    assert repeated_columns(["date", "place", "Date", "event-date", "Event Date"]) == ["Date", "Event Date", "date",
                                                                                        "event-date"]
    assert repeated_columns(["date", "place"]) == []
