"""A page break's "Continue" is no choice: no count of choices includes it, and undo takes
back the last choice the player made together with the page turns after it.

Played on tests/stories/format-port, whose story opens on a page break and whose radio
room's "Wave the receipt" leads to a second page break before the ending.
"""

from __future__ import annotations

import pytest
from plain_port import PORT, play_plain

from game.authoring.coverage import exhaustive_report, random_report
from game.authoring.prove import prove
from game.authoring.randomtest import random_playtest
from game.engine.session import Session
from game.engine.state import PAGE_TURN, StepLog, choices_in
from game.presentation.export import markdown, to_html
from game.presentation.pictures.timeline import timeline_entries
from game.presentation.transcript import build_replay, plain_transcript
from game.saves.store import SaveStore
from game.story.loader import load_story

# Continue, Ask about the ferry, With a banknote, Wave the receipt, Continue: the ending.
TO_THE_GANGWAY = (PAGE_TURN, "ask", "bribe", "wave", PAGE_TURN)


@pytest.fixture(scope="module")
def port():
    return load_story(PORT)


def played(port, choices=TO_THE_GANGWAY, seed=1) -> Session:
    session = Session(port, seed=seed)
    for choice in choices:
        session.choose(choice)
    return session


def test_the_log_counts_choices_made_without_page_turns(port):
    session = played(port)
    state = session.state
    assert state.ending == "port.quay"
    assert state.step_count == 5 and state.choices_made == 3
    assert [s.choices_made for s in session.states] == [0, 0, 1, 2, 3, 3]
    # a log forked after undo keeps its own count
    session.undo()
    session.choose("listen")
    assert session.state.choices_made == choices_in(session.state.steps) == 3
    assert StepLog(list(state.steps)).choices_made == 3


def test_undo_after_a_page_break_returns_to_the_last_choice_made(port):
    session = played(port)
    radio = session.states[3]
    assert session.undo()
    assert session.state == radio  # before "Wave the receipt", not before the Continue
    assert session.state.scene == "port.radio" and session.state.choices_made == 2
    assert session.undo() and session.undo()
    assert session.state.scene == "port.desk"  # the opening page turn is kept
    assert session.state.step_count == 1
    assert not session.can_undo() and not session.undo()
    assert session.state.scene == "port.desk"


def test_a_page_turn_alone_is_nothing_to_undo(port):
    session = played(port, (PAGE_TURN,))
    assert not session.can_undo() and not session.undo()
    assert session.state.scene == "port.desk"


def test_save_lists_count_choices_not_page_turns(port, tmp_path):
    store = SaveStore(tmp_path)
    info = store.save("gangway", played(port))
    assert info.choices == 3 and info.steps == 5
    (listed,) = store.list()
    assert listed.choices == 3


def test_transcripts_number_choices_and_name_page_turns_apart(port):
    replay = build_replay(played(port))
    assert replay.choices == 3
    text = plain_transcript(replay)
    assert "-- A page before any choice --" in text
    assert "-- Choice 1 of 3: The harbour master's desk --" in text
    assert "-- Choice 3 of 3 --" in text
    assert "-- A page after choice 3 --" in text
    assert "Step " not in text and "of 5" not in text
    page = markdown(replay)
    assert "A transcript of the playthrough: 3 choices." in page
    assert "### Choice 1 of 3: The harbour master's desk" in page
    assert "### A page after choice 3" in page
    assert "Choice 3 of 3" in to_html(replay)


def test_playtests_measure_length_in_choices(port):
    report = exhaustive_report(prove(port, 100_000), 100_000)
    assert "port.quay (On board): 2 choices" in report.text()  # Continue, papers, wait
    assert "choices 10/10" in report.text()  # the two Continues are not among them
    run, machine = random_playtest(port, 40, 0, keep_paths=40)
    for path, made in zip(run.paths, run.choices_per_run, strict=True):
        turns = sum(1 for choice_id, _ in path if choice_id.endswith("." + PAGE_TURN))
        assert turns >= 1 and made == len(path) - turns
    assert "Length in choices: min 2," in random_report(run, machine).text()


def test_the_plain_player_undoes_a_choice_not_a_page_turn(tmp_path):
    # Continue, Ask, With a banknote, Wave the receipt, Continue (the ending), then undo
    out = play_plain("1\n1\n2\n2\n1\nu\ns mine\nl\n", tmp_path)
    after = out[out.index("Undid 'Wave the receipt for your banknote.'") :]
    shown = after[: after.index("Saved 'mine'")]  # where undo landed: the radio room
    assert "The radio operator waves you in." in shown
    assert "2. Wave the receipt for your banknote." in shown and "Continue" not in shown
    assert "Saved 'mine': The Harbour, 2 choices" in after
    assert "mine: The Harbour, 2 choices" in after


def test_the_timeline_lists_choices_made_not_page_turns(port):
    entries = timeline_entries(port, played(port).state)
    mine = [entry.text for entry in entries if entry.kind == "choice"]
    assert mine == [
        "You: Ask about the ferry.",
        "You: With a banknote.",
        "You: Wave the receipt for your banknote.",
    ]
