"""The campaign's prose and endings read what the player did, never guess at it.

Each test plays the campaign through the engine, as history went except where a plan says
otherwise, and reads the words a player would see.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import CAMPAIGN

from game.engine.reading import epilogue_text, scene_text
from game.engine.rules import available_options, choose, new_game
from game.story.loader import load_story

# Hedges the second draft removed: prose that guessed at what the player had done.
HEDGES = re.compile(
    r"if you kept|if he is still|if she is still|whatever you managed|perhaps you kept"
    r"|if you had kept one|if there was one",
    re.IGNORECASE,
)


def words(text: str) -> str:
    """Prose with its line breaks folded, so a phrase can be found across a wrap."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def campaign():
    return load_story(CAMPAIGN)


def play(story, plan: dict[str, str | tuple[str, int]], until: str | None = None):
    """History's choice in every scene, except where `plan` names a choice (and a branch).

    Stops at an ending, or on entering the scene `until`."""
    state = new_game(story, 0)
    for _ in range(500):
        if state.ending is not None or state.scene == until:
            return state
        planned = plan.get(state.scene)
        choice, draw = planned if isinstance(planned, tuple) else (planned, None)
        if choice is None:
            options = available_options(story, state)
            choice = next(o.choice.id for o in options if o.choice.historical and not o.locked)
        state = choose(story, state, choice, draw).state
    raise AssertionError("the plan loops")


def ending_words(story, plan, ending: str) -> str:
    """Play the plan to its end, check it is the counterfactual `ending`, return the epilogue."""
    state = play(story, plan)
    assert state.ending == ending
    assert story.scenes[ending].ending.kind == "counterfactual"
    return words(epilogue_text(story, state))


LEAFLET_READ = {"moolah.start": "take-leaflet", "moolah.leaflet": "memorise-burn"}


def test_flying_south_before_the_armistice_ends_the_story_as_the_defector(campaign):
    at_armistice = play(campaign, LEAFLET_READ, until="moolah.armistice")
    fly = next(
        o for o in available_options(campaign, at_armistice) if o.choice.id == "fly-south-now"
    )
    assert "this ends the story" in fly.choice.text.render(at_armistice.values)
    plan = {**LEAFLET_READ, "moolah.armistice": "fly-south-now", "moolah.south": "aircraft-only"}
    epilogue = ending_words(campaign, plan, "moolah.end-defector")
    assert "the first Communist pilot to bring a MiG south" in epilogue
    assert "who had handed you the leaflet" in epilogue
    assert "You talked about the aircraft and nothing else" in epilogue
    assert "a few minutes behind No Kum-sok" not in epilogue


def test_following_no_kum_sok_is_told_as_the_second_mig(campaign):
    plan = {"moolah.morning": ("follow", 0), "moolah.south": "press"}
    epilogue = ending_words(campaign, plan, "moolah.end-defector")
    assert "a few minutes behind No Kum-sok" in epilogue
    assert "Your press conference in Seoul" in epilogue
    assert "could say truthfully that you never read it" in epilogue
    assert "the first Communist pilot" not in epilogue


def test_a_high_record_alone_no_longer_tells_the_truth_early(campaign):
    state = play(campaign, {}, until="archives.final")
    values = {**state.values, "record": 10}
    kept_well = dataclasses.replace(state, values=values)
    early = next(o for o in available_options(campaign, kept_well) if o.choice.id == "early")
    assert early.locked, "a record kept in 2015 must not tell the truth before 1991"
    printed = dataclasses.replace(state, values={**values, "memoir_published": True})
    early = next(o for o in available_options(campaign, printed) if o.choice.id == "early")
    assert not early.locked


def test_the_early_truth_names_only_what_was_printed(campaign):
    plan = {
        "archives.thaw": ("leave", 0),
        "archives.final": "early",
        "occupation.diary": "keep-diary",
    }
    epilogue = ending_words(campaign, plan, "archives.end-early-truth")
    assert "Zaitsev's pages" in epilogue
    assert "Kessler's story" not in epilogue


@pytest.mark.parametrize(("draw", "scarred"), [(0, False), (1, True)])
def test_ri_has_a_scar_only_after_the_solo_that_went_wrong(campaign, draw, scarred):
    state = play(campaign, {"occupation.first-solo": ("send-up", draw)}, until="occupation.army")
    assert ("scar" in scene_text(campaign, state)) is scarred


def test_the_withdrawal_knows_whether_han_stayed_and_a_diary_was_kept(campaign):
    kept = play(campaign, {"occupation.diary": "keep-diary"}, until="occupation.withdrawal")
    text = words(scene_text(campaign, kept))
    assert "Han Tae-ho is now the senior Korean" in text
    assert "Your diary fills most of the ledger" in text
    plan = {"occupation.cadets": "dismiss-han", "occupation.diary": "log-only"}
    dismissed = play(campaign, plan, until="occupation.withdrawal")
    text = words(scene_text(campaign, dismissed))
    assert "has not been through the gate" in text
    assert "You kept no diary" in text


def test_the_notebooks_in_the_bag_are_the_ones_the_interpreter_wrote(campaign):
    crosses = words(scene_text(campaign, play(campaign, {}, until="moscow.deny")))
    assert "small crosses" in crosses
    corrected = play(campaign, {"moscow.arrival": "correct-openly"}, until="moscow.deny")
    assert "crosses" not in scene_text(campaign, corrected)


def test_no_prose_hedges_about_what_the_player_did():
    for path in sorted(CAMPAIGN.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not HEDGES.search(line), f"{path.name}:{number}: {line.strip()}"


PEOPLE = ("Han Tae-ho", "Ri Chol-min", "Jin Dongzhu", "Dr. Wang", "Kolya", "Little Sun")
PEOPLE += ("Walt Kessler", "Sergeant Ri", "Belov", "Old Qian", "Zaitsev", "Antonina Petrovna")


def test_the_final_epilogue_says_what_became_of_the_people_met_on_the_way(campaign):
    history = words(epilogue_text(campaign, play(campaign, {})))
    for name in PEOPLE:
        assert name in history.split("What became of the people you met")[1], name
    assert "are invented" in history.split("Who was real?")[1]
    assert "Han Tae-ho taught at the school" in history
    assert "Little Sun's victory stayed on the regiment's board" in history
    plan = {
        "occupation.cadets": "dismiss-han",
        "occupation.first-solo": ("send-up", 1),
        "mig-alley.claims": "film-only",
        "legacy.workshop": "lean",
    }
    other = words(epilogue_text(campaign, play(campaign, plan)))
    assert "Han Tae-ho never flew again" in other
    assert "the cadet with the white scar on his chin" in other
    assert "Little Sun forgave you the one honest line" in other
    assert "Old Qian copied alone" in other
    assert "Han Tae-ho taught at the school" not in other


def test_the_historian_has_the_folder_only_if_zaitsev_kept_it(campaign):
    kept = words(scene_text(campaign, play(campaign, {}, until="archives.final")))
    assert "the yellow folder tied with string" in kept
    plan = {"archives.thaw": ("leave", 1), "occupation.diary": "keep-diary"}
    left = words(scene_text(campaign, play(campaign, plan, until="archives.final")))
    assert "yellow folder" not in left
    assert "from the dead editor's papers" in left
