"""`deniable new` writes only into a writer's own story folder, never the installed campaign."""

from __future__ import annotations

import shutil

import pytest
from cli_helpers import deniable
from story_helpers import FEATURE_TOUR

from game.cli import main
from game.story import resources


def test_without_a_story_folder_it_says_where_to_run_it_and_writes_nothing(tmp_path):
    result = deniable("new", "chapter", "debrief", cwd=tmp_path)
    assert result.returncode == 2
    assert "no story folder here" in result.stderr and "--story DIR" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_inside_a_story_folder_it_needs_no_flag_and_names_that_folder(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(FEATURE_TOUR, folder)
    result = deniable("new", "scene", "two", "radio-room", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"Check it with: deniable check {folder}" in result.stdout
    assert "radio-room:" in (folder / "two.yaml").read_text()
    chapter = deniable("new", "chapter", "debrief", "--story", str(folder), cwd=tmp_path)
    assert chapter.returncode == 0, chapter.stderr
    assert f"Check with: deniable check {folder}" in (folder / "03-debrief.yaml").read_text()


def test_the_campaign_inside_the_installed_package_is_refused(tmp_path, monkeypatch, capsys):
    package = tmp_path / "site-packages" / "game"
    bundled = package / "_scenes"
    shutil.copytree(FEATURE_TOUR, bundled)
    before = {path.name: path.read_bytes() for path in bundled.iterdir() if path.is_file()}
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert main(["new", "chapter", "debrief", "--story", str(bundled)]) == 2
    message = capsys.readouterr().err
    assert "installed with the game" in message and "Copy the folder" in message
    after = {path.name: path.read_bytes() for path in bundled.iterdir() if path.is_file()}
    assert after == before


@pytest.mark.parametrize("story", ["story.yaml", ""])
def test_a_folder_without_a_manifest_is_named(tmp_path, capsys, story):
    empty = tmp_path / "empty"
    empty.mkdir()
    target = empty / story if story else empty
    assert main(["new", "scene", "one", "x", "--story", str(target)]) == 2
    assert "holds no story.yaml" in capsys.readouterr().err
