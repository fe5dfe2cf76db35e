"""Who is an editor in this session: the sign-in and sign-out controls (logic in :mod:`dashboard.roles`)."""

from __future__ import annotations

import contextlib
import os
import secrets

import streamlit as st

from dashboard import roles
from dashboard.i18n import t
from dashboard.ui import state


@st.cache_resource(show_spinner=False)
def _guard() -> roles.SignInGuard:
    """One per server process: wrong tries counted per session and per client address, and a brake for all."""
    return roles.SignInGuard()


def _secrets() -> dict:
    with contextlib.suppress(Exception):  # no secrets.toml: Streamlit raises on access
        return {k: (dict(v) if hasattr(v, "keys") else v) for k, v in st.secrets.items()}
    return {}


def config() -> roles.SignIn:
    return roles.sign_in_config(os.environ, _secrets())


def _client_keys() -> tuple[str, ...]:
    """Whose wrong tries these are: this session always, its client address only when Streamlit knows one.

    Loopback clients have no address (``None``): counting them under one shared name would let one
    browser's wrong tries lock out every other browser on the machine.
    """
    session = "session:" + st.session_state.setdefault(state.K_SESSION_TOKEN, secrets.token_hex(16))
    address = getattr(st.context, "ip_address", None)
    return (session, f"address:{address}") if address else (session,)


def is_editor() -> bool:
    """Whether this session may store, replace and delete datasets."""
    if st.session_state.get(state.K_ROLE) == roles.EDITOR:
        return True
    cfg = config()
    if cfg.oidc:
        with contextlib.suppress(Exception):
            return roles.identity_role(bool(st.user.is_logged_in), st.user.get("email"), cfg.editors) == roles.EDITOR
    return False


def editor_identity() -> str:
    """Who this editor is, recorded with what they import: the identity provider's address, else "".

    A shared secret or the local link says only that someone is an editor, not who.
    """
    with contextlib.suppress(Exception):  # no [auth] configured: st.user has no address
        if config().oidc and st.user.is_logged_in and st.user.get("email"):
            return str(st.user.get("email")).strip().lower()
    return ""


def sign_in_from_link() -> None:
    """The local link's ``?token=…`` makes this session an editor (once; the URL then drops it)."""
    given = st.query_params.get(roles.TOKEN_PARAM)
    if not given or st.session_state.get(state.K_ROLE) == roles.EDITOR or st.session_state.get(state.K_TOKEN_TRIED):
        return
    st.session_state[state.K_TOKEN_TRIED] = True  # one try per link opened, however many runs it stays in the address
    expected = config().local_token
    ok, _ = _guard().attempt(_client_keys(), given, expected) if expected else (False, 0)
    if ok:
        st.session_state[state.K_ROLE] = roles.EDITOR


def _try_secret(lang: str) -> None:
    given = st.session_state.get(state.K_SECRET) or ""
    st.session_state[state.K_SECRET] = ""  # never kept in the session
    ok, wait = _guard().attempt(_client_keys(), given, config().secret)
    if ok:
        st.session_state[state.K_ROLE] = roles.EDITOR
        st.session_state[state.K_SIGN_IN_MSG] = None
    else:
        st.session_state[state.K_SIGN_IN_MSG] = (t("too_many_tries", lang, seconds=wait) if wait
                                                 else t("wrong_secret", lang))


def _sign_out() -> None:
    st.session_state[state.K_ROLE] = roles.READER


def show_sign_in(lang: str) -> bool:
    """Sign-in or sign-out controls; returns whether this session is an editor's."""
    cfg = config()
    if is_editor():
        st.caption(t("signed_in_editor", lang))
        if cfg.oidc and st.session_state.get(state.K_ROLE) != roles.EDITOR:
            st.button(t("sign_out", lang), key=state.K_SIGN_OUT, on_click=st.logout)
        else:
            st.button(t("sign_out", lang), key=state.K_SIGN_OUT, on_click=_sign_out)
        return True
    if cfg.oidc:
        st.button(t("sign_in_provider", lang), key=state.K_SIGN_IN, on_click=st.login)
    if cfg.secret:
        with st.expander(t("editor_sign_in", lang)):
            st.text_input(t("editor_secret", lang), type="password", key=state.K_SECRET)
            st.button(t("sign_in", lang), key=state.K_SIGN_IN_SECRET, on_click=_try_secret, args=(lang,))
        if st.session_state.get(state.K_SIGN_IN_MSG):
            st.error(st.session_state[state.K_SIGN_IN_MSG])
    elif not cfg.oidc:
        st.caption(t("local_sign_in_note", lang))
    return False
