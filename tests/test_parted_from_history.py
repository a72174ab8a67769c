"""The story answers back in every interface: history notes in a world that has left
history, notes read twice, where the path parted, chapter recaps and per-scene dates."""

from __future__ import annotations

import io

import pytest
from story_helpers import ANSWERS_BACK as STORY
from story_helpers import play

from game.engine.comparison import dated_key_decisions
from game.engine.session import Session
from game.plain.player import PlainPlayer
from game.presentation.export import export
from game.presentation.pictures.timeline import timeline_entries
from game.presentation.transcript import build_replay, plain_transcript
from game.story.loader import load_story


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


def test_the_timeline_dates_a_choice_by_its_scene(story):
    session = play(story, ["warn", "leave"])
    choices = [e for e in timeline_entries(story, session.state) if e.kind == "choice"]
    assert [(e.text, e.date) for e in choices] == [
        ("You: Warn the clerk.", "1950-06"),
        ("You: Leave by the road.", "1950-07-02"),  # the office's own date, not June's
    ]
    assert choices[1].when == "2 July 1950"


def test_the_ending_path_dates_a_decision_by_its_scene(story):
    session = play(story, ["warn", "leave"])
    dated = [(row.scene.id, date) for date, row in dated_key_decisions(story, session.state)]
    assert dated == [("dock.quay", "1950-06"), ("dock.office", "1950-07-02")]


def test_the_plain_path_beside_history_is_dated_by_scene(story):
    for shown in (plain(story, "2", "2"), transcript(story, "warn", "burn")):
        text = " ".join(shown.split())
        quay = text.index("- June 1950, The Dock: The Quay (as history): you chose")
        office = text.index("- 2 July 1950, The Dock: The Office (differs): you chose")
        assert quay < office
    markdown = export(build_replay(play(story, ["warn", "burn"])), "md")
    assert "| 2 July 1950 | The Dock: The Office | Burn the ledger. (differs) |" in markdown


def plain(story, *lines: str) -> str:
    out = io.StringIO()
    PlainPlayer(Session(story, seed=1), out).run(list(lines))
    return out.getvalue()


def transcript(story, *choices: str) -> str:
    return plain_transcript(build_replay(play(story, choices)))


def test_a_history_note_after_the_world_left_history_is_headed_in_history(story):
    for shown in (plain(story, "2", "2"), transcript(story, "warn", "burn")):
        assert "-- In history: The ledger --" in shown
        assert "In your story:\nThe ledger burns, and history with it." in shown
        assert "What really happened: The ledger" not in shown


def test_a_note_read_before_is_a_one_line_reminder(story):
    shown = plain(story, "1", "1", "j")
    assert shown.count("-- What might have happened: Waiting --") >= 1
    assert "(Note read before: Waiting. It is in the journal, j.)" in shown
    # a transcript has no journal key: the note stands whole where it was first unlocked
    shown = transcript(story, "wait", "wait")
    assert shown.count("-- What might have happened: Waiting --") == 1
    assert "(Note read before: Waiting. It is given in full earlier in this transcript.)" in shown
    assert "journal, j" not in shown
    # the journal still shows it whole
    journal = plain(story, "1", "1", "j").split("Journal:")[1]
    assert "Waiting changes nothing but the tide." in journal


def test_the_ending_says_where_the_path_parted(story):
    line = (
        "Your path parted from history at step 1 (The Dock, The Quay, June 1950): "
        'you chose "Bribe the clerk".'
    )
    for shown in (plain(story, "3", "1"), transcript(story, "bribe", "leave")):
        assert " ".join(shown.split()).count(line) == 1
    assert "parted from history at step" not in plain(story, "2", "1")


def test_the_recap_shows_on_the_way_into_the_next_chapter(story):
    for shown in (plain(story, "2", "1"), transcript(story, "warn", "leave")):
        recap = shown.index("-- Chapter 1 recap --")
        assert shown.index("You warned the clerk, as history did.") > recap
        assert shown.index("THE END") > recap
    paid = plain(story, "3", "1")
    assert "You paid the clerk instead of warning him." in paid
    assert "The world has left the history books." in paid


def test_exports_head_a_history_note_in_history_once_the_world_left_it(story):
    replay = build_replay(play(story, ["warn", "burn"]))
    assert "**In history: The ledger**" in export(replay, "md")
    assert "<h4>In history: The ledger</h4>" in export(replay, "html")
    markdown = export(replay, "md")
    assert "*In your story:*\n\nThe ledger burns, and history with it." in markdown
    assert "<strong>In your story:</strong>" in export(replay, "html")
