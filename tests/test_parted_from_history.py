"""The story answers back in every interface: history notes in a world that has left
history, notes read twice, where the path parted, chapter recaps and per-scene dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.session import Session
from game.presentation.pictures.timeline import timeline_entries
from game.story.loader import load_story
from game.tui.screens.ending import path_rows

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "tests" / "stories" / "answers-back"


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


def play(story, *choices: str) -> Session:
    session = Session(story, seed=1)
    for choice in choices:
        session.choose(choice)
    return session


def test_the_timeline_dates_a_choice_by_its_scene(story):
    session = play(story, "warn", "leave")
    choices = [e for e in timeline_entries(story, session.state) if e.kind == "choice"]
    assert [(e.text, e.date) for e in choices] == [
        ("You: Warn the clerk.", "1950-06"),
        ("You: Leave by the road.", "1950-07-02"),  # the office's own date, not June's
    ]
    assert choices[1].when == "2 July 1950"


def test_the_ending_path_dates_a_decision_by_its_scene(story):
    session = play(story, "warn", "leave")
    dated = [(row.scene.id, date) for date, row in path_rows(story, session.state)]
    assert dated == [("dock.quay", "1950-06"), ("dock.office", "1950-07-02")]
