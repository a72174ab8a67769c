"""`deniable stats` counts the choices that matter and lists those that matter nowhere."""

from __future__ import annotations

import subprocess
import sys

from authoring_stories import choice, scene, write
from story_helpers import ROOT

from game.authoring.census import census
from game.story.loader import load_story


def small_story(tmp_path):
    return write(
        tmp_path,
        scene(
            "start",
            choice("same-way", "mid"),
            choice("brave", "mid", effects={"nerve": 1}),
            choice("leave", "end"),
        )
        + scene("mid", choice("go", "end", cond="nerve > 2"), choice("wait", "end"))
        + scene("end", ending="Out"),
    )


def test_choices_that_matter_are_counted_per_chapter(tmp_path):
    found = census(load_story(small_story(tmp_path)))
    (chapter,) = found.chapters
    assert (chapter.matter, chapter.choices) == (2, 5)  # brave sets nerve; leave goes its own way
    idle = [line.rsplit(" ", 1)[1] for line in found.idle]
    assert idle == ["one.start.same-way", "one.mid.go", "one.mid.wait"]
    assert found.idle[0].split(": ")[0].endswith("one.yaml:11")


def test_stats_prints_the_share_and_where_the_idle_choices_are(tmp_path):
    folder = small_story(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "game", "stats", str(folder)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "   1. One: 2 of 5 (40%)" in result.stdout
    assert "Choices that matter nowhere (3):" in result.stdout
    assert "/one.yaml:11: one.start.same-way" in result.stdout


def test_a_text_variant_reading_a_flag_makes_its_setter_matter(tmp_path):
    folder = write(
        tmp_path,
        """
        start:
          text: "{if key: The key is yours.}"
          choices:
            - {id: take, text: Take., outcome: Done., note: n, goto: end, effects: {key: true}}
            - {id: skip, text: Skip., outcome: Done., note: n, goto: end}
        end:
          ending: {title: Out, kind: historical, epilogue: Over.}
        """,
    )
    found = census(load_story(folder))
    assert [line.rsplit(" ", 1)[1] for line in found.idle] == ["one.start.skip"]


def test_a_paragraph_the_endings_share_counts_once(tmp_path):
    shared = "What became of them: the pilot flew home, the clerk kept the carbon."
    endings = (
        scene("start", choice("left", "end-a"), choice("right", "end-b"))
        + "end-a:\n  ending:\n    title: A\n    kind: historical\n    epilogue: |\n"
        + "      Only in A.\n\n"
        + f"      {shared}\n"
        + "end-b:\n  ending:\n    title: B\n    kind: counterfactual\n    epilogue: |\n"
        + "      Only in B, longer.\n\n"
        + f"      {shared}\n"
    )
    found = census(load_story(write(tmp_path / "shared", endings)))
    alone = census(load_story(write(tmp_path / "alone", endings.replace(shared, "X."))))
    # Written once, so counted once: the second ending adds only its own words.
    assert found.words - alone.words == len(shared.split()) - 1  # "X." is one word
