"""Full cycle collections in the player's pauses rather than on a key press.

Python runs a full collection of the cycle collector after every tenth collection of its
middle generation, and it scans every object not frozen: over a game with some choices
made, 40-80 ms. It comes when enough has been allocated, which is while a key is being
answered, so one key press in ten to twenty paid for it. Once no key, click or paste has
come for a second (QUIET), and the middle generation has been collected since the last
full collection, one runs now: the count starts again, and the next several keys are
answered without one. A key typed during it waits for it, once, after a pause.

Tried and not kept: making automatic full collections ten times rarer while the app runs.
The cyclic garbage they would have freed stayed, so each one scanned more: one took
266 ms on a journal opening, against 40-80 ms before.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from textual.app import App
from textual.timer import Timer

QUIET = 1.0  # seconds without input before a full collection runs


class QuietCollector:
    """One app's collections in pauses: started as it mounts, stopped as it unmounts."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.quiet = QUIET
        self.last_input = time.monotonic()
        self.collections = 0  # how many ran in pauses (tests read it)
        self.running = False
        self._timer: Timer | None = None

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def input_seen(self) -> None:
        """A key, click or paste: look for a pause from now."""
        self.last_input = time.monotonic()
        if self._timer is None and self.running and self.app.is_running:
            self._timer = self.app.set_timer(self.quiet, self._look)

    def _look(self) -> None:
        self._timer = None
        if not self.running or not self.app.is_running:
            return
        quiet_for = time.monotonic() - self.last_input
        if quiet_for < self.quiet:
            self._timer = self.app.set_timer(self.quiet - quiet_for, self._look)
            return
        if gc.isenabled() and gc.get_count()[2] > 0:  # middle collections since the last full
            gc.collect()
            self.collections += 1
