"""Saving and loading: named slots, confirmations, autosave after choices and on quitting."""

from __future__ import annotations

import pytest
from textual.widgets import Static
from tui_helpers import notices, save_as, screen_text, settle, start_game

from game.saves.store import AUTOSAVE_SLOT, SaveStore
from game.saves.trash import trashed
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.load import LoadScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.save import SaveScreen
from game.tui.widgets.slot_list import SlotList


@pytest.mark.slow
async def test_save_then_load_gives_the_same_scene_and_stats(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter")  # read the map, put on the uniform
        await pilot.pause()
        saved = app.session.state
        await save_as(pilot, "before")
        assert not isinstance(app.screen, SaveScreen)
        await pilot.press("1", "enter")  # play on past the save
        await pilot.pause()
        assert app.session.state.scene != saved.scene
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        slots = app.screen.query_one(SlotList)
        assert {info.slot for info in slots.infos.values()} == {"before", AUTOSAVE_SLOT}
        assert len(slots.infos) == 2  # the named save and this game's run
        slots.highlighted = list(slots.infos).index("before")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        state = app.session.state
        assert (state.scene, state.values, state.steps) == (saved.scene, saved.values, saved.steps)
        assert "The MiG waits" in screen_text(app)


async def test_the_load_list_shows_chapter_scene_time_and_choices(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter")
        await save_as(pilot, "my slot")
        await pilot.press("l")
        await settle(pilot)
        text = screen_text(app)
        assert "my slot" in text
        assert "The Airfield · airfield.hangar" in text
        assert "1 choice" in text
        assert "Autosave · made after every choice" in text


@pytest.mark.slow
async def test_overwriting_a_named_save_asks_first(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await save_as(pilot, "slot")
        await pilot.press("2", "enter")
        await save_as(pilot, "slot")
        assert isinstance(app.screen, ConfirmScreen)
        asked = " ".join(app.screen.question.split())
        assert asked.startswith("Overwrite the save 'slot' at The Airfield (1 choice, saved ")
        assert "the old version is kept beside it as a .bak file" in asked
        await pilot.press("n")  # keep the old save
        await settle(pilot)
        assert SaveStore(saves).load("slot", app.story).session.state.step_count == 1
        await pilot.press("escape")
        await save_as(pilot, "slot")
        await pilot.press("y")
        await settle(pilot)
        assert SaveStore(saves).load("slot", app.story).session.state.step_count == 2


@pytest.mark.slow
async def test_deleting_a_save_asks_first(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await save_as(pilot, "doomed")
        await pilot.press("l")
        await settle(pilot)
        slots = app.screen.query_one(SlotList)
        slots.highlighted = list(slots.infos).index("doomed")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        asked = " ".join(app.screen.question.split())
        assert asked.startswith("Delete the save 'doomed' at The Airfield (1 choice, saved ")
        assert "It goes to the trash for 14 days: 'deniable saves restore' brings it back." in asked
        await pilot.press("escape")
        await settle(pilot)
        assert "doomed" in {i.slot for i in SaveStore(saves).list()}
        await pilot.press("d", "y")
        await settle(pilot)
        assert "doomed" not in {i.slot for i in SaveStore(saves).list()}
        assert "doomed" not in app.screen.query_one(SlotList).infos
        assert any("'deniable saves restore " in notice for notice in notices(app))


async def test_deleting_the_game_in_play_keeps_it_in_the_trash_as_the_game_goes_on(make_app, saves):
    """The Load screen lists the game in play's own autosave: deleted, it stays in the
    trash whole, and the next choice starts a save of its own, told as that (not as
    another window's doing)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        (run,) = [info.run for info in SaveStore(saves).list()]
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert SaveStore(saves).list() == []
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1")  # the game plays on
        await pilot.pause()
        app.wait_for_autosave()  # written on a background thread
        await settle(pilot)
        (went_on,) = SaveStore(saves).list()
        assert went_on.run not in ("", run) and went_on.choices == 2
        told = " ".join(notices(app))
        assert "This game's save had been deleted, so the game goes on in a new one" in told
        assert "Another window" not in told
        (deleted,) = trashed(saves)
        assert deleted.name == run


async def test_the_autosave_name_is_refused_for_a_named_save(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await save_as(pilot, AUTOSAVE_SLOT)
        assert isinstance(app.screen, SaveScreen), "the save screen stays open to try again"
        assert [i.slot for i in SaveStore(saves).list()] == [AUTOSAVE_SLOT]
        assert SaveStore(saves).newest().autosave


async def test_every_choice_autosaves_without_touching_named_saves(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await save_as(pilot, "named")
        await pilot.press("1")  # the game plays on
        await pilot.pause()
        app.wait_for_autosave()  # written on a background thread
        store = SaveStore(saves)
        autosave = store.load(AUTOSAVE_SLOT, app.story)
        assert autosave.session.steps == app.session.steps
        assert store.load("named", app.story).session.state.step_count == 1


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quitting_autosaves_with_the_play_time(make_app, saves, clock, key):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        clock.now += 125
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0
    info = SaveStore(saves).newest()
    assert info.autosave and info.steps == 1
    assert info.play_seconds == pytest.approx(125, abs=1)


async def test_continue_on_the_title_loads_the_newest_save(make_app):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter", "1", "enter")
        await pilot.pause()
        steps = first.session.steps
        await pilot.press("ctrl+q")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Continue (autosave)" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.session.steps == steps


async def test_continue_is_disabled_without_saves(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#menu")
        assert menu.get_option("continue").disabled
        await pilot.press("c")
        await settle(pilot)
        assert app.session is None


async def test_load_from_the_command_line_starts_from_the_save(make_app, saves, tour):
    from game.engine.session import Session

    session = Session(tour, 1)
    session.choose("map")
    SaveStore(saves).save("cli", session)
    app = make_app(load="cli")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.session.steps == session.steps


async def test_a_missing_save_on_the_command_line_exits_with_a_message(make_app):
    app = make_app(load="no such save")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert "no such save" in " ".join(app.problems)


async def test_a_damaged_save_file_is_named_in_the_load_screen(make_app, saves):
    saves.mkdir(parents=True)
    (saves / "broken.json").write_text("{not json")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        # The file's path wraps where the test folder's length puts it: read it unwrapped.
        problems = str(app.screen.query_one("#slot-problems", Static).render())
        assert "cannot be loaded" in screen_text(app) and "broken.json" in problems
        assert app.screen.query_one(SlotList).infos == {}


async def test_a_hostile_save_beside_a_good_one_hides_neither_continue_nor_load(
    make_app, saves, tour
):
    """A seed of 5,000 digits once hid every save, Continue with them."""
    from game.engine.session import Session

    session = Session(tour, 1)
    session.choose("map")
    good = SaveStore(saves).save("good", session).path.read_text()
    assert '"seed": 1,' in good
    (saves / "bad.json").write_text(good.replace('"seed": 1,', f'"seed": {"9" * 5000},', 1))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#menu").get_option("continue").disabled
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        assert list(app.screen.query_one(SlotList).infos) == ["good"]
        problems = str(app.screen.query_one("#slot-problems", Static).render())
        assert "bad.json" in problems and "too many digits" in problems


async def test_a_save_folder_that_cannot_be_written_is_reported_not_fatal(make_app, saves):
    saves.parent.mkdir(parents=True, exist_ok=True)
    saves.write_text("a file where the folder should be")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert any("Autosave failed" in notice for notice in notices(app))
        await pilot.press("enter")
        await save_as(pilot, "mine")
        assert isinstance(app.screen, SaveScreen), "the dialog stays open to try again"
        assert any(notice.startswith("Not saved") for notice in notices(app))
        await pilot.press("escape", "1")
        await pilot.pause()
        assert len(app.session.steps) == 2, "play goes on"


async def test_replay_on_the_title_opens_the_chosen_save_in_the_viewer(make_app, saves, tour):
    from game.engine.session import Session
    from game.tui.screens.replay import ReplayScreen
    from game.tui.screens.title import TitleScreen

    session = Session(tour, 1)
    session.choose("map")
    info = SaveStore(saves).save("to replay", session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#menu").highlighted = 3  # Replay a saved game
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoadScreen)
        assert "Replay a saved game" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        assert f"{info.slot}: choice 1 of 1" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
    assert app.return_code is None


async def test_continue_offers_only_a_save_of_this_story(make_app, saves, tour):
    import dataclasses

    from game.engine.session import Session

    session = Session(tour, 1)
    session.choose("map")
    other = Session(dataclasses.replace(tour, id="another-story"), 1)
    other.choose("map")
    store = SaveStore(saves)
    store.save("ours", session)
    store.save("theirs", other)  # newer, but of another story
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.newest_save.slot == "ours"
        assert "Continue (ours)" in screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        assert "a save of another story: another-story" in screen_text(app)


def runs(saves) -> dict[str, int]:
    """Each run's id and the choices its latest autosave holds."""
    return {info.run: info.steps for info in SaveStore(saves).list() if info.run}


@pytest.mark.slow
async def test_a_new_game_is_a_run_of_its_own_and_never_overwrites_the_last(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter", "1", "enter")
        await pilot.pause()
        app.wait_for_autosave()
        first = dict(runs(saves))
        assert list(first.values()) == [3]
        await pilot.press("ctrl+q")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    after = runs(saves)
    assert sorted(after.values()) == [1, 3]
    assert all(after[run] == steps for run, steps in first.items())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.newest_save.steps == 1  # Continue offers the newest run
        await pilot.press("l")
        await settle(pilot)
        assert len([i for i in app.screen.query_one(SlotList).infos.values() if i.run]) == 2


@pytest.mark.slow
async def test_loading_a_named_save_and_quitting_leaves_the_run(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await save_as(pilot, "early")
        await pilot.press("1", "enter", "1", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    before = runs(saves)
    app = make_app(load="early")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.state.step_count == 1
        await pilot.press("ctrl+q")
    assert runs(saves) == before == {next(iter(before)): 3}


@pytest.mark.slow
async def test_two_tabs_on_one_folder_keep_both_games(make_app, saves):
    """Tab 1 plays 3 choices; tab 2 starts a new game; tab 1 reloads; tab 2 chooses."""
    tab1 = make_app()
    async with tab1.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter", "1", "enter")
        await pilot.pause()
        tab2 = make_app()
        async with tab2.run_test(size=(80, 24)) as pilot2:
            await start_game(pilot2)
            await pilot.press("ctrl+q")  # tab 1 reloads
            await pilot2.press("1", "enter")
            await pilot2.pause()
            tab2.wait_for_autosave()
            assert sorted(runs(saves).values()) == [1, 3]
            await pilot2.press("ctrl+q")
    assert sorted(runs(saves).values()) == [1, 3]


async def test_enter_at_once_on_the_title_starts_a_new_game(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # before the story has loaded
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert not isinstance(app.screen, LoadScreen)


async def test_keys_pressed_while_loading_are_acted_on_once_loaded(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert app.story is None or isinstance(app.screen, PlayScreen)
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)


async def test_closing_the_terminal_autosaves_as_quitting_does(make_app, monkeypatch):
    import asyncio
    import signal

    app = make_app()
    caught = []
    async with app.run_test(size=(80, 24)):
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(type(app), "is_headless", property(lambda self: False))
        monkeypatch.setattr(loop, "add_signal_handler", lambda number, _: caught.append(number))
        app._catch_signals()
    assert signal.SIGHUP in caught


async def test_two_windows_continuing_one_run_keep_both_games(make_app, saves):
    """Window 1 plays; window 2 Continues the same run and plays on; window 1 chooses
    again: it carries on as a run of its own instead of writing over window 2's game."""
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter")  # the uniform: the hangar
        await pilot.pause()
        first.wait_for_autosave()
        second = make_app()
        async with second.run_test(size=(80, 24)) as pilot2:
            await settle(pilot2)
            await pilot2.press("c")
            await settle(pilot2)
            await pilot2.press("1", "enter")  # take off
            await pilot2.pause()
            second.wait_for_autosave()
            await pilot.press("u", "1", "enter")  # window 1 reads the map instead
            await settle(pilot)
            assert any("carries on as a run of its own" in n for n in notices(first))
            assert sorted(runs(saves).values()) == [1, 2]
            await pilot2.press("ctrl+q")
        await pilot.press("ctrl+q")
    games = {
        tuple(s.choice for s in SaveStore(saves).load(f"run:{run}", first.story).session.steps)
        for run in runs(saves)
    }
    assert games == {("uniform", "sortie"), ("map",)}
