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


def test_a_paste_sized_burst_is_not_all_kept_and_order_holds():
    ahead: KeysAhead[str] = KeysAhead()
    assert not ahead.keep("1")  # nothing on its way: it passes on
    assert ahead.wait() and not ahead.wait()
    for number in range(1000):
        assert ahead.keep(str(number))
    assert ahead.next_key() is None  # not while the screen is on its way
    ahead.arrived()
    assert ahead.next_key() == "0"
    assert ahead.keep("late")  # typed while some still wait: it queues behind them
    handed = ["0"]
    while (key := ahead.next_key()) is not None:
        handed.append(key)
    # past MOST_KEYS the burst was dropped; the late key, kept once there was room, came last
    assert handed == [*(str(n) for n in range(MOST_KEYS)), "late"]
    assert not ahead.holding and not ahead.keep("1")


async def test_keys_typed_ahead_are_handed_on_one_at_a_time_in_order(make_app):
    """A choice, Continue past its outcome, and the next scene's choice, all typed with
    New game: each is acted on after the one before it, as if typed a moment later. Handed
    on all at once, the Enter reached the choices before the choice had been taken."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(app, "n", "2", "enter", "1")
        for _ in range(20):
            await pilot.pause(0.05)
        await settle(pilot)
        assert [step.choice for step in app.session.steps] == ["uniform", "sortie"]
        assert app.screen.showing_outcome and not app.keys_ahead.holding


async def test_a_newline_is_enter(make_app):
    """Enter typed before the game set the terminal to raw mode arrives as a newline
    (ctrl+j): it still continues past an outcome, as Enter does."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed(app, "n", "2")
        await settle(pilot)
        assert app.screen.showing_outcome
        app.post_message(events.Key("ctrl+j", "\n"))
        await settle(pilot)
        assert not app.screen.showing_outcome and app.session.state.scene == "airfield.hangar"
