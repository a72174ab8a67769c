"""A paste while the map opens and closes: the overlay must never query what is not there."""

from __future__ import annotations

from textual import events
from tui_helpers import settle, start_game

PASTE = "the quick brown fox jumps over the lazy dog; " * 2_000  # about 90 KB


async def test_a_paste_while_the_map_opens_and_closes_crashes_nothing(make_app):
    """Once ended in NoMatches: No nodes match '#places' on MapScreen()."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        steps = app.session.state.step_count
        for _ in range(30):  # each key lands before the overlay before it has mounted
            app.post_message(events.Key("m", "m"))
            app.post_message(events.Paste(PASTE))
            app.post_message(events.Key("escape", None))
            app.post_message(events.Key("m", "m"))
            app.post_message(events.Key("t", "t"))
        await settle(pilot)
        assert app.return_code is None  # still running: no exception ended it
        assert app.session.state.step_count == steps
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert type(app.screen).__name__ == "MapScreen"
        await pilot.press("ctrl+q")
