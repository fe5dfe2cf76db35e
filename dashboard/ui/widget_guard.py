"""Widget values the page cannot show, as a forged websocket message can send them: reset with a notice.

Streamlit takes a widget's value from the browser as sent (a radio or selectbox accepts any string),
so ``lang=xx`` or a year pair of three numbers would reach the page's code and end in a traceback
that shows its sender the server's paths. Before any widget is drawn, each value is checked against
what its widget offers; one that fails goes back to the default and the reader is told.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.atlas.data import Atlas
from dashboard.atlas.register_filter import known_cartel_ids
from dashboard.config import COMPARE_YEARS, LANGUAGES, YEAR_FLOOR, YEAR_MAX, YEAR_MIN
from dashboard.share.view_codecs import Notice
from dashboard.ui import state
from dashboard.vocab import EVENT_TYPES, LAYERS


def _list_of(allowed) -> Callable[[object], bool]:
    return lambda v: isinstance(v, list | tuple) and all(isinstance(x, str) and x in allowed for x in v)


def _years(value: object) -> bool:
    return (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(y, int | float) and YEAR_FLOOR <= y <= YEAR_MAX for y in value) and value[0] <= value[1])


def _checks(atlas: Atlas) -> dict[str, tuple[Callable[[object], bool], object]]:
    """Widget key -> (whether a value is one the widget offers, the default it goes back to)."""
    checks = {
        state.K_LANG: (lambda v: v in LANGUAGES, "en"),
        state.K_CHAPTER: (lambda v: v is None or v in atlas.chapter_ids, None),
        state.K_COMPARE: (lambda v: v is None or v in COMPARE_YEARS, None),
        state.K_CARTELS: (_list_of(set(known_cartel_ids(atlas))), []),  # map cartels and register organisations
        state.K_TYPES: (_list_of(EVENT_TYPES), []),
        state.K_YEARS: (_years, (YEAR_MIN, YEAR_MAX)),
        state.K_ACTORS: (lambda v: isinstance(v, list | tuple) and all(isinstance(x, str) for x in v), []),
    }
    checks.update({state.layer_key(kind): (lambda v: isinstance(v, bool), True) for kind in LAYERS})
    return checks


def reset_forged_values(atlas: Atlas) -> None:
    """Reset every widget value its widget does not offer, each with a notice (call before drawing widgets)."""
    for key, (offered, default) in _checks(atlas).items():
        if key in st.session_state and not offered(st.session_state[key]):
            value = str(st.session_state[key])[:40]
            st.session_state[key] = default
            notices = list(st.session_state.get(state.K_NOTICES) or [])
            st.session_state[state.K_NOTICES] = [*notices, Notice("notice_forged_value", {"widget": key,
                                                                                          "value": repr(value)})]
