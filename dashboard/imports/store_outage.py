"""What the page and the command line say when the dataset store cannot answer. Pure, no Streamlit.

The store is outside the atlas: a PostgreSQL server may be stopped or unreachable, and its driver
(psycopg, the ``postgres`` extra) may not be installed. The backends raise :class:`StoreError` or
``ImportError``; the callers at the edge (the page, the command line) catch :data:`UNAVAILABLE` and
say in one line what happened and what fixes it, and the page goes on with the atlas's own data.
"""

from __future__ import annotations

import os

from dashboard.imports.store_base import STORE_ENV, StoreError

UNAVAILABLE = (StoreError, ImportError)
POSTGRES_FIX = "pip install -e '.[postgres]'"
_DATABASE_DOWN = ("cannot open the dataset store", "the dataset store ")


def describe(exc: BaseException, env: dict[str, str] | None = None) -> str:
    """One line naming the cause of ``exc`` and its fix."""
    env = os.environ if env is None else env
    if isinstance(exc, ImportError):
        module = (exc.name or "").split(".")[0] or "a Python package"
        if module == "psycopg":
            return f"the PostgreSQL dataset store ({STORE_ENV}) needs psycopg, which is not installed: {POSTGRES_FIX}"
        return f"{module} is not installed: pip install -e ."
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if env.get(STORE_ENV) and text.startswith(_DATABASE_DOWN):
        text += f" (start the database, or unset {STORE_ENV} to use GeoPackage files)"
    return text
