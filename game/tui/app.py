"""The Deniable app: it owns the story, the session, the play clock and the save store.

Screens show what the app holds and call its methods; the rules stay in the engine. Only
the title screen is imported up front, so the first frame comes quickly: the story loader
is imported in the thread that loads the story, the play screen and the overlays just
after the title shows it (_prepare_screens), and the save code when first needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import signal
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from game.config import load_config
from game.engine.clock import PlayClock
from game.engine.collector import collector_paused
from game.story.long_lived import settle as long_lived_settle
from game.tui.flood import ALWAYS_THROUGH, KeyBudget, is_replaceable_overlay
from game.tui.kept_overlays import KeptOverlays
from game.tui.keys_ahead import HAND_ON_EVERY, LOOK_AGAIN, KeysAhead
from game.tui.palette import GameCommands
from game.tui.pauses import Pauses
from game.tui.quiet_collect import QuietCollector
from game.tui.screens.title import TitleScreen
from game.tui.settings import Settings, load_settings, save_settings, settings_dir
from game.tui.textual_fixes import cache_styles_by_colour_only, share_parsed_css
from game.tui.theme import DEFAULT_THEME, PAPER

TOO_MANY_KEYS = "Too many keys at once: the extra ones were ignored."
TEXTUAL_COMMANDS_KEPT = frozenset({"Theme"})

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.driver import Driver
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.theme import Theme

    from game.engine.session import Session
    from game.engine.state import GameState
    from game.saves.runs import RunKeeper
    from game.saves.store import LoadedGame, SaveInfo, SaveStore
    from game.story.framing import Framing
    from game.story.model import Story
    from game.tui.autosaver import Autosaver
    from game.tui.driver import KeysDropped
    from game.tui.play_ahead import PlayAhead
    from game.tui.screens.journal import JournalScreen
    from game.tui.screens.timeline import TimelineScreen
    from game.tui.story_load import Loaded, StoryLoad

    # The overlays that show a game's state: of the game in play, or of the newest save.
    StateScreen = type[JournalScreen] | type[TimelineScreen]

HERE = Path(__file__).resolve().parent
SCREEN_STYLESHEETS = ("play", "ending", "journal", "history", "timeline", "map", "slots")
# How long after the title shows the story the other screens are made ready.
PREPARE_AFTER = 0.05


class DeniableApp(App[None]):
    TITLE = "Deniable"
    # Absolute, so subclasses elsewhere find it. The title screen is the default screen,
    # whose own CSS_PATH Textual does not read, so its stylesheet is listed here; the other
    # screens' are read once the title shows the story (_prepare_screens).
    CSS_PATH = [HERE / "app.tcss", HERE / "screens" / "title.tcss"]
    COMMANDS = {GameCommands}  # the game's commands first, in its order
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
    ]

    # How long the title's first frame waits for the story (tui/story_load.py): the
    # campaign loads in about 0.09 s on two quiet cores, so it is in the first frame on a
    # machine three times slower too; a story of thousands of scenes follows the frame.
    STORY_WAIT = 0.3

    def __init__(
        self,
        story_dir: Path,
        *,
        seed: int | None = None,
        load: str | None = None,
        replay: str | None = None,
        saves: Path | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        """`load` starts that save at once; `replay` opens it in the replay viewer."""
        super().__init__()
        cache_styles_by_colour_only()  # a Textual bug kept closed screens' drawings alive
        share_parsed_css()  # stylesheets parsed once a process, not once a re-read
        self.story_dir = Path(story_dir)
        self.seed = seed
        self.load_request = load
        self.replay_request = replay
        self.saves_override = saves
        self.story: Story | None = None
        self.session: Session | None = None
        self.newest_save: SaveInfo | None = None
        self.problems: list[str] = []  # printed by the command once the app has closed
        self.clock = PlayClock(now)
        self.key_budget = KeyBudget()
        # Keys typed while a game screen is on its way, handed to it once it is up; the
        # last ones handed on pass when they come back up from the widget they went to.
        self.keys_ahead: KeysAhead[events.Key] = KeysAhead()
        self._handed_on: deque[events.Key] = deque(maxlen=8)
        # Set once a quit key arrives or the app is told to exit: input queued around the
        # quit is dropped, so a flood of keys cannot hold up leaving or open screens as
        # the app closes.
        self.leaving = False
        self.config = load_config()
        self.config_problems = list(self.config.problems)  # shown once the app is up
        # None: shown when the terminal is wide enough; config.toml's `panel` may decide.
        self.side_panel: bool | None = self.config.panel
        self._folder: Path | None = None
        self._store: SaveStore | None = None
        self._autosaver: Autosaver | None = None
        self._runs: RunKeeper | None = None
        self._kept_theme: str | None = None
        self.screens_prepared = False  # see _prepare_screens
        self._play_ahead: PlayAhead | None = None  # made once the play screen is imported
        self._froze = False  # see _freeze_long_lived
        self._loading: StoryLoad | None = None  # started as the app starts (on_load)
        self.pauses = Pauses(self)  # what waits for the player to pause
        self.overlays = KeptOverlays(self, self.pauses)  # the overlays, each composed once
        self.overlays.wanted = [
            self._help_ahead,
            self._journal_ahead,
            self._timeline_ahead,
            self._map_ahead,
            self._history_ahead,
        ]
        self.overlays.when_all_composed = self._freeze_overlays
        self.overlays.opening_args = {
            "HelpScreen": lambda: (),
            "JournalScreen": self._state_opening,
            "TimelineScreen": self._state_opening,
            "MapScreen": lambda: (self.story, self.current_place()) if self.story else None,
            "HistoryScreen": lambda: (self.session,) if self.session is not None else None,
        }
        self.quiet_collector = QuietCollector(self)
        self.pauses.after_pause.append(self.quiet_collector.in_pause)
        self._apply_saved_theme()

    # ------------------------------------------------------------ start-up

    def get_default_screen(self) -> Screen[None]:
        return TitleScreen()

    def _apply_saved_theme(self) -> None:
        """Before the first frame, so the stylesheet is built once, in the right colours."""
        self.register_theme(PAPER)
        wanted = load_settings(settings_dir(), old_folder=self.folder).theme or self.config.theme
        if self.config.theme and self.config.theme not in self.available_themes:
            self.config_problems.append(
                f"config.toml: no theme is called {self.config.theme!r}; see ctrl+p, Change theme"
            )
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self._kept_theme = self.theme

    def on_load(self) -> None:
        """Textual's first event, before the terminal is set up and the title composed: the
        story starts loading (tui/story_load.py says why this early)."""
        from game.tui.story_load import StoryLoad

        if not gc.isenabled():  # paused by `deniable play` while Textual was imported
            long_lived_settle()
            gc.enable()
        self._loading = StoryLoad(self._load_story)
        self._loading.start()

    def on_mount(self) -> None:
        # Before the title's first frame: a story in within STORY_WAIT is in that frame.
        loading = self._loading
        loaded = loading.wait(self.STORY_WAIT) if loading is not None else None
        if loaded is not None:
            self._story_loaded(loaded.story, loaded.problems, loaded.newest, loaded.resume)
        elif loading is not None:
            self.run_worker(
                partial(self._await_story, loading),
                thread=True,
                name="await story",
                group="story",
            )
        self.quiet_collector.start()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._catch_signals()
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)

    def _catch_signals(self) -> None:
        """SIGINT, SIGTERM and SIGHUP quit as ctrl+q does, autosave first.

        In a terminal Textual reads ctrl+c as a key; served to a browser, stopped with
        `kill` or with its terminal closed (SIGHUP), the game gets a signal instead, and
        would otherwise die mid-frame without saving or closing its input thread. Not in
        headless runs: tests keep their ctrl+c.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        numbers = [signal.SIGINT, signal.SIGTERM]
        if hasattr(signal, "SIGHUP"):  # not on Windows
            numbers.append(signal.SIGHUP)
        for number in numbers:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._quit_on_signal)

    def _quit_on_signal(self) -> None:
        self.autosave()
        self.exit()

    @property
    def folder(self) -> Path:
        """The save folder: saves only (settings live in the config folder)."""
        if self._folder is None:
            from game.tui.saving import save_folder

            self._folder = save_folder(self.saves_override)
        return self._folder

    @property
    def store(self) -> SaveStore:
        """The SaveStore on the save folder, made on first use."""
        if self._store is None:
            from game.saves.store import SaveStore

            self._store = SaveStore(self.folder)
        return self._store

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self._kept_theme:
            return
        self._kept_theme = theme.name
        try:
            save_settings(settings_dir(), Settings(theme=theme.name))
        except OSError as exc:
            self.notify(f"Could not keep the theme in {settings_dir()}: {exc}", severity="warning")

    def _load_story(self) -> Loaded:
        """Runs in the loading thread: the story, then the newest save for Continue.

        The cycle collector waits while they load: the modules imported and the story
        built are made once and kept, and each collection meanwhile scanned them again,
        with Textual's objects (about a hundred young collections and one full one, some
        50 ms of a 380 ms load). What was made is then settled as long-lived, before the
        UI thread hears of it and can start freezing what lives as long as the app.
        """
        from game.tui.story_load import Loaded

        with collector_paused(long_lived=True):
            return Loaded(*self._read_story_and_saves())

    def _await_story(self, loading: StoryLoad) -> None:
        """In a worker thread, when the story was not in before the first frame: the
        title's words from story.yaml alone first (the player reads them while the
        chapters are checked; a game still waits for the whole story), then the story."""
        from game.presentation.prose import parse
        from game.story.framing import read_framing

        framing = None if loading.done else read_framing(self.story_dir)
        if framing is not None and not loading.done:
            parse(framing.intro)  # off the UI thread, as the story's own
            self._from_thread(self._framing_read, framing)
        # Not one wait to the end: a player who quits while a long story loads is not kept
        # waiting for it (the process ends only once this worker's thread has).
        loaded = None
        while loaded is None:
            if self.leaving:
                return
            loaded = loading.wait(0.05)
        self._from_thread(
            self._story_loaded, loaded.story, loaded.problems, loaded.newest, loaded.resume
        )

    def _framing_read(self, framing: Framing) -> None:
        if self.story is None and isinstance(self.screen, TitleScreen):
            self.title = framing.title
            self.screen.show_framing(framing.title, framing.subtitle, framing.intro)

    def _read_story_and_saves(self) -> tuple[Story | None, list[str], SaveInfo | None, bool]:
        from game.story.loader import check_story

        try:
            story, diagnostics = check_story(self.story_dir)
            problems = [d.format() for d in diagnostics] if story is None else []
        except Exception as exc:  # a story folder that cannot even be read
            story, problems = None, [f"{self.story_dir}: {exc}"]
        if story is not None:
            from game.presentation.prose import parse

            # The title's introduction parsed here, off the UI thread, and kept for it: a
            # plain one needs no markdown-it, which _import_screens brings in after.
            parse(story.intro)

        own = self._tab_run()
        newest = self._find_newest(story, own) if story is not None else None
        # A browser tab reloaded on its own run goes straight back into it.
        resume = own is not None and newest is not None and newest.run == own
        return story, problems, newest, resume

    def _prepare_screens(self) -> None:
        """A moment after the title shows the story, ready what New game and the overlays
        need, so the first key that opens one does not wait for it: their modules (the
        play screen's was most of a first New game in a fresh process), imported in a
        thread; then, on the UI thread, every stylesheet they use, read at once
        (tui/warm_styles.py), and a play screen composed ahead (tui/play_ahead.py)."""
        self.run_worker(self._import_then_prepare, thread=True, name="import screens")

    def _import_then_prepare(self) -> None:
        """In a thread: import the screens, then hand over to the UI thread."""
        self._import_screens()
        self._from_thread(self._screens_imported)

    def _screens_imported(self) -> None:
        from game.tui.play_ahead import PlayAhead
        from game.tui.warm_styles import TEXTUAL_CLASSES, game_classes, read_ahead

        paths = (HERE / "screens" / f"{name}.tcss" for name in SCREEN_STYLESHEETS)
        read_ahead(self, paths, [*TEXTUAL_CLASSES, *game_classes()])
        self.screens_prepared = True
        if self._play_ahead is None:
            self._play_ahead = PlayAhead(self)
            self._freeze_long_lived()
        self._play_ahead.compose_one()
        self.overlays.compose_ahead()

    # What each overlay composed ahead is built with (tui/kept_overlays.py); it is given
    # the game of the moment when it opens.
    def _help_ahead(self) -> tuple[type[Screen[Any]], tuple[Any, ...]] | None:
        from game.tui.screens.help import HelpScreen

        return HelpScreen, ()

    def _journal_ahead(self) -> tuple[type[Screen[Any]], tuple[Any, ...]] | None:
        from game.tui.screens.journal import JournalScreen

        return (JournalScreen, (self.story, None)) if self.story is not None else None

    def _timeline_ahead(self) -> tuple[type[Screen[Any]], tuple[Any, ...]] | None:
        from game.tui.screens.timeline import TimelineScreen

        return (TimelineScreen, (self.story, None)) if self.story is not None else None

    def _map_ahead(self) -> tuple[type[Screen[Any]], tuple[Any, ...]] | None:
        from game.tui.screens.map import MapScreen

        return (MapScreen, (self.story, None)) if self.story is not None else None

    def _history_ahead(self) -> tuple[type[Screen[Any]], tuple[Any, ...]] | None:
        from game.tui.screens.history import HistoryScreen

        return (HistoryScreen, (self.session,)) if self.session is not None else None

    def _freeze_long_lived(self) -> None:
        """Keep what lives as long as the app (modules, the story, Textual's classes and
        stylesheet) out of the cycle collector's full collections, until the app closes.

        A full collection scanned all of it, some 60 ms on the campaign, and one fell on
        a key press every few dozen presses: the slowest tenth of the key presses were
        three times their median. Frozen, a full collection scans only what the game made
        since (the screens, the session), and on_unmount gives the rest back.
        """
        gc.freeze()
        self._froze = True

    def _freeze_overlays(self) -> None:
        """The overlays composed ahead live as long as the app (or the game, for the
        history): frozen with the rest, after a collection, so that what is garbage now is
        not frozen with them. Without it each full collection scanned their widgets: a
        full collection fell on every few overlay openings, 60-120 ms each."""
        if self._froze:
            gc.collect()
            gc.freeze()

    async def on_unmount(self) -> None:
        self.pauses.stop()
        self.quiet_collector.stop()
        if self._autosaver is not None:  # what is queued is written; then the thread ends
            self._autosaver.close()
        if self._froze:  # what was frozen becomes collectable again (many apps, one process)
            gc.unfreeze()
            self._froze = False

    @property
    def overlays_ready(self) -> bool:
        """Whether the overlays are composed ahead, waiting to open (kept_overlays.py)."""
        return self.screens_prepared and self.overlays.ready

    @property
    def play_screen_ready(self) -> bool:
        """Whether New game will find its play screen already composed."""
        return self._play_ahead is not None and self._play_ahead.ready

    def _play_screen(self) -> Screen[None]:
        """The play screen to show the game in play on: the one composed ahead if any."""
        if self._play_ahead is not None:
            return self._play_ahead.take()
        from game.tui.screens.play import PlayScreen

        return PlayScreen()

    @staticmethod
    def _import_screens() -> None:
        import markdown_it  # noqa: F401  (the prose parser every screen's text goes through)

        import game.engine.session  # noqa: F401
        import game.tui.screens.confirm  # noqa: F401
        import game.tui.screens.ending  # noqa: F401
        import game.tui.screens.help  # noqa: F401
        import game.tui.screens.history  # noqa: F401
        import game.tui.screens.journal  # noqa: F401
        import game.tui.screens.load  # noqa: F401
        import game.tui.screens.map  # noqa: F401
        import game.tui.screens.play  # noqa: F401
        import game.tui.screens.save  # noqa: F401
        import game.tui.screens.timeline  # noqa: F401

    def _find_newest(self, story: Story, own: str | None) -> SaveInfo | None:
        """For Continue: `own`, the run this browser tab was playing (`_tab_run`), else
        the newest run of this story, else its newest named save (a save folder may hold
        saves of other stories)."""
        try:
            infos = self.store.list(story.id)
            mine = next((i for i in infos if own and i.run == own), None)
            return mine or next((i for i in infos if i.autosave), infos[0] if infos else None)
        except Exception as exc:
            self._from_thread(self._warn, f"Could not read the saves: {exc}")
            return None

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        """Hand a result back to the UI thread; drop it if the app has already closed."""
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(callback, *args)

    def _warn(self, message: str) -> None:
        self.notify(message, severity="warning", timeout=8)

    def _story_loaded(
        self,
        story: Story | None,
        problems: list[str],
        newest: SaveInfo | None,
        resume: bool = False,
    ) -> None:
        """The story is in: show it, then open what was asked for, or resume the tab's run."""
        if story is None:
            self.problems = problems + [
                "The story has errors: run 'deniable check' on it for the full list."
            ]
            self.exit(return_code=1)
            return
        self.story = story
        self.newest_save = newest
        self.title = story.title
        if not self.screens_prepared:
            self.set_timer(PREPARE_AFTER, self._prepare_screens)
        picked_while_loading = False
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                picked_while_loading = bool(screen.queued)
                screen.show_story(story, newest)
        if self.replay_request is not None:
            self.open_replay(self.replay_request, exit_on_error=True)
        elif self.load_request is not None:
            self.load_game(self.load_request, exit_on_error=True)
        elif resume and newest is not None and not picked_while_loading:
            self.continue_game()  # a browser tab reloaded: back into the game it was playing

    def refresh_newest(self) -> None:
        """Look again for the newest save (after saving or deleting), off the UI thread."""
        story = self.story
        if story is None:
            return

        def find() -> None:
            newest = self._find_newest(story, self._tab_run())
            self._from_thread(self._newest_found, newest)

        self.run_worker(find, thread=True, group="newest", exclusive=True)

    def _newest_found(self, newest: SaveInfo | None) -> None:
        self.newest_save = newest
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen) and self.story is not None:
                screen.show_story(self.story, newest)

    # ----------------------------------------------------- starting a game

    def new_game(self) -> None:
        """A new game; with a game in play, only once the player says yes to a question
        that names that game and says where it stays."""
        if self.story is None:
            self.notify("The story is still loading.")
            return
        from game.presentation.losses import game_summary, has_progress
        from game.tui.screens.confirm import ConfirmScreen

        in_play = self.session
        if not has_progress(in_play):
            self._start_new_game()
            return
        if isinstance(self.screen, ConfirmScreen):
            return
        question = (
            f"Start a new game? Your current game ({game_summary(in_play)}) is "
            "autosaved and stays in Load."
        )
        self.push_screen(
            ConfirmScreen(question, yes="New game"),
            lambda yes: self._start_new_game() if yes else None,
        )

    def _start_new_game(self) -> None:
        from game.engine.session import Session

        if self.story is None:
            return
        seed = self.seed if self.seed is not None else random.randrange(1_000_000)
        self.begin(Session(self.story, seed))  # a run of its own, made at the first choice

    def continue_game(self) -> None:
        if self.newest_save is None:
            self.notify("There is no saved game to continue.")
            return
        self.load_game(str(self.newest_save.path))

    def load_game(self, slot_or_path: str, *, exit_on_error: bool = False) -> None:
        """Load a save off the UI thread, then show it; keys typed meanwhile wait for it."""
        if self.story is not None:
            self.hold_keys()
        self._load_then(slot_or_path, exit_on_error, self._loaded)

    def _load_then(
        self, slot_or_path: str, exit_on_error: bool, then: Callable[[LoadedGame], None]
    ) -> None:
        """Load a save off the UI thread, then hand it to `then` on the UI thread."""
        if self.story is None:
            self.notify("The story is still loading.")
            return
        self.run_worker(
            partial(self._load_save, slot_or_path, exit_on_error, then),
            thread=True,
            name="load save",
            group="load",
            exclusive=True,
        )

    def _load_save(
        self, slot_or_path: str, exit_on_error: bool, then: Callable[[LoadedGame], None]
    ) -> None:
        from game.saves.store import SaveError

        assert self.story is not None, "saves are loaded once the story is"
        try:
            loaded = self.store.load(slot_or_path, self.story)
        except (SaveError, OSError, ValueError) as exc:
            self._from_thread(self._load_failed, str(exc), exit_on_error)
            return
        self._from_thread(then, loaded)

    def _load_failed(self, message: str, exit_on_error: bool) -> None:
        self.release_keys()  # no game screen is coming: the keys go where they were typed
        if exit_on_error:
            self.problems = [f"deniable: could not load the save: {message}"]
            self.exit(return_code=1)
        else:
            self.notify(f"Could not load: {message}", severity="error", timeout=10)

    def _loaded(self, loaded: LoadedGame) -> None:
        from game.presentation.losses import game_summary, has_progress

        in_play = self.session
        left = game_summary(in_play) if has_progress(in_play) else None
        # A run's autosave continues that run; any other save starts a run of its own.
        self.begin(loaded.session, run=loaded.info.run or None, loaded=True)
        kept = f" The game you left ({left}) is autosaved and stays in Load." if left else ""
        self.notify(f"Loaded {loaded.info.slot!r}.{kept}")
        if loaded.message:
            self.notify(loaded.message, severity="warning", timeout=12, markup=False)

    def begin(self, session: Session, *, run: str | None = None, loaded: bool = False) -> None:
        """Make `session` the game in play and show it. The game before it is autosaved to
        its own run first; `run` continues that run, else a new one starts at the first
        change (a loaded game left as it was is not written again)."""
        if self.session is not None and session is not self.session:
            self.autosave()
        self.clock.stop(self.session)
        self.session = session
        self.runs.adopt(session.steps if loaded else [], run, session.play_seconds)
        if run is not None:
            self._note_tab_run(run)
        self.show_session()

    def carry_on(self, session: Session) -> None:
        """Show `session` as the same game rebuilt (the story reloaded): the same run."""
        self.autosave()
        run = self.runs.run_id
        self.clock.stop(self.session)
        self.session = session
        self.runs.adopt(session.steps if run else [], run, session.play_seconds)
        self.show_session()

    @property
    def runs(self) -> RunKeeper:
        """Which run the game in play belongs to (game/saves/runs.py)."""
        if self._runs is None:
            from game.saves.runs import RunKeeper

            self._runs = RunKeeper()
        return self._runs

    def show_session(self) -> None:
        """Show the play screen, or the ending once the story has ended, above the title."""
        assert self.session is not None, "a game is shown once there is one"
        make: Callable[[], Screen[None]]
        if self.session.state.ending is not None:
            from game.tui.screens.ending import EndingScreen

            self.clock.stop(self.session)
            make = EndingScreen
        else:
            self.clock.start()
            make = self._play_screen
        self.hold_keys()  # what is typed before the screen is up is meant for it
        # A function, not a coroutine: a worker cancelled before it ran leaves none unawaited.
        replace: Callable[[], Awaitable[None]] = partial(self._replace_game_screen, make)
        self.run_worker(replace, group="screens", exclusive=True)
        if self.screens_prepared:  # the history, once there is a game (kept_overlays.py)
            self.overlays.compose_ahead()

    async def _replace_game_screen(self, make: Callable[[], Screen[None]]) -> None:
        """`make` is called here, not before: a worker cancelled by the next key before it
        ran must not have taken the play screen composed ahead."""
        try:
            screen = make()
            while len(self.screen_stack) > 2:
                await self.pop_screen()
            if len(self.screen_stack) == 2:
                await self.switch_screen(screen)
            else:
                await self.push_screen(screen)
        finally:
            self.release_keys()

    # ------------------------------------------------------- keys typed ahead

    def hold_keys(self) -> None:
        """Keys typed from now on wait for the game screen on its way (tui/keys_ahead.py)."""
        if self.keys_ahead.wait():
            self.set_timer(LOOK_AGAIN, self._release_if_stuck)

    def release_keys(self) -> None:
        """The screen is up, or none is coming: hand the kept keys on, once the keys queued
        before this call have been kept too, so they go on in the order typed."""
        if self.keys_ahead.waiting:
            self.keys_ahead.arrived()
            self.call_later(self._hand_on_key)

    def _release_if_stuck(self) -> None:
        """End a wait whose errand is over without ending it; look again while the story
        or a game screen is still on its way."""
        if not self.keys_ahead.waiting:
            return
        if self.story is None or self.screen_on_its_way():
            self.set_timer(LOOK_AGAIN, self._release_if_stuck)
        else:
            self.release_keys()

    def screen_on_its_way(self) -> bool:
        """A save being read or a game screen being swapped in."""
        return any(
            worker.group in ("load", "screens") and not worker.is_finished
            for worker in self.workers
        )

    async def _hand_on_key(self) -> None:
        """Hand on the oldest key kept, typed anew so it takes the new screen's whole way;
        the next one a moment later, once this one has reached its binding."""
        if self.leaving:
            self.keys_ahead.clear()
            return
        key = self.keys_ahead.next_key()
        if key is None:  # none left, or one handed on sent for another screen: it hands on
            return
        again = events.Key(key.key, key.character)
        self._handed_on.append(again)
        await super().on_event(again)
        self.set_timer(HAND_ON_EVERY, self._hand_on_key)

    def back_to_title(self) -> None:
        self.autosave()
        self.clock.stop(self.session)
        pop: Callable[[], Awaitable[None]] = self._pop_to_title
        self.run_worker(pop, group="screens", exclusive=True)

    async def _pop_to_title(self) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.refresh_newest()

    # ------------------------------------------------------------- saving

    def after_choice(self) -> None:
        """Called by the play screen after every choice: autosave in the background."""
        session = self.session
        if session is None:
            return
        self.clock.flush(session)
        run = self.runs.claim(session.steps, session.play_seconds)
        if run is not None:
            self.autosaver.submit(session, run)

    @property
    def autosaver(self) -> Autosaver:
        if self._autosaver is None:
            from game.tui.autosaver import Autosaver

            self._autosaver = Autosaver(self._write_autosave, self._autosave_failed)
        return self._autosaver

    def _write_autosave(self, session: Session, run: str) -> None:
        written = self.store.save_run(run, session).run
        self._note_tab_run(written)
        if written != run:
            self._from_thread(self._run_moved, run, written)

    def _run_moved(self, old: str, new: str) -> None:
        """Another game played this run on meanwhile, or it was deleted: this one now goes
        on as `new`."""
        self.runs.moved(old, new)
        if self.store.was_deleted(old):
            self.notify(
                "This game's save had been deleted, so the game goes on in a new one; the "
                "deleted save stays in the trash ('deniable saves trash').",
                timeout=10,
            )
            return
        self.notify(
            "Another window or tab played this game on, so this game carries on as a run "
            "of its own; both are in Load.",
            severity="warning",
            timeout=10,
        )

    def _tab_run(self) -> str | None:
        """The run this browser tab played last, when served and the note is the player's."""
        from game.saves.tabs import recall, tab_from_environment

        tab = tab_from_environment()
        return recall(self.folder, tab) if tab else None

    def _note_tab_run(self, run: str) -> None:
        """Served to a browser tab: its Continue is this run from now on."""
        from game.saves.tabs import remember, tab_from_environment

        tab = tab_from_environment()
        if tab:
            try:
                remember(self.folder, tab, run)
            except OSError as exc:  # the run itself is saved; only the tab's Continue is not
                message = f"Could not note this tab's game for Continue: {exc}"
                try:
                    self.call_from_thread(self._warn, message)
                except RuntimeError:  # on the UI thread already (or the app has closed)
                    self._warn(message)

    def _autosave_failed(self, exc: Exception) -> None:
        self.runs.forget_written()
        self._from_thread(partial(self.notify, f"Autosave failed: {exc}", severity="error"))

    def wait_for_autosave(self) -> None:
        if self._autosaver is not None:
            self._autosaver.flush()

    def kept_game(self) -> Path | None:
        """The run file holding the game in play, written now if needed (a loaded game left
        as it was gets its run here); None when it could not be saved."""
        if not self.autosave(force=True) and self.runs.run_id is None:
            return None
        from game.saves.runs import run_file

        run = self.runs.run_id
        assert run is not None, "a game kept by autosave has a run"
        return run_file(self.folder, run)

    def autosave(self, force: bool = False) -> bool:
        """Save the game in play to its run now (on quitting or leaving); False if nothing
        was saved (no game, or nothing changed since the last write)."""
        session = self.session
        if session is None or not session.steps:
            self.wait_for_autosave()
            return False
        from game.saves.store import SaveError

        self.wait_for_autosave()
        self.clock.flush(session)
        run = self.runs.claim(session.steps, session.play_seconds, force=force)
        if run is None:
            return False
        try:
            written = self.store.save_run(run, session).run
        except (SaveError, OSError) as exc:
            self.runs.forget_written()
            self.notify(f"Autosave failed: {exc}", severity="error", timeout=10)
            return False
        self._note_tab_run(written)
        if written != run:
            self._run_moved(run, written)
        return True

    def save_named(self, slot: str) -> SaveInfo:
        """Save to a named slot; returns the SaveInfo. Raises SaveProblem with the reason."""
        from game.saves.store import SaveError
        from game.tui.saving import SaveProblem

        if self.session is None:
            raise SaveProblem("There is no game to save yet.")
        self.clock.flush(self.session)
        try:
            info = self.store.save(slot, self.session)
        except (SaveError, OSError, ValueError) as exc:
            raise SaveProblem(str(exc)) from exc
        self.refresh_newest()
        return info

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Never parse notices as markup: they quote author text, slot names and file paths."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # ------------------------------------------------------------ floods

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Leave; from now on queued keys, pastes and clicks are dropped unread."""
        self.leaving = True
        super().exit(result, return_code, message)

    def post_message(self, message: Message) -> bool:
        """Queue a message; a quit key marks the app as leaving as soon as it arrives, so
        the keys queued ahead of it are dropped unread and quit wins at once."""
        if isinstance(message, events.Key) and message.key in ALWAYS_THROUGH:
            self.leaving = True
        return super().post_message(message)

    async def on_event(self, event: events.Event) -> None:
        """Keys past a person's pace are dropped (see game.tui.flood); quit always passes.

        Once the app is leaving, input still queued is dropped: each key of a flood
        behind ctrl+q once opened a screen while the app closed (a second each).
        """
        if isinstance(event, events.InputEvent):  # overlays readied, garbage collected in quiet
            self.pauses.input_seen()
            self.quiet_collector.input_seen()
        if isinstance(event, events.Key) and event.key == "ctrl+j" and not event.is_forwarded:
            # A newline is Enter typed before the game set the terminal to raw mode (the
            # terminal turned its return into a newline), or Enter on a terminal that
            # sends one; the game has no use for ctrl+j itself.
            event = events.Key("enter", "\r")
        quit_key = isinstance(event, events.Key) and event.key in ALWAYS_THROUGH
        if self.leaving and isinstance(event, events.InputEvent) and not quit_key:
            return
        flooded = (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and not self.key_budget.allow(event.key)
        )
        if flooded:
            if self.key_budget.worth_telling():
                self.notify(TOO_MANY_KEYS)
            return
        # Kept for the game screen on its way: a key typed after New game, or one typed
        # just before its key was acted on (on its way back up from the title's menu).
        if (
            isinstance(event, events.Key)
            and not quit_key
            and not any(event is handed for handed in self._handed_on)
            and self.keys_ahead.keep(event)
        ):
            return
        await super().on_event(event)

    def get_driver_class(self) -> type[Driver]:
        """The platform's driver, dropping a flood of keys as it reads them (tui/driver.py)."""
        from game.tui.driver import budgeted_driver

        return budgeted_driver(super().get_driver_class())

    def on_keys_dropped(self, message: KeysDropped) -> None:
        """The driver dropped keys: told by the same rule as the app's own drops, so a
        flood both budgets meet gives one notice, not one from each."""
        if self.key_budget.worth_telling(self.key_budget.clock()):
            self.notify(TOO_MANY_KEYS)

    def push_screen(  # Any: it passes on whatever App.push_screen's overloads take and give
        self, screen: Screen[Any] | str, *args: Any, **kwargs: Any
    ) -> Any:
        """An overlay opened over another overlay replaces it instead of piling up."""
        on_an_overlay = is_replaceable_overlay(self.screen) and len(self.screen_stack) > 1
        if on_an_overlay and is_replaceable_overlay(screen):
            self.pop_screen()
        return super().push_screen(screen, *args, **kwargs)

    # ------------------------------------------------------------ actions

    async def action_quit(self) -> None:
        """ctrl+q and ctrl+c: autosave first, then leave."""
        self.autosave()
        self.exit()

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(self.overlays.screen(HelpScreen))

    def action_new_game(self) -> None:
        self.autosave()
        self.new_game()

    def action_undo(self) -> None:
        session = self.session
        if session is None:
            self.notify("There is no game in play.")
            return
        if not session.can_undo():
            self.notify("Nothing to undo: no choice has been made yet.")
            return
        from game.presentation.losses import last_choice_words

        undone = last_choice_words(session)
        session.undo()
        self.notify(f"Undid {undone}; choose it again to redo it.")
        self._refresh_game()

    def rewind(self, step: int) -> None:
        """Go back to the moment before the choice at `step` (0-based) in the log."""
        assert self.session is not None, "history is shown of a game in play"
        self.session.rewind(step)
        self.notify(f"Back before choice {self.session.state.choices_made + 1}.")
        self._refresh_game()

    def _refresh_game(self) -> None:
        from game.tui.screens.play import PlayScreen

        play = next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)
        if play is not None and self.session is not None and self.session.state.ending is None:
            play.show_state()
        else:
            self.show_session()

    def action_journal(self) -> None:
        """The journal of the game in play; on the title, of the newest save."""
        from game.tui.screens.journal import JournalScreen

        self._open_with_state(JournalScreen)

    def _open_with_state(self, screen_type: StateScreen) -> None:
        """Push `screen_type(story, state)` with the game in play's state, or, on the title,
        the newest save's (read off the UI thread), so the journal and the timeline show
        what the player did last time."""
        if self.story is None:
            self.notify("The story is still loading.")
            return
        if isinstance(self.screen, screen_type):
            return
        if self.session is None and self.newest_save is not None:
            work = partial(self._open_with_newest, screen_type)
            self.run_worker(work, thread=True, group="load", exclusive=True)
            return
        state = self.session.state if self.session is not None else None
        self.push_screen(self.overlays.screen(screen_type, self.story, state))

    def _state_opening(self) -> tuple[Story, GameState] | None:
        """What the journal and the timeline are opened with in a game (kept_overlays.py
        brings them up to date for it in a pause); None on the title, where they show
        the newest save's, read when they open."""
        if self.story is None or self.session is None:
            return None
        return self.story, self.session.state

    def _open_with_newest(self, screen_type: StateScreen) -> None:
        from game.saves.store import SaveError

        story, newest = self.story, self.newest_save
        assert story is not None and newest is not None, "checked by _open_with_state"
        state: GameState | None
        try:
            state = self.store.load(str(newest.path), story).session.state
        except (SaveError, OSError, ValueError):
            state = None  # an unreadable save: show the screen without it rather than nothing
        self._from_thread(lambda: self.push_screen(self.overlays.screen(screen_type, story, state)))

    def current_place(self) -> str | None:
        """The place of the chapter in play; None on the title, with no game."""
        if self.session is None or self.story is None:
            return None
        return self.story.chapter_of(self.session.state.scene).place

    def action_map(self) -> None:
        from game.tui.screens.map import MapScreen

        if self.story is None:
            self.notify("The story is still loading.")
        elif not isinstance(self.screen, MapScreen):
            self.push_screen(self.overlays.screen(MapScreen, self.story, self.current_place()))

    def action_timeline(self) -> None:
        """The timeline with the game in play's choices; on the title, the newest save's."""
        from game.tui.screens.timeline import TimelineScreen

        self._open_with_state(TimelineScreen)

    def action_history(self) -> None:
        from game.tui.screens.history import HistoryScreen

        if self.session is None:
            self.notify("Start a game first: the history is of the game in play.")
            return
        if isinstance(self.screen, HistoryScreen):
            return

        def picked(step: int | None) -> None:
            if step is not None:
                self.rewind(step)

        self.push_screen(self.overlays.screen(HistoryScreen, self.session), picked)

    def action_save(self) -> None:
        from game.tui.screens.save import SaveScreen

        if self.session is None:
            self.notify("Start a game first: there is nothing to save.")
            return
        if not isinstance(self.screen, SaveScreen):
            self.push_screen(SaveScreen())

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        if isinstance(self.screen, LoadScreen):
            return

        def picked(info: SaveInfo | None) -> None:
            if info is not None:
                self.load_game(str(info.path))

        self.push_screen(LoadScreen(), picked)

    def action_replay(self) -> None:
        from game.tui.screens.load import LoadScreen

        def picked(info: SaveInfo | None) -> None:
            if info is not None:
                self.replay(Path(info.path))

        self.push_screen(LoadScreen(replay=True), picked)

    def replay(self, path: Path) -> None:
        """Open a save in the replay viewer, above the screen the player is on."""
        self.autosave()
        self.open_replay(str(path))

    def open_replay(self, slot_or_path: str, *, exit_on_error: bool = False) -> None:
        """Load a save off the UI thread, then show it in the replay viewer."""
        self._load_then(slot_or_path, exit_on_error, self._show_replay)

    def _show_replay(self, loaded: LoadedGame) -> None:
        from game.presentation.transcript import build_replay
        from game.tui.screens.replay import ReplayScreen

        self.clock.stop(self.session)
        replay = build_replay(loaded.session)
        self.push_screen(ReplayScreen(replay, loaded.info.slot, notice=loaded.message))

    def branch(self, session: Session, label: str, position: int) -> None:
        """Play on from a replayed step as a new game, saved first as a slot of its own so
        the branch is never lost, and played on as a run of its own; the save it came from
        and every other run are left as they were."""
        from game.saves.store import SaveError
        from game.tui.screens.replay import branch_slot

        try:
            slot = self._branch_slot_for(branch_slot(label, position), session)
            self.store.save(slot, session)
        except (SaveError, OSError, ValueError) as exc:
            self.notify(f"{exc} Playing on without saving the branch.", severity="warning")
        else:
            self.notify(f"Playing on from step {position + 1} as a new game (saved as {slot!r}).")
        self.begin(session, loaded=True)
        self.refresh_newest()

    def _branch_slot_for(self, name: str, session: Session) -> str:
        """`name`, unless a save of that name holds another game: then `name (2)`, `(3)`...
        so a branch never writes over a save that differs from it."""
        from game.saves.store import SaveError

        taken = {info.slot.casefold() for info in self.store.list() if not info.autosave}
        for number in range(1, 1000):
            candidate = name if number == 1 else f"{name} ({number})"
            if candidate.casefold() not in taken:
                return candidate
            try:
                data = self.store.read(candidate)[0]
            except SaveError:
                continue  # unreadable: leave it alone, try the next name
            if tuple(data.steps) == tuple(session.steps) and data.story_id == session.story.id:
                return candidate  # the same game up to the same step: nothing is lost
        raise SaveError(f"Too many branches named {name!r}: delete some first.")

    def action_title(self) -> None:
        self.back_to_title()

    # -------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Start the story from the beginning", self.action_new_game)
        yield SystemCommand("Save", "Save the game to a named slot", self.action_save)
        yield SystemCommand("Load", "Load a saved game", self.action_load)
        yield SystemCommand("Journal", "Every note unlocked so far", self.action_journal)
        yield SystemCommand("History", "The playthrough so far; rewind", self.action_history)
        yield SystemCommand("Map", "Korea and Manchuria: the story's places", self.action_map)
        yield SystemCommand(
            "Timeline", "1945-1960: facts, chapters, your choices", self.action_timeline
        )
        yield SystemCommand("Undo", "Take back the last choice", self.action_undo)
        yield SystemCommand("Help", "Every key", self.action_help)
        yield SystemCommand("Title screen", "Back to the title (autosaves)", self.action_title)
        yield SystemCommand("Quit", "Save and leave the game", self.action_quit)
        # Of Textual's own commands only the theme makes sense here: the keys panel squeezes
        # the game, maximize and screenshot are for developers, and its quit skips the
        # autosave.
        for command in super().get_system_commands(screen):
            if command.title in TEXTUAL_COMMANDS_KEPT:
                yield command
