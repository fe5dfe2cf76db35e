"""The text account of a view: what is counted, for whom, and the deadliest events."""

from __future__ import annotations

from dashboard.atlas import filters
from dashboard.model import Selection
from dashboard.views.account import view_account


def test_the_account_counts_what_the_view_shows(tiny_atlas) -> None:
    sel = Selection(cartels=("cdn",), year_from=2019, year_to=2019)
    head, deadliest = view_account(tiny_atlas, sel, "en")
    assert "2019" in head and tiny_atlas.cartel_name("cdn", "en") in head
    assert str(len(filters.events_for(tiny_atlas, sel))) in head
    assert len(deadliest) <= 5


def test_the_deadliest_events_come_first_in_the_interface_language(tiny_atlas) -> None:
    for lang in ("en", "de"):
        _, deadliest = view_account(tiny_atlas, Selection(), lang)
        ev = filters.events_for(tiny_atlas, Selection())
        top = ev[ev["killed"].fillna(0) > 0].sort_values(["killed", "date"], ascending=[False, True]).iloc[0]
        assert deadliest[0].startswith(f"{top['date']}: {top[f'title_{lang}']}")
    assert deadliest[0].startswith("2023-01-05: Eine Festnahme setzt Culiacán in Brand")  # 29 killed, the most


def test_hidden_events_are_not_counted(tiny_atlas) -> None:
    head, deadliest = view_account(tiny_atlas, Selection(layers=("places",)), "en")
    assert deadliest == []
    assert "all cartels" in head.lower() or "All cartels" in head
