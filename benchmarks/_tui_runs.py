"""Runs the TUI probe in fresh processes, alternating ours and the bare app, for fair medians."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "scenes"
TOUR = ROOT / "tests" / "stories" / "feature-tour"


@dataclass(frozen=True)
class Run:
    ready: float  # seconds from process start to the first frame
    framed: float  # ... to the title showing its framing (story.yaml alone read)
    shown: float  # ... to the title showing the story, loaded and checked
    peak_mib: float  # peak resident memory once shown
    ready_peak_mib: float


def story_folder() -> Path:
    """The campaign when it loads cleanly (scene writers may be mid-edit), else the tour."""
    from game.story.loader import check_story

    story, _ = check_story(CAMPAIGN)
    return CAMPAIGN if story is not None else TOUR


def probe(kind: str, story: Path, saves: Path) -> Run:
    command = [sys.executable, "-m", "benchmarks._tui_probe", kind]
    if kind == "ours":
        command += [str(story), str(saves)]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} probe failed ({result.returncode}):\n{result.stderr[-2000:]}")
    figures = json.loads(lines[-1])
    return Run(
        ready=figures["ready"] - started,
        framed=figures["framed"] - started,
        shown=figures["shown"] - started,
        peak_mib=figures["peak_kib"] / 1024,
        ready_peak_mib=figures.get("ready_peak_kib", figures["peak_kib"]) / 1024,
    )


def runs(repeat: int = 9) -> tuple[list[Run], list[Run], Path]:
    """(ours, bare, story): one warm-up each, then alternating runs."""
    story = story_folder()
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as saves:
        probe("bare", story, Path(saves))
        probe("ours", story, Path(saves))
        for _ in range(repeat):
            bare.append(probe("bare", story, Path(saves)))
            ours.append(probe("ours", story, Path(saves)))
    return ours, bare, story
