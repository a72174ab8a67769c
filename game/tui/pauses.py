"""The player's pauses: when input last came, and what to do once none has for a while.

Work that would slow a key press if it fell on one waits for a pause: composing the
overlays ahead and bringing them up to date (tui/kept_overlays.py), and a full cycle
collection (tui/quiet_collect.py). One clock of the last input serves them all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

QUIET = 1.0  # seconds without a key, click or paste that make a pause


class Pauses:
    """One app's pauses: `input_seen` on every input; each of `after_pause` runs once
    a pause follows it."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.quiet = QUIET
        self.last_input = time.monotonic()
        self.after_pause: list[Callable[[], None]] = []
        self._timer: Timer | None = None

    def quiet_for(self) -> float:
        """Seconds since the last input."""
        return time.monotonic() - self.last_input

    def input_seen(self) -> None:
        """A key, click or paste: the next pause is looked for from now."""
        self.last_input = time.monotonic()
        if self._timer is None and self.after_pause and self.app.is_running:
            self._timer = self.app.set_timer(self.quiet, self._look)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _look(self) -> None:
        self._timer = None
        if not self.app.is_running:
            return
        quiet_for = self.quiet_for()
        if quiet_for < self.quiet:
            self._timer = self.app.set_timer(self.quiet - quiet_for, self._look)
            return
        for then in self.after_pause:
            then()
