"""Saving, loading and transcripts work without a UI: only the replay viewer loads textual."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "game.saves.store",
    "game.saves.location",
    "game.saves.runs",
    "game.saves.trash",
    "game.plain.saving",
    "game.presentation.transcript",
    "game.presentation.export",
    "game.presentation.prose",
    "game.presentation.text",
    "game.presentation.pictures.map",
    "game.presentation.pictures.timeline",
    "game.authoring.examples",
    "game.commands.replay",
    "game.commands.saves",
]


def test_save_modules_do_not_import_textual():
    code = (
        f"import sys; import {', '.join(MODULES)}; "
        "assert 'textual' not in sys.modules, 'textual loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
