"""The replay viewer, a screen of the game: stepping, the ends, author text as written,
Escape back to where it was opened from, and `b` branching into a new game in the same app."""

from __future__ import annotations

import io
import sys

import pytest
from textual.widgets import Static
from tui_helpers import FEATURE_TOUR, notices, screen_text, settle

from game.engine.session import Session
from game.presentation.transcript import build_replay
from game.saves.store import AUTOSAVE_SLOT, SaveStore
from game.story.loader import load_story
from game.tui.screens.replay import ReplayScreen
from game.tui.screens.title import TitleScreen

EXPOSED = ["map", "uniform", "sortie", "russian", "confess"]
HISTORICAL = ["uniform", "sortie", "korean"]


@pytest.fixture(scope="module")
def tour():
    return load_story(FEATURE_TOUR)


@pytest.fixture
def exposed(tour, saves):
    session = Session(tour, 1)
    for choice in EXPOSED:
        session.choose(choice)
    SaveStore(saves).save("my game", session)
    return "my game"


def text_of(app, part: str) -> str:
    widget = app.screen.query_one(f"#{part}", Static)
    return str(widget.render()) if widget.display else ""


async def open_viewer(pilot) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReplayScreen)


async def test_stepping_through_a_save(make_app, exposed):
    app = make_app(replay=exposed)
    async with app.run_test(size=(90, 40)) as pilot:
        await open_viewer(pilot)
        assert "my game: choice 1 of 5" in text_of(app, "position")
        assert "[aside] stale tea and [/] chalk" in text_of(app, "scene")
        assert "You chose: Study the map first." in text_of(app, "chosen")
        not_taken = text_of(app, "not-taken")
        assert "Put on the uniform." in not_taken
        assert "(locked: Only a pilot nobody watches could refuse.)" in not_taken
        assert "Maps and memory" in text_of(app, "note")
        await pilot.press("left")  # already at the start: stays
        assert "choice 1 of 5" in text_of(app, "position")
        await pilot.press("right", "right")
        assert "choice 3 of 5" in text_of(app, "position")
        assert "Take off." in text_of(app, "chosen")
        assert "The runway falls away." in text_of(app, "outcome")
        assert "Fuel: 2 → 1" in text_of(app, "changes")  # the change line the game shows
        await pilot.press("end")
        assert "the ending" in text_of(app, "position")
        assert "THE END: Exposed" in text_of(app, "heading")
        assert "Your path beside history" in text_of(app, "heading")
        assert text_of(app, "chosen") == ""
        await pilot.press("right")
        assert "the ending" in text_of(app, "position")
        await pilot.press("home")
        assert "choice 1 of 5" in text_of(app, "position")
        await pilot.press("escape")  # opened from the command line: the title
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert app.return_code is None, "the game goes on"


async def test_branching_plays_on_as_a_new_game_in_the_same_app(make_app, exposed, saves, tour):
    """`b` at step 4: the branch is saved as its own slot and play goes on from there."""
    app = make_app(replay=exposed)
    async with app.run_test(size=(90, 40)) as pilot:
        await open_viewer(pilot)
        await pilot.press("right", "right", "right", "b")
        await settle(pilot)
        assert not isinstance(app.screen, ReplayScreen)
        assert app.session.state.scene == "two.patrol"
        assert [step.choice for step in app.session.steps] == EXPOSED[:3]
        assert app.session.divergence is None
        assert (
            "Playing on from step 4 as a new game (saved as 'my game, branch at step 4')."
            in notices(app)
        )
        assert "Keep silent" in screen_text(app)
        await pilot.press("3")  # keep silent
        await settle(pilot)
    store = SaveStore(saves)
    branch = store.load("my game, branch at step 4", tour)
    assert [step.choice for step in branch.session.steps] == EXPOSED[:3]
    autosave = store.load(AUTOSAVE_SLOT, tour)
    assert [step.choice for step in autosave.session.steps] == [*EXPOSED[:3], "silent"]
    original = store.load("my game", tour)
    assert [step.choice for step in original.session.steps] == EXPOSED  # untouched


async def test_a_branch_never_writes_over_a_different_save_of_its_name(
    make_app, exposed, saves, tour
):
    store = SaveStore(saves)
    other = Session(tour, 1)
    for choice in HISTORICAL:
        other.choose(choice)
    store.save("my game, branch at step 4", other)  # another game of that name
    app = make_app(replay=exposed)
    async with app.run_test(size=(90, 40)) as pilot:
        await open_viewer(pilot)
        await pilot.press("right", "right", "right", "b")
        await settle(pilot)
        assert "(saved as 'my game, branch at step 4 (2)')." in " ".join(notices(app))
    kept = store.load("my game, branch at step 4", tour)
    assert [step.choice for step in kept.session.steps] == HISTORICAL
    branch = store.load("my game, branch at step 4 (2)", tour)
    assert [step.choice for step in branch.session.steps] == EXPOSED[:3]


async def test_escape_goes_back_to_the_ending_it_was_opened_from(make_app, exposed):
    from game.tui.screens.ending import EndingScreen

    app = make_app(load=exposed)
    async with app.run_test(size=(90, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("down", "enter")  # Replay this game
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        assert "autosave: choice 1 of 5" in text_of(app, "position")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)


async def test_branching_at_the_ending_asks_to_step_back(make_app, exposed, tour):
    app = make_app(replay=exposed)
    async with app.run_test(size=(90, 40)) as pilot:
        await open_viewer(pilot)
        await pilot.press("end", "b")
        await pilot.pause()
        assert "the ending" in text_of(app, "position")
        assert any("step back" in notice for notice in notices(app))
        await pilot.press("left", "b")
        await settle(pilot)
        assert [step.choice for step in app.session.steps] == EXPOSED[:4]


async def test_the_viewer_draws_prose_through_the_one_render_path(make_app, tour):
    """Emphasis is shown and its asterisks go; Textual markup in author text stays text."""
    from game.tui.prose import prose_content

    content = prose_content("**Sinuiju, 1945.** The [bold]frost[/] came\nearly, *very* early.")
    assert content.plain == "Sinuiju, 1945. The [bold]frost[/] came early, very early."
    styles = {content.plain[span.start : span.end]: str(span.style) for span in content.spans}
    assert styles == {"Sinuiju, 1945.": "bold", "very": "italic"}
    session = Session(tour, 1)
    session.choose("map")
    app = make_app()
    async with app.run_test(size=(90, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ReplayScreen(build_replay(session)))
        await pilot.pause()
        before = session.states[0]
        written = session.story.scenes[before.scene].text.render(before.values)
        shown = app.screen.query_one("#scene", Static).render()
        assert shown.plain == prose_content(written).plain


async def test_what_loading_said_is_shown_in_the_viewer(make_app, tour):
    notice = "The story has changed since this game was saved. [/] stays as written."
    session = Session(tour, 1)
    session.choose("map")
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(ReplayScreen(build_replay(session), notice=notice))
        await pilot.pause()
        assert notice in notices(app)


async def test_a_save_that_cannot_be_loaded_closes_with_the_reason(make_app, saves):
    app = make_app(replay="nothing")
    async with app.run_test() as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert "No save named 'nothing'" in app.problems[0]


def test_replay_in_a_terminal_opens_the_game_on_the_viewer(monkeypatch, tmp_path):
    from argparse import Namespace

    from game.commands import replay
    from game.tui import app as tui_app

    opened = []

    def fake_run(self, **kw):
        opened.append((self.story_dir, self.replay_request, self.saves_override))

    monkeypatch.setattr(tui_app.DeniableApp, "run", fake_run)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())
    args = Namespace(
        file="my game", plain=False, export=None, output=None, saves=tmp_path, story=FEATURE_TOUR
    )
    assert replay.run(args) == 0
    assert opened == [(FEATURE_TOUR, "my game", tmp_path)]


async def test_the_viewer_shows_a_note_s_variants_and_heads_the_outcome_in_your_story(
    make_app, saves
):
    story_folder = FEATURE_TOUR.parent / "answers-back"
    session = Session(load_story(story_folder), 1)
    for choice in ("warn", "burn"):  # burning the ledger leaves history
        session.choose(choice)
    SaveStore(saves).save("parted", session)
    app = make_app(story_folder, replay="parted")
    async with app.run_test(size=(90, 40)) as pilot:
        await open_viewer(pilot)
        assert "the clerk trusts you" in " ".join(text_of(app, "note").split())
        await pilot.press("right")
        assert text_of(app, "outcome").startswith("In your story:")
        note = " ".join(text_of(app, "note").split())
        assert "In history: The ledger" in note
        assert "The ledger survived in the archive. In your story, it burned." in note
