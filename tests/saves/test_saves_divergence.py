"""Saves survive story edits: each kind of edit, on a copy of the feature tour.

A save made on the original tour is loaded against an edited copy. Where the log still
fits, the game loads without a word; where it stops fitting, the game loads up to the
last step that fits and says which step and why; where it fits but gives a different
state, the step where the two part is named.
"""

from __future__ import annotations

import json

import pytest
from saves_helpers import EXPOSED, HISTORICAL, TOUR, edited_tour, play

from game.saves.store import SaveStore
from game.story.loader import load_story


@pytest.fixture(scope="module")
def tour():
    return load_story(TOUR)


def save_then_load(tour, edited, tmp_path, choices, seed=1):
    store = SaveStore(tmp_path / "saves")
    store.save("game", play(tour, choices, seed))
    return store.load("game", edited)


def test_prose_edits_change_the_fingerprint_but_load_silently(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {"one.yaml": [("The MiG waits, its markings fresh.", "The MiG waits in the rain.")]},
    )
    assert edited.fingerprint != tour.fingerprint
    loaded = save_then_load(tour, edited, tmp_path, EXPOSED)
    assert loaded.message == ""
    assert loaded.session.steps == play(tour, EXPOSED).steps


def test_a_new_stat_and_flag_load_silently(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {
            "story.yaml": [
                (
                    "    fuel: {label: Fuel",
                    "    nerve: {label: Nerve, start: 1, min: 0, max: 3}\n    fuel: {label: Fuel",
                ),
                (
                    "    map_read: The map was read",
                    "    map_read: The map was read\n    shot_down: Shot down",
                ),
            ]
        },
    )
    loaded = save_then_load(tour, edited, tmp_path, EXPOSED)
    assert loaded.message == ""
    assert loaded.session.state.values["nerve"] == 1


def test_a_removed_flag_loads_silently(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {
            "story.yaml": [("    map_read: The map was read\n", "")],
            "one.yaml": [("        effects: {map_read: true}\n", "")],
        },
    )
    loaded = save_then_load(tour, edited, tmp_path, EXPOSED)
    assert loaded.message == ""
    assert "map_read" not in loaded.session.state.values


def test_a_removed_choice_loads_up_to_the_step_before_and_says_why(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {
            "two.yaml": [
                ("      - id: russian\n", "      - id: swear\n"),
            ]
        },
    )
    loaded = save_then_load(tour, edited, tmp_path, EXPOSED)
    assert loaded.divergence is not None
    assert loaded.divergence.index == 3
    assert len(loaded.session.steps) == 3
    assert loaded.session.state.scene == "two.patrol"
    message = loaded.message
    assert "step 4" in message and "'russian'" in message and "has no choice" in message
    assert "Loaded the 3 steps before it" in message


def test_a_removed_scene(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {
            "one.yaml": [
                ("  hangar:\n", "  apron:\n"),
                ("        goto: hangar\n", "        goto: apron\n"),
                ("        goto: hangar\n", "        goto: apron\n"),
                ("        goto: hangar\n", "        goto: apron\n"),
            ]
        },
    )
    loaded = save_then_load(tour, edited, tmp_path, HISTORICAL)
    assert loaded.divergence.index == 1
    assert "scene 'airfield.hangar' no longer exists" in loaded.message
    assert loaded.session.state.scene == "airfield.apron"


def test_a_condition_now_false(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {
            "one.yaml": [
                (
                    "        text: Put on the uniform.\n",
                    '        text: Put on the uniform.\n        if: "fuel > 2"\n'
                    "        locked: The quartermaster is out.\n",
                )
            ]
        },
    )
    loaded = save_then_load(tour, edited, tmp_path, HISTORICAL)
    assert loaded.divergence.index == 0
    assert "locked: The quartermaster is out." in loaded.message
    assert "starts again from the beginning" in loaded.message
    assert loaded.session.steps == ()


def test_a_goto_that_now_leads_elsewhere(tour, tmp_path):
    edited = edited_tour(
        tmp_path,
        {
            "one.yaml": [
                (
                    "        note: uniform-note\n        goto: hangar\n",
                    "        note: uniform-note\n        goto: two.patrol\n",
                )
            ]
        },
    )
    loaded = save_then_load(tour, edited, tmp_path, HISTORICAL)
    assert loaded.divergence.index == 1
    assert "now leads to 'two.patrol' instead of 'airfield.hangar'" in loaded.message


SECOND_BRANCH = (
    "          - {weight: 40, goto: two.patrol, outcome: The engine coughs once.,"
    " effects: {fuel: -1}}\n"
)


def test_a_removed_random_branch(tour, tmp_path):
    # find a seed whose take-off drew the second branch, then remove that branch
    seed = next(s for s in range(50) if play(tour, HISTORICAL, s).steps[1].draw == 1)
    edited = edited_tour(
        tmp_path,
        {"one.yaml": [(SECOND_BRANCH, "")]},
    )
    loaded = save_then_load(tour, edited, tmp_path, HISTORICAL, seed)
    assert loaded.divergence.index == 1
    assert "no random branch 1" in loaded.message


def test_a_once_only_choice_made_twice(tour, tmp_path):
    # the game never lets a once-only choice repeat; a log that does stops fitting there
    store = SaveStore(tmp_path / "saves")
    info = store.save("game", play(tour, ["map", "uniform"]))
    doc = json.loads(info.path.read_text())
    doc["steps"][1] = dict(doc["steps"][0])
    info.path.write_text(json.dumps(doc))
    loaded = store.load("game", tour)
    assert loaded.divergence.index == 1
    assert "choice 'airfield.briefing.map' is locked" in loaded.message


def test_a_changed_effect_names_the_step_where_the_games_part(tour, tmp_path):
    edited = edited_tour(
        tmp_path, {"one.yaml": [("effects: {secrecy: 1}\n", "effects: {secrecy: -2}\n")]}
    )
    loaded = save_then_load(tour, edited, tmp_path, EXPOSED)
    assert loaded.divergence is None
    assert loaded.mismatch is not None
    assert loaded.mismatch.index == 1  # step 2, the uniform
    assert "from step 2 (airfield.briefing, choice 'uniform')" in loaded.message
    assert "Deniability was 3 when saved, is 0 now" in loaded.message
    assert len(loaded.session.steps) == len(EXPOSED)  # the whole log still plays


def test_a_hand_edited_snapshot_is_reported(tour, tmp_path):
    store = SaveStore(tmp_path)
    session = play(tour, HISTORICAL)
    info = store.save("game", session)
    doc = json.loads(info.path.read_text())
    doc["snapshot"]["values"]["fuel"] = 3
    info.path.write_text(json.dumps(doc))
    loaded = store.load("game", tour)
    assert f"Fuel was 3 when saved, is {session.state.values['fuel']} now" in loaded.message


def test_a_hand_edited_step_check_names_its_step(tour, tmp_path):
    store = SaveStore(tmp_path)
    info = store.save("game", play(tour, HISTORICAL))
    doc = json.loads(info.path.read_text())
    doc["steps"][2]["check"] = "00000000"
    info.path.write_text(json.dumps(doc))
    assert store.load("game", tour).mismatch.index == 2


def test_a_log_without_checks_still_loads(tour, tmp_path):
    """Hand-written saves may leave out 'to' and 'check': the log alone is enough."""
    store = SaveStore(tmp_path)
    info = store.save("game", play(tour, EXPOSED))
    doc = json.loads(info.path.read_text())
    doc["steps"] = [{"scene": s["scene"], "choice": s["choice"]} for s in doc["steps"]]
    del doc["checksum"]  # written by hand: no checksum, so nothing to be edited against
    info.path.write_text(json.dumps(doc))
    loaded = store.load("game", tour)
    assert loaded.message == ""
    assert loaded.session.state == play(tour, EXPOSED).state
