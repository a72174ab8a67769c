"""Variant targets past random play: playthroughs steered at an unshown branch, and what
every way into a scene has in common (a flag only one path sets). Sound both ways: a
branch is shown only when the engine showed it, called unreachable only when no path of
the graph, conditions ignored, can show it."""

from __future__ import annotations

from authoring_stories import HEADER, one_chapter_story

from game.authoring.prove import prove
from game.authoring.scene_facts import arrival_facts
from game.authoring.variant_seek import seek
from game.authoring.variant_targets import Tally, exhaustive_variants, unshown_goals

CHAPTER = (
    HEADER
    + """\
scenes:
  start:
    text: Choose.
    choices:
      - id: fly
        text: Fly south.
        effects: {seen: true}
        outcome: You fly.
        note: n
        goto: flight
      - id: stay
        text: Stay.
        outcome: You stay.
        note: n
        goto: home
  flight:
    text: "{if seen: Over the sea. | Never shown.}"
    choices:
      - id: land
        text: Land.
        outcome: Landed.
        note: n
        goto: after
  home:
    text: "{if seen: Never shown either. | At home.}"
    choices:
      - id: wait
        text: Wait.
        outcome: Waited.
        note: n
        goto: after
  after:
    text: "{if seen: Gone. | Here.}"
    choices:
      - id: out
        text: Out.
        outcome: Out.
        note: n
        goto: end
  end:
    ending: {title: End, kind: historical, epilogue: "{if chosen(start.fly): Far. | Near.}"}
notes:
  n: {title: N, kind: counterfactual, text: T., sources: [S]}
"""
)


def story(tmp_path):
    return one_chapter_story(tmp_path, CHAPTER)


def test_a_flag_only_one_way_in_sets_has_one_value_there(tmp_path):
    facts = arrival_facts(story(tmp_path))
    assert facts["one.flight"].flags["seen"] == {True}
    assert facts["one.home"].flags["seen"] == {False}
    assert facts["one.after"].flags["seen"] == {False, True}
    assert "one.start.fly" in facts["one.end"].may_choose
    assert "one.start.fly" not in facts["one.end"].must_choose
    assert facts["one.after"].must_visit == {"one.start", "one.after"}


def test_a_branch_no_way_in_can_show_is_unreachable_and_one_that_shows_is_not(tmp_path):
    loaded = story(tmp_path)
    coverage = exhaustive_variants(loaded, prove(loaded, 100_000))
    found = {(b.loc.line, b.label): (b.status, b.why) for b in coverage.branches}
    lines = CHAPTER.splitlines()
    flight = lines.index('    text: "{if seen: Over the sea. | Never shown.}"') + 1
    home = lines.index('    text: "{if seen: Never shown either. | At home.}"') + 1
    after = lines.index('    text: "{if seen: Gone. | Here.}"') + 1
    assert found[(flight, "if false (the else)")] == ("unreachable", "'if seen' is always true")
    assert found[(home, "if true")] == ("unreachable", "'if seen' is always false")
    assert found[(flight, "if true")] == found[(home, "if false (the else)")] == ("reachable", "")
    assert found[(after, "if true")] == found[(after, "if false (the else)")] == ("reachable", "")


def test_steered_playthroughs_show_each_branch_of_a_condition_on_a_choice(tmp_path):
    loaded = story(tmp_path)
    tally = Tally(loaded)  # nothing played yet: every branch is a goal
    goals = unshown_goals(loaded, tally)
    seek(loaded, goals, lambda steps: tally.play(0, steps), lambda g: not tally.counts[g.key])
    epilogue = [site for site in tally.sites if "epilogue" in site.what][0]
    counts = {branch: tally.counts[(id(epilogue.template), 0, branch)] for branch in (0, 1)}
    assert counts[0] >= 1 and counts[1] >= 1  # chosen(start.fly) steered both ways
