"""Variant targets inside other variants: a nested `if` is judged where it stands, with
the conditions of the `if`s around it, and the choices of a scene every way in passed
through count as one made, exactly. A branch that shows is never called unreachable."""

from __future__ import annotations

from authoring_stories import HEADER, variant_verdicts

CHAPTER = (
    HEADER
    + """\
scenes:
  start:
    text: Choose.
    choices:
      - id: left
        text: Left.
        outcome: Left.
        note: n
        goto: end
      - id: right
        text: Right.
        outcome: Right.
        note: n
        goto: end
  end:
    ending:
      title: End
      kind: historical
      epilogue:
        - if: chosen(start.left)
          text: "You went left. {if chosen(start.left): You know it. | You never knew.}"
          else:
            if: chosen(start.right)
            text: You went right.
            else: You went nowhere.
notes:
  n: {title: N, kind: counterfactual, text: T., sources: [S]}
"""
)


def verdicts(tmp_path):
    return variant_verdicts(tmp_path, CHAPTER)


def test_an_if_inside_an_if_is_judged_where_it_stands(tmp_path):
    found = verdicts(tmp_path)
    inner = 'text: "You went left. {if chosen(start.left): You know it. | You never knew.}"'
    assert found[(inner, "if true")] == ("reachable", "")
    assert found[(inner, "if false (the else)")] == (
        "unreachable",
        "'if chosen(start.left)' is always true where it stands",
    )


def test_one_of_the_choices_of_a_scene_every_way_passed_was_made(tmp_path):
    found = verdicts(tmp_path)
    assert found[("- if: chosen(start.left)", "if true")] == ("reachable", "")
    assert found[("- if: chosen(start.left)", "if false (the else)")] == ("reachable", "")
    assert found[("if: chosen(start.right)", "if true")] == ("reachable", "")  # it shows
    assert found[("if: chosen(start.right)", "if false (the else)")] == (
        "unreachable",
        "'if chosen(start.right)' is always true where it stands",
    )
