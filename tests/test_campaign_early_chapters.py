"""Chapters 1-5, from the occupation to the Yalu: Stalin's approval parts into two paths,
the gap scenes are on history's path, and later chapters name what the player did.

Each test plays the campaign through the engine (history's choice wherever the plan names
none) and reads the words a player would see.
"""

from __future__ import annotations

import pytest
from story_helpers import CAMPAIGN
from test_campaign_endings import play, words

from game.engine.reading import scene_text
from game.story.loader import load_story

ROOM = {"moscow.pak-promise", "moscow.conditions", "moscow.no-open-combat"}
SIDE_ROOM = {"moscow.side-room", "moscow.mun-il", "moscow.summary"}
CORRECTED = {"moscow.arrival": "correct-openly"}


@pytest.fixture(scope="module")
def campaign():
    return load_story(CAMPAIGN)


def test_stalins_approval_parts_into_two_paths_for_three_scenes(campaign):
    history = play(campaign, {}, until="beijing.start")
    assert history.visited >= ROOM
    assert not SIDE_ROOM & history.visited
    corrected = play(campaign, CORRECTED, until="beijing.start")
    assert corrected.visited >= SIDE_ROOM
    assert not ROOM & corrected.visited


def test_the_side_room_is_named_again_in_beijing_and_new_york(campaign):
    midnight = play(campaign, CORRECTED, until="beijing.midnight")
    assert "shopping lists" in words(scene_text(campaign, midnight))
    lasko = play(campaign, CORRECTED, until="security-council.the-flag")
    assert "a side room in Moscow" in words(scene_text(campaign, lasko))
    history = play(campaign, {}, until="security-council.the-flag")
    assert "side room" not in words(scene_text(campaign, history))


def test_the_condition_reaches_beijing_as_the_interpreter_let_it(campaign):
    exact = words(scene_text(campaign, play(campaign, {}, until="beijing.start")))
    assert "final decision must be taken together with the Chinese comrades" in exact
    blurred = play(campaign, {"moscow.conditions": "let-it-blur"}, until="beijing.start")
    assert "kept informed" in words(scene_text(campaign, blurred))


def test_john_m_chang_speaks_and_yi_remembers_the_gate(campaign):
    state = play(campaign, {}, until="security-council.chang")
    text = words(scene_text(campaign, state))
    assert "John M. Chang" in text
    assert "its gate stayed shut" in text
    reported = play(
        campaign, {"occupation.november": "report-plainly"}, until="security-council.chang"
    )
    assert "wrote things down" in words(scene_text(campaign, reported))


def test_the_black_sea_and_the_thirteenth_of_october_are_on_historys_path(campaign):
    state = play(campaign, {}, until="aid.yalu")
    assert {"aid.black-sea", "aid.thirteenth"} <= state.visited
    text = words(scene_text(campaign, play(campaign, {}, until="aid.black-sea")))
    assert "not ready" in text
    assert "Lao Feng brings the cables in" in text


def test_lao_feng_in_october_is_the_friend_the_aide_kept_back(campaign):
    spared = play(campaign, {"beijing.june": "spare-feng"}, until="aid.black-sea")
    assert "not speaking to you" in words(scene_text(campaign, spared))
    north = play(campaign, {"beijing.june": "go-north"}, until="aid.black-sea")
    assert "You were in Shenyang" in words(scene_text(campaign, north))


def test_the_doctor_hears_the_pilot_name_the_notebook_of_the_man_sent_home(campaign):
    dismissed = play(campaign, {"occupation.cadets": "dismiss-han"}, until="aid.pilots")
    assert "not allowed through the gate" in words(scene_text(campaign, dismissed))
    kept = play(campaign, {}, until="aid.pilots")
    assert "not allowed through the gate" not in words(scene_text(campaign, kept))
