"""The map (m), the timeline (t), the chapter card and the ending's path and chart.

Pilot tests check what a player sees and does; the snapshots pin the pictures themselves
(a fixed seed and theme, so they are stable). Update them with --snapshot-update and look
at the SVGs before committing.
"""

from __future__ import annotations

import re

import pytest
from cli_helpers import modules_loaded_by
from textual.widgets import OptionList
from tui_helpers import ROOT, screen_text, settle, start_game

from game.presentation.pictures.map import CURRENT
from game.tui.screens.ending import EndingScreen
from game.tui.screens.map import MapScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.timeline import NOT_FOUND, TimelineScreen
from game.tui.widgets.chapter_card import ChapterCard
from game.tui.widgets.chapter_heading import ChapterHeading
from game.tui.widgets.map_view import MapView
from game.tui.widgets.note_card import NoteCard
from game.tui.widgets.stat_chart import StatPlotView

CAMPAIGN = ROOT / "scenes"
SIZE = (80, 24)


def option_texts(option_list: OptionList) -> dict[str, str]:
    """Each option's id and the text it shows."""
    return {
        option.id: str(option.prompt)
        for option in (option_list.get_option_at_index(i) for i in range(option_list.option_count))
    }


async def press(*keys: str, pilot) -> None:
    """Press the keys, then let every worker and screen change finish."""
    await pilot.press(*keys)
    await settle(pilot)


def listed_places(app) -> dict[str, str]:
    return option_texts(app.screen.query_one("#places", OptionList))


def highlighted_text(picture) -> str:
    """The characters the map picks out for the place highlighted in the list."""
    return "".join(
        char
        for chars, styles in zip(picture.chars, picture.styles, strict=True)
        for char, style in zip(chars, styles, strict=True)
        if style == "highlight"
    )


# ------------------------------------------------------------------ the map


async def test_m_opens_the_map_with_every_place_and_its_chapters(make_app):
    app = make_app(CAMPAIGN)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await press("m", pilot=pilot)
        assert isinstance(app.screen, MapScreen)
        story = app.story
        options = listed_places(app)
        for place in story.places.values():
            assert place.name in options[place.id], place.id
        for number, chapter in enumerate(story.chapters, start=1):
            assert f"{number}. {chapter.title}" in options[chapter.place], chapter.id
        # The first chapter happens at Sinuiju: the list and the map say so.
        assert "you are here" in options["sinuiju"]
        assert "you are here" not in options["pyongyang"]
        assert "Moscow" in options["moscow"] and "Far from Korea" in "".join(options.values())
        picture = app.screen.query_one(MapView).picture
        assert "\n".join(picture.lines()).count(CURRENT) == 1
        text = screen_text(app)
        assert "you are here: Sinuiju (Shineuiju)" in text
        assert "38th parallel" in text
        await press("escape", pilot=pilot)
        assert isinstance(app.screen, PlayScreen)


async def test_moving_through_the_list_picks_the_place_out_on_the_map(make_app):
    app = make_app(CAMPAIGN)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await press("m", pilot=pilot)
        places = app.screen.query_one("#places", OptionList)
        map_view = app.screen.query_one(MapView)
        assert places.highlighted_option.id == "sinuiju"
        while places.highlighted_option.id != "sunan":
            await pilot.press("down")
        await pilot.pause()
        assert map_view.highlighted == "sunan"
        assert highlighted_text(map_view.picture) == "●Sunan"
        await pilot.press("up")  # Antung shares a map cell with Sinuiju, the current place
        await pilot.pause()
        assert map_view.highlighted == "antung"
        assert "Sunan" not in highlighted_text(map_view.picture)


async def test_the_map_from_the_title_marks_no_place_as_yours(make_app):
    app = make_app(CAMPAIGN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press("m", pilot=pilot)
        assert isinstance(app.screen, MapScreen)
        options = listed_places(app)
        assert not any("you are here" in text for text in options.values())
        picture = app.screen.query_one(MapView).picture
        assert CURRENT not in "\n".join(picture.lines())
        assert "Pyongyang" in screen_text(app)


async def test_the_map_redraws_to_fit_a_smaller_terminal(make_app):
    app = make_app(CAMPAIGN)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await press("m", pilot=pilot)
        map_view = app.screen.query_one(MapView)
        big = map_view.picture.width, map_view.picture.height
        for size in ((60, 20), (40, 12)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        small = map_view.picture.width, map_view.picture.height
        assert small[0] < big[0] and small[1] < big[1]
        assert small == tuple(map_view.size)
        assert "Sinuiju" in screen_text(app)


# ------------------------------------------------------------- the timeline


async def test_t_opens_the_timeline_with_chapters_facts_and_the_players_choices(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start_game(pilot)
        await press("t", pilot=pilot)
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app)
        assert "■ April 1951  Chapter 1: The Airfield" in text
        assert "■ 2 May 1951  Chapter 2: The Patrol" in text
        assert "• April 1951  Pilots wore borrowed uniforms." in text
        assert "You:" not in text  # no choice made yet
        await press("escape", pilot=pilot)
        await press("1", "enter", "2", "enter", "t", pilot=pilot)
        text = screen_text(app)
        assert "✗ April 1951  You: Study the map first. · parted from history" in text
        assert "✓ April 1951  You: Put on the uniform. · as history went" in text
        # Year headings group the entries.
        assert "1951" in option_texts(app.screen.query_one("#entries", OptionList))["year:1951"]


async def test_enter_on_a_timeline_entry_reads_its_note(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start_game(pilot)
        await press("2", "enter", "t", pilot=pilot)
        entries = app.screen.query_one("#entries", OptionList)
        # The timeline opens on the player's first choice.
        assert "Put on the uniform." in str(entries.highlighted_option.prompt)
        await press("enter", pilot=pilot)
        card = app.screen.query_one(NoteCard)
        assert card.display and card.border_title == "What really happened"
        assert "Borrowed uniforms" in screen_text(app)
        # A fact whose note is still locked: the fact is history and reads; the note waits.
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#entry-card").display
        while "1951" not in str(entries.highlighted_option.prompt) or (
            "radio rule" not in str(entries.highlighted_option.prompt)
        ):
            await pilot.press("up")
        await press("enter", pilot=pilot)
        text = screen_text(app)
        assert "1951: The radio rule was dropped in practice." in text
        assert "Source: Test source B" in text
        assert NOT_FOUND in text
        assert not card.display
        await press("escape", "escape", pilot=pilot)
        assert isinstance(app.screen, PlayScreen)


# --------------------------------------------------------- the chapter card


async def test_the_card_shows_on_a_chapters_first_scene_only(make_app):
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:  # tall enough for the card's map
        await start_game(pilot)
        card = app.screen.query_one(ChapterCard)
        assert card.display
        assert not app.screen.query_one(ChapterHeading).display
        text = screen_text(app)
        assert "Chapter 1: The Airfield" in text and "You are a test pilot" in text
        assert CURRENT in text  # the little map marks Antung
        await pilot.press("2", "enter")  # on to the hangar, the chapter's second scene
        await settle(pilot)
        assert app.session.state.scene == "airfield.hangar"
        assert not card.display
        assert app.screen.query_one(ChapterHeading).display
        await pilot.press("1", "enter")  # take off: into chapter 2
        await settle(pilot)
        assert card.display
        assert "Chapter 2: The Patrol" in screen_text(app)
        assert "Sunan airfield, 2 May 1951" in screen_text(app)


async def test_on_a_short_terminal_the_card_drops_its_map_and_border(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        card = app.screen.query_one(ChapterCard)
        assert card.display and card.compact
        text = screen_text(app)
        assert "You are a test pilot" in text and CURRENT not in text
        assert card.region.height == 3


async def test_the_card_gives_way_to_the_heading_on_small_terminals(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        assert not app.screen.query_one(ChapterCard).display
        assert "Chapter 1: The Airfield" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.query_one(ChapterCard).display


# ------------------------------------------------------------------ the ending


async def test_the_ending_charts_each_stat_and_shows_the_path_beside_history(make_app):
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "2", "enter")  # study the map, then the uniform
        for _ in range(6):  # then the first choice, to the end
            await press("1", "enter", pilot=pilot)
            if isinstance(app.screen, EndingScreen):
                break
        assert isinstance(app.screen, EndingScreen)
        session = app.session
        assert len(session.states) > 4
        charts = {chart.id: chart for chart in app.screen.query(StatPlotView)}
        assert set(charts) == {f"stat-{name}" for name in app.story.stats}
        for name in app.story.stats:
            values = [state.values[name] for state in session.states]
            assert charts[f"stat-{name}"].values == values
        app.screen.query_one("#ending-page").scroll_end(animate=False)
        await pilot.pause()
        chart_text = screen_text(app)
        # Each chart is labelled with its stat's declared range, not the playthrough's
        # own lowest and highest, and its axis ticks where each chapter began.
        for stat in app.story.stats.values():
            assert re.search(rf"^ *{stat.max} ┤", chart_text, re.M), stat.name
            assert re.search(rf"^ *{stat.min} ┤", chart_text, re.M), stat.name
        axes = [line.strip() for line in chart_text.splitlines() if line.strip().startswith("└")]
        assert len(axes) == len(app.story.stats)
        assert all(axis.count("┬") == 2 for axis in axes)  # two chapters played
        assert re.search(r"^ +1 +2 *$", chart_text, re.M)
        app.screen.query_one("#ending-page").scroll_home(animate=False)
        await pilot.pause()
        text = screen_text(app)
        fuel = [state.values["fuel"] for state in session.states]
        assert f"Fuel  {fuel[0]} → {fuel[-1]}" in text
        assert "Deniability  5 → 6" in text
        # The key decisions in date order, each marked as it went against history.
        assert text.index("April 1951") < text.index("2 May 1951")
        assert text.count("followed history") == 2
        assert "Put on the uniform." in text and "The pilots put on the" in text


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 50)])
async def test_the_ending_has_one_scrollbar_clear_of_the_text(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await press("2", "enter", "1", "enter", "1", "enter", pilot=pilot)
        assert isinstance(app.screen, EndingScreen)
        scrolling = [w for w in app.screen.query("*") if w.show_vertical_scrollbar]
        assert [w.id for w in scrolling] in ([], ["ending-page"])
        page = app.screen.query_one("#ending-page")
        assert not [w for w in (page, *page.query("*")) if w.show_horizontal_scrollbar]
        footer = screen_text(app).splitlines()[-1]
        assert "^q Quit" in footer and "? Help" in footer, footer
        if scrolling:  # the column left of the scrollbar is blank on every row
            gap = page.vertical_scrollbar.region.x - 1
            rows = screen_text(app).splitlines()[page.region.y : page.region.bottom]
            assert all(len(row) <= gap or row[gap] == " " for row in rows)
            # and stays blank however far the text is scrolled: nothing is laid out in it
            assert all(child.region.right <= gap for child in page.children if child.display)


def test_the_chart_and_the_picture_screens_load_only_when_shown():
    """Importing the play and ending screens leaves Sparkline, the map and timeline unloaded."""
    screens = "import game.tui.app, game.tui.screens.play, game.tui.screens.ending"
    pictures = ("textual.widgets._sparkline", "game.tui.screens.map", "game.tui.screens.timeline")
    assert modules_loaded_by(screens, pictures) == []


# ---------------------------------------------------------------- snapshots


class TestPictureSnapshots:
    def test_map(self, snap_compare, make_app):
        async def open_map(pilot):
            await start_game(pilot)
            await press("m", "down", "down", pilot=pilot)

        assert snap_compare(make_app(CAMPAIGN), terminal_size=SIZE, run_before=open_map)

    def test_map_at_60_by_20(self, snap_compare, make_app):
        async def open_map(pilot):
            await start_game(pilot)
            await press("m", pilot=pilot)

        assert snap_compare(make_app(CAMPAIGN), terminal_size=(60, 20), run_before=open_map)

    def test_timeline(self, snap_compare, make_app):
        async def open_timeline(pilot):
            await start_game(pilot)
            # Study the map (once only, so the uniform is then choice 1), then the uniform.
            await press("1", "enter", "1", "enter", "t", pilot=pilot)

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_timeline)

    def test_timeline_at_60_by_20(self, snap_compare, make_app):
        async def open_timeline(pilot):
            await start_game(pilot)
            await press("1", "enter", "t", pilot=pilot)

        assert snap_compare(make_app(CAMPAIGN), terminal_size=(60, 20), run_before=open_timeline)

    def test_timeline_note(self, snap_compare, make_app):
        async def read_note(pilot):
            await start_game(pilot)
            await press("2", "enter", "t", "enter", pilot=pilot)

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=read_note)

    def test_ending_chart(self, snap_compare, make_app):
        async def ending(pilot):
            await start_game(pilot)
            await press("2", "enter", "1", "enter", "1", "enter", pilot=pilot)
            pilot.app.screen.query_one("#ending-page").scroll_end(animate=False)
            await pilot.pause()

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=ending)

    def test_play_with_the_chapter_card(self, snap_compare, make_app):
        assert snap_compare(make_app(CAMPAIGN), terminal_size=SIZE, run_before=start_game)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 50)])
async def test_the_timeline_draws_1945_to_1960_as_an_axis_and_jumps_by_year(make_app, size):
    app = make_app(CAMPAIGN)
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await press("1", "enter", "t", pilot=pilot)
        assert isinstance(app.screen, TimelineScreen)
        lines = screen_text(app).splitlines()
        axis = next(line for line in lines if line.strip().startswith("┼"))
        assert axis.count("┼") == 16  # a tick a year, 1945 to 1960
        assert re.search(r"^ *1945 ", lines[lines.index(axis) + 1])
        chapters = lines[lines.index(axis) - 2]  # above the player's path
        assert chapters.count("■") >= 5  # the chapters placed on their years
        assert "✓" in lines[lines.index(axis) - 1]  # the player's first choice, as history went
        footer = lines[-1]  # Left/Right shown, and quit and help still fit beside them
        assert "←→ Year" in footer and "^q Quit" in footer and "? Help" in footer, footer
        screen = app.screen
        entries = screen.query_one("#entries", OptionList)

        def year() -> int:
            option = entries.get_option_at_index(entries.highlighted)
            return screen.entries[int(option.id.removeprefix("entry:"))].year

        start = year()
        await press("right", pilot=pilot)
        assert year() > start and app.focused is entries
        later = year()
        await press("right", "left", pilot=pilot)
        assert year() == later
        await press("left", "left", "left", pilot=pilot)
        assert year() < later


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_timelines_entries_read_at_a_measure_centred_and_clear_of_the_scrollbar(
    make_app, size
):
    """At 200x50 the entries ran 195 columns a line; at 80x24 text touched the thumb."""
    app = make_app(CAMPAIGN)
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await press("1", "enter", "t", pilot=pilot)
        await settle(pilot)
        entries = app.screen.query_one("#entries", OptionList)
        width = size[0]
        assert entries.region.width <= 100
        left, right = entries.region.x, width - entries.region.right
        assert abs(left - right) <= 2  # centred (the body's padding aside)
        assert entries.show_vertical_scrollbar
        gap = entries.vertical_scrollbar.region.x - 1
        rows = screen_text(app).splitlines()[entries.region.y : entries.region.bottom]
        touching = [row for row in rows if len(row) > gap and row[gap] not in " ─"]
        assert not touching, (gap, touching)
