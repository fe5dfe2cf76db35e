"""Actors -> cartels: actor text as written in a file -> cartel ids of the atlas (``geodata/cartels.csv``).

Matching uses the cartels' names, short names and aliases, ignoring case, accents and articles
(de, la, los, the ...), and only on whole words: "CJNG: Jalisco New Generation Cartel" and
"Cartel de Jalisco Nueva Generacion" are ``cjng``; "Sinaloa State Police" is not the Sinaloa Cartel.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dashboard.config import language_columns
from dashboard.text import name_key

if TYPE_CHECKING:
    import pandas as pd


class CartelMatcher:
    """Actor text -> cartel ids via the names, short names and aliases of the atlas's cartels.

    Case- and accent-insensitive; an alias must appear as whole words ("CJNG: Jalisco New
    Generation Cartel" -> cjng; "Cartel de Jalisco Nueva Generacion" -> cjng; "Sinaloa State
    Police" is not the Sinaloa Cartel). Articles (de, la, los, the ...) are ignored.
    """

    def __init__(self, cartels: list[tuple[str, tuple[str, ...]]]) -> None:
        self.ids = tuple(cid for cid, _ in cartels)
        self.patterns: list[tuple[str, str]] = []
        for cid, names in cartels:
            for name in names:
                tok = name_key(name)
                if tok:
                    self.patterns.append((cid, f" {tok} "))
        self._memo: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_cartels(cls, cartels: pd.DataFrame) -> CartelMatcher:
        """The matcher for the map cartels of an atlas, ``atlas.cartels``: their names in every language of the
        atlas (a file may be written in any of them), short names and aliases."""
        names = language_columns("name", plain_english=True)
        return cls([(r["id"], (*(r[c] for c in names), r["short"], *r["aliases"]))
                    for r in cartels.to_dict("records")])

    def match(self, text: str) -> tuple[str, ...]:
        found = self._memo.get(text)
        if found is None:
            padded = f" {name_key(text)} "
            hits = {cid for cid, pat in self.patterns if pat in padded}
            found = tuple(cid for cid in self.ids if cid in hits)
            self._memo[text] = found
        return found

    def match_ids_or_names(self, text: str) -> tuple[str, ...]:
        """A ``cartel`` column: exact ids ('cjng; sinaloa') or names."""
        hits: set[str] = set()
        for part in re.split(r"[;,|/]", text):
            part = part.strip()
            if part.lower() in self.ids:
                hits.add(part.lower())
            elif part:
                hits.update(self.match(part))
        return tuple(cid for cid in self.ids if cid in hits)
