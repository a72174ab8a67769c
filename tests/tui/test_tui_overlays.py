"""Journal, history, help and the command palette: the overlays over the play screen."""

from __future__ import annotations

import re

import pytest
from tui_helpers import ROOT, screen_text, settle, start_game

from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.history import HistoryScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.play import PlayScreen
from game.tui.widgets.note_list import NoteList


def visible_titles(screen) -> list[str]:
    notes = screen.query_one(NoteList)
    return [screen.story.notes[note_id].title for note_id in notes.shown] if notes.display else []


@pytest.mark.slow
async def test_the_journal_lists_unlocked_notes_by_chapter_and_filters_as_you_type(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter")  # the map note, then the uniform note
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert visible_titles(app.screen) == ["Maps and memory", "Borrowed uniforms"]
        total = len(app.story.notes)
        assert f"2 of {total} notes unlocked; {total - 2} still locked." in screen_text(app)
        assert "The Airfield" in screen_text(app)
        await pilot.press(*"borrowed")
        await pilot.pause()
        assert visible_titles(app.screen) == ["Borrowed uniforms"]
        assert "Showing 1." in screen_text(app)
        await pilot.press(*" nothing-matches")
        await pilot.pause()
        assert visible_titles(app.screen) == []
        assert "No note matches the filter." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 50)])
async def test_the_journal_heads_chapters_and_page_keys_scroll_while_the_filter_has_focus(
    make_app, size
):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter", "j")
        await settle(pilot)
        notes = app.screen.query_one(NoteList)
        rows = screen_text(app).splitlines()[notes.region.y : notes.region.bottom]
        assert "Chapter 1: The Airfield" in "\n".join(rows)  # as the plain journal heads it
        notes.styles.height = 3  # a journal longer than its window
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert notes.scroll_y > 0 and app.focused is app.screen.query_one("#filter")
        assert "Sources: Test source A; Test source B" in screen_text(app)
        await pilot.press("pageup", "pageup", "pageup", "pageup")
        await pilot.pause()
        assert notes.scroll_y == 0
        await pilot.press(*"borrowed")  # the filter still has the keys
        await pilot.pause()
        assert visible_titles(app.screen) == ["Borrowed uniforms"]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_journal_opens_with_its_first_chapter_heading_in_view(make_app, size):
    """The campaign's notes are taller than the journal at 80x24: highlighting the first
    one scrolled the heading above it out of view."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "j")
        await settle(pilot)
        notes = app.screen.query_one(NoteList)
        rows = screen_text(app).splitlines()[notes.region.y : notes.region.bottom]
        assert "Chapter 1: The School by the River" in "\n".join(rows)
        assert notes.highlighted is not None  # Enter still has the first note


async def test_the_journals_text_keeps_clear_of_its_scrollbar(make_app):
    """The scrollbar sits inside the list's padding: 'Ivan' ran into the thumb."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "2", "enter", "j")
        await settle(pilot)
        notes = app.screen.query_one(NoteList)
        assert notes.show_vertical_scrollbar
        gap = notes.vertical_scrollbar.region.x - 1
        for _ in range(8):
            rows = screen_text(app).splitlines()[notes.region.y : notes.region.bottom]
            assert all(len(row) <= gap or row[gap] in " ─" for row in rows), rows
            await pilot.press("pagedown")
            await pilot.pause()


async def test_the_journal_filter_searches_sources_too(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter", "j")
        await settle(pilot)
        await pilot.press(*"source b")
        await pilot.pause()
        assert visible_titles(app.screen) == ["Borrowed uniforms"]


async def test_an_empty_journal_says_how_notes_unlock(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert "The journal is empty" in screen_text(app)


async def test_history_lists_choices_and_rewinds_to_the_one_picked(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter", "1", "enter")
        await pilot.pause()
        assert len(app.session.steps) == 3
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "1. The Airfield · Briefing" in text
        assert "> Study the map first." in text
        assert "You learn the river by heart." in text
        await pilot.press("home", "down", "enter")  # the second choice: the uniform
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert len(app.session.steps) == 1
        assert app.session.state.scene == "airfield.briefing"
        assert "1. Put on the uniform." in screen_text(app)


async def test_history_rewind_can_be_called_off(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "h")
        await settle(pilot)
        await pilot.press("enter", "n")
        await settle(pilot)
        assert len(app.session.steps) == 1


async def test_help_lists_every_key_and_escape_closes_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await start_game(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("1 – 9", "ctrl+p", "escape", "ctrl+q"):
            assert key in text
        # Every key bound on the play screen is explained, under the name players read.
        shown_as = {"pageup": "PgUp", "pagedown": "PgDn"}
        for binding in PlayScreen.BINDINGS:
            for key in binding.key.split(","):
                if key in ("enter", "space") or key.isdigit():
                    continue
                name = shown_as.get(key, key)
                assert re.search(rf"(^|[\s,]){re.escape(name)}([\s,]|$)", text, re.M), key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_the_command_palette_offers_the_game_commands(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("New game", "Save", "Load", "Journal", "History", "Theme", "Quit"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"journal")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_the_palette_lists_the_game_commands_first_and_none_of_textuals_tools(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[:3] == ["New game", "Save", "Load"]
        assert titles.index("Quit") < titles.index("Theme") == len(titles) - 1
        await pilot.press("ctrl+p")
        await settle(pilot)
        text = screen_text(app)
        # Each row's text without the scrollbar drawn at its far end.
        lines = [re.split(r"\s{2,}", line.strip())[0] for line in text.splitlines()]
        shown = [line for line in lines if line in titles]
        assert shown == titles[: len(shown)] and len(shown) >= 5  # in the game's order
        for tool in ("Keys", "Maximize", "as soon as possible", "Screenshot"):
            assert tool not in text
        await pilot.press(*"max")
        await pilot.pause(0.3)
        assert "Maximize" not in screen_text(app)


async def test_rewinding_from_the_palette_needs_a_game(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_history()
        app.action_save()
        app.action_undo()
        await pilot.pause()
        assert app.screen_stack[-1] is app.screen and len(app.screen_stack) == 1


@pytest.mark.slow
async def test_no_screen_makes_textual_read_more_css_once_the_title_is_ready(make_app):
    """Every stylesheet a screen uses is read while the title waits (tui/warm_styles.py):
    a screen or widget whose CSS Textual first meets as it opens makes Textual parse the
    whole stylesheet again on that key. A new widget class or screen missing from the
    reading fails here."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        while not (app.screens_prepared and app.play_screen_ready):
            await pilot.pause(0.01)
        read = set(app.stylesheet.source)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("1")  # an outcome and its note card
        await settle(pilot)
        for key in ("j", "m", "t", "question_mark", "h", "s", "l"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is not None
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, PlayScreen), key
        await pilot.press("ctrl+p")  # a question: New game asks first with a game in play
        await pilot.press(*"new game")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert set(app.stylesheet.source) - read == set()
        # Textual caches 64 parsed sources: more, and each parse starts from nothing.
        assert len(app.stylesheet.source) <= 64


async def test_a_second_app_and_a_theme_chosen_again_parse_no_stylesheet_again(
    make_app, monkeypatch
):
    """Parsed stylesheets are kept for the process (game/tui/textual_fixes.py): Textual kept
    them in one Stylesheet object, which each re-read of the CSS and each app replaces."""
    from textual.css import stylesheet

    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while not (first.screens_prepared and first.play_screen_ready):
            await pilot.pause(0.01)
    parsed: list[str] = []
    parse = stylesheet.parse
    monkeypatch.setattr(stylesheet, "parse", lambda *a, **k: parsed.append(a[2]) or parse(*a, **k))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while not (app.screens_prepared and app.play_screen_ready):
            await pilot.pause(0.01)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert parsed == []
        kept = app.theme
        other = "textual-light" if kept != "textual-light" else "textual-dark"
        app.theme = other
        await settle(pilot)
        assert parsed  # new colours: parsed once
        seen = len(parsed)
        for theme in (kept, other, kept, other):
            app.theme = theme
            await settle(pilot)
        # Only a widget class met for the first time may add (or lower the priority of) a
        # source, parsed then once for each colour: never the whole stylesheet per switch.
        assert len(parsed) - seen < 20, parsed[seen:]


@pytest.mark.slow
async def test_closed_overlays_leave_nothing_they_drew_behind(make_app):
    """Textual 8.2 kept the style caches of closed widgets, with every line they last drew,
    in an lru_cache keyed on the cache itself (game/tui/textual_fixes.py): each round of
    overlays left some hundreds of lines behind for good, and the heap grew all game."""
    import gc

    from textual.strip import Strip

    def live_lines() -> int:
        gc.collect()
        return sum(1 for thing in gc.get_objects() if type(thing) is Strip)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        counts = []
        for _ in range(3):
            for key in ("j", "m", "t", "question_mark", "h"):
                await pilot.press(key)
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, PlayScreen)
            counts.append(live_lines())
        assert counts[2] - counts[1] < 50, counts  # the first round fills caches that stay
