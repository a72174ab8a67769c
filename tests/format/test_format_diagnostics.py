"""The new constructs' mistakes: each told at its file:line:col under its code."""

from __future__ import annotations

import pytest
from story_helpers import END_SCENE, NOT_HISTORY_MANIFEST, diagnose, tiny_chapter

from game.authoring.lint import lint
from game.authoring.prove import prove
from game.story.loader import check_story, load_story


@pytest.mark.parametrize(
    "scenes, expected",
    [
        # a history story needs a note on every choice: (line of the choice)
        (
            "  start:\n    choices:\n      - {id: go, text: Go., outcome: O., goto: end}\n"
            + END_SCENE,
            ("one.yaml", 10, 9, "D024"),
        ),
        # note: scene needs the scene's note
        (
            "  start:\n    choices:\n"
            "      - {id: go, text: Go., outcome: O., note: scene, goto: end}\n" + END_SCENE,
            ("one.yaml", 10, 48, "D024"),
        ),
        # a page break and choices both
        (
            "  start:\n    continue: end\n    choices:\n"
            "      - {id: go, text: Go., outcome: O., note: n, goto: end}\n" + END_SCENE,
            ("one.yaml", 9, 5, "D012"),
        ),
        # return where no call leads
        (
            "  start:\n    choices:\n"
            "      - {id: go, text: Go., outcome: O., note: n, return: true}\n" + END_SCENE,
            ("one.yaml", 10, 9, "D020"),
        ),
        # random() in a condition
        (
            "  start:\n    choices:\n      - {id: go, text: Go., outcome: O., note: n, goto: end,"
            " if: 'random(1, 2) > 1'}\n" + END_SCENE,
            ("one.yaml", 10, 66, "D022"),
        ),
        # too many draws
        (
            "  start:\n    choices:\n      - {id: go, text: Go., outcome: O., note: n, goto: end,"
            " effects: {nerve: '= random(1, 5000)'}}\n" + END_SCENE,
            ("one.yaml", 10, 79, "D023"),
        ),
    ],
)
def test_a_mistake_is_told_where_it_stands(make_story, scenes, expected):
    folder = make_story({"one.yaml": tiny_chapter(scenes)})
    assert expected in diagnose(folder)


def test_a_tunnel_entered_by_goto_or_calling_itself_is_refused(make_story):
    scenes = (
        "  start:\n    choices:\n"
        "      - {id: ask, text: Ask., outcome: O., note: n, call: radio, goto: end}\n"
        "      - {id: walk, text: Walk., outcome: O., note: n, goto: radio}\n"
        "  radio:\n    choices:\n"
        "      - {id: back, text: Back., outcome: O., note: n, return: true}\n" + END_SCENE
    )
    found = diagnose(make_story({"one.yaml": tiny_chapter(scenes)}))
    assert ("one.yaml", 11, 9, "D020") in found
    looping = (
        "  start:\n    choices:\n"
        "      - {id: ask, text: Ask., outcome: O., note: n, call: radio, goto: end}\n"
        "  radio:\n    choices:\n"
        "      - {id: again, text: Again., outcome: O., note: n, call: radio}\n"
        "      - {id: back, text: Back., outcome: O., note: n, return: true}\n" + END_SCENE
    )
    assert ("one.yaml", 13, 9, "D020") in diagnose(make_story({"one.yaml": tiny_chapter(looping)}))


def test_a_story_that_is_not_history_needs_no_notes_kinds_or_chapter_header(make_story):
    scenes = (
        "  start:\n    choices:\n      - {id: go, text: Go., outcome: O., goto: end}\n"
        "  end:\n    ending: {title: End, epilogue: Done.}\n"
    )
    folder = make_story({"story.yaml": NOT_HISTORY_MANIFEST, "one.yaml": tiny_chapter(scenes, "")})
    assert diagnose(folder) == []
    assert [d.code for d in lint(load_story(folder)) if d.code in ("W042", "W051")] == []


def test_a_history_chapter_without_its_header_loads_with_a_hint(make_story):
    scenes = (
        "  start:\n    choices:\n      - {id: go, text: Go., outcome: O., note: n, goto: end}\n"
        + END_SCENE
    )
    folder = make_story({"one.yaml": tiny_chapter(scenes, "")})
    assert diagnose(folder) == []
    assert [d.code for d in lint(load_story(folder)) if d.code.startswith("W05")] == ["W051"]


def test_a_key_choice_with_the_scenes_note_is_hinted_at_under_strict(make_story):
    scenes = (
        "  start:\n    key: true\n    note: n\n    choices:\n"
        "      - {id: go, text: Go., outcome: O., note: scene, goto: end, historical: true}\n"
        + END_SCENE
    )
    found = lint(load_story(make_story({"one.yaml": tiny_chapter(scenes)})))
    assert [(d.line, d.code) for d in found if d.code == "W042"] == [(12, "W042")]


def test_the_proof_applies_a_first_arrival_effect_once(make_story):
    # Each visit to the hub would add 1 if the effect ran every time; it runs once, so
    # 'nerve >= 4' (nerve starts at 2) can never open, and the proof must say so.
    scenes = (
        "  start:\n    continue: hub\n"
        "  hub:\n    on_first_arrival: {nerve: 1}\n    choices:\n"
        "      - {id: loop, text: Loop., outcome: O., note: n, goto: hub}\n"
        "      - {id: win, text: Win., outcome: O., note: n, goto: end, if: 'nerve >= 4'}\n"
        "      - {id: leave, text: Leave., outcome: O., note: n, goto: end}\n" + END_SCENE
    )
    story = load_story(make_story({"one.yaml": tiny_chapter(scenes)}))
    proof = prove(story, 10_000)
    assert "choice one.hub.win" in proof.unreachable
    assert "one.hub.loop" in proof.choices


def test_prose_naming_a_scene_entered_by_call_is_refused_where_it_stands(make_story):
    # A called scene is played as one copy per call site, whose visits and choices are
    # counted under the copy's id: a condition naming the written scene would read 0 and
    # false for ever, so it is an error at the function's character, as in a choice's if.
    scenes = (
        "  start:\n"
        '    text: "Rain. {if visits(radio) > 0: Again. | First.}"\n'  # line 9
        "    choices:\n"
        "      - {id: ask, text: Ask., outcome: O., note: n, call: radio, goto: end}\n"
        "  radio:\n"
        "    text:\n"
        "      - if: chosen(radio.back)\n"  # line 14
        "        text: Back again.\n"
        "    choices:\n"
        "      - id: back\n"
        "        text: Back.\n"
        '        outcome: "{if visited(start): You go back.}"\n'  # line 19: outside, fine
        "        note: n\n"
        "        return: true\n"
        "  end:\n    ending:\n      title: End\n      kind: historical\n"
        '      epilogue: "{if visited(radio): You called.}"\n'  # line 26
    )
    found = diagnose(make_story({"one.yaml": tiny_chapter(scenes)}))
    assert [f for f in found if f[3] == "D027"] == [
        ("one.yaml", 9, 22, "D027"),
        ("one.yaml", 14, 13, "D027"),
        ("one.yaml", 26, 22, "D027"),
    ]
    _, diagnostics = check_story(make_story({"one.yaml": tiny_chapter(scenes)}))
    message = next(d.message for d in diagnostics if d.code == "D027")
    assert "the text names 'one.radio'" in message


def test_prose_naming_scenes_outside_a_tunnel_loads_from_inside_and_out(make_story):
    scenes = (
        "  start:\n"
        "    choices:\n"
        "      - {id: ask, text: Ask., outcome: O., note: n, call: radio, goto: end}\n"
        "  radio:\n"
        '    text: "{seq: First call. | Again.} {if visited(start): From the start.}"\n'
        "    choices:\n"
        "      - {id: back, text: Back., outcome: O., note: n, return: true}\n"
        "  end:\n    ending:\n      title: End\n      kind: historical\n"
        '      epilogue: "{if chosen(start.ask): You called.}"\n'
    )
    assert diagnose(make_story({"one.yaml": tiny_chapter(scenes)})) == []
