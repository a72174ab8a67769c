"""Play time: seconds a game is on screen, added to `Session.play_seconds` for the saves."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.session import Session


class PlayClock:
    """Runs while a game is in play (the TUI's play screen, the plain player's prompt);
    `flush` moves the elapsed time into a session."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._now()

    def flush(self, session: Session | None) -> None:
        if self._since is None or session is None:
            return
        now = self._now()
        session.play_seconds += max(0.0, now - self._since)
        self._since = now

    def stop(self, session: Session | None) -> None:
        self.flush(session)
        self._since = None
