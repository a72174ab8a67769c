"""Keys typed before the game screen is up are meant for it: `n` then `1` at once plays
the first choice, as it would a moment later (tui/keys_ahead.py).

The keys are posted together, as a terminal delivers a quick typist's keys, not pressed
one by one with the app left to settle between them as `pilot.press` does.
"""

from __future__ import annotations

from textual import events
from tui_helpers import hold_the_story, settle

import game.tui.app as tui_app
from game.tui.keys_ahead import MOST_KEYS, KeysAhead
from game.tui.screens.play import PlayScreen
from game.tui.screens.title import TitleScreen


def typed(app, *keys: str) -> None:
    """Keys arriving together, each as a terminal sends it."""
    named = {"enter": "\r", "escape": "\x1b"}
    for key in keys:
        app.post_message(events.Key(key, named.get(key, key)))


async def test_a_choice_typed_with_new_game_is_played_in_the_new_game(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(app, "n", "1")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert [step.choice for step in app.session.steps] == ["map"]
        assert app.screen.showing_outcome and not app.keys_ahead.holding


async def test_keys_typed_while_the_story_loads_go_to_the_game_they_started(make_app, monkeypatch):
    release = hold_the_story(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        typed(app, "n", "2")
        await pilot.pause()
        assert app.story is None and isinstance(app.screen, TitleScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert [step.choice for step in app.session.steps] == ["uniform"]


async def test_a_key_typed_with_continue_goes_to_the_game_it_loads(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("2")  # the outcome, with its Continue, is where the save stands
        await settle(pilot)
        assert first.screen.showing_outcome
        await pilot.press("ctrl+q")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(again, "c", "1")  # Continue, then the first choice of the scene it opens on
        await settle(pilot)
        assert isinstance(again.screen, PlayScreen)
        assert [step.choice for step in again.session.steps] == ["uniform", "sortie"]
        assert again.screen.showing_outcome


async def test_continue_with_no_save_gives_the_keys_back_to_the_title(make_app, monkeypatch):
    """Continue picked while loading, with no save to continue: nothing is on its way,
    so the keys held after it go back where they were typed and the title still answers."""
    release = hold_the_story(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        typed(app, "c", "down")
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and not app.keys_ahead.holding
        typed(app, "n", "1")
        await settle(pilot)
        assert [step.choice for step in app.session.steps] == ["map"]


async def test_a_hold_nobody_ends_lets_the_keys_go_on_their_own(make_app, monkeypatch):
    monkeypatch.setattr(tui_app, "LOOK_AGAIN", 0.05)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.hold_keys()  # as if for a screen that never comes
        typed(app, "n")
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and not app.keys_ahead.holding


async def test_quit_is_never_held(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.hold_keys()
        typed(app, "1", "ctrl+q")
        await pilot.pause(0.2)
    assert app.return_code == 0


def test_a_paste_sized_burst_is_not_all_kept():
    ahead: KeysAhead[str] = KeysAhead()
    assert not ahead.keep("1")  # no hold: it passes on
    assert ahead.hold() and not ahead.hold()
    for number in range(1000):
        assert ahead.keep(str(number))
    assert ahead.release() == [str(n) for n in range(MOST_KEYS)]
    assert not ahead.holding and not ahead.keep("1")
