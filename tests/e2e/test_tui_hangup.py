"""Quit while a long story loads, then close the terminal window: the game ends.

Closing a terminal sends the game SIGHUP and SIGCONT. Textual's driver keeps a SIGCONT
handler that starts it again, and the game, already closed, was still waiting for the
story to finish loading: the handler started a new input thread on a terminal that no
longer existed, which spun at 100% CPU and kept the process from ever exiting (found in
tmux after a 10,000-scene story). The game's driver now resumes only what it suspended
(tui/driver.py), and the app stops waiting for a story nobody will play.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from e2e_helpers import Terminal

from benchmarks.synthetic import write_story

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CTRL_Q = "\x11"
# The story loads in 1.5-2 s on a quiet machine: the quit and the hang-up come well
# inside it. The game must be gone soon after; a spinning one never would.
EXIT_SECONDS = 20.0


def test_quit_while_a_long_story_loads_then_close_the_terminal(tmp_path: Path):
    story = write_story(tmp_path / "story", 10_000, shape="branching")
    saves = tmp_path / "saves"
    env = {"DENIABLE_SAVES": str(saves), "DENIABLE_CONFIG": str(tmp_path / "config")}
    terminal = Terminal(["play", "--story", str(story), "--saves", str(saves)], env, (80, 24))
    try:
        # The title shows the story's framing while its chapters are still checked.
        assert terminal.wait_for("Synthetic story of 10000 scenes", timeout=30), terminal.text
        terminal.type(CTRL_Q)
        time.sleep(0.2)
        terminal.hang_up()  # the window closed: SIGHUP and SIGCONT
        deadline = time.monotonic() + EXIT_SECONDS
        while terminal.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert terminal.process.poll() is not None, (
            f"the game was still running {EXIT_SECONDS:.0f} s after quit and hang-up"
        )
    finally:
        terminal.close()
