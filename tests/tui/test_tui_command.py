"""`deniable` without --plain: the TUI branch of the play command."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from argparse import Namespace
from pathlib import Path

import pytest
from cli_helpers import modules_loaded_by
from tui_helpers import FEATURE_TOUR


def test_a_missing_story_folder_is_reported_before_any_screen(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "game", "--story", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "D014" in result.stderr and "story.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_problems_found_by_the_app_go_to_stderr_with_its_exit_code(monkeypatch, capsys):
    from game.commands import play
    from game.tui import app as tui_app

    def fake_run(self, **kw):
        self.problems = ["one.yaml:1:1: D001 error bad"]
        self.exit(return_code=1)
        return None

    monkeypatch.setattr(play, "terminal_missing", lambda: False)  # as if run in a terminal
    monkeypatch.setattr(tui_app.DeniableApp, "run", fake_run)
    args = Namespace(plain=False, story=FEATURE_TOUR, seed=None, load=None, saves=Path("."))
    assert play.run(args) == 1
    assert "D001" in capsys.readouterr().err


@pytest.mark.e2e
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pseudo-terminal")
def test_in_a_real_terminal_a_choice_then_sigterm_autosaves_and_exits_cleanly(tmp_path):
    """The whole game in a pseudo-terminal: keys in, a signal to stop, the save on disk."""
    import pty

    saves = tmp_path / "saves"
    command = [sys.executable, "-m", "game", "--story", str(FEATURE_TOUR)]
    command += ["--saves", str(saves), "--seed", "1"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the game
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, command)

    screen = b""

    def read_until(wanted: bytes, seconds: float = 15) -> None:
        nonlocal screen
        end = time.monotonic() + seconds
        while wanted not in screen and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    screen += os.read(fd, 65536)
                except OSError:
                    break
        assert wanted in screen, f"never saw {wanted!r}"

    read_until(b"New game")
    read_until(b"Feature Tour")  # the story has loaded: the menu is live
    os.write(fd, b"n")
    read_until(b"Put on the uniform.")
    os.write(fd, b"2")
    read_until(b"What really happened")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        with contextlib.suppress(OSError):
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                screen += os.read(fd, 65536)
    else:
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the game did not stop on SIGTERM")
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"Traceback" not in screen
    from game.saves.store import SaveStore

    info = SaveStore(saves).newest()
    assert info is not None and info.autosave and info.steps == 1


def test_parsing_the_command_line_loads_no_story_code():
    """Every `deniable` builds the parser before the TUI starts: it must stay cheap."""
    heavy = ("game.story", "game.engine", "game.authoring", "game.saves.store", "yaml", "textual")
    assert modules_loaded_by("from game.cli import build_parser\nbuild_parser()", heavy) == []


def test_the_playtest_default_written_in_the_command_matches_the_explorer():
    from game.authoring.explore import DEFAULT_MAX_STATES
    from game.commands import playtest

    assert playtest.DEFAULT_MAX_STATES == DEFAULT_MAX_STATES
