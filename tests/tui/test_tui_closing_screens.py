"""A screen closed in the tick it opened in: popped, or the game quitting, before it composed.

Textual then mounts the screen without its widgets and still sends it Mount, Resize and the
answers of its workers; a screen that queried its widgets there ended the game with a
NoMatches traceback (once the map did, opened by a key queued behind ctrl+q).
"""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Size
from tui_helpers import settle, start_game

from game.engine.session import Session
from game.presentation.transcript import build_replay
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.problems import ProblemsScreen
from game.tui.screens.replay import ReplayScreen
from game.tui.screens.title import TitleScreen

EXPOSED = ["map", "uniform", "sortie", "russian", "confess"]  # the feature tour to an ending


def ended(app) -> Session:
    session = Session(app.story, 1)
    for choice in EXPOSED:
        session.choose(choice)
    assert session.state.ending is not None
    return session


def open_ending(app) -> None:
    app.session = ended(app)
    app.push_screen(EndingScreen())


OPENERS = {
    "map": lambda app: app.action_map(),
    "timeline": lambda app: app.action_timeline(),
    "journal": lambda app: app.action_journal(),
    "history": lambda app: app.action_history(),
    "help": lambda app: app.action_help(),
    "save": lambda app: app.action_save(),
    "load": lambda app: app.action_load(),
    "replay list": lambda app: app.action_replay(),
    "confirm": lambda app: app.push_screen(ConfirmScreen("Sure?")),
    "play": lambda app: app.push_screen(PlayScreen()),
    "title": lambda app: app.push_screen(TitleScreen()),
    "problems": lambda app: app.push_screen(
        ProblemsScreen(["a problem"], game_in_play=True, can_play_on=True)
    ),
    "replay": lambda app: app.push_screen(ReplayScreen(build_replay(ended(app)))),
    "ending": open_ending,
}


def resized(app) -> None:
    """A resize already queued for the new screen when it closes."""
    app.screen.post_message(events.Resize(Size(60, 20), Size(60, 20)))


@pytest.mark.parametrize("name", OPENERS)
async def test_a_screen_popped_in_the_tick_it_opened_crashes_nothing(make_app, name):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        below = app.screen
        OPENERS[name](app)
        assert app.screen is not below, "the screen did not open"
        resized(app)
        app.pop_screen()
        await settle(pilot)
        assert app.return_code is None  # still running: no exception ended it
        assert app.screen is below
        await pilot.press("ctrl+q")
    assert app.return_code == 0


@pytest.mark.parametrize("name", OPENERS)
async def test_quitting_in_the_tick_a_screen_opened_crashes_nothing(make_app, name):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        OPENERS[name](app)
        resized(app)
        app.exit()
        await settle(pilot)
    assert app.return_code == 0


async def test_the_story_arriving_while_the_title_s_widgets_go_crashes_nothing(make_app):
    """As the app closes, Textual removes the title's widgets while the title is still on
    the stack; a story checked in a millisecond (one checked before in the process) could
    arrive just then, and the title's query for its heading failed the loading thread and
    with it the app (seen once in a test that opened and closed an app at once)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        title = app.screen
        assert isinstance(title, TitleScreen)
        await title.query_one("#game-title").remove()
        title.show_story(app.story, None)  # raised NoMatches
        await pilot.pause()
        assert app.screen is title and app.return_code is None  # nothing ended the app
