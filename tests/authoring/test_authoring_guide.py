"""The writer's guide tells the truth: its tutorial story loads, and its outputs are real."""

from __future__ import annotations

import re

import pytest
from cli_helpers import deniable
from story_helpers import ROOT

GUIDE = (ROOT / "docs" / "writing-scenes.md").read_text()


def block_after(heading: str, language: str = "yaml") -> str:
    start = GUIDE.index(heading)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(GUIDE, start)
    return match.group(1)


def shown_output(command: str) -> list[str]:
    """The lines the guide shows after `$ command`, up to the end of the block."""
    start = GUIDE.index(f"$ {command}\n")
    end = GUIDE.index("```", start)
    return [line for line in GUIDE[start:end].splitlines()[1:] if line.strip()]


@pytest.fixture
def tutorial(tmp_path):
    folder = tmp_path / "radio-room"
    folder.mkdir()
    (folder / "story.yaml").write_text(block_after("### 1. The manifest"))
    (folder / "01-kimpo.yaml").write_text(block_after("### 2. The chapter"))
    return folder


def test_the_tutorial_story_checks_clean_as_the_guide_shows(tutorial):
    result = deniable("check", "radio-room", cwd=tutorial.parent)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.strip() == shown_output("deniable check radio-room")[0]


def test_the_tutorial_playtest_output_is_what_the_guide_shows(tutorial):
    result = deniable("playtest", "radio-room", cwd=tutorial.parent)
    assert result.returncode == 0
    actual = [line for line in result.stdout.splitlines() if line]
    assert actual == shown_output("deniable playtest radio-room")
    random_run = deniable(
        "playtest", "radio-room", "--random", "1000", "--seed", "1", cwd=tutorial.parent
    )
    shown = shown_output("deniable playtest radio-room --random 1000 --seed 1")
    actual = [line for line in random_run.stdout.splitlines() if line]
    assert actual[: len(shown)] == shown


def test_the_tutorial_mistakes_give_the_messages_the_guide_shows(tutorial):
    chapter = tutorial / "01-kimpo.yaml"
    original = chapter.read_text()
    chapter.write_text(original.replace("secrecy > 3", "secrecy > 13"))
    result = deniable("check", "radio-room", cwd=tutorial.parent)
    assert (
        result.stdout.splitlines()[:2]
        == [
            line.replace("01-kimpo.yaml", "radio-room/01-kimpo.yaml")
            for line in GUIDE.split("$ deniable check radio-room\n")[2].split("```")[0].splitlines()
        ][:2]
    )
    chapter.write_text(
        original.replace("secrecy > 3", "secrecy > 8").replace(
            "      - id: report-up\n", "      - id: report-up\n        if: not russian_heard\n"
        )
    )
    result = deniable("playtest", "radio-room", cwd=tutorial.parent)
    assert result.returncode == 1
    out = result.stdout.replace("radio-room/01-kimpo.yaml", "01-kimpo.yaml")
    start = GUIDE.index("Never reached:\n  01-kimpo.yaml:44:9")
    for line in GUIDE[start : GUIDE.index("```", start)].splitlines():
        assert line in out.splitlines(), line


def test_the_tutorial_stats_are_what_the_guide_shows(tutorial):
    result = deniable("stats", "radio-room", cwd=tutorial.parent)
    assert result.stdout.splitlines()[:2] == shown_output("deniable stats radio-room")
