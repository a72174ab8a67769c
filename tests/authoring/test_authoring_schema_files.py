"""`deniable schema --write DIR`: the schemas beside a writer's story, where modelines find them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from story_helpers import FEATURE_TOUR

from game.authoring.schema import render


def test_write_puts_every_schema_beside_the_story_and_names_files_without_a_modeline(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(FEATURE_TOUR, folder)
    result = subprocess.run(
        [sys.executable, "-m", "game", "schema", "--write", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for kind in ("story", "chapter", "facts", "places"):
        path = folder / "schemas" / f"{kind}.schema.json"
        assert path.read_text() == render(kind)
        assert "$id" not in json.loads(path.read_text())  # no made-up address
    assert f"{folder / 'one.yaml'}: add as its first line: " in result.stdout
    assert "$schema=schemas/chapter.schema.json" in result.stdout


def test_write_refuses_a_folder_without_a_story(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "game", "schema", "--write", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "holds no story.yaml" in result.stderr
    assert not (tmp_path / "schemas").exists()
