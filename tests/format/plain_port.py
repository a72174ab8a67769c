"""The format-port story played in the plain player in a child process, as a pipe would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = ROOT / "tests" / "stories" / "format-port"


def play_plain(script: str, saves: Path, seed: int = 1) -> str:
    """What the plain player prints for `script` typed into it; it must exit 0."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "--plain",
            "--seed",
            str(seed),
            "--story",
            str(PORT),
        ],
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"DENIABLE_SAVES": str(saves), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
