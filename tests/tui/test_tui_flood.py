"""Floods of keys: overlays never pile up, extra keys are dropped, quit wins at once."""

from __future__ import annotations

import time

import pytest
from textual import events
from tui_helpers import notices, settle, start_game

from game.tui.flood import ALWAYS_THROUGH, KeyBudget


def test_the_budget_lets_a_person_through_and_drops_a_flood():
    now = [0.0]
    budget = KeyBudget(rate=40, burst=40, clock=lambda: now[0])
    assert all(budget.allow("m") for _ in range(40))  # a burst a person could type
    assert not budget.allow("m") and budget.dropped == 1
    assert all(budget.allow(key) for key in ALWAYS_THROUGH)  # quit is never refused
    now[0] += 0.5
    assert sum(budget.allow("m") for _ in range(100)) == 20  # refilled at 40 a second


def test_a_flood_is_told_once_a_notice_not_once_a_thousand_keys():
    """A 100 KB paste read in a moment is one notice; a flood held for 12 s is told at its
    start and again as each notice leaves the screen, not for each thousandth key."""
    now = [0.0]
    budget = KeyBudget(rate=40, burst=40, clock=lambda: now[0])
    told = sum(budget.worth_telling() for _ in range(100_000) if not budget.allow("m"))
    assert told == 1
    now[0] += 60.0  # a minute later, a key held down
    budget = KeyBudget(rate=40, burst=40, clock=lambda: now[0])
    held = 0
    for _ in range(12 * 80):  # 80 keys a second for 12 s
        now[0] += 1 / 80
        if not budget.allow("m"):
            held += budget.worth_telling()
    assert held == 3  # as the burst runs out (1 s in), then 5 s and 10 s later


async def test_overlays_replace_each_other_instead_of_piling_up(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        base = len(app.screen_stack)
        opened = []
        for key in "mtmtmtmt":
            await pilot.press(key)
            await settle(pilot)
            assert len(app.screen_stack) <= base + 1, [type(s).__name__ for s in app.screen_stack]
            opened.append(type(app.screen).__name__)
        assert {"MapScreen", "TimelineScreen"} <= set(opened)
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == base


@pytest.mark.slow
async def test_a_flood_of_keys_is_dropped_and_the_game_still_answers(make_app):
    app = make_app()
    now = [0.0]
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.key_budget = KeyBudget(clock=lambda: now[0])  # time stands still in the flood
        steps = app.session.state.step_count
        for _ in range(600):  # m, Escape, m, Escape…: each would open or close the map
            app.post_message(events.Key("m", "m"))
            app.post_message(events.Key("escape", None))
        await settle(pilot)
        assert app.key_budget.dropped >= 1200 - 40  # all but one burst dropped
        assert app.session.state.step_count == steps  # the flood chose nothing
        assert any("Too many keys at once" in notice for notice in notices(app))
        now[0] += 2.0  # a moment later the player is heard again
        await pilot.press("m")
        await settle(pilot)
        assert type(app.screen).__name__ == "MapScreen"
        await pilot.press("ctrl+q")


async def test_a_flood_both_budgets_drop_is_told_once(make_app):
    """In a terminal the driver drops most of a paste and the app drops some of the keys
    the driver let through: both once put up the same notice, two toasts at once."""
    from game.tui.driver import KeysDropped

    app = make_app()
    now = [0.0]
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        app.key_budget = KeyBudget(clock=lambda: now[0])
        app.post_message(KeysDropped())  # the driver's word, first
        for _ in range(100):
            app.post_message(events.Key("x", "x"))  # then the app's own budget runs out
        await settle(pilot)
        assert app.key_budget.dropped >= 100 - 40
        told = [n for n in notices(app) if "Too many keys at once" in n]
        assert len(told) == 1, told
        now[0] += 6.0  # once the notice has left the screen, a new flood is told again
        app.post_message(KeysDropped())
        await settle(pilot)
        assert len([n for n in notices(app) if "Too many keys at once" in n]) == 2


async def test_quit_after_a_flood_drops_the_queued_keys_and_keeps_the_autosave(
    make_app, saves, monkeypatch
):
    """Quit wins over a flood: the game exits, nothing queued opens, the autosave holds.

    In tmux, 500 m/Escape pairs then ctrl+q took 6-9 s, each queued key opening the map
    as the game closed; Pilot queues keys differently, so this guards the outcome.
    """
    from game.saves.store import SaveStore
    from game.tui.screens.map import MapScreen

    app = make_app()
    opened: list[str] = []
    made = MapScreen.__init__

    def counting(screen, *args, **kwargs):
        opened.append(type(screen).__name__)
        made(screen, *args, **kwargs)

    monkeypatch.setattr(MapScreen, "__init__", counting)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        steps = app.session.state.step_count
        started = time.perf_counter()
        app.post_message(events.Key("ctrl+q", None))
        # In a terminal the keys of a paste reach the app beside the quit key: each one once
        # opened or closed the map before the game could leave.
        for _ in range(250):
            await app.on_event(events.Key("m", "m"))
            await app.on_event(events.Key("escape", None))
        await app.on_event(events.Paste("m" * 50_000))
        for _ in range(200):  # a bound in processed messages, not in seconds
            await pilot.pause()
            if app.return_code is not None:
                break
        assert app.return_code == 0
        assert time.perf_counter() - started < 10  # generous: the machine may be loaded
    assert opened == []  # not one queued key was acted on once quit arrived
    info = SaveStore(saves).newest()
    assert info is not None and info.autosave and info.steps == steps
