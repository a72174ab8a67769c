"""The format's page break and inline choices in the terminal game (tests/stories/format-port)."""

from __future__ import annotations

from tui_helpers import ROOT, screen_text, settle, start_game

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
        # One Continue turns the page: the desk's choices at once, with what arriving
        # changed (on_first_arrival) shown above its text, not on a page of its own.
        text = screen_text(app)
        assert "1. Ask about the ferry." in text and "Continue" not in text
        assert "Nerve: 0 → 1" in text
        assert text.index("Nerve: 0 → 1") < text.index("The clerk does not look up")
        await pilot.press("1")
        await pilot.pause()
        assert "The clerk sighs" in screen_text(app)
        assert not app.screen.query_one(NoteCard).display  # not history: no note card
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1. Politely." in text and "2. With a banknote." in text
        await pilot.press("1")
        await pilot.pause()
        assert "Leadership: 50 → 40" not in screen_text(app)  # the quiet effect
        assert "Leadership: 40 → 35" in screen_text(app)  # on_arrival at the radio room


async def test_undo_after_a_page_break_returns_to_the_last_choice(make_app):
    app = make_app(PORT)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        # Continue; Ask, With a banknote; Wave the receipt; the gangway's Continue
        for key in ("1", "1", "enter", "2", "enter", "2", "enter"):
            await pilot.press(key)
            await pilot.pause()
        assert "You climb the gangway" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert app.session.state.ending == "port.quay"
        await pilot.press("u")
        await settle(pilot)
        assert app.session.state.scene == "port.radio"
        text = screen_text(app)
        assert "The radio operator waves you in." in text
        assert "2. Wave the receipt for your banknote." in text
        await pilot.press("h")
        await settle(pilot)
        text = screen_text(app)
        assert "2. The Harbour" in text and "3. The Harbour" not in text
        assert "Continue" not in text  # page turns are not in the history list
