"""Areas of official tables: INEGI state codes, 5-digit municipal codes, and the names tables use instead.

SESNSP, INEGI and CONAPO name the same 32 states in several ways ("México" and "Estado de México",
"Coahuila" and "Coahuila de Zaragoza", "Distrito Federal" before 2016 and "Ciudad de México" after),
and some tables carry no code at all (CONAPO's state file, the SESNSP victims series). The spellings
are listed once, in :mod:`dashboard.atlas.mexican_states`; the municipal names go through
``geodata/municipalities.csv`` within their state (:class:`dashboard.imports.municipalities.Municipalities`).

Rows that are not an area — a national total, "No especificado", "Otros municipios", places abroad —
are **aggregates**: kept, with their own level, so a national figure can be read from them, but
never summed with the states or municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.atlas.mexican_states import OTHER_SPELLINGS, STATE_NAMES
from dashboard.text import plain_words

STATE, MUNICIPALITY, AGGREGATE = "state", "municipality", "aggregate"
NATIONAL = "00"  # the area code of a national row (INEGI uses 00 for "Estados Unidos Mexicanos")

# Names of rows that are not one area (plain words, see plain_words).
_AGGREGATE_NAMES = {
    "nacional": "national", "total": "national", "total nacional": "national",
    "estados unidos mexicanos": "national", "republica mexicana": "national",
    "no especificado": "not specified", "no especificada": "not specified", "otros municipios": "other municipalities",
    "extranjero": "abroad", "otros paises": "abroad", "otros paises latinoamericanos": "abroad",
    "estados unidos de norteamerica": "abroad",
}


@dataclass(frozen=True)
class Area:
    code: str   # "07" (state), "07101" (municipality), or "00"/"<state>999"/… for an aggregate
    level: str  # STATE, MUNICIPALITY or AGGREGATE
    name: str   # as the atlas writes it ("Chiapas", "Tuxtla Gutiérrez", "not specified (Chiapas)")


_STATE_BY_WORDS = {plain_words(name): code for code, name in STATE_NAMES.items()}
for _code, _names in OTHER_SPELLINGS.items():
    _STATE_BY_WORDS.update((plain_words(n), _code) for n in _names)


def state_code(name: str) -> str | None:
    """The INEGI code of a state written any of the usual ways, or None ("Nacional" is not a state)."""
    return _STATE_BY_WORDS.get(plain_words(name))


def aggregate_kind(name: str) -> str | None:
    """'national', 'not specified', 'other municipalities', 'abroad', or None for a real area's name."""
    return _AGGREGATE_NAMES.get(plain_words(name))


def state_area(code_or_name: str) -> Area | None:
    """A state from its code ("7", "07", "07.0") or its name; an aggregate row; or None if unknown."""
    text = code_or_name.strip()
    digits = text[:-2] if text.endswith(".0") else text
    if digits.isdigit():
        code = f"{int(digits):02d}"
        if code in STATE_NAMES:
            return Area(code, STATE, STATE_NAMES[code])
        if int(digits) in (33, 34):  # INEGI's codes for deaths abroad (33 United States, 34 other countries)
            return Area("abroad", AGGREGATE, "abroad")
        return Area(NATIONAL, AGGREGATE, "national") if int(digits) == 0 else None
    if (kind := aggregate_kind(text)) is not None:
        return Area(NATIONAL if kind == "national" else kind, AGGREGATE, kind)
    code = state_code(text)
    return Area(code, STATE, STATE_NAMES[code]) if code else None


def municipal_code(text: str) -> str | None:
    """A 5-digit CVEGEO from "7101", "07101", " 07 101 ", "07101.0"; None when it is not one."""
    digits = "".join(text.split())
    digits = digits[:-2] if digits.endswith(".0") else digits
    if not digits.isdigit() or len(digits) > 5:
        return None
    return f"{int(digits):05d}"


def unplaced_area(state: Area | None, kind: str) -> Area:
    """An aggregate row inside a state ("No especificado" of Chiapas) or of the whole country."""
    if state is None or state.level != STATE:
        return Area(NATIONAL if kind == "national" else kind, AGGREGATE, kind)
    return Area(f"{state.code}-{kind.replace(' ', '-')}", AGGREGATE, f"{kind} ({state.name})")
