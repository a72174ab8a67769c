"""Playing: choosing by number, arrows and mouse; locked choices; note cards; undo; endings."""

from __future__ import annotations

import pytest
from textual import events
from tui_helpers import ROOT, notices, screen_text, settle, start_game

from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.note_card import NoteCard


async def test_new_game_shows_the_heading_prose_and_numbered_choices(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert isinstance(app.screen, PlayScreen)
        text = screen_text(app)
        assert "Chapter 1: The Airfield" in text
        assert "Antung, April 1951" in text
        assert "1. Study the map first." in text
        assert "2. Put on the uniform." in text
        # The hidden choice (its condition is false and it has no reason) is not shown.
        assert "stays hidden" not in text


async def test_author_brackets_show_as_written(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        text = screen_text(app)
        assert "[aside] stale tea and [/] chalk" in " ".join(text.split())
        assert "{braces}" in text


async def test_choose_by_number_shows_outcome_then_the_note_card(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.session.state.scene == "airfield.hangar"
        text = screen_text(app)
        assert "> Put on the uniform." in text
        assert "The collar itches. Deniability is now 6." in text
        assert "Deniability: 5 → 6" in text
        card = app.screen.query_one(NoteCard)
        assert card.border_title == "What really happened"
        assert "Sources: Test source A; Test source B" in text
        # The next scene waits for Continue.
        assert "The MiG waits" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert "The MiG waits, its markings fresh." in screen_text(app)


async def test_keys_typed_in_one_go_are_answered_in_order(make_app):
    """A terminal hands over `2`, Enter, `1` in one read when typed fast: the choice, then
    Continue, then the next scene's first choice, each as the key is read. Enter's Continue
    went round by a message, which waited behind the `1`: the `1` fell on the outcome and
    was lost."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for key, character in (("2", "2"), ("enter", "\r"), ("1", "1")):
            app.post_message(events.Key(key, character))  # as a terminal sends them
        await pilot.pause()
        first, second = app.session.steps
        assert (first.scene, first.choice) == ("airfield.briefing", "uniform")
        assert second.scene == "airfield.hangar"
        assert app.screen.showing_outcome


async def test_enter_on_a_highlighted_choice_is_that_choice_whatever_follows(make_app):
    """Down, Enter, `1` in one read: Enter picks the highlighted second choice, and the `1`
    falls on its outcome. Before, the `1` was read first and chose the first choice."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for key, character in (("down", None), ("enter", "\r"), ("1", "1")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert [step.choice for step in app.session.steps] == ["uniform"]
        assert app.screen.showing_outcome


async def test_a_counterfactual_note_is_labelled_as_one(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        card = app.screen.query_one(NoteCard)
        assert card.border_title == "What might have happened"
        assert "What might have happened" in screen_text(app)
        assert "Sources: Test source A" in screen_text(app)


async def test_choose_with_arrows_and_enter(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.steps[-1].choice == "uniform"


async def test_choose_with_the_mouse(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        second = app.screen.query_one(ChoiceList).engine_options[1].choice.id
        # The list starts with its top border; its second line is the second choice.
        assert await pilot.click(ChoiceList, offset=(4, 2))
        await pilot.pause()
        assert app.session.steps, "a click on a choice chooses it"
        assert app.session.steps[-1].choice == second
        # Continue is clickable too.
        assert await pilot.click(ChoiceList, offset=(4, 1))
        await pilot.pause()
        assert not app.screen.showing_outcome


async def test_a_locked_choice_is_dimmed_with_its_reason_and_cannot_be_chosen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert "Locked: Only a pilot nobody watches could" in screen_text(app)
        choices = app.screen.query_one(ChoiceList)
        assert choices.get_option("refuse").disabled
        await pilot.press("3")
        await pilot.pause()
        assert "Locked: Only a pilot nobody watches could refuse." in notices(app)
        assert app.session.steps == ()
        assert not app.screen.showing_outcome
        # Arrows pass over it: from choice 2, down wraps past the locked choice 3.
        await pilot.press("down", "down")
        assert choices.highlighted != 2


async def test_undo_goes_back_one_choice_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("1", "enter", "1", "enter")
        await pilot.pause()
        assert app.session.state.scene == "airfield.hangar"
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state.scene == "airfield.briefing"
        assert app.session.state.values["map_read"] is True
        await pilot.press("u")
        await pilot.pause()
        assert app.session.steps == ()
        assert "1. Study the map first." in screen_text(app)
        await pilot.press("u")  # nothing left to undo: no change, no crash
        await pilot.pause()
        assert app.session.steps == ()


async def test_the_side_panel_shows_stats_and_chapter_progress(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_game(pilot)
        text = screen_text(app)
        assert "Deniability" in text and "5/6" in text
        assert "▶ 1. The Airfield" in text
        await pilot.press("2")
        await pilot.pause()
        assert "6/6" in screen_text(app)


async def test_playing_to_an_ending_shows_the_ending_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter")  # put on the uniform
        await pilot.pause()
        await pilot.press("1", "enter")  # take off
        await pilot.pause()
        await pilot.press("1")  # answer in Korean
        await pilot.pause()
        assert "Continue to the ending" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        state = app.session.state
        text = screen_text(app)
        assert "As It Was" in text
        assert "As history went" in text
        assert "The secret held." in text
        assert "Put on the uniform." in text  # the key decisions table
        assert "The pilots put on the" in text  # what history did, beside it
        app.screen.query_one("#ending-page").scroll_end(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert f"Notes unlocked: {len(state.notes)} of {len(app.story.notes)}" in text
        assert "New game" in text and "Quit" in text


async def test_undo_from_the_ending_returns_to_play(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter", "1", "enter", "1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.session.state.scene == "two.patrol"


async def test_new_game_from_the_ending_starts_over(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("2", "enter", "1", "enter", "1", "enter")
        await settle(pilot)
        await pilot.press("enter")  # "New game" is highlighted first
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.session.steps == ()


@pytest.mark.parametrize(
    "change", [None, "theme", "size"], ids=["as it was", "theme changed", "resized"]
)
async def test_a_play_screen_composed_ahead_is_shown_exactly_as_if_restyled(make_app, change):
    """New game shows the screen composed and laid out ahead without restyling every
    widget again (PlayScreen.styled_ahead, PlayAhead._lay_out); what it shows must be what
    a full restyle gives, at the terminal's size, even when the theme or the terminal's
    size changed while it waited."""

    def looks(screen: PlayScreen) -> list[tuple[str, str | None, str, str]]:
        return [
            (type(node).__name__, node.id, node.styles.css, str(node.rich_style))
            for node in screen.walk_children(with_self=True)
        ]

    app = make_app(story=ROOT / "scenes")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        while not app.play_screen_ready:
            await pilot.pause(0.01)
        if change == "theme":
            app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
            await settle(pilot)
        elif change == "size":
            await pilot.resize_terminal(84, 26)
            await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.size == app.size
        shown, drawn = looks(screen), screen_text(app)
        app.update_styles(screen)
        await pilot.pause()
        assert looks(screen) == shown
        assert screen_text(app) == drawn


@pytest.mark.slow
async def test_new_game_shows_a_play_screen_composed_while_the_title_waited(make_app, monkeypatch):
    """The play screen is composed before the key, so New game only draws the scene on it;
    another is composed after it is taken, for the next New game."""
    import game.tui.play_ahead

    monkeypatch.setattr(game.tui.play_ahead, "AGAIN_AFTER", 0.05)
    composed: list[PlayScreen] = []
    compose = PlayScreen.compose

    def counted(screen: PlayScreen):
        composed.append(screen)
        return compose(screen)

    monkeypatch.setattr(PlayScreen, "compose", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.play_screen_ready:
            await pilot.pause(0.01)
        assert len(composed) == 1 and isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is composed[0], "the screen composed ahead is the one shown"
        assert "1. Study the map first." in screen_text(app)
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("2")  # it plays like any other
        await pilot.pause()
        assert "> Put on the uniform." in screen_text(app)
        while not app.play_screen_ready:
            await pilot.pause(0.01)
        assert len(composed) == 2
        await pilot.press("ctrl+p")  # back to the title, then a new game on the next one
        await pilot.press(*"title screen")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n", "y")  # yes, a new game: the one in play stays in Load
        await settle(pilot)
        assert app.screen is composed[1]
        assert app.session.steps == ()
        assert "1. Study the map first." in screen_text(app)


async def test_new_game_finds_the_focus_on_the_choices_and_moves_it_nowhere(make_app):
    """The play screen composed ahead gives the choices the focus as it composes
    (PlayScreen.AUTO_FOCUS). Before, the prose's scroll took it, and lost it to the
    choices as New game drew the game: its widgets were restyled on the key press."""
    blurred: list[str | None] = []

    def hook(message: object) -> None:
        if isinstance(message, events.DescendantBlur):
            blurred.append(message.widget.id)

    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        for _ in range(500):
            if app.play_screen_ready:
                break
            await pilot.pause(0.01)
        blurred.clear()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert isinstance(app.focused, ChoiceList)
        assert "reading" not in blurred


async def test_new_game_draws_its_scene_without_waiting_for_textuals_update_timer(
    make_app, monkeypatch
):
    """Textual lays a screen out at its update timer's next tick; New game's first scene
    waited 17 ms for one and 25 ms more for the second layout its new sizes asked for,
    most of a New game. The screen composed ahead is laid out as soon as it is idle: with
    the timer slowed to one tick in ten seconds, the scene is still laid out and drawn."""
    import asyncio

    import textual.screen

    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 10.0)
    app = make_app(ROOT / "scenes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # Pilot's pause runs the timer's update itself
        while not app.play_screen_ready:
            await pilot.pause(0.01)
        app.post_message(events.Key("n", "n"))  # as a terminal sends it, with no pause
        for _ in range(100):
            await asyncio.sleep(0.01)
            if (
                isinstance(app.screen, PlayScreen)
                and app.screen.query_one(ChoiceList).size.height > 2
            ):
                break
        assert isinstance(app.screen, PlayScreen)
        choices = app.screen.query_one(ChoiceList)
        assert choices.size.height > 2  # the campaign's first three choices, laid out
        assert "1. Read the founding order" in screen_text(app)
