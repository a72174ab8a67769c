"""A flood of keys in a real terminal: the game in a pseudo-terminal, as a player runs it.

A 100 KB paste and 500 m/Escape presses once kept the game busy long after ctrl+q, each
queued key opening the map as it closed, and ended it with a NoMatches traceback and exit
status 1; the same paste typed as keys took 25-40 s just to be read. Pilot queues keys its
own way and cannot show this: here the bytes go through a terminal as a player's would,
and ctrl+q must end the game within seconds, cleanly, with its autosave written.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
from pathlib import Path

import pytest
from e2e_helpers import Terminal
from story_helpers import FEATURE_TOUR

from game.saves.store import SaveStore

pytestmark = pytest.mark.e2e

# A paste of 100 KB, as a terminal sends it: between bracketed-paste marks (the game turns
# them on), or, in a terminal without them or from `tmux send-keys`, as 100,000 keys. The
# text has no digit, `u`, `n` or `s`: as keys it makes no choice, undoes none and types
# into no save name, but every key still asks for work (m, t, j, h, ? and l open screens).
TEXT = ("mtjh?l " * 15_000)[:100_000]
PASTES = {"bracketed": "\x1b[200~" + TEXT + "\x1b[201~", "typed": TEXT}
# 500 presses of m to open the map and 500 to close it (Escape straight after a key reads
# as Alt with that key, so it cannot close the map in a stream of keys).
FLOOD = "m" * 1000
CTRL_Q = "\x11"
# The game's CPU time from the flood to its exit, and in all, start to exit: about 0.5 s
# and 1.9 s for the paste, 2.5 s and 3.8 s typed; before, every key of the flood was acted
# on (several seconds, or minutes), the typed paste took 12 s to read, and then its
# dropped keys were told in a notice every thousand keys (4 s from the flood on, 5.7 s
# under a full test run's load). CPU time, not the
# clock: on a loaded machine the clock runs several times slower than the game's work.
FLOOD_CPU_SECONDS = 5.0
CPU_SECONDS = 8.0
# Bounds on a hang only, far above what a loaded machine takes.
HANG_SECONDS = 90.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a running process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize("paste", PASTES)
def test_quit_after_a_paste_and_500_map_presses_wins_and_keeps_the_autosave(
    tmp_path: Path, paste: str
):
    saves = tmp_path / "saves"
    env = {"DENIABLE_SAVES": str(saves), "DENIABLE_CONFIG": str(tmp_path / "config")}
    args = ["play", "--story", str(FEATURE_TOUR), "--seed", "1", "--saves", str(saves)]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    terminal = Terminal(args, env, (80, 24))
    try:
        terminal.press_until("n", "Undo")
        terminal.press_until("1", "Continue")
        steps = 1
        # The flood and ctrl+q behind it go in from another thread: a game deaf to its
        # terminal would otherwise stop the test writing, not fail it.
        before = cpu_seconds(terminal.process.pid)
        writer = threading.Thread(target=terminal.type, args=(PASTES[paste] + FLOOD + CTRL_Q,))
        writer.daemon = True
        writer.start()
        try:
            code = terminal.process.wait(HANG_SECONDS)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"ctrl+q did not end the game in {HANG_SECONDS:.0f} s") from None
    finally:
        terminal.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    print(f"CPU: {cpu:.2f} s in all, {cpu - before:.2f} s from the flood on")
    assert code == 0, terminal.text[-3000:]
    assert "Traceback" not in terminal.text and "NoMatches" not in terminal.text
    info = SaveStore(saves).newest()
    assert info is not None and info.autosave and info.steps == steps
    assert cpu - before < FLOOD_CPU_SECONDS, f"the flood and quit took {cpu - before:.1f} s of CPU"
    assert cpu < CPU_SECONDS, f"the game spent {cpu:.1f} s of CPU on the flood"
