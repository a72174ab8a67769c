"""Variant targets decided by the scene graph: `visits()` bounded by whether anything
leads back to a scene, `diverged()` by whether a text can show on or off history's path.
Each rule is sound: a branch a play can show is never called unreachable."""

from __future__ import annotations

from authoring_stories import HEADER, variant_verdicts

CHAPTER = (
    HEADER
    + """\
scenes:
  start:
    text: "{if diverged(): Off already. | On the path.}"
    choices:
      - id: go
        text: Go.
        outcome: Went.
        note: n
        goto: loop
  loop:
    text: |
      {if visits(loop) > 2: Third time or more. | Early.}
      {if visits(loop) < 1: Never here yet.}
      {if visits(loop) * 2 == 3: Odd.}
      {if visits(start) > 1: The start again.}
    choices:
      - id: again
        text: Again.
        outcome: Round.
        note: n
        goto: loop
      - id: onward
        text: Onward.
        outcome: On.
        note: n
        goto: fork
  fork:
    key: true
    text: A decision.
    choices:
      - id: keep
        text: Keep to history.
        historical: true
        outcome: "{if diverged(): Left. | Kept.}"
        note: n
        goto: after
      - id: leave
        text: Leave history.
        outcome: "{if diverged(): Gone. | Stayed.}"
        note: n
        goto: after
  after:
    text: "{if diverged(): The world has changed. | As the books say.}"
    choices:
      - id: out
        text: Out.
        outcome: Out.
        note: n
        goto: end
  end:
    ending: {title: End, kind: historical, epilogue: Over.}
notes:
  n: {title: N, kind: counterfactual, text: T., sources: [S]}
"""
)


def coverage(tmp_path):
    return variant_verdicts(tmp_path, CHAPTER)


def test_visits_to_a_scene_nothing_returns_to_are_at_most_one(tmp_path):
    found = coverage(tmp_path)
    assert found[("{if visits(start) > 1: The start again.}", "if true")] == (
        "unreachable",
        "'if visits(start) > 1' is always false",
    )


def test_visits_to_a_scene_play_returns_to_are_counted_up_to_the_threshold(tmp_path):
    found = coverage(tmp_path)
    third = "{if visits(loop) > 2: Third time or more. | Early.}"
    assert found[(third, "if true")] == ("reachable", "")  # it shows
    assert found[(third, "if false (the else)")] == ("reachable", "")
    assert found[("{if visits(loop) < 1: Never here yet.}", "if true")] == (
        "unreachable",
        "'if visits(loop) < 1' is always false",
    )


def test_a_count_in_arithmetic_on_a_scene_play_returns_to_stays_undecided(tmp_path):
    found = coverage(tmp_path)
    assert found[("{if visits(loop) * 2 == 3: Odd.}", "if true")] == ("unknown", "")


def test_diverged_is_false_where_no_path_has_left_history(tmp_path):
    found = coverage(tmp_path)
    start = 'text: "{if diverged(): Off already. | On the path.}"'
    assert found[(start, "if true")] == ("unreachable", "'if diverged()' is always false")


def test_diverged_goes_both_ways_after_a_key_decision_and_is_true_after_leaving(tmp_path):
    found = coverage(tmp_path)
    after = 'text: "{if diverged(): The world has changed. | As the books say.}"'
    assert found[(after, "if true")] == found[(after, "if false (the else)")] == ("reachable", "")
    kept = 'outcome: "{if diverged(): Left. | Kept.}"'
    assert found[(kept, "if true")] == ("unreachable", "'if diverged()' is always false")
    assert found[(kept, "if false (the else)")] == ("reachable", "")
    # an outcome counts its own choice as made: leaving history, the world has left it
    gone = 'outcome: "{if diverged(): Gone. | Stayed.}"'
    assert found[(gone, "if true")] == ("reachable", "")
    assert found[(gone, "if false (the else)")] == (
        "unreachable",
        "'if diverged()' is always true",
    )
