"""The rules of play on the feature-tour story."""

from __future__ import annotations

import pytest

from game.engine import ChoiceUnavailable, ReplayDiverged, choose, new_game, replay
from game.engine.comparison import key_decisions, matched_count
from game.engine.rules import available_options
from game.engine.session import Session
from game.engine.state import Step


def ids(story, state):
    return [(o.choice.id, o.locked) for o in available_options(story, state)]


def test_new_game_starts_at_the_start_with_start_values(tour):
    state = new_game(tour, seed=1)
    assert state.scene == "airfield.briefing"
    assert state.values == {
        "secrecy": 5,
        "fuel": 2,
        "radio_used": False,
        "map_read": False,
    }


def test_locked_choices_show_with_reason_and_hidden_ones_do_not(tour):
    state = new_game(tour)
    assert ids(tour, state) == [("map", False), ("uniform", False), ("refuse", True)]
    refuse = available_options(tour, state)[2]
    assert refuse.reason == "Only a pilot nobody watches could refuse."
    with pytest.raises(ChoiceUnavailable, match="locked"):
        choose(tour, state, "refuse")
    with pytest.raises(ChoiceUnavailable):
        choose(tour, state, "hidden")


def test_once_only_choice_disappears_after_use(tour):
    state = choose(tour, new_game(tour), "map").state
    assert state.scene == "airfield.briefing"
    assert "map" not in [choice for choice, _ in ids(tour, state)]
    with pytest.raises(ChoiceUnavailable):
        choose(tour, state, "map")


def test_effects_apply_and_clamp(tour):
    state = new_game(tour)
    outcome = choose(tour, state, "uniform")
    assert outcome.state.values["secrecy"] == 6
    assert outcome.text == "The collar itches. Deniability is now 6."
    state = outcome.state
    state = choose(tour, state, "sortie").state
    silent = choose(tour, state, "silent")
    assert silent.state.values["secrecy"] == 6  # clamped at max
    russian = choose(tour, state, "russian")
    assert russian.state.values["secrecy"] == 3
    assert russian.state.values["radio_used"] is True


def test_visited_and_chosen_conditions(tour):
    plain = choose(tour, new_game(tour), "uniform").state
    assert ("shortcut", True) in ids(tour, plain)
    studied = choose(tour, choose(tour, new_game(tour), "map").state, "uniform").state
    assert ("shortcut", False) in ids(tour, studied)


def test_random_branches_are_reproducible_by_seed(tour):
    def fuel_after_sortie(seed):
        state = choose(tour, new_game(tour, seed), "uniform").state
        outcome = choose(tour, state, "sortie")
        return outcome.branch, outcome.state.values["fuel"]

    results = {seed: fuel_after_sortie(seed) for seed in range(40)}
    assert all(fuel_after_sortie(seed) == result for seed, result in results.items())
    branches = [branch for branch, _ in results.values()]
    assert 0 in branches and 1 in branches  # both branches are drawn across seeds
    assert all(fuel == (1 if branch == 0 else 0) for branch, fuel in results.values())


def test_reaching_an_ending(tour):
    state = new_game(tour)
    for choice in ("uniform", "sortie", "russian", "confess"):
        state = choose(tour, state, choice).state
    assert state.ending == "two.end-exposed"
    assert available_options(tour, state) == []
    with pytest.raises(ChoiceUnavailable):
        choose(tour, state, "confess")


def test_log_replay_equals_live_state(tour):
    state = new_game(tour, seed=7)
    for choice in ("map", "uniform", "sortie", "russian", "carry-on"):
        state = choose(tour, state, choice).state
    assert replay(tour, 7, state.steps) == state


def test_replay_reports_the_step_that_diverges(tour):
    steps = [Step("airfield.briefing", "uniform"), Step("airfield.hangar", "vanished")]
    with pytest.raises(ReplayDiverged) as info:
        replay(tour, 0, steps)
    assert info.value.index == 1
    assert info.value.state.scene == "airfield.hangar"


def test_undo_and_rewind(tour):
    session = Session(tour, seed=3)
    session.choose("map")
    session.choose("uniform")
    after_two = session.state
    session.choose("sortie")
    assert session.undo()
    assert session.state == after_two
    session.rewind(0)
    assert session.state == new_game(tour, 3)
    assert not session.undo()


def test_session_from_log_keeps_the_valid_prefix(tour):
    steps = [Step("airfield.briefing", "uniform"), Step("airfield.hangar", "teleport")]
    session = Session.from_log(tour, 0, steps)
    assert session.state.scene == "airfield.hangar"
    assert session.divergence.index == 1
    assert "teleport" in session.divergence.describe()


def test_key_decisions_compare_with_history(tour):
    state = new_game(tour)
    for choice in ("uniform", "sortie", "russian", "carry-on"):
        state = choose(tour, state, choice).state
    rows = key_decisions(tour, state)
    assert [(row.scene.id, row.matched) for row in rows] == [
        ("airfield.briefing", True),
        ("two.patrol", False),
    ]
    assert matched_count(rows) == (1, 2)
    assert rows[1].history.startswith("The pilots kept to Korean phrases")


def test_notes_unlock_once_in_order(tour):
    state = new_game(tour)
    for choice in ("map", "uniform", "sortie"):
        state = choose(tour, state, choice).state
    assert state.notes == ("map-note", "uniform-note")


def loop_story(make_story):
    """The tiny story, with a choice that leads back to its own scene: logs of any length."""
    folder = make_story()
    chapter = folder / "one.yaml"
    again = "      - {id: again, text: Again., outcome: Round., note: n, goto: start}\n"
    chapter.write_text(chapter.read_text().replace("    choices:\n", "    choices:\n" + again, 1))
    return folder


def test_replaying_a_long_log_takes_linear_time_and_memory(make_story):
    """A state once carried a copy of the whole log: 10,000 steps took 10 s and 430 MB."""
    import time
    import tracemalloc

    from game.story.loader import load_story

    story = load_story(loop_story(make_story))
    steps = [Step("one.start", "again")] * 20_000
    started = time.perf_counter()
    session = Session.from_log(story, 0, steps)
    assert time.perf_counter() - started < 5.0
    assert session.divergence is None and len(session.steps) == 20_000
    assert replay(story, 0, steps) == session.state
    tracemalloc.start()
    try:
        Session.from_log(story, 0, steps[:5_000])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"{peak:,} bytes for 5,000 steps"


def test_a_log_branched_after_undo_keeps_both_histories(tour):
    session = Session(tour, seed=3)
    session.choose("map")
    first = session.state
    session.choose("uniform")
    kept = session.state
    session.undo()
    session.choose("uniform")  # the same step again shares the log
    assert session.state == kept
    session.undo()
    assert session.state == first
    session.rewind(0)
    session.choose("uniform")  # a different step forks it
    assert [step.choice for step in session.steps] == ["uniform"]
    assert [step.choice for step in kept.steps] == ["map", "uniform"]
    assert first.steps == (Step("airfield.briefing", "map"),)
    assert session.steps[-1] == Step("airfield.briefing", "uniform")
    assert kept.steps[:1] == first.steps
