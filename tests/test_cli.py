"""The command line as a user or a script would run it: in a real process where the pipe or
/dev/null behind stdin is what is tested, in this one (cli_helpers) where only the output
and the exit code are."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_helpers import deniable, modules_loaded_by
from story_helpers import FEATURE_TOUR, ROOT


def deniable_process(*args, input_text=None, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=input_text,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_plain_play_through_a_pipe():
    result = deniable_process(
        "play", "--plain", "--story", str(FEATURE_TOUR), input_text="2\n1\n1\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Chapter 1: The Airfield" in out
    assert "Antung, April 1951" in out
    assert "(locked) Refuse the uniform. -- Only a pilot nobody watches could refuse." in out
    assert "What really happened: Borrowed uniforms" in out
    assert "Sources: Test source A; Test source B" in out
    assert "THE END: As It Was" in out
    # author text that looks like markup is printed as written
    assert "[aside] stale tea and [/] chalk" in out


def test_plain_play_commands():
    script = "9\n3\nu\n2\nj\nh\nstats\nzz\nq\n"
    result = deniable("play", "--plain", "--story", str(FEATURE_TOUR), input_text=script)
    assert result.returncode == 0
    out = result.stdout
    assert "There is no choice 9" in out
    assert "That choice is locked: Only a pilot nobody watches could refuse." in out
    assert "Nothing to undo" in out
    assert "Journal: 1 of 4 notes unlocked." in out
    assert "1. The Airfield: Put on the uniform." in out
    assert "Deniability  6 of 6" in out
    assert "Unknown command 'zz'" in out


def test_check_exit_codes(make_story):
    assert deniable("check", str(FEATURE_TOUR)).returncode == 0
    broken = make_story({"one.yaml": "chapter: [\n"})
    result = deniable("check", str(broken))
    assert result.returncode == 1
    assert "one.yaml:2:1: D001 error" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert deniable("check", "--no-such-flag").returncode == 2


def test_check_json(make_story):
    broken = make_story({"one.yaml": "chapter: [\n"})
    report = json.loads(deniable("check", str(broken), "--format", "json").stdout)
    assert report["ok"] is False
    assert report["diagnostics"][0]["code"] == "D001"
    assert report["diagnostics"][0]["line"] == 2


def test_play_with_a_broken_story_says_so_without_a_traceback(make_story):
    broken = make_story({"one.yaml": "chapter: [\n"})
    result = deniable("play", "--plain", "--story", str(broken), input_text="")
    assert result.returncode == 1
    assert "D001" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help():
    assert deniable("--version").stdout.startswith("deniable ")
    for command in ("play", "check"):
        assert deniable(command, "--help").returncode == 0


def test_help_and_a_mistyped_command_list_every_command():
    from game.cli import command_names

    listed = deniable("--help").stdout
    mistyped = deniable("plya")
    assert mistyped.returncode == 2 and "invalid choice: 'plya'" in mistyped.stderr
    for name in command_names():
        assert f"\n    {name}" in listed
        assert f"'{name}'" in mistyped.stderr


def test_a_named_command_builds_its_own_parser_alone():
    """`deniable play` is every start of the game: parsing it imports no other command."""
    parse = (
        "from game.cli import build_parser\n"
        "args = build_parser('play').parse_args(['play', '--plain', '--seed', '3'])\n"
        "assert args.plain and args.seed == 3, args"
    )
    loaded = modules_loaded_by(parse, ("game.commands",))
    assert loaded == ["game.commands", "game.commands.common", "game.commands.play"]


@pytest.mark.parametrize("stdin", ["pipe", "devnull"])
def test_without_a_terminal_the_game_plays_as_plain_text_instead_of_hanging(tmp_path, stdin):
    source = subprocess.DEVNULL if stdin == "devnull" else subprocess.PIPE
    result = subprocess.run(
        [sys.executable, "-m", "game", "--saves", str(tmp_path)],
        input="1\nq\n" if stdin == "pipe" else None,
        stdin=source if stdin == "devnull" else None,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "not a terminal, so the game plays as plain text" in result.stderr
    assert "\x1b[" not in result.stdout
    assert "1." in result.stdout  # the first scene's numbered choices, as plain text


def test_watch_without_a_terminal_says_so(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--watch", "--saves", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--watch needs a terminal" in result.stderr


def test_watch_without_the_writers_extra_names_the_extra(monkeypatch, capsys):
    import importlib.util

    from game.cli import build_parser
    from game.commands import play

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "watchfiles" else real_find_spec(name, *rest),
    )
    monkeypatch.setattr(play, "terminal_missing", lambda: False)
    args = build_parser().parse_args(["play", "--watch", "--story", str(FEATURE_TOUR)])
    assert play.run(args) == 2
    assert "pip install 'deniable[writer]'" in capsys.readouterr().err
