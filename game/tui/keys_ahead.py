"""Keys typed ahead of a game screen that is on its way, kept for it instead of dropped.

New game, Continue and Load put up the play screen a moment after their key (a save is
read off the UI thread; the screen is swapped in by a worker). A player who types `n`
and at once `1` means the first choice of the new game, but the `1` used to reach the
title, which has no use for it. From the key that sends for a game screen until that
screen is up, keys wait here; then they are handed to it one at a time, `HAND_ON_EVERY`
apart, as a quick typist's keys arrive, each acted on before the next (all at once, an
Enter reached the choices before the choice typed ahead of it had been taken). Keys
typed while some are still waiting queue behind them, so the order typed holds.

The wait for a screen ends when it is up or its errand failed; and the app looks again
every `LOOK_AGAIN` seconds, ending a wait with nothing left on its way, so one that
nobody ended cannot swallow the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

# Longer than New game or Continue take even on a loaded machine (well under a second).
LOOK_AGAIN = 1.0
# Between keys handed on: a fast typist's pace, longer than a key takes to reach the
# binding it is for.
HAND_ON_EVERY = 0.02
# A person's typing ahead, not a paste: past this many, keys are dropped.
MOST_KEYS = 64

Key = TypeVar("Key")


@dataclass
class KeysAhead(Generic[Key]):
    """The keys kept for a screen on its way, oldest first."""

    keys: list[Key] = field(default_factory=list)
    waiting: bool = False  # a game screen is on its way: keys wait for it

    @property
    def holding(self) -> bool:
        """Keys are kept: a screen is on its way, or keys kept for it are still waiting."""
        return self.waiting or bool(self.keys)

    def wait(self) -> bool:
        """A game screen is on its way; True if this began the wait."""
        if self.waiting:
            return False
        self.waiting = True
        return True

    def keep(self, key: Key) -> bool:
        """Keep `key` while holding (True); past MOST_KEYS it is dropped, still True."""
        if not self.holding:
            return False
        if len(self.keys) < MOST_KEYS:
            self.keys.append(key)
        return True

    def arrived(self) -> None:
        """The screen is up (or is not coming): the keys kept may go on to it."""
        self.waiting = False

    def next_key(self) -> Key | None:
        """The oldest key kept, once no screen is on its way; None while one is, or when
        none is left."""
        if self.waiting or not self.keys:
            return None
        return self.keys.pop(0)

    def clear(self) -> None:
        """Drop every key kept and stop waiting (the app is leaving)."""
        self.keys.clear()
        self.waiting = False
