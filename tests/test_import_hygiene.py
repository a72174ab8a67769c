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


def test_the_layer_table_in_the_architecture_doc_is_the_contract_lint_imports_checks():
    """docs/architecture.md shows the layers `lint-imports` enforces, row for row."""
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
    ]
    contract_rows = [sorted(part.strip() for part in row.split("|")) for row in layers]
    doc = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Layers") : doc.index("## Rules")]
    doc_rows = [
        sorted(re.findall(r"`(game[\w.]*)`", line))
        for line in section.splitlines()
        if re.match(r"\| \d+ \|", line)
    ]
    assert doc_rows == contract_rows
