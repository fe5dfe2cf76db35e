"""Event types: ACLED types and sheet types mapped onto the atlas's types."""

from __future__ import annotations

import pytest

from dashboard.imports.event_types import map_type
from dashboard.imports.upload import parse_upload
from dashboard.vocab import EVENT_TYPES
from tests.geodata_atlas import geodata_atlas


@pytest.mark.parametrize(("event_type", "sub", "plain", "expected"), [
    ("Violence against civilians", "Attack", "", "attack"),
    ("Violence against civilians", "Abduction/forced disappearance", "", "attack"),
    ("Battles", "Armed clash", "", "armed-conflict"),
    ("Battles", "Government regains territory", "", "military-operation"),
    ("Explosions/Remote violence", "Grenade", "", "attack"),
    ("Riots", "Mob violence", "", "politics"),
    ("Protests", "Peaceful protest", "", "politics"),
    ("Strategic developments", "Agreement", "", "policy"),
    ("Strategic developments", "Arrests", "", "arrest"),
    ("Strategic developments", "Disrupted weapons use", "", "seizure"),
    ("", "", "Massacre", "massacre"),
    ("", "", "military operation", "military-operation"),
    ("", "", "Battles", "armed-conflict"),
    ("", "", "shootout", "armed-conflict"),
    ("", "", "picnic", ""),
    ("", "", "", ""),
])
def test_event_types(event_type, sub, plain, expected):
    mapped, original = map_type(event_type, sub, plain)
    assert mapped == expected
    assert mapped == "" or mapped in EVENT_TYPES
    assert original == (f"{event_type}: {sub}" if event_type else plain)


def test_unknown_type_is_kept_empty_with_notice():
    result = parse_upload(b"date,lat,lon,type\n2024-01-01,20.5,-101.2,picnic\n", "x.csv", atlas=geodata_atlas())
    assert result.rows[0].type == "" and result.rows[0].type_original == "picnic"
    assert any("'picnic' (1)" in n for n in result.notices)
