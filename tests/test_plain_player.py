"""The plain player as a screen reader or a pipe meets it: wrapped, paged, short, robust."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from game.config import config_path, load_config

ROOT = Path(__file__).resolve().parents[1]
FEATURE_TOUR = ROOT / "tests" / "stories" / "feature-tour"
GOLDEN = Path(__file__).parent / "golden"
SCRIPT = "1\nh\nj\nmap\nt\nt 1951\nstats\n?\nl\nq\n"


def plain(script: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--story", str(FEATURE_TOUR), *args],
        input=script.encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def without_autosave_path(text: str) -> str:
    """The last line names the temporary save folder, which differs from run to run."""
    return text.split("Autosaved to")[0]


def matches_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (then read the diff)."""
    path = GOLDEN / name
    text = without_autosave_path(text)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_a_short_scripted_playthrough_reads_as_the_golden_file():
    result = plain(SCRIPT)
    assert result.returncode == 0, result.stderr
    matches_golden("plain-tour.txt", result.stdout.decode())


def test_the_plain_player_prints_no_markdown_markers():
    """A screen reader reads '##' and '**' aloud: headings, emphasis and rules are words
    and blank lines in plain text, the timeline's chapter lines included."""
    out = without_autosave_path(plain(SCRIPT).stdout.decode())
    assert "Chapter 2: The Patrol" in out  # the timeline's chapter line is there
    for line in out.splitlines():
        assert not re.match(r"\s*(#+ |\*\*|={3,}|\* )", line), line
        assert "**" not in line and not re.search(r"(^|\s)\*\w", line), line


def test_plain_width_from_the_config_wraps_every_line_and_breaks_no_word():
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("plain_width = 40\n", encoding="utf-8")
    assert load_config().plain_width == 40
    result = plain(SCRIPT)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in without_autosave_path(out).splitlines()) <= 40
    matches_golden("plain-tour-40.txt", out)
    words = set(plain(SCRIPT).stdout.decode().split())
    assert "Sources:" in words and "uniform." in words  # no word cut in two


def test_a_plain_width_out_of_range_is_named_and_the_default_kept():
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "nord"\nplain_width = 12\n', encoding="utf-8")
    config = load_config()
    assert config.plain_width == 78
    assert (
        f"{path}:2: plain_width should be a whole number of columns from 30 to 200"
        in (config.problems[0])
    )


def test_output_that_cannot_encode_the_story_degrades_instead_of_crashing():
    result = plain("h\nq\n", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert b"UnicodeEncodeError" not in result.stderr
    assert b"Chapter 1: The Airfield" in result.stdout


def test_commands_answer_briefly_and_list_what_there_is():
    out = plain("s first\n" + "x" * 5000 + "\nl\n?\nmap --picture\nt 1800\nq\n").stdout.decode()
    unknown = next(line for line in out.splitlines() if line.startswith("Unknown command"))
    assert len(unknown) < 80 and "Type ? for help" in unknown
    assert "Saves, newest first:\n  first: The Airfield, 0 choices" in out
    assert "  r        look: the chapter, the scene and its choices again" in out
    assert any("\u2800" <= c <= "\u28ff" for c in out)  # the Braille picture, asked for
    assert "No events in '1800': try a year from" in out
