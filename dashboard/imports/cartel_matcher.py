"""Actors -> cartels: actor text as written in a file -> cartel ids from ``geodata/cartels.csv``.

Matching uses the cartels' names, short names and aliases, ignoring case, accents and articles
(de, la, los, the ...), and only on whole words: "CJNG: Jalisco New Generation Cartel" and
"Cartel de Jalisco Nueva Generacion" are ``cjng``; "Sinaloa State Police" is not the Sinaloa Cartel.
"""

from __future__ import annotations

import re
from functools import cache

from dashboard.config import GEODATA_DIR, language_columns
from dashboard.imports.values import plain_words

_STOPWORDS = frozenset({"de", "del", "la", "las", "los", "el", "the", "of", "y", "and"})


def _tokens(text: str) -> str:
    return " ".join(w for w in plain_words(text).split() if w not in _STOPWORDS)


class CartelMatcher:
    """Actor text -> cartel ids via the names, short names and aliases in geodata/cartels.csv.

    Case- and accent-insensitive; an alias must appear as whole words ("CJNG: Jalisco New
    Generation Cartel" -> cjng; "Cartel de Jalisco Nueva Generacion" -> cjng; "Sinaloa State
    Police" is not the Sinaloa Cartel). Articles (de, la, los, the ...) are ignored.
    """

    def __init__(self, cartels: list[tuple[str, tuple[str, ...]]]) -> None:
        self.ids = tuple(cid for cid, _ in cartels)
        self.patterns: list[tuple[str, str]] = []
        for cid, names in cartels:
            for name in names:
                tok = _tokens(name)
                if tok:
                    self.patterns.append((cid, f" {tok} "))
        self._memo: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_geodata(cls, root=GEODATA_DIR) -> CartelMatcher:
        from dashboard.atlas.files import read_rows, split_list

        rows = read_rows(root, "cartels.csv")
        names = language_columns("name", plain_english=True)  # a file in any of the atlas's languages
        return cls([(r["id"], (*(r[c] for c in names), r["short"], *split_list(r["aliases"]))) for r in rows])

    def match(self, text: str) -> tuple[str, ...]:
        found = self._memo.get(text)
        if found is None:
            padded = f" {_tokens(text)} "
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


@cache
def default_matcher() -> CartelMatcher:
    """The matcher for the atlas's own ``geodata/cartels.csv``, loaded once."""
    return CartelMatcher.from_geodata()
