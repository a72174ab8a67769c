"""scripts/screenshot.py, which keeps the README's picture of the game current."""

from __future__ import annotations

import html
import re
import subprocess
import sys

from story_helpers import FEATURE_TOUR, ROOT

SCRIPT = ROOT / "scripts" / "screenshot.py"


def shoot(*args):
    return subprocess.run(
        [sys.executable, SCRIPT, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def svg_text(svg: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def test_the_picture_is_the_game_after_a_choice_with_its_note(tmp_path):
    out = tmp_path / "pictures" / "game.svg"
    result = shoot("--story", FEATURE_TOUR, "--out", out, "--size", "90x28")
    assert result.returncode == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    text = svg_text(svg)
    assert "> Study the map first." in text
    assert "Maps and memory" in text  # the note card the choice unlocked
    assert "Sources: Test source A" in text
    assert "Chapter 1: The Airfield" in text


def test_the_committed_picture_shows_the_campaign():
    text = svg_text((ROOT / "docs" / "images" / "deniable.svg").read_text(encoding="utf-8"))
    assert "Chapter 1:" in text
    assert "Sources:" in text


def test_a_broken_story_is_reported_and_nothing_is_written(make_story, tmp_path):
    broken = make_story({"one.yaml": "chapter: [\n"})
    out = tmp_path / "never.svg"
    result = shoot("--story", broken, "--out", out)
    assert result.returncode == 1
    assert "one.yaml:2:1: D001 error" in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.stderr


def test_a_bad_size_is_a_usage_error(tmp_path):
    result = shoot("--size", "wide", "--out", tmp_path / "x.svg")
    assert result.returncode == 2
    assert "'wide' is not COLUMNSxROWS" in result.stderr
