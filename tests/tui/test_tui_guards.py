"""Every key that could lose progress asks first, naming what would be lost, or says what
it kept and how to get it back (the table in docs/save-format.md)."""

from __future__ import annotations

import pytest
from tui_helpers import notices, save_as, screen_text, settle, start_game

from game.saves.store import SaveStore
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.play import PlayScreen
from game.tui.widgets.slot_list import SlotList


def question(app) -> str:
    assert isinstance(app.screen, ConfirmScreen), type(app.screen)
    return " ".join(app.screen.question.split())


async def test_a_new_game_over_a_game_in_play_asks_and_names_it(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "2", "enter")  # the map, then the uniform
        await pilot.pause()
        app.action_new_game()  # the command palette's "New game"
        await settle(pilot)
        assert question(app) == (
            "Start a new game? Your current game (The Airfield, 2 choices) "
            "is autosaved and stays in Load."
        )
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and app.session.state.choices_made == 2
        app.action_new_game()
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.state.choices_made == 0
        runs = [info.steps for info in SaveStore(saves).list() if info.run]
        assert runs == [2], "the game left behind was not kept"


async def test_new_game_on_the_title_asks_only_when_a_game_is_in_play(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)  # nothing in play yet: no question
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        app.action_title()
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "Your current game (The Airfield · Briefing, 1 choice)" in question(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.session.state.choices_made == 1


async def test_undo_says_which_choice_it_took_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("u")
        await settle(pilot)
        assert "Undid 'Put on the uniform.'; choose it again to redo it." in notices(app)
        assert "1. Study the map first." in screen_text(app)


@pytest.mark.parametrize(
    ("choices", "undone"),
    [
        (
            3,
            "'Study the map first.' and the 2 choices after it will be undone; "
            "you can make them again.",
        ),
        (
            2,
            "'Study the map first.' and the choice after it will be undone; "
            "you can make them again.",
        ),
        (1, "'Study the map first.' will be undone; you can make it again."),
    ],
)
async def test_the_rewind_question_names_the_choices_it_undoes(make_app, choices, undone):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        await pilot.press(*["1", "enter"] * choices)
        await pilot.pause()
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("home", "enter")
        await settle(pilot)
        assert question(app) == f"Rewind to just before choice 1? {undone}"


async def test_loading_over_a_game_in_play_says_where_that_game_stays(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter")
        await save_as(pilot, "early")
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("l")
        await settle(pilot)
        slots = app.screen.query_one(SlotList)
        slots.highlighted = list(slots.infos).index("early")
        await pilot.press("enter")
        await settle(pilot)
        assert (
            "Loaded 'early'. The game you left (The Airfield, 2 choices) is autosaved and "
            "stays in Load."
        ) in notices(app)
