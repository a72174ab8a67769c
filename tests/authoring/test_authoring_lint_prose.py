"""The linter on prose and on history's path: text conditions that are constant, history
notes on choices only a changed world opens, and epilogues blind to how play got there."""

from __future__ import annotations

import subprocess
import sys

from authoring_stories import NOTES, write
from story_helpers import ROOT

from game.authoring.lint import lint
from game.story.loader import load_story

HISTORY_NOTES = NOTES + "  h: {title: H, kind: history, text: T., sources: [S]}\n"


def found(folder, code: str) -> list[tuple[str, str]]:
    return [(f"{d.path}:{d.line}", d.message) for d in lint(load_story(folder)) if d.code == code]


def text_story(tmp_path, text: str):
    return write(
        tmp_path,
        f"""
        start:
          text: "{text}"
          choices:
            - id: go
              text: Go.
              outcome: Done.
              note: n
              goto: end
              effects: {{nerve: 1}}
            - id: look
              text: Look.
              outcome: Seen.
              note: n
              goto: end
              if: nerve > 3
        end:
          ending: {{title: Out, kind: historical, epilogue: Over.}}
        """,
    )


def test_a_text_condition_that_is_always_false_is_w023(tmp_path):
    folder = text_story(tmp_path, "{if nerve > 9: Never. | Always.}")
    assert [m for _, m in found(folder, "W023")] == [
        "scene 'one.start': the text: the condition 'if nerve > 9' is always false"
    ]
    assert found(folder, "W022") == []


def test_a_text_condition_that_is_always_true_is_w022(tmp_path):
    folder = text_story(tmp_path, "{if nerve >= 0: Always.} {if diverged() or true: Too.}")
    messages = [m for _, m in found(folder, "W022")]
    assert messages == [
        "scene 'one.start': the text: the condition 'if nerve >= 0' is always true",
        "scene 'one.start': the text: the condition 'if diverged() or true' is always true",
    ]


def test_text_conditions_that_can_go_both_ways_are_not_warned(tmp_path):
    folder = text_story(
        tmp_path, "{if nerve > 3: Bold.} {if diverged(): Changed.} {if visits(start) > 5: Again.}"
    )
    assert found(folder, "W022") == found(folder, "W023") == []


def history_story(tmp_path, *, defy_sets_key: bool = True, epilogue: str = "Over."):
    stay_effects = "" if defy_sets_key else "effects: {key: true}"
    defy_effects = "effects: {key: true}" if defy_sets_key else ""
    return write(
        tmp_path,
        f"""
        start:
          text: The square.
          key: true
          choices:
            - id: stay
              text: Stay.
              outcome: You stay.
              note: n
              goto: mid
              historical: true
              {stay_effects}
            - id: defy
              text: Defy.
              outcome: You defy them.
              note: n
              goto: mid
              {defy_effects}
        mid:
          text: "The hall. Nerve: {{nerve}}."
          choices:
            - id: claim
              text: Claim the key.
              outcome: Claimed.
              note: h
              goto: end
              if: key
            - id: leave
              text: Leave.
              outcome: Gone.
              note: n
              goto: end
              effects: {{nerve: 1}}
        end:
          ending:
            title: Out
            kind: historical
            epilogue: "{epilogue}"
        """,
        notes=HISTORY_NOTES,
    )


def test_a_history_note_on_a_choice_only_a_changed_world_opens_is_w043(tmp_path):
    folder = history_story(tmp_path)
    (where, message), *rest = found(folder, "W043")
    assert rest == []
    assert where.endswith("one.yaml:28")
    assert (
        message
        == "choice 'one.mid.claim': 'if: key' is false on history's path, but note 'h' is history"
    )


def test_a_history_note_on_a_choice_history_opens_is_not_warned(tmp_path):
    assert found(history_story(tmp_path, defy_sets_key=False), "W043") == []


def test_an_ending_both_ways_reach_with_one_epilogue_is_w044(tmp_path):
    folder = history_story(tmp_path)
    assert [m for _, m in found(folder, "W044")] == [
        "ending 'one.end' is reached on and off history's path, but its epilogue is the same"
    ]


def test_an_epilogue_that_asks_diverged_is_not_warned(tmp_path):
    folder = history_story(tmp_path, epilogue="{if diverged(): Changed. | As it was.}")
    assert found(folder, "W044") == []


def test_check_strict_fails_on_the_history_lints(tmp_path):
    folder = history_story(tmp_path, defy_sets_key=False)
    (folder / "one.yaml").write_text(
        (folder / "one.yaml")
        .read_text()
        .replace(
            "kind: history, text: T., sources: [S]}",
            "kind: counterfactual, text: T., sources: [S]}",
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--strict", str(folder)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert "W044 warning ending 'one.end'" in result.stdout
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 warning(s) (--strict: they count as errors)" in result.stderr
    broken = text_story(tmp_path / "other", "{if nerve > 9: Never.}")
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--strict", str(broken)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert "W023" in result.stdout and result.returncode == 1


def test_a_note_text_condition_is_checked_like_scene_text(tmp_path):
    notes = (
        "notes:\n"
        '  n: {title: N, kind: counterfactual, sources: [S], text: "T.{if nerve > 9: Never.}'
        '{if nerve >= 0: Always.}{if nerve > 3: Bold.}"}\n'
    )
    folder = text_story(tmp_path, "Plain.")
    (folder / "one.yaml").write_text((folder / "one.yaml").read_text().replace(NOTES, notes))
    assert [m for _, m in found(folder, "W023")] == [
        "note 'n': the text: the condition 'if nerve > 9' is always false"
    ]
    assert [m for _, m in found(folder, "W022")] == [
        "note 'n': the text: the condition 'if nerve >= 0' is always true"
    ]


def glued(tmp_path, text: str) -> list[str]:
    folder = text_story(tmp_path, text)
    return [f"{d.line}:{d.col} {d.message}" for d in lint(load_story(folder)) if d.code == "W045"]


def test_a_branch_glued_to_the_end_of_a_sentence_is_w045_at_the_variant(tmp_path):
    # line 9 of the chapter file is `    text: "...`: the text starts at column 12
    assert glued(tmp_path, "He waits.{if nerve > 3: He goes.} Then rain.") == [
        "9:21 scene 'one.start': the text: the variant here glues a sentence's end to the"
        " next word: it reads 'He waits.He goes. Then rain.'"
    ]


def test_a_branch_that_shows_nothing_can_glue_its_neighbours_too(tmp_path):
    [message] = glued(tmp_path, "He came.{if nerve > 3: | She left.}Then rain.")
    assert "glues a sentence's end to the next word" in message


def test_a_branch_of_words_glued_to_a_word_is_w045(tmp_path):
    [message] = glued(tmp_path, "The {if nerve > 3: old man}walks.")
    assert message.endswith("glues its words to the word beside it: it reads 'The old manwalks.'")


def test_two_variants_side_by_side_can_leave_a_double_space(tmp_path):
    messages = glued(tmp_path, "Then {if nerve > 3: x} {if nerve > 5: y} go.")
    assert messages and all("leaves a double space" in m for m in messages)


def test_joins_that_read_right_in_every_branch_are_not_w045(tmp_path):
    for text in (
        "He waits. {if nerve > 3: He goes.} Then rain.",
        "One word{if nerve > 3: s} more.",
        "At {nerve}{if nerve > 3: , and rising}.",
        "The {if nerve > 3: old} man {if nerve > 5: slowly} walks.",
        "{if nerve > 3: x} {if nerve > 5: y}",
    ):
        assert glued(tmp_path, text) == [], text


def numbered(tmp_path, text: str) -> list[str]:
    folder = text_story(tmp_path, text)
    return [f"{d.line} {d.message}" for d in lint(load_story(folder)) if d.code == "W046"]


def test_a_paragraph_opening_with_a_year_and_a_stop_is_w046(tmp_path):
    """Markdown reads '1958. The institute ...' as item 1958 of a numbered list, shown
    indented: a dated paragraph that was meant to read as prose."""
    assert numbered(tmp_path, "Spring.\\n\\n1958. The institute has a furnace now.") == [
        "8 scene 'one.start': the text: the paragraph '1958. The institute has a furnace now...'"
        " shows as item 1958 of a numbered list"
    ]
    from game.presentation.prose import parse

    assert parse("Spring.\n\n1958. The institute has a furnace now.")[1].marker == "1958."


def test_dated_paragraphs_written_as_prose_and_real_lists_are_not_w046(tmp_path):
    for text in (
        "**1958.** The institute has a furnace now.",
        "In 1958. the institute has a furnace.",
        "It was 1958. The institute had a furnace.",
        "Orders:\\n\\n1. Fly.\\n2. Land.",
        "Spring.\\n\\n12. Rooms, and no stove.",
    ):
        assert numbered(tmp_path / str(abs(hash(text))), text) == [], text
