"""A status line for long work, and the time budget that stops it.

Progress goes to stderr only when stderr is a terminal, redrawn in place at most a
few times a second and wiped when the work is done, so pipes, files and `--format
json` get none of it. Searches call `show` often; the clock decides what is drawn.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

REDRAW_SECONDS = 0.25


class Progress:
    """One line on a terminal, redrawn in place; silent anywhere else."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.started = time.monotonic()
        self._last = 0.0
        self._width = 0

    def show(self, text: str, force: bool = False) -> None:
        """Draw `text` with the time so far, unless the line was drawn very recently."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < REDRAW_SECONDS:
            return
        self._last = now
        line = f"{text} ({now - self.started:.0f} s)"
        pad = " " * max(0, self._width - len(line))
        self.stream.write(f"\r{line}{pad}")
        self.stream.flush()
        self._width = len(line)

    @contextmanager
    def stage(self, text: str) -> Iterator[None]:
        """Show `text` with a running clock while the block runs (for work with no counts)."""
        if not self.enabled:
            yield
            return
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(REDRAW_SECONDS):
                self.show(text, force=True)

        self.show(text, force=True)
        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
            self.done()

    def done(self) -> None:
        """Wipe the line, so what is printed next starts clean; the next stage's first
        line is drawn at once, however soon it comes."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
        self._last = 0.0


class Silent(Progress):
    """The progress of work nobody watches: draws nothing."""

    def __init__(self) -> None:
        super().__init__(enabled=False)


class TimeUp(Exception):
    """The time limit passed in work that has nothing partial to give (compiling)."""


class Deadline:
    """The moment a search must stop; `None` seconds means never."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.at = None if seconds is None else self.started + seconds
        self.hit = False

    def later(self, seconds: float) -> Deadline:
        """A deadline `seconds` after this one (never, if this one is never)."""
        moved = Deadline(None)
        moved.started = self.started
        if self.at is not None:
            moved.at = self.at + seconds
            moved.seconds = moved.at - self.started
        return moved

    def check(self) -> None:
        """Raise TimeUp once the time is up."""
        if self.passed():
            raise TimeUp

    def elapsed(self) -> float:
        """Seconds since the deadline was set."""
        return time.monotonic() - self.started

    def passed(self) -> bool:
        """True once the time is up (and from then on)."""
        if self.at is not None and not self.hit and time.monotonic() >= self.at:
            self.hit = True
        return self.hit
