"""The format's page break and inline choices in the terminal game (tests/stories/format-port)."""

from __future__ import annotations

from tui_helpers import ROOT, screen_text, start_game

from game.tui.widgets.note_card import NoteCard

PORT = ROOT / "tests" / "stories" / "format-port"


async def test_a_page_break_is_a_continue_option_and_inline_choices_are_choices(make_app):
    app = make_app(PORT)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        text = screen_text(app)
        assert "Rain on the harbour" in text and "1. Continue" in text
        assert "You are" not in text  # the chapter gives no viewpoint
        await pilot.press("1")
        await pilot.pause()
        assert app.session.state.scene == "port.desk"
        assert "Nerve: 0 → 1" in screen_text(app)  # on_first_arrival, then one Continue
        assert not app.screen.query_one(NoteCard).display  # not history: no note card
        await pilot.press("enter")
        await pilot.pause()
        assert "1. Ask about the ferry." in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1. Politely." in text and "2. With a banknote." in text
        await pilot.press("1")
        await pilot.pause()
        assert "Leadership: 50 → 40" not in screen_text(app)  # the quiet effect
        assert "Leadership: 40 → 35" in screen_text(app)  # on_arrival at the radio room
