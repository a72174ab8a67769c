"""Snapshots of the main screens at 80x24: a fixed seed, a fixed theme, no clock, no blink.

Update after an intended change with `pytest tests/tui --snapshot-update`, and look at
the SVGs under __snapshots__ before committing them.
"""

from __future__ import annotations

from textual.widgets import Input
from tui_helpers import settle, start_game

SIZE = (80, 24)


class TestScreens:
    def test_title(self, snap_compare, make_app):
        assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)

    def test_play(self, snap_compare, make_app):
        assert snap_compare(make_app(), terminal_size=SIZE, run_before=start_game)

    def test_note_card(self, snap_compare, make_app):
        async def choose(pilot):
            await start_game(pilot)
            await pilot.press("2")
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=choose)

    def test_journal(self, snap_compare, make_app):
        async def journal(pilot):
            await start_game(pilot)
            await pilot.press("1", "enter", "1", "enter", "j")
            await settle(pilot)
            pilot.app.screen.query_one(Input).cursor_blink = False
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=journal)

    def test_ending(self, snap_compare, make_app):
        async def ending(pilot):
            await start_game(pilot)
            await pilot.press("2", "enter", "1", "enter", "1", "enter")
            await settle(pilot)

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=ending)

    def test_play_at_60_by_20(self, snap_compare, make_app):
        assert snap_compare(make_app(), terminal_size=(60, 20), run_before=start_game)

    def test_play_at_200_by_50(self, snap_compare, make_app):
        assert snap_compare(make_app(), terminal_size=(200, 50), run_before=start_game)
