"""Floods of keys: a paste into the game, or a key held down, must not bury the player.

A key is cheap to press and can be dear to act on (opening the map draws it), so a
100 KB paste once kept the game busy for minutes, deaf to ctrl+q. Keys are let through
at a person's pace from a small budget; past it they are dropped, which costs next to
nothing, so the queue drains at once and quit is reached within a moment.

Overlays (map, timeline, journal, history, help, load, save) replace one another rather
than pile up: pressing m, t, m, t… leaves one overlay open, not a tower of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Keys that always get through: leaving the game must never wait behind a flood.
ALWAYS_THROUGH = frozenset({"ctrl+q", "ctrl+c"})
# A person types or holds a key at well under this many a second.
KEYS_PER_SECOND = 40.0
BURST = 40.0
# Dropped keys are told at the first, then at most once in this many seconds: about as long
# as a notice stays on screen. A 100 KB paste told each thousandth key drew 100 notices,
# more work than reading the paste itself.
TELL_EVERY = 5.0

# Screens, by class name, that are views over the game rather than steps in it.
REPLACEABLE_OVERLAYS = frozenset(
    {
        "MapScreen",
        "TimelineScreen",
        "JournalScreen",
        "HistoryScreen",
        "HelpScreen",
        "LoadScreen",
        "SaveScreen",
    }
)


class KeyBudget:
    """A token bucket: BURST keys at once, refilled at KEYS_PER_SECOND."""

    def __init__(
        self,
        rate: float = KEYS_PER_SECOND,
        burst: float = BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = burst
        self.last = clock()
        self.dropped = 0
        self.told_at: float | None = None

    def allow(self, key: str) -> bool:
        """Whether to act on this key now; a key refused is counted and forgotten."""
        if key in ALWAYS_THROUGH:
            return True
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        self.dropped += 1
        return False

    def worth_telling(self, now: float | None = None) -> bool:
        """Whether a key just dropped should be told: the first of a flood, then again
        only once the last notice has had time to leave the screen. Asked right after
        `allow` refused a key, it takes that key's time; asked of keys dropped elsewhere
        (the driver's), give it the time now."""
        now = self.last if now is None else now
        if self.told_at is not None and now - self.told_at < TELL_EVERY:
            return False
        self.told_at = now
        return True


def is_replaceable_overlay(screen: object) -> bool:
    return type(screen).__name__ in REPLACEABLE_OVERLAYS
