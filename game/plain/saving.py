"""The plain player's save, load and autosave hooks, bound to one SaveStore.

The player itself only speaks; these hooks do the file work and turn every SaveError
into a line for the player, so a bad file never stops the game.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from game.engine.clock import PlayClock
from game.engine.session import Session
from game.presentation.losses import describe_loss, game_summary, has_progress
from game.presentation.prose import WIDTH
from game.saves.runs import RunKeeper
from game.saves.store import NoSuchSave, SaveError, SaveInfo, SaveStore, describe_seconds
from game.story.model import Story
from game.visible import visible_lines

if TYPE_CHECKING:
    from game.plain.player import PlainPlayer


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def held(name: str, info: SaveInfo) -> str:
    """A save as the listing and the offer to continue name it: where it is, how far."""
    return f"{name}: {info.chapter_title}, {plural(info.choices, 'choice')}"


class PlainSaves:
    """Keeps the play clock too: play time is what the file records, so it is counted here,
    with the same PlayClock the TUI runs while its play screen shows."""

    def __init__(
        self,
        store: SaveStore,
        story: Story,
        out: TextIO,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.store = store
        self.story = story
        self.out = out
        self.clock = PlayClock(clock)
        self._session: Session | None = None
        self._autosave_failed = False
        self.runs = RunKeeper()
        self._run_session: Session | None = None  # the session `runs` was told of

    def _tick(self, session: Session) -> None:
        """Add the time since the last tick to the session being played."""
        if session is not self._session:
            self.start(session)  # a session the clock did not run for gets no time
            return
        self.clock.flush(session)

    def adopt(self, session: Session, run: str | None = None, loaded: bool = False) -> None:
        """Put `session` in play: `run` continues that run; otherwise a new run starts at
        the first change, so no other run's autosave is ever written over."""
        self.runs.adopt(session.steps if loaded else [], run, session.play_seconds)
        self._run_session = session

    def player(
        self, session: Session, run: str | None = None, loaded: bool = False, width: int = WIDTH
    ) -> PlainPlayer:
        """A plain player on stdin/stdout whose s, l and autosave go through these hooks;
        `run` and `loaded` say where `session` came from (see `adopt`).

        Characters the output cannot encode (PYTHONIOENCODING=ascii, an old console)
        come out as '?' rather than stopping the game with UnicodeEncodeError."""
        import sys

        from game.plain.player import PlainPlayer

        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
        self.adopt(session, run, loaded)
        self.start(session)
        return PlainPlayer(
            session,
            sys.stdout,
            save=self.save,
            load=self.load,
            autosave=self.autosave,
            list_saves=self.listing,
            existing_save=self.existing,
            newest_save=self.newest,
            interactive=sys.stdin.isatty() and sys.stdout.isatty(),
            width=width,
        )

    def listing(self) -> str:
        """The saves of this story, newest first, one line each, for `l` without a name."""
        try:
            saves = self.store.list(self.story.id)
        except SaveError as exc:
            return str(exc)
        if not saves:
            return "No saves yet: s NAME saves this game."
        lines = ["Saves, newest first:"]
        newest_run = next((info for info in saves if info.run), None)
        for info in saves:
            # `l autosave` is the newest run; `l run:ID` any other
            name = f"{info.key} (autosave)" if info.run and info is not newest_run else info.slot
            lines.append(f"  {held(name, info)}")
        return "\n".join(lines)

    def newest(self) -> tuple[str, str] | None:
        """The newest save of this story, as Continue on the title finds it: the name to
        load it by, and what it holds in words; None when there is none."""
        try:
            info = self.store.newest(self.story.id)
        except SaveError:
            return None
        if info is None:
            return None
        return info.key, held(info.slot, info)  # a run's slot is "autosave"

    def existing(self, name: str) -> str | None:
        """What `s NAME` would write over, in words (see presentation.losses); None when
        nothing of that name is saved here."""
        try:
            saves = self.store.list()
        except SaveError:
            return None
        wanted = name.strip().casefold()
        found = next((i for i in saves if not i.autosave and i.slot.casefold() == wanted), None)
        return describe_loss(found) if found is not None else None

    def start(self, session: Session) -> None:
        self.clock.stop(self._session)
        self._session = session
        self.clock.start()

    def save(self, name: str, session: Session) -> str:
        self._tick(session)
        try:
            info = self.store.save(name, session)
        except SaveError as exc:
            return str(exc)
        return (
            f"Saved {info.slot!r}: {info.chapter_title}, {plural(info.choices, 'choice')}, "
            f"{describe_seconds(info.play_seconds)} played ({info.path})."
        )

    def load(self, name: str) -> tuple[Session, str] | None:
        try:
            loaded = self.store.load(name, self.story)
        except NoSuchSave as exc:
            self.out.write(visible_lines(f"No save named {exc.shown!r}: type l to list them.\n"))
            return None
        except SaveError as exc:
            self.out.write(visible_lines(f"{exc}\n"))
            return None
        left = None
        if self._run_session is not None:
            if has_progress(self._run_session) and self._run_session is not loaded.session:
                left = game_summary(self._run_session)
            self.autosave(self._run_session)  # the game left behind keeps its run
        self.adopt(loaded.session, loaded.info.run or None, loaded=True)
        self.start(loaded.session)
        heading = f"Loaded {loaded.info.slot!r}."
        if left:
            heading += f" The game you left ({left}) is autosaved: l lists it."
        return loaded.session, "\n".join(filter(None, [heading, loaded.message]))

    def autosave(self, session: Session) -> str | None:
        """Called after every choice and on quitting, to the session's own run; a game with
        no choices, or unchanged since loaded, is not written."""
        self._tick(session)
        if session is not self._run_session:
            self.adopt(session)  # a game the hooks were not told of: a run of its own
        run = self.runs.claim(session.steps, session.play_seconds)
        if run is None:
            return None
        try:
            info = self.store.save_run(run, session)
        except SaveError as exc:
            self.runs.forget_written()
            # said at once, and once: the player ignores what this returns after a choice
            if not self._autosave_failed:
                self._autosave_failed = True
                self.out.write(visible_lines(f"Autosave failed: {exc}\n"))
            return None
        if info.run != run:
            self.runs.moved(run, info.run)
            why = (
                "This game's save had been deleted"
                if self.store.was_deleted(run)
                else "Another window played this game on"
            )
            self.out.write(f"{why}, so this game carries on as a run of its own: run:{info.run}.\n")
        return f"Autosaved to {info.path}."
