"""Full cycle collections after a frame is drawn or in a pause, not on a key press.

Python runs a full collection of the cycle collector after every tenth collection of its
middle generation, and it scans every object not frozen: over a game with some choices
made, 30-80 ms (Textual keeps each drawn line with seven small caches of its own). The
count runs up while a key is answered, so the collection fell between a key and the
frame that answers it, on one press in ten to twenty, and made those presses two to five
times the median.

While the app runs, Python's own full collections wait three times longer (the
collector's last threshold), and the app runs one as soon as the frame that answers an
input is drawn, if Python would have run one by then: as often as before, so no more
garbage waits to be freed, but after the answer is on the screen, while the player reads
it. A key typed in the next few tens of milliseconds waits for it. One also runs in a
pause (tui/pauses.py) if the middle generation was collected since the last, so the keys
after a pause start with a fresh count.

Tried and not kept: full collections ten times rarer, run only in pauses. The cyclic
garbage they would have freed stayed, so each scanned more: one took 266 ms on a press.
"""

from __future__ import annotations

import gc
from functools import partial
from typing import Any

from textual.app import App
from textual.screen import Screen

ANSWER_WAIT = 0.01  # seconds for an input to reach the screen that answers it
SCREEN_CHANGES = 3  # screens shown one after another that a collection follows
LATER = 3  # how much later Python's own full collections come while the app runs


class _Thresholds:
    """The process's own thresholds, kept while any app runs (apps in one process, as
    in the tests and benchmarks, may start and stop in any order): the first to start
    makes full collections wait longer, the last to stop gives them back."""

    def __init__(self) -> None:
        self.apps = 0
        self.own: tuple[int, int, int] = gc.get_threshold()

    def later(self) -> None:
        if self.apps == 0:
            self.own = young, middle, full = gc.get_threshold()
            gc.set_threshold(young, middle, full * LATER)
        self.apps += 1

    def back(self) -> None:
        self.apps -= 1
        if self.apps == 0:
            gc.set_threshold(*self.own)


_thresholds = _Thresholds()


class QuietCollector:
    """One app's full collections: started as it mounts, stopped as it unmounts."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.after_frames = 0  # full collections run after a frame (tests read these)
        self.in_pauses = 0  # and in pauses
        self.running = False  # between start and stop
        self._frame_awaited = False

    def start(self) -> None:
        if not self.running:
            _thresholds.later()
            self.running = True

    def stop(self) -> None:
        """Give the process its own thresholds back once no app runs."""
        if self.running:
            _thresholds.back()
            self.running = False

    def input_seen(self) -> None:
        """A key, click or paste: collect after the frame that answers it, if due."""
        if self.running and self.app.is_running and not self._frame_awaited:
            self._frame_awaited = True
            self.app.set_timer(ANSWER_WAIT, partial(self._when_drawn, SCREEN_CHANGES))

    def _when_drawn(self, changes: int) -> None:
        """Collect once the screen shown has drawn all it has to draw (a screen calls
        back after a refresh only when nothing is left to lay out or paint); if the
        screen shown changed meanwhile, wait for the new one instead."""
        screen = self.app.screen
        screen.call_after_refresh(self._after_frame, screen, changes)

    def _after_frame(self, screen: Screen[Any], changes: int) -> None:
        if self.app.is_running and self.app.screen is not screen and changes > 0:
            self._when_drawn(changes - 1)
            return
        self._frame_awaited = False
        # due: as many middle collections as would have made Python run one by now
        if self.running and gc.isenabled() and gc.get_count()[2] >= _thresholds.own[2]:
            gc.collect()
            self.after_frames += 1

    def in_pause(self) -> None:
        """The player paused (tui/pauses.py): a full collection, if the middle
        generation was collected since the last full one."""
        if self.running and gc.isenabled() and gc.get_count()[2] > 0:
            gc.collect()
            self.in_pauses += 1
