"""The story, engine and plain player never load textual: they must run without a UI."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "game.story.loader",
    "game.story.expressions",
    "game.engine",
    "game.engine.session",
    "game.engine.comparison",
    "game.plain.player",
    "game.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual loaded'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
