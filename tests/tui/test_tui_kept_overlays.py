"""The overlays are composed once and opened again (game/tui/kept_overlays.py): what an
overlay opened again shows must be, to the character and the colour, what a new one shows.

Each check opens the overlay (the kept screen, brought up to date), takes Textual's
screenshot, closes it, then opens a new screen of the same overlay in the same app and
state (the kept ones turned off) and compares the two pictures. Between checks the game
moves on (choices, undo, a rewind, a second game, a load, a reload of the story) and the
terminal changes size and theme, and the kept screens are left scrolled, filtered, with a
card open, so a kept screen that forgot to bring anything back shows it here.
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from story_helpers import CAMPAIGN
from textual.widgets import Static
from tui_helpers import FEATURE_TOUR, save_as, screen_text, settle, start_game

from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.history import HistoryScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.map import MapScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.timeline import TimelineScreen

OVERLAYS = {
    "j": JournalScreen,
    "m": MapScreen,
    "t": TimelineScreen,
    "question_mark": HelpScreen,
    "h": HistoryScreen,
}
# Keys pressed in each overlay to leave it other than it opened: scrolled, filtered, a
# card open, another place picked.
STIR = {
    "j": ("z", "z"),
    "m": ("down", "down", "down"),
    "t": ("down", "down", "enter"),
    "question_mark": ("pagedown",),
    "h": ("home",),
}


async def close_overlays(pilot) -> None:
    app = pilot.app
    for _ in range(4):  # the timeline closes its card first
        if not isinstance(app.screen, tuple(OVERLAYS.values())):
            return
        await pilot.press("escape")
        await settle(pilot)
    raise AssertionError(f"{app.screen} did not close")


async def picture(pilot, key: str, *then: str) -> tuple[tuple[str, str], object]:
    """Open the overlay with `key`, press `then`, and return its screenshot and screen."""
    app = pilot.app
    await pilot.press(key, *then)
    await settle(pilot)
    app.clear_notifications()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, OVERLAYS[key]), screen
    # The picture's ids are a hash of the picture: the same picture, the same ids.
    svg = app.export_screenshot()
    shot = (screen_text(app, svg), re.sub(r"terminal-[0-9]+", "terminal", svg))
    await close_overlays(pilot)
    return shot, screen


async def same_as_new(pilot, key: str, *then: str) -> None:
    """The kept overlay, opened again, shows what a new one shows."""
    app = pilot.app
    kept_shot, kept = await picture(pilot, key, *then)
    assert app.is_screen_installed(f"kept:{OVERLAYS[key].__name__}")
    assert app.get_screen(f"kept:{OVERLAYS[key].__name__}") is kept
    app.overlays.enabled = False
    try:
        new_shot, new = await picture(pilot, key, *then)
    finally:
        app.overlays.enabled = True
    assert new is not kept
    for kept_one, new_one in zip(kept_shot, new_shot, strict=True):  # the text first
        if kept_one != new_one:
            diff = difflib.unified_diff(
                new_one.splitlines(), kept_one.splitlines(), "new", "kept", lineterm="", n=1
            )
            lines = [line[:300] for line in diff]
            raise AssertionError(
                f"{key}: the kept screen differs from a new one\n" + "\n".join(lines)
            )


async def all_same_as_new(pilot, keys=tuple(OVERLAYS)) -> None:
    for key in keys:
        await same_as_new(pilot, key)


async def stir(pilot, keys=tuple(OVERLAYS)) -> None:
    """Open each overlay, leave it scrolled, filtered or with a card open, and close it."""
    for key in keys:
        await pilot.press(key, *STIR[key])
        await settle(pilot)
        await close_overlays(pilot)


async def choose(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key, "enter")
        await settle(pilot)
    assert isinstance(pilot.app.screen, PlayScreen)


async def test_a_kept_journal_and_timeline_show_what_new_ones_show_after_a_choice(make_app):
    """The short form of the test below, for `make quick`: left filtered and with a card
    open, then a choice adds a note and an entry."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1")
        await stir(pilot, ("j", "t"))
        await choose(pilot, "1")
        await all_same_as_new(pilot, ("j", "t"))


@pytest.mark.slow
async def test_a_kept_overlay_shows_what_a_new_one_shows_as_the_game_moves_on(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1")
        await stir(pilot)
        await choose(pilot, "1")  # a note, a timeline entry, a history row more
        await all_same_as_new(pilot)
        await stir(pilot)
        await pilot.press("u")  # undo: one fewer of each
        await settle(pilot)
        await all_same_as_new(pilot)
        await choose(pilot, "2", "1")  # another path: another chapter, another place
        await stir(pilot)
        await all_same_as_new(pilot)


@pytest.mark.slow
async def test_a_kept_overlay_follows_a_rewind_a_second_game_and_a_load(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1", "1")
        await save_as(pilot, "early")
        await choose(pilot, "1")
        await stir(pilot)
        await pilot.press("h", "home", "enter")  # rewind to before the first choice
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.state.choices_made == 0
        await all_same_as_new(pilot)
        await choose(pilot, "2")
        await stir(pilot)
        app.new_game()  # a second game: asks first, since one is in play
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await settle(pilot)
        assert app.session.state.choices_made == 0
        await all_same_as_new(pilot)
        await stir(pilot)
        app.load_game("early")
        await settle(pilot)
        assert app.session.state.choices_made == 2
        await all_same_as_new(pilot)


@pytest.mark.slow
async def test_a_kept_overlay_opened_at_another_size_or_theme_shows_what_a_new_one_shows(
    make_app,
):
    """Composed at the widest size, then shown narrower, then at the narrowest (the side
    panel gone), then in another theme. Growing is in the campaign's test below."""
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1", "1")
        await stir(pilot)
        for size in ((80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await all_same_as_new(pilot)
            await stir(pilot)
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await settle(pilot)
        await all_same_as_new(pilot)


@pytest.mark.slow
async def test_a_kept_overlay_resized_while_open_then_opened_again(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1", "1")
        for key in OVERLAYS:
            await pilot.press(key)
            await settle(pilot)
            await pilot.resize_terminal(60, 20)
            await settle(pilot)
            await close_overlays(pilot)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            await same_as_new(pilot, key)


@pytest.mark.slow
async def test_keys_pressed_as_a_kept_overlay_opens_go_where_they_go_in_a_new_one(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1", "1")
        await stir(pilot)
        # Pressed with the opening key, before the screen has drawn.
        await same_as_new(pilot, "j", "s", "e", "a")  # typed into the filter
        await same_as_new(pilot, "t", "down", "enter")  # the next entry's card
        await same_as_new(pilot, "m", "end")
        await same_as_new(pilot, "h", "up")
        await same_as_new(pilot, "question_mark", "pagedown")


@pytest.mark.slow
async def test_kept_overlays_on_the_title_show_the_newest_save(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1", "1")
    app = make_app()  # the same save folder: its newest save is the game above
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session is None and app.newest_save is not None
        await stir(pilot, ("j", "m", "t", "question_mark"))
        await all_same_as_new(pilot, ("j", "m", "t", "question_mark"))
        await pilot.press("n")  # then a game: the same screens, of the game in play
        await settle(pilot)
        await choose(pilot, "1")
        await all_same_as_new(pilot)


@pytest.mark.slow
async def test_a_kept_overlay_is_built_again_for_a_reloaded_story(saves, clock, tmp_path):
    from game.tui.live_reload import WatchingApp

    story = Path(shutil.copytree(FEATURE_TOUR, tmp_path / "story"))
    app = WatchingApp(story, watch=False, seed=1, saves=saves, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1")  # the map note
        await stir(pilot)
        kept = app.get_screen("kept:JournalScreen")
        chapter = story / "one.yaml"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("Maps and memory", "Maps remembered", 1), encoding="utf-8")
        app.reload_story([chapter])
        for _ in range(100):
            await settle(pilot)
            if app.story is not kept.story:
                break
        assert app.story is not kept.story
        await all_same_as_new(pilot)
        assert app.get_screen("kept:JournalScreen") is not kept
        await pilot.press("j")
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        assert "Maps remembered" in str(notes.get_option_at_index(1).prompt)


async def wait_for_overlays_composed_ahead(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        if app.overlays_ready:
            return
        await pilot.pause(0.05)
    raise AssertionError("the overlays were never composed ahead")


async def opened_without_a_layout(pilot, key: str, screen_type: type) -> bool:
    """Once nothing kept is left to lay out and draw ahead, open the kept `screen_type`
    with `key`: whether Textual opened it without laying it out."""
    app = pilot.app
    for _ in range(200):
        if not app.overlays.settling:
            break
        await pilot.pause(0.02)
    kept = app.get_screen(f"kept:{screen_type.__name__}")
    layouts: list[object] = []
    kept.screen_layout_refresh_signal.subscribe(kept, layouts.append)
    await pilot.press(key)
    await settle(pilot)
    assert app.screen is kept
    return not layouts


async def test_an_overlay_composed_ahead_opens_without_being_laid_out_again(make_app):
    """Laid out ahead until no widget asks for another layout, then drawn once off the
    terminal: the first opening only shows it. Before, the help was laid out again as it
    first opened, for the sizes its first layout ahead had given its texts."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await wait_for_overlays_composed_ahead(pilot)
        assert await opened_without_a_layout(pilot, "question_mark", HelpScreen)


@pytest.mark.slow
async def test_overlays_brought_up_to_date_in_a_pause_open_as_new_ones_and_unlaid(make_app):
    """After input and a second's quiet, each kept overlay is brought up to date for the
    game as its opening would, then laid out and drawn off the terminal: opening the
    timeline after two choices shows what a new timeline shows, with no layout left to
    do (it took two before). Stirred first, so the overlays brought ahead were left
    scrolled, filtered and with a card open."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1")
        await stir(pilot)
        await choose(pilot, "1")
        await wait_for_overlays_composed_ahead(pilot)
        before = app.overlays.brought_ahead
        for _ in range(300):
            if app.overlays.brought_ahead >= before + len(OVERLAYS):
                break
            await pilot.pause(0.02)
        assert app.overlays.brought_ahead >= before + len(OVERLAYS), "each brought ahead"
        assert await opened_without_a_layout(pilot, "t", TimelineScreen)
        await close_overlays(pilot)
        await all_same_as_new(pilot)


@pytest.mark.slow
async def test_overlays_composed_ahead_show_what_new_ones_show(make_app):
    """Composed in the quiet on the title and in play, off the screen stack: the first
    opening of each is of that screen, and shows what a new one shows. At 60x20, where
    the play screen has no side panel (the size only changes what is laid out ahead)."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await wait_for_overlays_composed_ahead(pilot)
        ahead = {
            key: app.get_screen(f"kept:{screen.__name__}")
            for key, screen in OVERLAYS.items()
            if key != "h"
        }
        await all_same_as_new(pilot, ("j", "m", "t", "question_mark"))
        await pilot.press("n")
        await settle(pilot)
        await choose(pilot, "1", "1")
        await wait_for_overlays_composed_ahead(pilot)
        history = app.get_screen("kept:HistoryScreen")
        await all_same_as_new(pilot)
        assert app.get_screen("kept:HistoryScreen") is history
        for key, screen in ahead.items():
            assert app.get_screen(f"kept:{OVERLAYS[key].__name__}") is screen


@pytest.mark.slow
async def test_a_kept_overlay_after_a_resize_scrolls_as_a_new_one_on_the_campaign(make_app):
    """On the campaign the timeline's first choice and the history's last one are far
    enough down that a list scrolled at one size is scrolled otherwise at another: here
    grown from 80x24 to 200x50, then shrunk to 60x20."""
    app = make_app(CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, "1", "1", "1", "1", "1")
        await stir(pilot)
        await all_same_as_new(pilot)
        for size in ((200, 50), (60, 20)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await all_same_as_new(pilot)


async def test_the_modal_overlays_keep_the_modal_screens_look(make_app):
    """Textual takes a class's default CSS from its first base only: KeptScreen listed
    first dropped ModalScreen's translucent background, and the game behind the journal,
    the help and the history went dark. Each, opened, lets the game show through."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for key in ("j", "question_mark", "h"):
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, OVERLAYS[key]), screen
            assert 0 < screen.styles.background.a < 1, (key, screen.styles.background)
            await close_overlays(pilot)


async def test_a_filter_change_arriving_late_does_not_filter_the_reopened_journal(make_app):
    """Escape and a digit typed together in tmux: the digit reached the closing journal's
    filter, and its change message came after the journal was opened again with the
    filter emptied, which then said "No note matches the filter." under an empty filter.
    Here the late message is sent by hand, after the journal has opened again."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")  # a note unlocked
        await settle(pilot)
        for _ in range(2):  # the second opening is the kept journal's
            await pilot.press("j")
            await settle(pilot)
            journal = app.screen
            assert isinstance(journal, JournalScreen)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        typed = journal.query_one("#filter", Input)
        journal.post_message(Input.Changed(typed, "1"))
        await settle(pilot)
        assert typed.value == ""
        assert "No note matches" not in screen_text(app)
        assert journal.query_one("#notes").display


async def test_the_kept_maps_legend_takes_the_lines_its_place_needs(make_app):
    """Moving to a place whose legend wraps onto more or fewer lines lays the legend out
    again; a place whose legend fits the same lines only redraws it (a layout of the map
    screen made a change of place cost twice an ordinary opening)."""
    app = make_app(CAMPAIGN)
    async with app.run_test(size=(90, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MapScreen)
        legend = screen.query_one("#map-legend", Static)
        heights = {}
        for place in ("moscow", "sinuiju", "beijing", "sinuiju"):
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            assert screen.reopen(app.story, place)
            await settle(pilot)
            name = app.story.places[place].name
            assert "".join(screen_text(app).split()).count("".join(f"here: {name}".split())) == 1
            wanted = legend.visual.get_height(
                legend.styles.get_rules(), legend.content_region.width
            )
            assert legend.size.height == wanted, place
            heights[place] = wanted
        assert heights["moscow"] < heights["sinuiju"]  # the test crosses a change of lines
