"""The campaign's prose and endings read what the player did, never guess at it.

Each test plays the campaign through the engine, as history went except where a plan says
otherwise, and reads the words a player would see.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from story_helpers import CAMPAIGN

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

    Where a scene has no historical choice open, the first open one. Stops at an ending,
    or on entering the scene `until`."""
    return play_on(story, new_game(story, 0), plan, until)


def play_on(story, state, plan: dict[str, str | tuple[str, int]], until: str | None = None):
    """Go on from `state` as `play` does."""
    for _ in range(500):
        if state.ending is not None or state.scene == until:
            return state
        planned = plan.get(state.scene)
        choice, draw = planned if isinstance(planned, tuple) else (planned, None)
        if choice is None:
            open_options = [o for o in available_options(story, state) if not o.locked]
            historical = [o for o in open_options if o.choice.historical]
            choice = (historical or open_options)[0].choice.id
        state = choose(story, state, choice, draw).state
    raise AssertionError("the plan loops")


def with_values(state, **values):
    """The same moment of play, with some stats or flags as an earlier path would have left them."""
    return dataclasses.replace(state, values={**state.values, **values})


def play_on_until(story, state, scene: str):
    """History's choice (or the first open one) from `state` until `scene` is entered."""
    state = play_on(story, state, {}, scene)
    assert state.scene == scene, f"ended at {state.ending} before {scene}"
    return state


def ending_words(story, plan, ending: str) -> str:
    """Play the plan to its end, check it is the counterfactual `ending`, return the epilogue."""
    state = play(story, plan)
    assert state.ending == ending
    assert story.scenes[ending].ending.kind == "counterfactual"
    return words(epilogue_text(story, state))


LEAFLET_READ = {"moolah.start": "take-leaflet", "moolah.leaflet": "memorise-burn"}


def test_flying_south_before_the_armistice_leads_to_the_defector_ending_in_the_last_chapter(
    campaign,
):
    at_armistice = play(campaign, LEAFLET_READ, until="moolah.armistice")
    fly = next(
        o for o in available_options(campaign, at_armistice) if o.choice.id == "fly-south-now"
    )
    assert "You will not come back" in fly.choice.text.render(at_armistice.values)
    plan = {
        **LEAFLET_READ,
        "moolah.armistice": "fly-south-now",
        "moolah.south": "aircraft-only",
        "archives.final": "defector",
    }
    through = play(campaign, plan, until="legacy.start")
    assert through.values["defected"], "the flight south is remembered"
    assert "moolah.debrief" in through.visited and "moolah.radio" in through.visited
    assert "Bornholm" in words(scene_text(campaign, play(campaign, plan, until="moolah.debrief")))
    epilogue = ending_words(campaign, plan, "archives.end-defector")
    assert "the first Communist pilot to bring a MiG south" in epilogue
    assert "who had handed you the leaflet" in epilogue
    assert "He talked about the aircraft and nothing else" in epilogue
    assert "a few minutes behind No Kum-sok" not in epilogue


def test_following_no_kum_sok_is_told_as_the_second_mig(campaign):
    plan = {"moolah.morning": ("follow", 0), "moolah.south": "press", "archives.final": "defector"}
    epilogue = ending_words(campaign, plan, "archives.end-defector")
    assert "a few minutes behind No Kum-sok" in epilogue
    assert "His press conference in Seoul" in epilogue
    assert "could say truthfully that you never read it" in epilogue
    assert "the first Communist pilot" not in epilogue


def test_the_defector_ending_is_locked_to_a_pilot_who_never_flew_south(campaign):
    state = play(campaign, {}, until="archives.final")
    defector = next(o for o in available_options(campaign, state) if o.choice.id == "defector")
    assert defector.locked


def test_the_no_war_telegram_is_a_what_if_that_returns_to_the_record(campaign):
    at_night = play(campaign, {}, until="moscow.last-night")
    earned = with_values(
        at_night, conditions_written=True, warned_of_us=True, record=6, escalation=1
    )
    carry = next(o for o in available_options(campaign, earned) if o.choice.id == "carry-memo")
    assert not carry.locked
    state = choose(campaign, earned, "carry-memo").state
    assert state.scene == "moscow.no-war" and state.ending is None
    assert state.values["imagined_no_war"]
    assert "what-if" in scene_text(campaign, state)
    on = choose(campaign, state, "file-it").state
    assert on.scene == "beijing.start", "the interlude returns to the record"
    end = play_on(campaign, on, {})
    assert end.ending == "archives.end-historical"
    assert "kept the carbon" in words(epilogue_text(campaign, end))


@pytest.mark.parametrize(
    ("flag", "values", "choice", "interlude", "ending"),
    [
        ("unmasked", {"secrecy": 3}, "go-public", "listening.unmasked", "archives.end-unmasked"),
        (
            "hot_war",
            {"escalation": 7},
            "demand-retaliation",
            "listening.hot-war",
            "archives.end-hot-war",
        ),
    ],
)
def test_unmasked_and_hot_war_play_on_and_end_in_the_archives(
    campaign, flag, values, choice, interlude, ending
):
    at_washington = with_values(play(campaign, {}, until="listening.washington"), **values)
    state = choose(campaign, at_washington, choice).state
    assert state.scene == interlude and state.ending is None
    assert state.values[flag]
    state = play_on_until(campaign, state, "archives.final")
    options = {o.choice.id: o for o in available_options(campaign, state)}
    assert options["deniable"].locked, "the history that happened cannot end a world that left it"
    assert options["early"].locked
    end = choose(campaign, state, flag.replace("_", "-")).state
    assert end.ending == ending
    assert campaign.scenes[ending].ending.kind == "counterfactual"
    assert people_named(words(epilogue_text(campaign, end))) >= 8


def test_the_early_split_is_a_what_if_that_ends_in_the_archives(campaign):
    at_banquet = with_values(play(campaign, {}, until="legacy.start"), alliance=2)
    state = choose(campaign, at_banquet, "walk-out").state
    assert state.scene == "legacy.rift" and state.values["early_rift"]
    state = play_on_until(campaign, state, "archives.final")
    end = choose(campaign, state, "early-rift").state
    assert end.ending == "archives.end-early-rift"
    assert "In this telling the quarrel did not wait for 1960" in words(
        epilogue_text(campaign, end)
    )


def test_brothers_in_arms_needs_the_forgiven_debt_and_ends_in_the_archives(campaign):
    at_recall = play(campaign, {}, until="legacy.recall")
    high = with_values(at_recall, alliance=9)
    brothers = next(o for o in available_options(campaign, high) if o.choice.id == "brothers")
    assert brothers.locked, "trust alone does not suspend the recall"
    forgiven = with_values(high, debt_forgiven=True)
    state = choose(campaign, forgiven, "brothers").state
    assert state.values["recall_suspended"]
    state = play_on_until(campaign, state, "archives.final")
    end = choose(campaign, state, "brothers").state
    assert end.ending == "archives.end-brothers"


def test_the_names_need_both_lists(campaign):
    one = play(campaign, {"moolah.aftermath": "remember-names"}, until="archives.final")
    names = next(o for o in available_options(campaign, one) if o.choice.id == "names")
    assert names.locked, "the Korean names alone do not make the ending"
    plan = {
        "moolah.aftermath": "remember-names",
        "archives.veteran": "dead",
        "archives.final": "names",
    }
    epilogue = ending_words(campaign, plan, "archives.end-names")
    assert "five Korean names" in epilogue
    assert "said five names to himself every night" in epilogue


def test_every_ending_is_in_the_last_chapter_and_there_are_at_least_eight(campaign):
    endings = [scene.id for scene in campaign.endings]
    assert len(endings) >= 8
    assert all(ending.startswith("archives.") for ending in endings), endings


def test_on_historys_path_only_history_and_what_was_printed_are_open(campaign):
    state = play(campaign, {}, until="archives.final")
    open_ids = {o.choice.id for o in available_options(campaign, state) if not o.locked}
    assert open_ids == {"deniable"}


def test_nine_in_ten_random_playthroughs_reach_the_last_chapter(campaign):
    from game.authoring.randomtest import random_playtest

    run, _ = random_playtest(campaign, 2000, 0)
    reached = sum(n for ending, n in run.endings.items() if ending.startswith("archives."))
    assert reached >= 0.9 * 2000, run.endings
    assert len(run.endings) >= 8, run.endings


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
PEOPLE += ("Ray Dombrowski", "No Kum-sok", "The interpreter", "The pilot", "The engineer")


def people_named(epilogue: str) -> int:
    """How many of the people met on the way the epilogue says something of."""
    return sum(name in epilogue.split("What became of the people you met")[1] for name in PEOPLE)


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


def test_the_last_chapters_see_the_dams_tiananmen_and_the_first_admissions(campaign):
    state = play(campaign, {}, until="moolah.dams")
    assert "Toksan" in words(scene_text(campaign, state))
    state = play(campaign, {}, until="legacy.after")
    assert "Tiananmen" in words(scene_text(campaign, state))
    state = play(campaign, {}, until="archives.start")
    assert "Moscow, 1990" in words(scene_text(campaign, state))
    state = play(campaign, {}, until="archives.opening")
    assert "216 Soviet documents" in words(scene_text(campaign, state))


def test_the_pilots_of_1953_remember_a_war_that_went_hot(campaign):
    at_washington = with_values(play(campaign, {}, until="listening.washington"), escalation=7)
    state = choose(campaign, at_washington, "demand-retaliation").state
    state = play_on_until(campaign, state, "moolah.start")
    assert "raids on Antung" in words(scene_text(campaign, state))
    quiet = play(campaign, {}, until="moolah.start")
    assert "raids on Antung" not in words(scene_text(campaign, quiet))
