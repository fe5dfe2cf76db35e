"""Readers' own files in server memory: what one file costs, and the budgets that bound them. No Streamlit.

A reader's file is parsed into a frame held in that reader's session only (the page keeps it in
``st.session_state``), so it goes when Streamlit drops the session. Every held frame is also known
here by a weak reference, which counts all sessions' files without keeping any of them alive. A new
file is refused, with a reason the reader is told, when it would take their session or the whole
process over its budget; nobody's file is ever removed to make room for another's.
"""

from __future__ import annotations

import gc
import os
import threading
import weakref
from dataclasses import dataclass

MB = 1024 * 1024
SESSION_ENV, PROCESS_ENV = "ATLAS_READER_SESSION_MB", "ATLAS_READER_PROCESS_MB"
SESSION_MB, PROCESS_MB = 160, 768  # defaults: two 200,000-row files per reader, a dozen per process
POINT_BYTES = 120  # a shapely Point: its Python object and its GEOS geometry (memory_usage does not see them)


def frame_bytes(frame) -> int:
    """What holding ``frame`` costs in memory, about: its columns and its point geometries."""
    size = int(frame.memory_usage(deep=True, index=True).sum())
    return size + POINT_BYTES * len(frame) if "geometry" in frame.columns else size


@dataclass(frozen=True)
class Budget:
    """Bytes a session's files and all sessions' files together may take."""

    session: int = SESSION_MB * MB
    process: int = PROCESS_MB * MB

    @classmethod
    def from_env(cls, env=None) -> Budget:
        env = os.environ if env is None else env

        def megabytes(name: str, default: int) -> int:
            try:
                return max(1, int(env.get(name, default))) * MB
            except ValueError:
                return default * MB

        return cls(megabytes(SESSION_ENV, SESSION_MB), megabytes(PROCESS_ENV, PROCESS_MB))

    def refusal(self, size: int, session_used: int, process_used: int) -> str | None:
        """``"session"`` or ``"process"`` when a file of ``size`` bytes does not fit, else None."""
        if session_used + size > self.session:
            return "session"
        if process_used + size > self.process:
            return "process"
        return None


class HeldFile:
    """One reader's frame and what it costs; the session holds it, :data:`_LIVE` only sees it."""

    __slots__ = ("__weakref__", "frame", "nbytes")

    def __init__(self, frame, nbytes: int) -> None:
        self.frame, self.nbytes = frame, nbytes


_LIVE: weakref.WeakSet[HeldFile] = weakref.WeakSet()
_LOCK = threading.Lock()


def held_bytes() -> int:
    """Bytes of every reader's file still held by a live session in this process."""
    return sum(h.nbytes for h in list(_LIVE))


def hold(frame, session_files: list[HeldFile], budget: Budget) -> tuple[HeldFile | None, str | None]:
    """A :class:`HeldFile` for ``frame`` if it fits (the caller keeps it in the session), else why not.

    Dropped sessions' frames may wait for the garbage collector (pandas objects hold reference
    cycles): when the process seems full, collect once and count again before refusing.
    """
    size = frame_bytes(frame)
    mine = sum(h.nbytes for h in session_files)
    with _LOCK:
        why = budget.refusal(size, mine, held_bytes())
        if why == "process":
            gc.collect()
            why = budget.refusal(size, mine, held_bytes())
        if why:
            return None, why
        held = HeldFile(frame, size)
        _LIVE.add(held)
        return held, None
