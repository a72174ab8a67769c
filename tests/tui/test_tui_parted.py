"""The TUI answers the player's path: 'In history' note cards, reminders of notes read
before, the recap on the way into a chapter and where the path parted, at the ending."""

from __future__ import annotations

from tui_helpers import ROOT, screen_text, start_game

from game.tui.screens.ending import EndingScreen
from game.tui.widgets.note_card import NoteCard

ANSWERS_BACK = ROOT / "tests" / "stories" / "answers-back"


async def choose(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()


async def test_a_history_note_in_a_world_gone_elsewhere_is_headed_in_history(make_app):
    app = make_app(ANSWERS_BACK)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_game(pilot)
        await choose(pilot, "2")  # warn the clerk, as history did
        await pilot.press("2")  # burn the ledger: the world leaves history
        await pilot.pause()
        card = app.screen.query_one(NoteCard)
        assert card.border_title == "In history"
        text = screen_text(app)
        assert "The ledger survived in the archive." in text
        # the chosen line, a blank, then the heading on the outcome it heads
        lines = [line.split("▏")[0].strip() for line in text.splitlines()]  # not the panel
        heading = lines.index("In your story:")
        assert lines[heading - 1] == "" and lines[heading - 2].startswith("> ")
        assert lines[heading + 1].startswith("The ledger burns")


async def test_a_note_read_before_is_a_reminder_on_its_card(make_app):
    app = make_app(ANSWERS_BACK)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1")  # wait: the note in full
        await pilot.press("1")  # wait again: the same note
        await pilot.pause()
        text = screen_text(app)
        assert "(Note read before: Waiting. It is in the journal, j.)" in text
        assert "Waiting changes nothing but the tide." not in text


async def test_the_ending_shows_the_recap_and_where_the_path_parted(make_app):
    app = make_app(ANSWERS_BACK)
    async with app.run_test(size=(100, 50)) as pilot:
        await start_game(pilot)
        await choose(pilot, "3", "1")  # bribe, then leave: into chapter two's ending
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        text = " ".join(screen_text(app).split())
        assert "Chapter 1 recap" in text
        assert "You paid the clerk instead of warning him." in text
        assert "Your path parted from history at step 1 (The Dock, The Quay, June 1950)" in text


async def test_note_cards_and_the_journal_show_a_note_s_variants(make_app):
    app = make_app(ANSWERS_BACK)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_game(pilot)
        await choose(pilot, "2")  # warn the clerk: trust goes to 2
        await pilot.press("2")  # burn the ledger
        await pilot.pause()
        card = " ".join(screen_text(app).split())
        assert "The ledger survived in the archive. In your story, it burned." in card
        await pilot.press("j")
        await pilot.pause()
        journal = " ".join(screen_text(app).split())
        assert "In this story history warned the clerk, and the clerk trusts you." in journal
        assert "The ledger survived in the archive. In your story, it burned." in journal
        assert "{if" not in journal
