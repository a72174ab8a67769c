"""The replay viewer under Pilot: stepping, the ends, author text as written, branching."""

from __future__ import annotations

import pytest
from saves_helpers import EXPOSED, TOUR, play
from textual.widgets import Static

from game.presentation.transcript import build_replay
from game.saves.replay_app import ReplayApp
from game.story.loader import load_story


@pytest.fixture(scope="module")
def replay():
    return build_replay(play(load_story(TOUR), EXPOSED))


def text_of(app, part: str) -> str:
    widget = app.query_one(f"#{part}", Static)
    return str(widget.render()) if widget.display else ""


async def test_stepping_through_a_save(replay):
    app = ReplayApp(replay, "my game")
    async with app.run_test(size=(90, 40)) as pilot:
        assert "step 1 of 5" in text_of(app, "position")
        assert "[aside] stale tea and [/] chalk" in text_of(app, "scene")
        assert "You chose: Study the map first." in text_of(app, "chosen")
        not_taken = text_of(app, "not-taken")
        assert "Put on the uniform." in not_taken
        assert "(locked: Only a pilot nobody watches could refuse.)" in not_taken
        assert "Maps and memory" in text_of(app, "note")
        await pilot.press("left")  # already at the start: stays
        assert "step 1 of 5" in text_of(app, "position")
        await pilot.press("right", "right")
        assert "step 3 of 5" in text_of(app, "position")
        assert "Take off." in text_of(app, "chosen")
        assert "The runway falls away." in text_of(app, "outcome")
        assert "Fuel: 2 -> 1" in text_of(app, "changes")
        await pilot.press("end")
        assert "the ending" in text_of(app, "position")
        assert "THE END: Exposed" in text_of(app, "heading")
        assert "Your path beside history" in text_of(app, "heading")
        assert text_of(app, "chosen") == ""
        await pilot.press("right")
        assert "the ending" in text_of(app, "position")
        await pilot.press("home")
        assert "step 1 of 5" in text_of(app, "position")
        await pilot.press("q")
    assert app.return_value is None


async def test_branching_exits_with_the_step_to_play_on_from(replay):
    app = ReplayApp(replay)
    async with app.run_test() as pilot:
        await pilot.press("right", "right", "right", "b")
    assert app.return_value == 3
    branch = replay.branch_session(3)
    assert branch.state.scene == "two.patrol"
    assert [step.choice for step in branch.steps] == EXPOSED[:3]
    assert branch.divergence is None


async def test_branching_at_the_ending_asks_to_step_back(replay):
    app = ReplayApp(replay)
    async with app.run_test() as pilot:
        await pilot.press("end", "b")
        assert "the ending" in text_of(app, "position")
        await pilot.press("left", "b")
    assert app.return_value == 4


def test_prose_shows_emphasis_and_reflows_but_parses_no_markup():
    from game.saves.replay_app import prose

    text = prose("**Sinuiju, 1945.** The [bold]frost[/] came\nearly, *very* early.\n\n- a\n- b")
    assert text.plain == "Sinuiju, 1945. The [bold]frost[/] came early, very early.\n\n- a\n- b"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles == {"Sinuiju, 1945.": "bold", "very": "italic"}


async def test_what_loading_said_is_shown_in_the_viewer(replay):
    notice = "The story has changed since this game was saved. [/] stays as written."
    app = ReplayApp(replay, notice=notice)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == [notice]
