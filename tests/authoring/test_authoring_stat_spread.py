"""`playtest --random`: each stat's spread as each chapter starts, in text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys

from story_helpers import NOT_HISTORY_MANIFEST, ROOT

from game.authoring.coverage import random_report
from game.authoring.randomtest import random_playtest
from game.story.loader import load_story

# Nerve starts at 2 (0 to 5). The first chapter takes it down by 2 or up by 1, so the
# second starts with it at its minimum in every other run (the least-used choice is
# taken, so the two alternate), and the third, after a page turn, just the same; `calm`
# is read by nothing, and is still reported, at its maximum throughout.
MANIFEST = NOT_HISTORY_MANIFEST.replace(
    "  flags:\n", "    calm: {label: Calm, start: 3, min: 0, max: 3}\n  flags:\n"
).replace("chapters: [one.yaml]", "chapters: [one.yaml, two.yaml, three.yaml]")
ONE = """\
chapter: {id: one, title: One}
scenes:
  start:
    choices:
      - {id: fall, text: Fall., outcome: O., effects: {nerve: -2}, goto: two.start}
      - {id: rise, text: Rise., outcome: O., effects: {nerve: 1}, goto: two.start}
"""
TWO = """\
chapter: {id: two, title: Two}
scenes:
  start:
    continue: three.start
"""
THREE = """\
chapter: {id: three, title: Three}
scenes:
  start:
    choices:
      - {id: go, text: Go., outcome: O., if: nerve > 0, goto: end}
      - {id: stay, text: Stay., outcome: O., if: nerve == 0, goto: end}
  end:
    ending: {title: End, epilogue: Done.}
"""


def tiny(make_story):
    files = {"story.yaml": MANIFEST, "one.yaml": ONE, "two.yaml": TWO, "three.yaml": THREE}
    return make_story(files)


def test_each_stat_is_tallied_as_each_chapter_starts(make_story):
    story = load_story(tiny(make_story))
    run, _ = random_playtest(story, 10, seed=3)
    one, two, three = run.stats_by_chapter
    assert (one["number"], one["chapter"], one["runs"]) == (1, "one", 10)
    assert one["stats"]["nerve"] == {
        "min": 2, "median": 2, "max": 2, "at_min": 0.0, "at_max": 0.0, "at_bound": 0.0
    }  # fmt: skip
    assert two["stats"]["nerve"] == {
        "min": 0, "median": 1.5, "max": 3, "at_min": 0.5, "at_max": 0.0, "at_bound": 0.5
    }  # fmt: skip
    assert three["stats"]["nerve"] == two["stats"]["nerve"]  # a page turn changes nothing
    assert three["stats"]["calm"]["at_max"] == 1.0 and three["stats"]["calm"]["at_bound"] == 1.0
    text = random_report(run, _).text()
    endings = text.index("Endings:")
    assert endings < text.index("Stats as each chapter starts") < text.index("Reached:")
    assert "  2. Two (10 runs)" in text
    assert "     Nerve     0     1.5     3   50.0%    0.0%" in text


def test_the_spread_is_in_the_json_report(make_story):
    folder = tiny(make_story)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "playtest",
            str(folder),
            "--random",
            "4",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    chapters = json.loads(result.stdout)["stats_by_chapter"]
    assert [c["chapter"] for c in chapters] == ["one", "two", "three"]
    assert chapters[1]["stats"]["nerve"]["at_min"] == 0.5
