"""The story and the newest save, read in a thread from the moment the app starts.

From its start to the title showing the story the process is busy without a pause, and
the interpreter runs one thread at a time: a load in a thread does not overlap the UI's
work, it takes turns with it. Drawing the title first and the story after cost the title
five more layouts and seven more renders (about 40 ms on the campaign). So the app starts
this load before Textual composes the title, and waits a moment for it (`wait`): a story
that is in by then is in the title's first frame, drawn once. A longer one (a story of
thousands of scenes, a slow disk) does not hold the first frame longer than the wait; the
title shows its framing and the story follows (`DeniableApp._await_story`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.saves.store import SaveInfo
    from game.story.model import Story


@dataclass(frozen=True)
class Loaded:
    """A load's result: the story (None with its problems), the newest save for Continue,
    and whether a browser tab reloaded on its own run goes straight back into it."""

    story: Story | None
    problems: list[str]
    newest: SaveInfo | None = None
    resume: bool = False


class StoryLoad:
    """`read` run once in a thread of its own; its result (or its exception) kept for
    whoever asks, however late."""

    def __init__(self, read: Callable[[], Loaded]) -> None:
        self._read = read
        self._done = threading.Event()
        self._result: Loaded | None = None
        self._error: BaseException | None = None
        # A daemon: a player who quits at once does not wait for a long story to load.
        self._thread = threading.Thread(target=self._run, name="load story", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._read()
        except BaseException as exc:  # handed to the UI thread, which raises it
            self._error = exc
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> Loaded | None:
        """The result once the load is done, or None if it is not done within `timeout`.
        A load that raised raises here, in the caller's thread."""
        if not self._done.wait(timeout):
            return None
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result
