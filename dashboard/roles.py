"""Editors and readers: who may change what everyone sees. Pure logic, no Streamlit.

Readers explore; editors import, replace and delete stored datasets. The operator chooses how an
editor signs in (:func:`sign_in_config`):

- a secret: ``ATLAS_EDITOR_SECRET`` in the environment, or ``ATLAS_EDITOR_SECRET`` /
  ``[atlas] editor_secret`` in Streamlit's ``secrets.toml``; compared in constant time, and wrong
  tries are rate-limited (:class:`RateLimiter`);
- an identity provider: Streamlit's ``st.login`` when ``secrets.toml`` has an ``[auth]`` section;
  the signed-in e-mail addresses in ``ATLAS_EDITORS`` / ``[atlas] editors`` are editors;
- neither: ``serve`` makes a random token (``ATLAS_LOCAL_TOKEN``) and prints a local sign-in link
  (``http://localhost:8501/?token=…``), as Jupyter does.

The command line on the host needs no sign-in: whoever runs it owns the store's files.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
import tomllib
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

EDITOR, READER = "editor", "reader"
SECRET_ENV = "ATLAS_EDITOR_SECRET"
EDITORS_ENV = "ATLAS_EDITORS"
LOCAL_TOKEN_ENV = "ATLAS_LOCAL_TOKEN"
TOKEN_PARAM = "token"
LINK_PRINTED_ENV = "ATLAS_SIGN_IN_LINK_PRINTED"  # set by `cluster`: it printed the link, its processes must not
MAX_FAILURES = 5  # wrong secrets or tokens per session, and per client address where there is one …
FAILURE_WINDOW = 300.0  # … in this many seconds, then it waits
BRAKE_AFTER = 20  # wrong tries in the window across the whole process, after which …
BRAKE_SECONDS = 1.0  # … tries take turns, one a second: guessing slows, a right secret still gets in


@dataclass(frozen=True)
class SignIn:
    """How editors sign in on this server."""

    secret: str = ""
    local_token: str = ""
    oidc: bool = False
    editors: frozenset[str] = frozenset()

    @property
    def configured(self) -> bool:
        """Whether the operator chose a way (a secret or an identity provider)."""
        return bool(self.secret or self.oidc)


def _emails(value: object) -> frozenset[str]:
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, Iterable) else ()
    return frozenset(str(e).strip().lower() for e in items if str(e).strip())


def sign_in_config(env: Mapping[str, str], secrets_: Mapping[str, object]) -> SignIn:
    """The sign-in of this server from the environment and Streamlit's secrets (a plain mapping)."""
    atlas = secrets_.get("atlas") if isinstance(secrets_.get("atlas"), Mapping) else {}
    secret = env.get(SECRET_ENV) or str(secrets_.get(SECRET_ENV) or atlas.get("editor_secret") or "")
    oidc = isinstance(secrets_.get("auth"), Mapping) and bool(secrets_["auth"])
    editors = _emails(env.get(EDITORS_ENV) or atlas.get("editors") or ())
    return SignIn(secret.strip(), env.get(LOCAL_TOKEN_ENV, "").strip(), oidc, editors)


def secret_matches(given: str, expected: str) -> bool:
    """Constant-time comparison; nothing matches an empty secret."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


def identity_role(logged_in: bool, email: str | None, editors: frozenset[str]) -> str:
    """The role of a user signed in with the identity provider: editor if their address is listed."""
    return EDITOR if logged_in and email and email.strip().lower() in editors else READER


class RateLimiter:
    """At most ``limit`` failures per ``window`` seconds per key (a client address); thread-safe."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = FAILURE_WINDOW) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, now: float | None = None) -> int:
        """Seconds ``key`` must wait before it may try again (0: it may try now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._failures.get(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            return 0 if len(times) < self.limit else int(times[0] + self.window - now) + 1

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures.setdefault(key, deque()).append(now)
            if len(self._failures) > 4096:  # sessions come and go: forget keys whose tries have all expired
                self._failures = {k: v for k, v in self._failures.items() if v and v[-1] > now - self.window}

    def recent(self, key: str, now: float | None = None) -> int:
        """Failures of ``key`` within the window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return sum(1 for t in self._failures.get(key, ()) if t > now - self.window)

    def try_secret(self, key: str, given: str, expected: str, now: float | None = None) -> tuple[bool, int]:
        """(signed in, seconds to wait): a limited key is refused without even comparing."""
        return SignInGuard(self, brake_after=0).attempt((key,), given, expected, now)


class SignInGuard:
    """Wrong tries limited per key (the session always, the client address when known), never in a bucket
    that strangers share; past ``brake_after`` wrong tries in the whole process every try waits its turn
    (``brake_seconds`` each), which slows guessing but never refuses the right secret."""

    GLOBAL = "*"

    def __init__(self, limiter: RateLimiter | None = None, brake_after: int = BRAKE_AFTER,
                 brake_seconds: float = BRAKE_SECONDS, sleep=time.sleep) -> None:
        self.limiter = limiter or RateLimiter()
        self.brake_after, self.brake_seconds, self._sleep = brake_after, brake_seconds, sleep
        self._turns = threading.Lock()

    def attempt(self, keys: Iterable[str], given: str, expected: str, now: float | None = None) -> tuple[bool, int]:
        """(signed in, seconds to wait) for a try by the holder of ``keys`` (empty keys are left out)."""
        keys = [k for k in keys if k]
        wait = max((self.limiter.wait(k, now) for k in keys), default=0)
        if wait:  # this session or address is over its limit: refused without comparing
            return False, wait
        if self.brake_after and self.limiter.recent(self.GLOBAL, now) >= self.brake_after:
            with self._turns:
                self._sleep(self.brake_seconds)
        if secret_matches(given, expected):
            return True, 0
        for key in (*keys, self.GLOBAL):
            self.limiter.failed(key, now)
        return False, max((self.limiter.wait(k, now) for k in keys), default=0)


def secrets_files(cwd: Path | None = None) -> list[Path]:
    """Where Streamlit looks for ``secrets.toml``: the user's and the project's (the last wins)."""
    return [Path.home() / ".streamlit" / "secrets.toml", (cwd or Path.cwd()) / ".streamlit" / "secrets.toml"]


def read_secrets(paths: Iterable[Path]) -> dict[str, object]:
    """The merged ``secrets.toml`` files that exist (unreadable ones are skipped)."""
    merged: dict[str, object] = {}
    for path in paths:
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
    return merged


def local_token(env: Mapping[str, str], secrets_: Mapping[str, object]) -> str | None:
    """For ``serve``: a fresh random token when no sign-in is configured, else None (no local link)."""
    if sign_in_config(env, secrets_).configured:
        return None
    return env.get(LOCAL_TOKEN_ENV) or secrets.token_urlsafe(24)


def local_link(address: str, port: int, token: str) -> str:
    host = "localhost" if address in ("", "0.0.0.0", "::") else address
    return f"http://{host}:{port}/?{TOKEN_PARAM}={token}"


def environment() -> dict[str, str]:
    return dict(os.environ)
