"""Each diagnostic code, with a fixture that pins its exact file:line:col."""

from __future__ import annotations

import pytest
from story_helpers import MINIMAL_CHAPTER, MINIMAL_MANIFEST, diagnose

from game.story.loader import check_story


def chapter_with(scene_block: str) -> str:
    """The minimal chapter with its 'start' scene replaced by `scene_block`."""
    head, _, rest = MINIMAL_CHAPTER.partition("  start:\n")
    tail = rest[rest.index("  end:\n") :]
    return head + scene_block + tail


def test_minimal_story_is_clean(make_story):
    assert diagnose(make_story()) == []


@pytest.mark.parametrize(
    ("chapter", "expected"),
    [
        # D001: YAML syntax (an unclosed flow mapping)
        ("chapter: {id: one\n", ("one.yaml", 2, 1, "D001")),
        # D005: duplicate key
        (
            MINIMAL_CHAPTER.replace("  title: One\n", "  title: One\n  title: Two\n"),
            ("one.yaml", 4, 3, "D005"),
        ),
        # D004: a Python tag
        (
            MINIMAL_CHAPTER.replace("title: One", "title: !!python/object/apply:os.system [ls]"),
            ("one.yaml", 3, 10, "D004"),
        ),
    ],
)
def test_yaml_level_codes(make_story, chapter, expected):
    assert expected in diagnose(make_story({"one.yaml": chapter}))


def test_d002_invalid_utf8_points_at_the_byte(make_story):
    bad = MINIMAL_CHAPTER.encode().replace(b"title: One", b"title: O\xffne")
    assert diagnose(make_story({"one.yaml": bad})) == [("one.yaml", 3, 11, "D002")]


def test_d010_unknown_field_in_a_choice(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        colour: red\n"
    )
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 16, 9, "D010")]


def test_d011_missing_outcome(make_story):
    chapter = MINIMAL_CHAPTER.replace("        outcome: Gone.\n", "")
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 11, 9, "D011")]


def test_d012_wrong_type(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        once: maybe\n"
    )
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 16, 15, "D012")]


def test_d013_duplicate_choice_id(make_story):
    block = """\
  start:
    choices:
      - {id: go, text: Go., outcome: Gone., note: n, goto: end}
      - {id: go, text: Again., outcome: Gone., note: n, goto: end}
"""
    assert diagnose(make_story({"one.yaml": chapter_with(block)})) == [("one.yaml", 11, 14, "D013")]


def test_d014_missing_chapter_file(make_story):
    manifest = MINIMAL_MANIFEST.replace("[one.yaml]", "[one.yaml, two.yaml]")
    assert diagnose(make_story({"story.yaml": manifest})) == [("story.yaml", 10, 24, "D014")]


def test_d020_unknown_goto(make_story):
    chapter = MINIMAL_CHAPTER.replace("goto: end", "goto: nowhere")
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 15, 15, "D020")]


def test_d020_unknown_start(make_story):
    manifest = MINIMAL_MANIFEST.replace("start: one.start", "start: one.begin")
    assert diagnose(make_story({"story.yaml": manifest})) == [("story.yaml", 5, 10, "D020")]


def test_d021_unknown_stat_in_effects(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        effects: {courage: 1}\n"
    )
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 16, 19, "D021")]


def test_d021_unknown_name_in_text_substitution(make_story):
    chapter = MINIMAL_CHAPTER.replace("text: Hello.", "text: Hello {courage}.")
    # Pointed at the substitution itself (column 17), not at the start of the text.
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 9, 17, "D021")]


@pytest.mark.parametrize(
    "condition",
    ["nerve >", "courage > 1", "nerve and seen", "seen < 2", "nerve > 1 > 0", "eval(1)"],
)
def test_d022_bad_expressions(make_story, condition):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", f'        goto: end\n        if: "{condition}"\n'
    )
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 16, 13, "D022")]


def test_d023_effect_of_the_wrong_type(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        effects: {seen: 3}\n"
    )
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 16, 25, "D023")]


def test_d024_unknown_note(make_story):
    chapter = MINIMAL_CHAPTER.replace("note: n\n", "note: missing\n")
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 14, 15, "D024")]


def test_d025_unknown_place(make_story):
    manifest = MINIMAL_MANIFEST + "  places: places.yaml\n"
    places = "places:\n  pyongyang: {name: Pyongyang, lat: 39.0, lon: 125.7}\n"
    folder = make_story({"story.yaml": manifest, "places.yaml": places})
    assert diagnose(folder) == [("one.yaml", 4, 10, "D025")]


def test_d026_history_note_cites_unknown_fact(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "n: {title: N, kind: counterfactual, text: T., sources: [S]}",
        "n: {title: N, kind: history, text: T., sources: [S], facts: [nope]}",
    )
    assert ("one.yaml", 19, 3, "D026") in diagnose(make_story({"one.yaml": chapter}))


def test_d027_visited_names_no_scene(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", '        goto: end\n        if: "visited(nowhere)"\n'
    )
    assert diagnose(make_story({"one.yaml": chapter})) == [("one.yaml", 16, 13, "D027")]


def test_d030_goto_cycle_with_no_exit(make_story):
    block = """\
  start:
    choices:
      - {id: go, text: Go., outcome: Gone., note: n, goto: loop}
  loop:
    choices:
      - {id: back, text: Back., outcome: Back., note: n, goto: start}
"""
    found = diagnose(make_story({"one.yaml": chapter_with(block)}))
    assert ("one.yaml", 8, 3, "D030") in found
    assert ("one.yaml", 11, 3, "D030") in found


def test_every_problem_is_reported_not_only_the_first(make_story):
    chapter = MINIMAL_CHAPTER.replace("goto: end", "goto: nowhere").replace(
        "note: n\n", "note: x\n"
    )
    codes = [code for *_, code in diagnose(make_story({"one.yaml": chapter}))]
    assert codes == ["D024", "D020"]


@pytest.mark.parametrize("where", ["choice", "prose"])
@pytest.mark.parametrize("parts", [30, 400])
def test_d022_quotes_a_long_expression_around_its_fault_not_whole(make_story, where, parts):
    """A 5,000-character condition was echoed whole in the message and again in the hint;
    one of 400 characters with its fault at the end is quoted where the fault is."""
    condition = " or ".join(["nerve > 1"] * parts) + " or nerve >"
    if where == "choice":
        chapter = MINIMAL_CHAPTER.replace(
            "        goto: end\n", f'        goto: end\n        if: "{condition}"\n'
        )
    else:
        chapter = MINIMAL_CHAPTER.replace("text: Hello.", f'text: "{{if {condition}: x}} Hello."')
    _, diagnostics = check_story(make_story({"one.yaml": chapter}))
    [problem] = [d for d in diagnostics if d.code == "D022"]
    shown = f"{problem.message} {problem.hint}"
    assert len(shown) < 400, shown
    if parts == 30:
        assert "or nerve >'" in shown  # the stretch quoted is the one with the fault
