"""`deniable` without --plain: the TUI branch of the play command."""

from __future__ import annotations

import subprocess
import sys
from argparse import Namespace
from pathlib import Path

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


def test_replay_from_the_app_hands_the_save_to_the_replay_command(monkeypatch, tmp_path):
    import game.cli
    from game.commands import play
    from game.tui import app as tui_app

    save = tmp_path / "autosave.json"
    monkeypatch.setattr(tui_app.DeniableApp, "run", lambda self, **kw: tui_app.ReplayRequest(save))
    calls = []
    monkeypatch.setattr(game.cli, "main", lambda argv: calls.append(argv) or 0)
    args = Namespace(plain=False, story=FEATURE_TOUR, seed=None, load=None, saves=tmp_path)
    assert play.run(args) == 0
    assert calls == [["replay", str(save), "--story", str(FEATURE_TOUR), "--saves", str(tmp_path)]]


def test_problems_found_by_the_app_go_to_stderr_with_its_exit_code(monkeypatch, capsys):
    from game.commands import play
    from game.tui import app as tui_app

    def fake_run(self, **kw):
        self.problems = ["one.yaml:1:1: D001 error bad"]
        self._return_code = 1
        return None

    monkeypatch.setattr(tui_app.DeniableApp, "run", fake_run)
    args = Namespace(plain=False, story=FEATURE_TOUR, seed=None, load=None, saves=Path("."))
    assert play.run(args) == 1
    assert "D001" in capsys.readouterr().err
