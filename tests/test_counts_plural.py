"""Counts read as words: "1 event", never "1 events", in English, German and Spanish (issue 20)."""

from __future__ import annotations

import string

import pytest

from dashboard.config import LANGUAGES
from dashboard.i18n import STRINGS, plural
from dashboard.map.legend import imported_label
from dashboard.views import counts

EXPECTED = {
    "en": ("0 events", "1 event", "2 events"),
    "de": ("0 Ereignisse", "1 Ereignis", "2 Ereignisse"),
    "es": ("0 hechos", "1 hecho", "2 hechos"),
}
# Texts with a count whose words do not change with it ("and 1 more", "Chapter 1 of 5").
COUNT_NEUTRAL = {"in_view_more", "n_more", "chapter_of", "count_in_view"}  # "1 in this view" reads right


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zero_one_and_two_events_in_every_language(lang: str) -> None:
    assert tuple(plural("n_events", n, lang) for n in (0, 1, 2)) == EXPECTED[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_count_over_the_map_has_a_singular(lang: str) -> None:
    zero, one, two = EXPECTED[lang]
    for n, words in ((0, zero), (1, one), (2, two)):
        assert counts.tally_text(counts.Tally("x", n, 0, 0, 0), lang).startswith(words + " · ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_imported_dataset_with_one_event_in_the_legend(lang: str) -> None:
    assert f" · {EXPECTED[lang][1]} · " in imported_label(("Survey", 1, "Somebody"), lang)
    assert f" · {EXPECTED[lang][2]} · " in imported_label(("Survey", 2, "Somebody"), lang)


def test_every_counted_text_has_a_singular_that_differs_from_its_plural() -> None:
    counted = {key for key, entry in STRINGS.items() if not key.endswith("_one")
               and any("n" in {f for _, f, _, _ in string.Formatter().parse(text) if f} for text in entry.values())}
    missing = sorted(counted - COUNT_NEUTRAL - {k.removesuffix("_one") for k in STRINGS if k.endswith("_one")})
    assert not missing, f"texts with {{n}} and no singular: {missing}"
    for key in counted - COUNT_NEUTRAL:
        for lang in LANGUAGES:
            fields = {f: "X" for text in STRINGS[key].values() for _, f, _, _ in string.Formatter().parse(text) if f}
            fields.pop("n")
            assert plural(key, 1, lang, **fields) != plural(key, 2, lang, **fields).replace("2", "1"), (key, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_account_counts_each_kind_in_the_singular_when_there_is_one(tiny_atlas, lang: str) -> None:
    from dashboard.model import Selection
    from dashboard.views.account import view_account

    head, _ = view_account(tiny_atlas, Selection(layers=("crossings",)), lang)
    assert plural("n_events", 0, lang) in head and plural("n_places", 0, lang) in head
    assert plural("n_crossings", 2, lang) in head  # the tiny atlas's two crossings
    assert plural("n_places", 1, lang) == {"en": "1 place", "de": "1 Ort", "es": "1 lugar"}[lang]
    assert plural("n_crossings", 1, lang) == {"en": "1 border crossing", "de": "1 Grenzübergang",
                                              "es": "1 cruce fronterizo"}[lang]
