"""A crash mid-save leaves the old save or the new one, never a broken one.

A child process saves in a tight loop, alternating between games of different lengths;
it is killed with SIGKILL at a random moment, again and again. After every kill the slot
and its backup load, and hold one of the games that was being written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from saves_helpers import EXPOSED, ROOT, TOUR

from game.saves.store import SaveStore
from game.story.loader import load_story

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = f"""
import sys
from pathlib import Path
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.loader import load_story

story = load_story({str(TOUR)!r})
store = SaveStore(Path(sys.argv[1]))
choices = {EXPOSED!r}
games = []
for length in range(len(choices) + 1):
    session = Session(story, 1)
    for choice in choices[:length]:
        session.choose(choice)
    games.append(session)
store.save("crash test", games[0])
sys.stdout.write("ready\\n")
sys.stdout.flush()
count = 1
while True:
    store.save("crash test", games[count % len(games)])
    count += 1
"""

ROUNDS = 12
BUDGET_SECONDS = 6.0


def test_sigkill_at_random_moments_never_breaks_the_save(tmp_path):
    story = load_story(TOUR)
    store = SaveStore(tmp_path)
    rng = random.Random(20261126)
    lengths = set(range(len(EXPOSED) + 1))
    started = time.monotonic()
    rounds = 0
    while rounds < ROUNDS and (rounds < 4 or time.monotonic() - started < BUDGET_SECONDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path)],
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        try:
            assert child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0, 0.03))
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=10)
            child.stdout.close()
        rounds += 1
        loaded = store.load("crash test", story)
        assert loaded.message == ""
        assert len(loaded.session.steps) in lengths
        for bak in tmp_path.glob("*.bak"):
            assert len(store.load(str(bak), story).session.steps) in lengths
    assert rounds >= 4
    names = {path.name for path in tmp_path.iterdir() if not path.name.startswith(".")}
    assert len(names) <= 2  # the slot and its backup; temps, if any, are hidden


def test_a_fork_killed_mid_write_many_times(tmp_path):
    """The same, with a forked child: cheap enough to kill a hundred times in a second."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    story = load_story(TOUR)
    store = SaveStore(tmp_path)
    from game.engine.session import Session

    games = []
    for length in range(len(EXPOSED) + 1):
        session = Session(story, 1)
        for choice in EXPOSED[:length]:
            session.choose(choice)
        games.append(session)
    store.save("fork", games[-1])
    rng = random.Random(7)
    started = time.monotonic()
    kills = 0
    while kills < 100 and time.monotonic() - started < 3.0:
        pid = os.fork()
        if pid == 0:  # the child: save forever until killed
            try:
                count = kills
                while True:
                    store.save("fork", games[count % len(games)])
                    count += 1
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0, 0.01))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        loaded = store.load("fork", story)
        assert loaded.message == ""
        assert loaded.session.steps in {game.steps for game in games}
    assert kills >= 20
    # the kills did land mid-save: abandoned temporary files show it (hidden, never listed)
    left = [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert left and all(name.startswith(".") for name in left)
    assert [info.slot for info in store.list()] == ["fork"]
