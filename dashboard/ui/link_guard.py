"""The page's own scripts for what Streamlit does to the address: a token it must not keep, a query it drops.

- The local sign-in link's ``?token=…``: Streamlit rewrites the address with ``pushState``, so the
  entry that held the token would stay one Back away. The page replaces that very entry instead
  (``history.replaceState``) before Streamlit rewrites it; Streamlit then finds the address already
  as it wants it and pushes nothing.
- A query of more than 1,000 parameters: Streamlit ignores it whole (``st.query_params`` and
  ``st.context.url`` are empty of it) while the address bar still shows it. The page's script
  counts the parameters in the browser and reloads the page as ``?link_params=<count>``, which the
  link reader turns into a notice (:mod:`dashboard.share.link`).
"""

from __future__ import annotations

import streamlit as st

from dashboard.roles import TOKEN_PARAM
from dashboard.share.link import STREAMLIT_MAX_PARAMS, TOO_MANY_PARAM
from dashboard.ui import state

# Run in the page itself (st.html with its script allowed: no iframe, no sandbox, nothing drawn);
# only constants of this module go into them.
_DROP_TOKEN = """<script>
(function () {{
  const url = new URL(window.location.href);
  if (!url.searchParams.has("{param}")) return;
  url.searchParams.delete("{param}");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
}})();
</script>"""

_COUNT_PARAMS = """<script>
(function () {{
  const query = window.location.search.replace(/^[?]/, "");
  const count = query ? query.split("&").length : 0;  /* as Streamlit counts them */
  if (count > {limit}) window.location.replace(window.location.pathname + "?{param}=" + count);
}})();
</script>"""


def drop_token_from_history() -> bool:
    """While the address holds a sign-in token: replace its history entry; True in the first such run.

    In that run the caller leaves the address alone (a rewrite now would push a new entry and keep
    the token's one behind it); the next run's rewrite then changes nothing in the browser. The script
    is drawn on every run until then: an element a run leaves out is removed, perhaps before it ran.
    """
    if TOKEN_PARAM not in st.query_params:
        return False
    st.html(_DROP_TOKEN.format(param=TOKEN_PARAM), unsafe_allow_javascript=True)
    first = not st.session_state.get(state.K_TOKEN_DROPPED)
    st.session_state[state.K_TOKEN_DROPPED] = True
    return first


def report_a_dropped_query() -> None:
    """While Streamlit gives the page no parameters: let the browser check that it had none to give.

    Drawn on every such run (an element a run leaves out is removed, perhaps before its script ran);
    it draws nothing, and a view with any parameter leaves it out.
    """
    if not st.query_params:
        st.html(_COUNT_PARAMS.format(limit=STREAMLIT_MAX_PARAMS, param=TOO_MANY_PARAM), unsafe_allow_javascript=True)
