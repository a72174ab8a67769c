"""The title screen: the game's name, the story's framing, and the way in.

Kept light on purpose: it imports no story, engine or save code, so that Textual's start
and the story's load (in a thread, tui/story_load.py) are all the first frame waits for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.page_keys import PAGE_BINDINGS, scroll_page
from game.tui.screens.composed import composed
from game.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from textual import getters

    from game.saves.store import SaveInfo
    from game.story.model import Story
    from game.tui.app import DeniableApp

LOADING = "Loading the story…"

MENU = (
    ("new", "New game"),
    ("continue", "Continue"),
    ("load", "Load"),
    ("replay", "Replay a saved game"),
    ("journal", "Journal"),
    ("help", "Help"),
    ("quit", "Quit"),
)
NEEDS_STORY = {"new", "continue", "journal"}  # picked while loading: done once loaded
GAME_SCREENS = {"new", "continue"}  # picks that put up a game screen


class TitleScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(DeniableApp)

    # The menu on screen names New game, Continue and Load, so the footer leaves their
    # keys out: from 60 columns up it then has room for quit and help.
    BINDINGS = [
        Binding("n", "pick('new')", "New game", show=False),
        Binding("c", "pick('continue')", "Continue", show=False),
        Binding("l", "pick('load')", "Load", show=False),
        Binding("j", "pick('journal')", "Journal", show=False),
        Binding("m", "map", "Map"),
        Binding("t", "timeline", "Timeline"),
        # The menu keeps the focus; the page keys scroll the framing, and the footer
        # says "PgDn More" while some of it is out of sight.
        Binding("pagedown", "more", "More", key_display="PgDn", priority=True),
        *PAGE_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        # Keys pressed before the story had loaded (a pick, the map, a page of the
        # framing), acted on in order once it is in rather than dropped.
        self.queued: list[Callable[[], object]] = []
        self.framing: tuple[str, str, str] | None = None  # the words shown, once known

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(Content(self.app.title), id="game-title")
            yield Static(id="subtitle", markup=False)
            # Not focusable: a click or the wheel on the framing leaves the menu in focus,
            # so Enter still picks from it.
            with VerticalScroll(id="intro-scroll", can_focus=False):
                yield Static(LOADING, id="intro", markup=False)
            yield OptionList(*(Option(label, id=key) for key, label in MENU), id="menu")
        yield Footer(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        if composed(self):
            self._fit(event.size.height)
            self.call_after_refresh(self.refresh_bindings)

    def _fit(self, height: int) -> None:
        """The framing scrolls and the menu stays whole, down to 60x20."""
        short = height < 24
        self.set_class(short, "-short")
        spare = height - len(MENU) - (6 if short else 9)
        self.query_one("#intro-scroll").styles.max_height = max(2, spare)

    def when_loaded(self, action: Callable[[], object]) -> bool:
        """While the story loads, keep `action` for when it is in; True if it was kept."""
        if self.app.story is not None:
            return False
        self.queued.append(action)
        return True

    def action_map(self) -> None:
        if not self.when_loaded(self.action_map):
            self.app.action_map()

    def action_timeline(self) -> None:
        if not self.when_loaded(self.action_timeline):
            self.app.action_timeline()

    def action_scroll_page(self, direction: int) -> None:
        # The framing turns its pages as soon as it is shown; a page key pressed before
        # that, or behind a key still waiting for the story, waits its turn.
        waiting = self.framing is None or bool(self.queued)
        if waiting and self.when_loaded(partial(self.action_scroll_page, direction)):
            return
        scroll_page(self.query_one("#intro-scroll", VerticalScroll), direction)
        self.refresh_bindings()

    def action_more(self) -> None:
        self.action_scroll_page(1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "PgDn More" shows in the footer only while the framing runs on below; past
        that, PgDn is the silent page key, and never reaches the menu."""
        if action == "more":
            framing = self.query_one("#intro-scroll", VerticalScroll)
            return framing.scroll_y < framing.max_scroll_y
        return True

    def on_mount(self) -> None:
        if not composed(self):
            return
        # Fitted before the first frame too: a framing in by then (tui/story_load.py) ran
        # below the screen and hid the menu until the resize that follows the mount.
        self._fit(self.app.size.height)
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 0  # Enter at once starts a new game, whether loaded yet or not
        menu.focus()
        # Whether "PgDn More" shows depends on how far the framing runs on below: ask again
        # each time its length is laid out (the story's framing can arrive before that).
        framing = self.query_one("#intro-scroll", VerticalScroll)
        self.watch(framing, "virtual_size", self._framing_laid_out, init=False)
        if self.app.story is not None:  # in before the first frame: drawn with it
            self.show_story(self.app.story, self.app.newest_save)

    def _framing_laid_out(self, _size: object) -> None:
        self.refresh_bindings()

    def show_framing(self, title: str, subtitle: str, intro: str) -> bool:
        """The story's title, subtitle and framing, as soon as story.yaml is read (before
        the chapters are checked) and again with the story; False if the screen is going."""
        if not composed(self):
            return False
        try:
            shown = [self.query_one(f"#{name}", Static) for name in ("game-title", "subtitle")]
            intro_view = self.query_one("#intro", Static)
        except NoMatches:  # the app is closing: its widgets are going as the story arrives
            return False
        words = (title, subtitle, intro)
        if words == self.framing:
            return True
        self.framing = words
        for view, text in zip(shown, (title, subtitle), strict=True):
            view.update(Content(text))
        from game.tui.prose import prose_content

        intro_view.update(prose_content(intro))  # "PgDn More" follows its layout
        return True

    def show_story(self, story: Story, newest: SaveInfo | None) -> None:
        """Fill in the story's title and framing; Continue is open only when a save exists."""
        if not self.show_framing(story.title, story.subtitle, story.intro or ""):
            return
        try:
            menu = self.query_one("#menu", OptionList)
        except NoMatches:
            return
        if newest is None:
            menu.disable_option("continue")
            menu.replace_option_prompt("continue", "Continue")
        else:
            menu.enable_option("continue")
            menu.replace_option_prompt(
                "continue", Content.assemble("Continue ", (f"({newest.slot})", "italic"))
            )
        queued, self.queued = self.queued, []
        if queued:  # after the framing is laid out, so a page key has a page to turn
            self.call_after_refresh(self._act_on, queued)
        elif menu.highlighted == 0 and newest is not None:
            menu.highlighted = 1

    def _act_on(self, queued: list[Callable[[], object]]) -> None:
        for action in queued:
            action()
        if not self.app.screen_on_its_way():  # Continue with no save: the keys come here
            self.app.release_keys()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:  # every menu option has its key as its id
            self.action_pick(event.option.id)

    def action_pick(self, key: str) -> None:
        app = self.app
        if key in NEEDS_STORY and self.when_loaded(partial(self.action_pick, key)):
            if key in GAME_SCREENS:  # what is typed next is meant for the game
                app.hold_keys()
            return
        option = self.query_one("#menu", OptionList).get_option(key)
        if option.disabled:
            if key == "continue" and app.story is not None:
                self.notify("There is no saved game to continue.")
            return
        actions = {
            "new": app.new_game,
            "continue": app.continue_game,
            "load": app.action_load,
            "replay": app.action_replay,
            "journal": app.action_journal,
            "help": app.action_help,
            "quit": app.action_quit,
        }
        result = actions[key]()
        if result is not None:  # action_quit is a coroutine
            self.run_worker(result)
