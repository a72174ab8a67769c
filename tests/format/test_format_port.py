"""The ported game (tests/stories/format-port): every construct writers asked for, played.

Page break, inline choices, a tunnel called from two places, a quiet effect, scene-level
effects on arrival and on first arrival, random(a, b), a story that is not history and a
chapter without place, date or viewpoint: in the engine, the plain player, undo, a save
loaded and replayed, the exhaustive proof and the transcripts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from plain_port import play_plain

from game.authoring.lint import lint
from game.authoring.prove import prove
from game.engine.rules import available_options, choose, new_game, replay
from game.engine.session import Session
from game.engine.state import PAGE_TURN
from game.presentation.export import markdown, to_html
from game.presentation.transcript import build_replay
from game.saves.format import decode, encode
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]
PORT = ROOT / "tests" / "stories" / "format-port"


@pytest.fixture(scope="module")
def port():
    return load_story(PORT)


def texts(story, state):
    return [option.choice.text.render(state.values) for option in available_options(story, state)]


def take(story, state, text):
    option = next(o for o in available_options(story, state) if o.choice.text.raw == text)
    return choose(story, state, option.choice.id)


def test_the_port_is_clean_and_not_history(port):
    assert port.history is False
    assert lint(port) == []
    assert port.chapters[0].place == port.chapters[0].date == ""
    assert port.scenes["port.quay"].ending.kind == ""


def test_a_page_break_is_one_continue_without_a_note_or_a_history_entry(port):
    state = new_game(port, seed=1)
    assert texts(port, state) == ["Continue"]
    outcome = choose(port, state, PAGE_TURN)
    assert outcome.note == "" and outcome.text == ""
    assert outcome.state.scene == "port.desk"
    assert outcome.state.choices_made == 0 and outcome.state.step_count == 1


def test_first_arrival_effects_run_once_and_arrival_effects_every_time(port):
    state = choose(port, new_game(port, 1), PAGE_TURN).state
    assert state.values["nerve"] == 1
    state = take(port, state, "Look at yourself in the window.").state
    state = take(port, state, "Turn back to the desk.").state
    assert state.scene == "port.desk" and state.values["nerve"] == 1  # not twice
    outcome = take(port, state, "Ask about the ferry.")
    polite = take(port, outcome.state, "Politely.")
    assert polite.state.values["leadership"] == 35  # -10 quiet, -5 on arrival at radio
    assert [c.target for c in polite.changes] == ["leadership"]
    assert (polite.changes[0].before, polite.changes[0].after) == (40, 35)  # only the -5


def test_inline_choices_are_offered_after_the_outcome_like_any_choice(port):
    state = choose(port, new_game(port, 1), PAGE_TURN).state
    outcome = take(port, state, "Ask about the ferry.")
    assert outcome.text.startswith("The clerk sighs")
    assert texts(port, outcome.state) == ["Politely.", "With a banknote."]
    assert port.scenes[outcome.state.scene].local_id.startswith("-")


def test_a_tunnel_returns_to_each_place_it_was_called_from(port):
    desk = choose(port, new_game(port, 1), PAGE_TURN).state
    mirror = take(port, desk, "Look at yourself in the window.").state
    assert port.scenes[mirror.scene].text.raw.startswith("Leadership")
    assert take(port, mirror, "Turn back to the desk.").state.scene == "port.desk"
    # `check` is called from the desk and from the radio room: one copy each
    from_desk = take(port, desk, "Show your papers.").state
    radio = take(port, take(port, desk, "Ask about the ferry.").state, "With a banknote.").state
    from_radio = take(port, radio, "Ask him to call the ferry.").state
    assert from_desk.scene != from_radio.scene
    for state in (from_desk, from_radio):
        after = take(port, state, "Wait.").state
        assert after.scene == "port.quay" and after.ending == "port.quay"


def test_random_draws_every_value_fixed_by_the_seed(port):
    def luck(seed):
        state = choose(port, new_game(port, seed), PAGE_TURN).state
        state = take(port, state, "Show your papers.").state
        return take(port, state, "Wait.").state.values["luck"]

    drawn = {luck(seed) for seed in range(60)}
    assert drawn == set(range(1, 7))
    assert all(luck(seed) == luck(seed) for seed in range(5))


def test_undo_save_and_replay_keep_the_return_stack(port):
    session = Session(port, seed=3)
    session.choose(PAGE_TURN)
    session.choose("papers")
    inside = session.state
    session.choose("wait")
    assert session.state.scene == "port.quay"
    assert session.undo() and session.state == inside
    when = datetime(2026, 1, 1, tzinfo=UTC)
    raw = encode(story=port, states=session.states, slot="t", autosave=False, created=when,
                 updated=when, play_seconds=0.0)  # fmt: skip
    data = decode(raw)
    assert [s.choice for s in data.steps] == [PAGE_TURN, "papers"]
    loaded = Session.from_log(port, data.seed, data.steps)
    assert loaded.state.scene == inside.scene
    assert loaded.choose("wait").state.scene == "port.quay"
    assert replay(port, 3, data.steps).scene == inside.scene


def test_the_exhaustive_proof_reaches_everything(port):
    proof = prove(port, 100_000)
    assert proof.complete and not proof.unreachable
    assert not proof.dead_ends and not proof.soft_locks
    assert set(proof.scenes) == set(port.scenes)
    assert set(proof.choices) == set(port.choices)


def test_transcripts_show_a_page_turn_as_continue_and_no_notes(port):
    session = Session(port, seed=1)
    for choice in (PAGE_TURN, "ask", "bribe", "listen", "wait"):
        session.choose(choice)
    replayed = build_replay(session)
    text = markdown(replayed)
    assert "**Continue**" in text and "You chose:** Continue" not in text
    assert "Notes unlocked" not in text and "(the history" not in text
    page = to_html(replayed)
    assert page.count("<section") == page.count("</section>") == 5
    assert "What really happened" not in page


def test_the_plain_player_plays_the_port(tmp_path):
    out = play_plain("1\n1\n1\nh\n", tmp_path)
    assert "1. Continue" in out and "> Continue" not in out
    assert "(Nerve: 0 -> 1)" in out
    assert "1. Politely." in out and "2. With a banknote." in out
    assert "(Leadership: 50 -> 40)" not in out  # quiet
    history = out[out.rindex("1. The Harbour") :]
    assert "Continue" not in history
    assert "You are" not in out and "What really happened" not in out
