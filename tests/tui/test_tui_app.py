"""Start-up, settings and errors: what a player meets before and around the game."""

from __future__ import annotations

import gc
import json

import pytest
from tui_helpers import ROOT, hold_the_story, screen_text, settle

from game.engine.clock import PlayClock
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.loader import check_story
from game.tui.settings import Settings, load_settings, save_settings, settings_dir
from game.tui.theme import DEFAULT_THEME


async def test_the_title_shows_the_story_and_its_framing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert app.story.title in text
        assert app.story.subtitle in text
        assert "The events are invented; the mechanics are real." in text


async def test_the_campaign_is_in_the_titles_first_frame(make_app, saves):
    """The story loads as the app starts and the first frame waits for it (a moment, on
    the campaign): the title is drawn once, with the story, its subtitle and Continue."""
    story = check_story(ROOT / "scenes")[0]
    SaveStore(saves).save("earlier", Session(story, 1))
    app = make_app(story=ROOT / "scenes")
    async with app.run_test(size=(80, 24)):
        # No pause: this is the first frame.
        assert app.story is not None
        text = screen_text(app)
        assert "Loading the story" not in text
        assert story.subtitle in text and "Continue (earlier)" in text
        assert "New game" in text, "the framing fitted: the menu is not below the screen"


async def test_a_story_slower_than_the_wait_follows_the_first_frame(make_app, monkeypatch):
    """The first frame waits for the story no longer than STORY_WAIT; the story follows."""
    release = hold_the_story(monkeypatch)
    monkeypatch.setattr(type(make_app()), "STORY_WAIT", 0.05)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.story is None
        release.set()
        await settle(pilot)
        assert app.story is not None and app.story.title in screen_text(app)


@pytest.mark.parametrize(("key", "screen"), [("t", "TimelineScreen"), ("m", "MapScreen")])
async def test_a_key_pressed_while_the_story_loads_opens_its_screen_once_loaded(
    make_app, monkeypatch, key, screen
):
    release = hold_the_story(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert app.story is None
        release.set()
        await settle(pilot)
        assert type(app.screen).__name__ == screen


async def test_page_down_pressed_while_the_story_loads_turns_the_framing_once_loaded(
    make_app, monkeypatch
):
    release = hold_the_story(monkeypatch)
    app = make_app(story=ROOT / "scenes")  # a framing longer than the title has room for
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown", "n")
        release.set()
        await settle(pilot)
        framing = app.screen_stack[0].query_one("#intro-scroll")
        assert framing.scroll_y > 0, "the page key was acted on, not dropped"
        assert type(app.screen).__name__ == "PlayScreen", "and the key after it too"


async def test_the_framing_shows_while_the_chapters_are_checked(make_app, monkeypatch):
    """The title's words come from story.yaml alone: the player reads them while the
    chapters are checked, and a game still waits for the whole story."""
    release = hold_the_story(monkeypatch)
    app = make_app(story=ROOT / "scenes")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if "Loading the story" not in screen_text(app):
                break
        text = screen_text(app)
        assert app.story is None, "the chapters are still being checked"
        assert "fixed history" in text and "The Soviet Union in the Korean War" in text
        await pilot.press("pagedown")  # the framing's pages turn already
        await pilot.pause()
        assert app.screen.query_one("#intro-scroll").scroll_y > 0
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "TitleScreen", "a game waits for the story"
        release.set()
        await settle(pilot)
        assert type(app.screen).__name__ == "PlayScreen", "and starts once it is in"


async def test_a_broken_story_closes_with_its_problems_and_exit_code_1(make_app, make_story):
    broken = make_story({"one.yaml": "chapter: [unclosed\n"})
    app = make_app(story=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert any("one.yaml:" in line and "D001" in line for line in app.problems)
    assert "deniable check" in app.problems[-1]
    assert gc.isenabled(), "the collector, paused while the story loaded, runs again"


async def test_a_missing_story_folder_is_reported(make_app, tmp_path):
    app = make_app(story=tmp_path / "nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert app.problems


async def test_the_theme_is_kept_in_the_config_folder_not_among_the_saves(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        app.theme = "nord"
        await pilot.pause()
    SaveStore(saves).save("after-the-theme", Session(app.story, 1))  # s, l: saves alone
    assert json.loads((settings_dir() / "settings.json").read_text())["theme"] == "nord"
    assert [path.name for path in saves.glob("*.json")] == ["after-the-theme.json"]
    assert SaveStore(saves).scan()[1] == []
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_an_unknown_theme_in_the_settings_falls_back_to_the_default(make_app, saves):
    save_settings(settings_dir(), Settings(theme="no-such-theme"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME


def test_damaged_settings_are_ignored(tmp_path):
    (tmp_path / "settings.json").write_text("{not json")
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "settings.json").write_text('["a list"]')
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "settings.json").write_text('{"theme": 7}')
    assert load_settings(tmp_path) == Settings()
    save_settings(tmp_path, Settings(theme="gruvbox"))
    assert load_settings(tmp_path) == Settings(theme="gruvbox")


def test_the_play_clock_adds_elapsed_time_to_the_session():
    class Session:
        play_seconds = 10.0

    now = [100.0]
    clock = PlayClock(lambda: now[0])
    session = Session()
    clock.flush(session)  # not running: nothing added
    assert session.play_seconds == 10.0
    clock.start()
    now[0] += 5
    clock.flush(session)
    now[0] += 2
    clock.stop(session)
    now[0] += 100  # stopped: not counted
    clock.flush(session)
    assert session.play_seconds == 17.0


async def test_input_is_answered_while_a_slow_story_loads(make_app, monkeypatch):
    release = hold_the_story(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen", "the help opened while loading"
        assert app.story is None
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert app.story is not None
        assert app.story.title in screen_text(app)


@pytest.mark.parametrize(
    ("choice", "key", "screen", "shown"),
    [
        ("map", "j", "JournalScreen", "Maps and memory"),  # the note it unlocked
        ("uniform", "t", "TimelineScreen", "You: Put on the uniform."),  # the choice
    ],
)
async def test_the_title_journal_and_timeline_show_the_newest_save(
    make_app, saves, tour, choice, key, screen, shown
):
    from game.engine.session import Session
    from game.saves.store import SaveStore

    session = Session(tour, 1)
    session.choose(choice)
    SaveStore(saves).save("earlier", session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == screen
        assert shown in screen_text(app)


def test_the_title_screen_loads_no_story_engine_or_save_code():
    """The first frame waits for every module the app imports: the story model and the
    rules (some 60 ms, most of it making their dataclasses) come with the story later."""
    from cli_helpers import modules_loaded_by

    heavy = (
        "game.story.loader",
        "game.story.model",
        "game.engine.rules",
        "game.engine.state",
        "game.engine.session",
        "game.saves.store",
        "game.tui.screens.play",
        "game.tui.screens.journal",
        "yaml",
        "textual.widgets._markdown",
        "markdown_it",
    )
    assert modules_loaded_by("import game.tui.app", heavy) == []


async def test_starting_writes_no_settings_until_the_theme_changes(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert not (saves / "settings.json").exists()
    assert not (settings_dir() / "settings.json").exists()


async def test_a_theme_kept_among_the_saves_by_an_older_version_is_still_read(make_app, saves):
    saves.mkdir(parents=True)
    (saves / "settings.json").write_text('{"theme": "nord"}\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
    assert load_settings(settings_dir()) == Settings(theme="gruvbox")


def test_settings_follow_deniable_config_and_are_written_atomically(tmp_path, monkeypatch):
    monkeypatch.setenv("DENIABLE_CONFIG", str(tmp_path / "config"))
    assert settings_dir() == tmp_path / "config"
    save_settings(settings_dir(), Settings(theme="nord"))
    save_settings(settings_dir(), Settings(theme="gruvbox"))
    assert [path.name for path in (tmp_path / "config").iterdir()] == ["settings.json"]


async def until(pilot, condition, seconds: float = 20.0) -> None:
    """Let the app run until `condition()` holds, for at most `seconds` (a deadline for
    a stuck app, not a measure: a loaded machine only takes longer)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)


async def test_full_collections_run_after_the_answer_is_drawn_and_in_pauses(make_app):
    """game/tui/quiet_collect.py: while the app runs Python's own full collections wait
    three times longer; the app runs one once the frame answering a key is drawn, if
    Python would have by then, and one in a pause; the thresholds come back after."""
    thresholds = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        collector = app.quiet_collector
        assert gc.get_threshold() == (*thresholds[:2], thresholds[2] * 3)
        for _ in range(thresholds[2]):  # as many middle collections as make a full one due
            gc.collect(1)
        await pilot.press("j")
        await until(pilot, lambda: collector.after_frames)
        assert collector.after_frames == 1, "due, it ran once the journal was drawn"
        assert type(app.screen).__name__ == "JournalScreen"
        app.pauses.quiet = 0.05
        gc.collect(1)  # a middle collection since the last full one
        await pilot.press("escape")
        await until(pilot, lambda: collector.in_pauses)
        assert collector.in_pauses == 1, "and one ran in the pause after"
    assert not collector.running
    assert gc.get_threshold() == thresholds


def test_apps_started_and_stopped_in_any_order_give_the_process_its_thresholds_back():
    """Two apps in one process (a test beside a benchmark's, say): full collections wait
    three times longer while either runs, not nine, and the first to stop does not give
    the thresholds back under the other."""
    from game.tui.quiet_collect import QuietCollector

    own = gc.get_threshold()
    first, second = QuietCollector(app=None), QuietCollector(app=None)  # type: ignore[arg-type]
    first.start()
    second.start()
    assert gc.get_threshold() == (*own[:2], own[2] * 3)
    first.stop()
    assert gc.get_threshold() == (*own[:2], own[2] * 3)
    second.stop()
    assert gc.get_threshold() == own


async def test_what_lives_as_long_as_the_app_is_kept_out_of_full_collections_until_it_closes(
    make_app,
):
    """Frozen once the title is ready, so a full cycle collection does not rescan the
    story and Textual's classes on some key press; given back when the app closes, so a
    process that runs many games (the test suite, a benchmark) can free each one."""
    assert gc.get_freeze_count() == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.play_screen_ready:
            await pilot.pause(0.01)
        assert gc.get_freeze_count() > 0
        assert gc.isenabled(), "paused while the story loaded, running again since"
    assert gc.get_freeze_count() == 0


async def test_the_collector_paused_for_the_start_runs_again_once_the_app_starts(make_app):
    """`deniable play` pauses the cycle collector while Textual is imported; the app's first
    event settles what was made and runs it again (else it stayed off for the whole game)."""
    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()
