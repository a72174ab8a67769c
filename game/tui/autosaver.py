"""Writes the autosave on a background thread, so a choice never waits for the disk.

A save is fsynced, which can take tens of milliseconds; the player should see the
outcome at once. Writes happen one at a time, and only the newest waiting snapshot of
each run is written: if the player chooses twice during one write, the middle state is
skipped, but a run left for a new game while its write waits is still written.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.session import Session


def snapshot(session: Session) -> Session:
    """A copy the UI can go on changing without disturbing a write in progress."""
    frozen = copy.copy(session)
    frozen.states = list(session.states)
    frozen.outcomes = list(session.outcomes)
    return frozen


class Autosaver:
    def __init__(
        self,
        write: Callable[..., None],  # (session), or (session, key) when submitted with a key
        on_error: Callable[[Exception], None],
    ) -> None:
        self._write = write
        self._on_error = on_error
        self._changed = threading.Condition()
        self._pending: dict[str, Session] = {}  # key (a run id) -> newest snapshot
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def submit(self, session: Session, key: str = "") -> None:
        """Queue a snapshot of `session` to be written soon; `write(session, key)` gets the
        key when one is given (the run the snapshot belongs to)."""
        with self._changed:
            self._pending.pop(key, None)
            self._pending[key] = snapshot(session)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued snapshot is written; False if that took too long."""
        with self._changed:
            return self._changed.wait_for(
                lambda: not self._pending and not self._busy, timeout=timeout
            )

    def close(self) -> None:
        """Write what is queued, then let the thread end. The thread holds the app (its
        write is the app's), so an app that closed with it running was never freed: a
        process that ran many games kept every one of them."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._pending) or self._closed)
                if not self._pending:  # closed, and nothing is left to write
                    self._thread = None  # a later submit starts another, to write it
                    return
                key = next(iter(self._pending))
                session = self._pending.pop(key)
                self._busy = True
            try:
                self._write(session, key) if key else self._write(session)
            except Exception as exc:  # reported to the player; the next choice tries again
                self._on_error(exc)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()
