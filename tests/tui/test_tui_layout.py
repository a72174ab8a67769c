"""Small terminals and resizing: 80x24 and 60x20 stay usable, nothing clipped, no crash."""

from __future__ import annotations

import re

import pytest
from textual.widgets import OptionList
from tui_helpers import ROOT, screen_text, settle, start_game

from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.side_panel import SidePanel


def inside_screen(app, widget) -> bool:
    region = widget.region
    return (
        region.width > 0
        and region.height > 0
        and region.right <= app.size.width
        and region.bottom <= app.size.height
    )


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_choice_is_on_screen(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        choices = app.screen.query_one(ChoiceList)
        assert inside_screen(app, choices)
        # The whole list fits: nothing hidden below its edge.
        assert choices.virtual_size.height <= choices.scrollable_content_region.height
        text = screen_text(app)
        for option in choices.engine_options:
            assert f"{option.number}. {option.choice.text.raw[:10]}" in text
        await pilot.press("2")
        await pilot.pause()
        assert inside_screen(app, choices)
        assert "▶ Continue" in screen_text(app)


async def test_a_choice_that_wraps_goes_on_under_its_text_not_its_number(make_app):
    """At 60 columns the campaign's first choices take two lines each: the second line
    once started at the left edge, under the number, where it read as a choice of its own."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        choices = app.screen.query_one(ChoiceList)
        rows = screen_text(app).splitlines()[choices.region.y : choices.region.bottom]
        starts = [i for i, row in enumerate(rows) if re.match(r" *\d+\. ", row)]
        assert len(starts) == len(choices.engine_options) and len(rows) > len(starts), rows
        for i, row in enumerate(rows[starts[0] :], start=starts[0]):
            if i not in starts and row.strip():  # a line a choice's text went on to
                number = re.match(r" *\d+\. ", rows[max(s for s in starts if s < i)])
                assert row[: number.end()].isspace(), rows


async def test_the_choice_made_goes_on_under_its_words_above_the_outcome(make_app):
    """At 60 columns "> First walk the field with Kan: the hangar, the" went on with
    "wrecks, the river." under the marker, where it read as the start of the outcome."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        await pilot.press("3")
        await settle(pilot)
        rows = screen_text(app).splitlines()
        first = next(i for i, row in enumerate(rows) if row.lstrip().startswith("> First walk"))
        marker = rows[first].index(">")
        assert rows[first + 1][marker:].startswith("  wrecks, the river."), rows[first : first + 2]


async def test_the_title_menu_fits_at_60_by_20(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for label in ("New game", "Continue", "Load", "Replay a saved game", "Help", "Quit"):
            assert label in text


async def test_the_side_panel_hides_on_narrow_terminals_and_n_toggles_it(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        panel = app.screen.query_one(SidePanel)
        assert not panel.display
        await pilot.press("n")
        await pilot.pause()
        assert panel.display
        assert "Deniability" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert not panel.display


async def test_the_side_panel_follows_the_width_until_toggled(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        panel = app.screen.query_one(SidePanel)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert panel.display
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert not panel.display


@pytest.mark.parametrize("key", ["j", "m", "t", "question_mark", "h"])
async def test_a_resize_under_an_overlay_reaches_the_game_beneath(make_app, key):
    """A resize while an overlay is open lays out the overlay and the play screen under it,
    which shows its side panel from 100 columns: closing the overlay shows the game at the
    terminal's new size."""
    app = make_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await start_game(pilot)
        play = app.screen
        assert play.query_one(SidePanel).display
        await pilot.press(key)
        await settle(pilot)
        overlay = app.screen
        assert overlay is not play and overlay.size == (110, 32)
        await pilot.resize_terminal(84, 26)
        await settle(pilot)
        assert overlay.size == (84, 26)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is play and play.size == (84, 26)
        assert not play.query_one(SidePanel).display
        assert inside_screen(app, play.query_one(ChoiceList))


@pytest.mark.slow
async def test_resizing_mid_game_never_crashes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for size in ((30, 10), (200, 60), (60, 20), (1, 1), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("2")
        for size in ((40, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("enter", "j")
        await settle(pilot)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "airfield.hangar"


async def test_page_keys_scroll_long_prose_while_the_choices_keep_focus(make_app, make_story):
    long_text = "\n\n".join(f"Paragraph {n} of a long briefing." for n in range(1, 30))
    chapter = (
        "chapter: {id: one, title: One, place: somewhere, date: 1950-04, viewpoint: someone}\n"
        "scenes:\n  start:\n    text: |\n"
        + "".join(f"      {line}\n" for line in long_text.splitlines())
        + "    choices:\n      - {id: go, text: Go., outcome: Gone., note: n, goto: end}\n"
        "  end:\n    ending: {title: End, kind: historical, epilogue: Done.}\n"
        "notes:\n  n: {title: N, kind: counterfactual, text: T., sources: [S]}\n"
    )
    app = make_app(story=make_story({"one.yaml": chapter}))
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        assert "Paragraph 29" not in screen_text(app)
        for _ in range(12):
            await pilot.press("pagedown")
        await pilot.pause()
        assert "Paragraph 29" in screen_text(app)
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("pageup", "pageup", "pageup", "pageup", "pageup", "pageup")
        await pilot.press("pageup", "pageup", "pageup", "pageup", "pageup", "pageup")
        await pilot.pause()
        assert "Paragraph 1 " in screen_text(app)


@pytest.mark.slow
async def test_page_keys_scroll_the_ending_while_the_menu_keeps_focus(make_app):
    historical = ROOT / "saves" / "examples" / "campaign-historical.json"
    app = make_app(story=ROOT / "scenes", load=str(historical))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        assert "Notes unlocked" not in screen_text(app)
        for _ in range(30):
            await pilot.press("pagedown")
        await pilot.pause()
        assert "Notes unlocked" in screen_text(app)  # the end of the page
        assert isinstance(app.focused, OptionList)
        assert app.focused.highlighted == 0  # the menu's highlight did not move
        for _ in range(30):
            await pilot.press("pageup")
        await pilot.pause()
        assert "As history went" in screen_text(app)


async def test_at_80_by_24_the_panel_hides_and_a_dozen_lines_of_prose_show(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert not app.screen.query_one(SidePanel).display  # below 100 columns
        text = screen_text(app)
        assert "Chapter 1: The Airfield" in text and "You are a test pilot" in text  # compact
        prose = app.screen.query_one("#prose")
        reading = app.screen.query_one("#reading")
        visible = reading.region.bottom - prose.region.y
        assert visible >= 12, visible


async def test_wide_terminals_keep_prose_at_a_readable_measure_and_grow_the_panel(make_app):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await start_game(pilot)
        prose = app.screen.query_one("#prose")
        assert prose.region.width <= 80
        assert prose.region.x > 30  # centred, not hugging the left edge
        choices = app.screen.query_one("#choices")  # under the prose, not at the left edge
        assert abs(choices.region.center[0] - prose.region.center[0]) <= 2
        panel = app.screen.query_one(SidePanel)
        assert panel.display and panel.region.width > 28
        assert "▶ 1. The Airfield 1/" in screen_text(app)


async def test_the_panels_chapters_rewrap_when_the_terminal_is_resized(make_app):
    """The chapter list was wrapped once per choice: widened, it kept its old short lines;
    narrowed, its long lines were cut at the panel's edge ('Carried 0/')."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert "▶ 1. The School by the River 1/" in screen_text(app)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        panel = app.screen.query_one(SidePanel)
        rows = [row[panel.region.x :] for row in screen_text(app).splitlines()]
        assert not any("The School by the River" in row for row in rows), rows
        assert any(re.search(r"Carried \d+/\d+$", row.rstrip()) for row in rows), rows


async def test_the_footer_keeps_quit_and_help_at_60_by_20(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^q Quit" in footer and "? Help" in footer, footer


def test_a_long_chapter_title_wraps_under_itself_in_the_panel():
    from game.engine.rules import new_game
    from game.story.loader import load_story
    from game.tui.widgets.side_panel import chapters_content

    story = load_story(ROOT / "scenes")
    text = chapters_content(story, new_game(story), width=26).plain
    assert "▶ 1. The School by the\n     River 1/" in text  # the count follows the campaign


async def test_left_and_right_move_between_the_confirm_buttons(make_app):
    from textual.widgets import Button

    from game.tui.screens.confirm import ConfirmScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        answers = []
        app.push_screen(ConfirmScreen("Rewind?", yes="Rewind"), answers.append)
        await pilot.pause()
        assert isinstance(app.focused, Button) and app.focused.id == "no"
        await pilot.press("left")
        assert app.focused.id == "yes"
        await pilot.press("right")
        assert app.focused.id == "no"
        await pilot.press("left", "enter")
        await pilot.pause()
        assert answers == [True]


def last_words(app, count: int = 2) -> str:
    assert app.story is not None and app.story.intro
    return " ".join(app.story.intro.split()[-count:])


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_page_down_reads_the_whole_title_framing_while_the_menu_keeps_focus(make_app, size):
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert last_words(app) not in screen_text(app)
        assert "PgDn More" in screen_text(app).splitlines()[-1]
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        text = screen_text(app)
        assert last_words(app) in text
        assert "PgDn More" not in text.splitlines()[-1]
        assert app.focused is app.screen.query_one("#menu")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 50)])
async def test_clicking_the_title_framing_leaves_enter_on_the_menu(make_app, size):
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.click("#intro")
        await pilot.click("#game-title")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.parametrize("size", [(80, 24), (68, 20), (60, 20)])
async def test_the_title_framing_keeps_a_blank_column_before_its_scrollbar(make_app, size):
    """The scrollbar sits inside the scroll's padding: a line of the framing that fills
    the measure ran into the thumb (68 columns is a small browser window)."""
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        framing = app.screen.query_one("#intro-scroll")
        assert framing.show_vertical_scrollbar, "the framing is longer than the room here"
        gap = framing.vertical_scrollbar.region.x - 1
        assert app.screen.query_one("#intro").region.right <= gap


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 50)])
async def test_the_title_footer_keeps_quit_and_help(make_app, size):
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^q Quit" in footer and "? Help" in footer, footer


async def test_the_whole_title_framing_shows_at_200_by_50(make_app):
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert last_words(app) in text
        assert "PgDn More" not in text
