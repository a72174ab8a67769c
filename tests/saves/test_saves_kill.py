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
from saves_helpers import EXPOSED, ROOT, TOUR, play

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


@pytest.mark.slow
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
    games = [play(story, EXPOSED[:length]) for length in range(len(EXPOSED) + 1)]
    store.save("fork", games[-1])

    def check() -> None:
        loaded = store.load("fork", story)
        assert loaded.message == ""
        assert loaded.session.steps in {game.steps for game in games}

    def work(count: int) -> None:  # the child: save forever until killed
        store.save("fork", games[count % len(games)])

    assert _kill_forks_while(tmp_path, work, check, kills_wanted=100, seed=7) >= 20
    # the kills did land mid-save: abandoned temporary files show it (hidden, never listed)
    left = [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert left and all(name.startswith(".") for name in left)
    assert [info.slot for info in store.list()] == ["fork"]


def _kill_forks_while(tmp_path, work, check, kills_wanted: int = 60, seed: int = 11) -> int:
    """Fork a child that runs `work(count)` forever, SIGKILL it at random, then `check()`."""
    rng = random.Random(seed)
    started = time.monotonic()
    kills = 0
    while kills < kills_wanted and time.monotonic() - started < 3.0:
        pid = os.fork()
        if pid == 0:
            try:
                count = kills
                while True:
                    work(count)
                    count += 1
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0, 0.01))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        check()
    return kills


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_run_and_its_history_survive_kills_mid_write(tmp_path):
    from game.saves.runs import history, run_file

    story = load_story(TOUR)
    store = SaveStore(tmp_path)
    games = [play(story, EXPOSED[:length]) for length in range(1, len(EXPOSED) + 1)]
    run = "20261202-070000-abcdef"
    store.save_run(run, games[0])
    lengths = {len(game.steps) for game in games}

    def check() -> None:
        loaded = store.load(f"run:{run}", story)
        assert loaded.message == ""
        assert len(loaded.session.steps) in lengths
        for older in history(run_file(tmp_path, run)):
            assert len(store.load(str(older), story).session.steps) in lengths

    kills = _kill_forks_while(tmp_path, lambda n: store.save_run(run, games[n % len(games)]), check)
    assert kills >= 4


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_settings_survive_kills_mid_write(tmp_path):
    from game.tui.settings import Settings, load_settings, save_settings, settings_path

    themes = ["textual-dark", "nord", "gruvbox"]
    save_settings(tmp_path, Settings(theme=themes[0]))

    def check() -> None:
        assert load_settings(tmp_path).theme in themes
        assert settings_path(tmp_path).is_file()

    def work(n: int) -> None:
        save_settings(tmp_path, Settings(theme=themes[n % len(themes)]))

    assert _kill_forks_while(tmp_path, work, check) >= 4
