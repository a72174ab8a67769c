"""Floods of keys: overlays never pile up, extra keys are dropped, quit wins at once."""

from __future__ import annotations

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
