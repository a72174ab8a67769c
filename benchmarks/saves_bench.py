"""Saves: writing a save and loading (replaying) a 200-step game, beside bare JSON.

Run: `python -m benchmarks saves_bench`. The baselines are measured in the same run on
the same data, turn about with ours: for saving, a bare `json.dumps` written durably as
the game writes (a temporary file, fsync, rename, fsync of the folder: no backup, no
checks), timed on the wall clock since the disk's wait is part of it; for loading, a
bare `json.loads` of the same file, in CPU time. The issue's targets
are absolute: saving <= 5 ms, loading and replaying a 200-step game <= 20 ms, loading
a 100,000-step save (about 7 MB, within the 8 MB cap) <= 1 s, with memory growing
linearly: the 100,000-step load's peak is at most 12 times the 10,000-step load's.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.synthetic import write_story
from benchmarks.table import BenchRow, alternated
from game.engine.session import Session
from game.engine.state import Step
from game.saves.store import SaveStore
from game.story.loader import load_story

STEPS = 200
REPEAT = 41


def game_of(story, steps: int) -> Session:
    """A playthrough of `steps` choices, history's choice wherever it is open."""
    session = Session(story, seed=3)
    for _ in range(steps):
        options = [o for o in session.options() if not o.locked]
        pick = next((o for o in options if o.choice.historical), options[0])
        session.choose(pick.choice.id)
    return session


def rows() -> list[BenchRow]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        story = load_story(write_story(root / "story", STEPS + 50))
        session = game_of(story, STEPS)
        store = SaveStore(root / "saves")
        info = store.save("bench", session)
        doc = json.loads(info.path.read_text())
        plain = root / "bare.json"

        def bare_save() -> None:
            temp = plain.with_suffix(".tmp")
            with open(temp, "wb") as handle:
                handle.write(json.dumps(doc, indent=2).encode())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, plain)
            folder = os.open(root, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

        def bare_load() -> None:
            json.loads(info.path.read_bytes())

        save, bare_write = alternated(
            lambda: store.save("bench", session), bare_save, REPEAT, time.perf_counter
        )
        load, bare_read = alternated(lambda: store.load("bench", story), bare_load, REPEAT)
        loaded = store.load("bench", story)
        assert loaded.session.state == session.state and not loaded.message
    found = [
        BenchRow(
            f"save a {STEPS}-step game (atomic, fsync, backup)",
            save * 1000,
            "ms",
            bare_write * 1000,
            "bare json.dumps + write, fsync, rename",
            "<= 5 ms",
            5.0,
        ),
        BenchRow(
            f"load + replay + verify a {STEPS}-step game",
            load * 1000,
            "ms",
            bare_read * 1000,
            "bare json.loads",
            "<= 20 ms",
            20.0,
        ),
    ]
    campaign = campaign_row()
    return [*found, *long_log_rows()] + ([] if campaign is None else [campaign])


# A scene whose choice leads back to it: a log as long as a player cares to make it.
# Short ids keep 100,000 steps within the 8 MB cap, as a real save of that length would be.
LOOP_STORY = {
    "story.yaml": "story: {id: loop, title: Loop, format: 1, start: o.s, chapters: [o.yaml]}\n",
    "o.yaml": """\
chapter: {id: o, title: O, place: here, date: 1950-04, viewpoint: someone}
scenes:
  s:
    text: Again?
    choices:
      - {id: a, text: Again., outcome: Round., note: n, goto: s}
      - {id: e, text: Enough., outcome: Done., note: n, goto: t}
  t:
    ending: {title: End, kind: historical, epilogue: Done.}
notes:
  n: {title: N, kind: counterfactual, text: T., sources: [S]}
""",
}
LONG = 100_000


def _peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def long_log_rows() -> list[BenchRow]:
    """Loading the longest save the size cap allows: once quadratic (8 MB: MemoryError)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in LOOP_STORY.items():
            (root / name).write_text(text)
        story = load_story(root)
        store = SaveStore(root / "saves")
        for steps in (LONG // 10, LONG):
            session = Session.from_log(story, 0, [Step("o.s", "a")] * steps)
            store.save(f"long-{steps}", session)
        del session
        path = store.path_for(f"long-{LONG}")
        size = path.stat().st_size
        assert size <= 8 * 1024 * 1024, size
        ours, bare = alternated(
            lambda: store.load(f"long-{LONG}", story), lambda: json.loads(path.read_bytes()), 3
        )
        small = _peak_bytes(lambda: store.load(f"long-{LONG // 10}", story))
        large = _peak_bytes(lambda: store.load(f"long-{LONG}", story))
    return [
        BenchRow(
            f"load + replay + verify a {LONG:,}-step save ({size / 2**20:.1f} MiB)",
            ours,
            "s",
            bare,
            "bare json.loads",
            "<= 1 s",
            1.0,
        ),
        BenchRow(
            f"peak memory of loading {LONG:,} steps over {LONG // 10:,} "
            f"({large / 2**20:.0f} MiB / {small / 2**20:.1f} MiB)",
            large / small,
            "x",
            target="<= 12x (linear)",
            limit=12.0,
        ),
    ]


def campaign_row() -> BenchRow | None:
    """The shipped historical path through the campaign, when the campaign loads."""
    from game.story.loader import check_story

    root = Path(__file__).resolve().parent.parent
    story, _ = check_story(root / "scenes")
    example = root / "saves" / "examples" / "campaign-historical.json"
    if story is None or not example.exists():
        return None
    store = SaveStore(example.parent)
    steps = len(store.load(example.name, story).session.steps)
    ours, base = alternated(
        lambda: store.load(example.name, story), lambda: json.loads(example.read_bytes()), REPEAT
    )
    return BenchRow(
        f"load + replay the campaign's historical path ({steps} steps)",
        ours * 1000,
        "ms",
        base * 1000,
        "bare json.loads",
        "<= 20 ms",
        20.0,
    )
