"""Chapters 6-8, the air war: the paths part for scenes at a time, and later prose names them.

Each test plays the campaign through the engine (history's choice wherever the plan names
none) and reads the words a player would see.
"""

from __future__ import annotations

import pytest
from story_helpers import CAMPAIGN
from test_campaign_endings import play, words

from game.engine.reading import scene_text
from game.engine.rules import available_options, choose
from game.presentation.answers import recap
from game.story.loader import load_story

SEA = {"disguise.bridges": "follow-cripple", "disguise.sea": ("over-water", 0)}


@pytest.fixture(scope="module")
def campaign():
    return load_story(CAMPAIGN)


def opened(story, state) -> dict[str, bool]:
    """The choices of the scene the player is in, and whether each is open."""
    return {o.choice.id: not o.locked for o in available_options(story, state)}


def test_history_watches_sinuiju_burn_from_antung(campaign):
    state = play(campaign, {}, until="disguise.ruins")
    text = words(scene_text(campaign, state))
    assert "The eighth of November" in text
    assert "fire bombs" in text


def test_the_map_draws_the_line_and_the_corps(campaign):
    text = words(scene_text(campaign, play(campaign, {}, until="disguise.corps")))
    assert "Pyongyang in the west to Wonsan on the east coast" in text
    assert "searchlight regiment" in text


def test_the_flight_over_the_sea_is_a_path_of_its_own(campaign):
    state = play(campaign, SEA, until="mig-alley.start")
    assert {"disguise.sea", "disguise.inquiry", "disguise.grounded"} <= state.visited
    assert "disguise.debrief" not in state.visited
    history = play(campaign, {}, until="mig-alley.start")
    assert "disguise.debrief" in history.visited
    assert not {"disguise.sea", "disguise.inquiry", "disguise.grounded"} & history.visited


def test_the_special_department_finds_only_the_photograph_that_was_sewn_in(campaign):
    sewn = play(campaign, {**SEA, "disguise.start": "keep-photo"}, until="disguise.inquiry")
    assert "Galya's photograph on the table" in words(scene_text(campaign, sewn))
    plain = play(campaign, SEA, until="disguise.inquiry")
    assert "finds nothing in it" in words(scene_text(campaign, plain))
    grounded = play(campaign, SEA, until="disguise.grounded")
    assert not opened(campaign, grounded)["burn-photo"]


def test_naming_kolya_is_remembered_when_the_pair_flies_again(campaign):
    plan = {**SEA, "disguise.inquiry": "name-kolya"}
    text = words(scene_text(campaign, play(campaign, plan, until="disguise.radio")))
    assert "since the storeroom" in text
    assert "since the storeroom" not in words(
        scene_text(campaign, play(campaign, SEA, until="disguise.radio"))
    )


def test_a_chase_past_the_line_can_be_confessed_only_after_it(campaign):
    chase = {"disguise.bridges": "chase-escorts"}
    turned = play(campaign, chase, until="disguise.debrief")
    assert not opened(campaign, turned)["tell-about-coast"]
    crossed = play(campaign, {**chase, "disguise.south": ("press-on", 0)}, until="disguise.debrief")
    assert opened(campaign, crossed)["tell-about-coast"]


def test_the_korean_in_the_tea_shop_is_ri_chol_min_on_every_path(campaign):
    state = play(campaign, {}, until="disguise.cover")
    assert opened(campaign, state)["korean-cadet"]
    outcome = choose(campaign, state, "korean-cadet")
    assert "Ri Chol-min" in words(outcome.text)


def test_little_sun_comes_down_alive_on_the_railway_patrol(campaign):
    text = words(scene_text(campaign, play(campaign, {}, until="mig-alley.railway")))
    assert "a parachute, a broken collarbone" in text


def test_the_davis_signing_hears_both_claims(campaign):
    state = play(campaign, {}, until="mig-alley.credit")
    text = words(scene_text(campaign, state))
    assert "Zhang Jihui" in text and "also claims a Sabre" in text
    assert not opened(campaign, state)["own-claim"]
    chased = play(campaign, {"mig-alley.davis": "chase-sabre"}, until="mig-alley.credit")
    assert opened(campaign, chased)["own-claim"]


def test_the_listener_hears_the_claim_the_chinese_pilot_put_in(campaign):
    plan = {"mig-alley.davis": "chase-sabre", "mig-alley.credit": "own-claim"}
    claimed = words(scene_text(campaign, play(campaign, plan, until="listening.last-reel")))
    assert "A third voice" in claimed
    history = words(scene_text(campaign, play(campaign, {}, until="listening.last-reel")))
    assert "A third voice" not in history
    assert "two voices shout at almost the same second" in history


def test_the_tea_shop_confession_reaches_hadleys_desk(campaign):
    told = play(campaign, {"disguise.cover": "drop-cover"}, until="listening.report-up")
    assert "Russian salesmen fly the jets" in words(scene_text(campaign, told))
    kept = play(campaign, {}, until="listening.report-up")
    assert "Russian salesmen fly the jets" not in words(scene_text(campaign, kept))


def entering(story, plan, last_scene: str):
    """The recap a player reads on leaving `last_scene` by history's choice, or the plan's."""
    before = play(story, plan, until=last_scene)
    choice = plan.get(last_scene) or next(
        o.choice.id for o in available_options(story, before) if o.choice.historical
    )
    after = choose(story, before, choice).state
    found = recap(story, before, after)
    assert found is not None
    return words(found[1])


def test_the_chinese_pilot_is_told_what_the_soviet_pilot_did(campaign):
    assert "out over the sea" in entering(campaign, SEA, "disguise.radio")
    assert "flew by the rules of his disguise" in entering(campaign, {}, "disguise.radio")


def test_the_listener_is_told_how_the_davis_signing_went(campaign):
    history = entering(campaign, {}, "mig-alley.credit")
    assert "signed for Zhang Jihui's claim" in history
    heard = entering(campaign, {"mig-alley.credit": "soviet-hearing"}, "mig-alley.credit")
    assert "a Soviet pilot's claim" in heard
