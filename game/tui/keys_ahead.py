"""Keys typed ahead of a game screen that is on its way, kept for it instead of dropped.

New game, Continue and Load put up the play screen a moment after their key (a save is
read off the UI thread; the screen is swapped in by a worker). A player who types `n`
and at once `1` means the first choice of the new game, but the `1` used to reach the
title, which has no use for it. From the key that sends for a game screen until that
screen is up, keys wait here, and then are handed to it in the order typed. A hold ends
when its screen is up or its errand failed; and the app looks again every `LOOK_AGAIN`
seconds, ending any hold with nothing left on its way, so one that nobody ended cannot
swallow the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

# Longer than New game or Continue take even on a loaded machine (well under a second).
LOOK_AGAIN = 1.0
# A person's typing ahead, not a paste: past this many, keys are dropped.
MOST_KEYS = 64

Key = TypeVar("Key")


@dataclass
class KeysAhead(Generic[Key]):
    """The keys held for a screen on its way, oldest first."""

    keys: list[Key] = field(default_factory=list)
    holding: bool = False  # False: keys pass straight on

    def hold(self) -> bool:
        """Hold keys from now on; True if this began a hold (not one already on)."""
        if self.holding:
            return False
        self.holding = True
        return True

    def keep(self, key: Key) -> bool:
        """Keep `key` if a hold is on (True); past MOST_KEYS it is dropped, still True."""
        if not self.holding:
            return False
        if len(self.keys) < MOST_KEYS:
            self.keys.append(key)
        return True

    def release(self) -> list[Key]:
        """End the hold; the keys held, oldest first."""
        keys, self.keys, self.holding = self.keys, [], False
        return keys

    def put_back(self, keys: list[Key]) -> None:
        """Keys not yet handed on when a new hold began: they go first in it."""
        self.keys[:0] = keys
