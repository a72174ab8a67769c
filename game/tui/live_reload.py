"""`deniable play --watch`: the story reloads as its files change, and play goes on.

`WatchingApp` is the Deniable app with a watcher on the story folder (watchfiles, which
only this module imports). Every batch of changed `*.yaml` / `*.yml` files loads the
story again off the UI thread:

- a story that no longer loads is listed, problem by problem, over the game, which
  stays as it was; the list closes by itself once a later save fixes the files;
- a story that loads replaces the old one, and the game in play is rebuilt by replaying
  its seed and choice log, so the player is at the same scene with the same stats and
  the same undo history;
- where the log no longer fits (a choice was removed, or is now locked), play stops at
  the last step that fits, and a notice names the step and the choice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from game.tui.app import DeniableApp

if TYPE_CHECKING:
    from rich.console import RenderableType
    from watchfiles import Change

    from game.engine.session import Session
    from game.saves.store import SaveInfo
    from game.story.diagnostics import Diagnostic
    from game.story.model import Story
    from game.tui.screens.problems import ProblemsScreen

STORY_SUFFIXES = (".yaml", ".yml")


class WatchingApp(DeniableApp):
    def __init__(
        self,
        story_dir: Path,
        *,
        watch: bool = True,
        seed: int | None = None,
        load: str | None = None,
        saves: Path | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        """`watch=False` reloads only when `reload_story` is called (tests drive it so)."""
        super().__init__(story_dir, seed=seed, load=load, saves=saves, now=now)
        self.watch_files = watch
        self.stop_watching = threading.Event()  # set on exit: the watcher's thread ends
        self._attempt = 0  # only the newest reload is applied
        self._problems_view: ProblemsScreen | None = None

    def on_ready(self) -> None:
        # Textual calls DeniableApp.on_ready too (each class's own handler runs), which
        # loads the story: calling it here as well read the story twice at every start.
        if self.watch_files:
            self.run_worker(self._watch(), name="watch story", group="watch")

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        self.stop_watching.set()
        super().exit(result, return_code, message)

    async def on_unmount(self) -> None:
        self.stop_watching.set()

    # --------------------------------------------------------------- watching

    async def _watch(self) -> None:
        """Hand each batch of changed story files to `reload_story` until the app exits."""
        try:
            from watchfiles import DefaultFilter, awatch

            class StoryFiles(DefaultFilter):
                def __call__(self, change: Change, path: str) -> bool:
                    return path.endswith(STORY_SUFFIXES) and super().__call__(change, path)

            async for changes in awatch(
                self.story_dir,
                watch_filter=StoryFiles(),
                stop_event=self.stop_watching,
                rust_timeout=1000,
            ):
                self.reload_story(sorted({Path(path) for _, path in changes}))
        except Exception as exc:  # a folder deleted or unreadable, no inotify watches left
            if not self.stop_watching.is_set():
                self.notify(
                    f"Stopped watching {self.story_dir} for changes: {exc}",
                    severity="error",
                    timeout=15,
                )

    def reload_story(self, changed: Iterable[Path] = ()) -> None:
        """Load the story again, off the UI thread; `changed` names the files in the notice."""
        self._attempt += 1
        self.run_worker(
            partial(self._reload, self._attempt, list(changed)),
            thread=True,
            name="reload story",
            group="reload",
        )

    def _reload(self, attempt: int, changed: list[Path]) -> None:
        """Runs in a thread: the story (or its problems), and the newest save for Continue."""
        from game.story.loader import check_story

        story: Story | None
        diagnostics: Sequence[Diagnostic | str]
        try:
            story, diagnostics = check_story(self.story_dir)
        except Exception as exc:  # the folder itself cannot be read
            story, diagnostics = None, [f"{self.story_dir}: {exc}"]
        newest = self._find_newest(story, self._tab_run()) if story is not None else None
        self._from_thread(self._reloaded, attempt, changed, story, diagnostics, newest)

    def _story_loaded(
        self,
        story: Story | None,
        problems: list[str],
        newest: SaveInfo | None,
        resume: bool = False,
    ) -> None:
        """The first load. Broken, it lists its problems and waits for a fix, not close.
        (`resume` is for a served tab; a writer's --watch game always starts on the title.)"""
        if self._attempt:
            return  # a file changed while the story first loaded: the reload decides
        if story is None:
            self.reload_story()
            return
        self._take_story(story, newest)

    def _take_story(self, story: Story, newest: SaveInfo | None) -> None:
        """Make `story` the app's and show it on the title (and open --load, the first time)."""
        super()._story_loaded(story, [], newest)
        self.load_request = None  # --load is for the start, not for every reload

    # -------------------------------------------------------------- reloaded

    def _reloaded(
        self,
        attempt: int,
        changed: list[Path],
        story: Story | None,
        diagnostics: Sequence[Diagnostic | str],
        newest: SaveInfo | None,
    ) -> None:
        if attempt != self._attempt:
            return  # a newer change is loading; it decides what to show
        if story is None:
            self._show_problems(diagnostics)
            return
        what = self._describe(changed)
        in_play = self._game_on_screen()
        self._close_problems(keep_game=in_play)
        self._take_story(story, newest)
        if not in_play:
            if self.session is not None:  # a game left for the title: it follows quietly
                self.session = self._replayed(self.session, story)
            self.notify(f"Reloaded {what}.", timeout=3)
            return
        old = self.session
        assert old is not None, "a game on screen is in play"
        self.clock.stop(old)  # its time so far goes into the rebuilt session
        session = self._replayed(old, story)
        self.carry_on(session)
        divergence = session.divergence
        if divergence is None:
            self.notify(f"Reloaded {what}.", timeout=3)
            return
        kept = divergence.index
        then = (
            "Play starts again from the beginning."
            if kept == 0
            else f"Play stops after step {kept}, the last that still fits."
        )
        self.notify(
            f"Reloaded {what}, but your choices no longer fit the story at "
            f"{divergence.describe().rstrip('.')}. {then}",
            severity="warning",
            timeout=15,
        )

    @staticmethod
    def _replayed(old: Session, story: Story) -> Session:
        """The game `old` played again through `story`, with its play time and undo history."""
        from game.engine.session import Session

        session = Session.from_log(story, old.seed, old.steps)
        session.play_seconds = old.play_seconds
        return session

    def _describe(self, changed: list[Path]) -> str:
        names = []
        for path in changed:
            try:
                names.append(str(path.resolve().relative_to(self.story_dir.resolve())))
            except ValueError:
                names.append(path.name)
        return ", ".join(names) if names else "the story"

    def _game_on_screen(self) -> bool:
        """Is a game showing (the play or ending screen), rather than the title?"""
        if self.session is None:
            return False
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.play import PlayScreen

        return any(isinstance(s, PlayScreen | EndingScreen) for s in self.screen_stack)

    # -------------------------------------------------------------- problems

    def _show_problems(self, diagnostics: Sequence[Diagnostic | str]) -> None:
        from game.tui.screens.problems import ProblemsScreen, problem_line

        lines = [d if isinstance(d, str) else problem_line(d) for d in diagnostics]
        view = self._problems_view
        if view is not None and view in self.screen_stack:
            view.show_problems(lines)
            return
        view = ProblemsScreen(
            lines, game_in_play=self._game_on_screen(), can_play_on=self.story is not None
        )
        self._problems_view = view
        self.push_screen(view)

    def _close_problems(self, *, keep_game: bool) -> None:
        """Take the problems away; with a game about to be shown, `begin` clears the way."""
        view, self._problems_view = self._problems_view, None
        if view is None or view not in self.screen_stack or keep_game:
            return

        async def close() -> None:
            while view in self.screen_stack:
                await self.pop_screen()

        self.run_worker(close(), group="screens", exclusive=True)

    def problems_showing(self) -> bool:
        return self._problems_view is not None and self._problems_view in self.screen_stack


__all__ = ["WatchingApp"]
