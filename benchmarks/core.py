"""Engine core timings: story loading against the bare YAML parse, and one choice.

Run: `python -m benchmarks.core`. Every figure is a median of repeated runs, with its
baseline measured in the same run, so ratios compare like with like on this machine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.synthetic import write_story
from game.engine.rules import available_options, choose, new_game
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "tests" / "stories" / "feature-tour"


def median_time(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bare_parse(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def load_rows(sizes=(1000, 10000)) -> list[tuple]:
    rows = []
    loads = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = write_story(Path(tmp) / str(size), size)
            repeat = 5 if size <= 1000 else 3
            ours = median_time(lambda folder=folder: load_story(folder), repeat)
            base = median_time(lambda folder=folder: bare_parse(folder), repeat)
            loads[size] = ours
            target = 0.3 if size == 1000 else 3.0
            rows.append((f"load+validate {size:,} scenes", ours, base, target))
    if len(sizes) == 2:
        small, large = sizes
        growth = loads[large] / loads[small]
        rows.append((f"growth {small:,} -> {large:,} scenes", growth, large / small, None))
    return rows


def choose_row() -> tuple:
    story = load_story(TOUR)
    start = new_game(story, seed=1)
    samples = []
    for _ in range(2000):
        begin = time.perf_counter()
        options = available_options(story, start)
        choose(story, start, options[1].choice.id)
        samples.append(time.perf_counter() - begin)
    return ("options + choose (feature tour)", statistics.median(samples), None, 50e-6)


def main() -> None:
    print(f"{'measure':38} {'ours':>10} {'baseline':>10} {'ratio':>7} {'target':>9}  holds")
    for name, ours, base, target in [*load_rows(), choose_row()]:
        if name.startswith("growth"):
            print(f"{name:38} {ours:>9.2f}x {base:>9.0f}x {'':>7} {'<= 11x':>9}  {ours <= 11}")
            continue
        ratio = f"{ours / base:6.2f}x" if base else ""
        base_text = f"{base * 1000:8.2f}ms" if base else ""
        unit = f"{ours * 1e6:8.1f}us" if ours < 1e-3 else f"{ours * 1000:8.1f}ms"
        target_text = f"{target * 1e6:.0f}us" if target < 1e-3 else f"{target:.1f}s"
        print(f"{name:38} {unit:>10} {base_text:>10} {ratio:>7} {target_text:>9}  {ours <= target}")


if __name__ == "__main__":
    main()
