"""`-o FILE` never writes over a file already there unless asked with --force.

`replay --export`, `graph` and `schema` (`-o` and `--out-dir`) once replaced whatever FILE
held without a word: a typo could take a chapter or a save. Each now refuses, says how to
replace it, leaves the file as it was and exits non-zero; --force replaces it.
"""

from __future__ import annotations

import pytest
from story_helpers import FEATURE_TOUR

from game.cli import main
from game.engine.session import Session
from game.saves.store import SaveStore

KEPT = "a file someone wanted\n"


@pytest.fixture
def exposed_save(tmp_path, tour) -> str:
    session = Session(tour, 1)
    for choice in ["map", "uniform", "sortie", "russian", "confess"]:
        session.choose(choice)
    return str(SaveStore(tmp_path / "saves").save("exposed", session).path)


def commands(save: str, target: str) -> dict[str, list[str]]:
    tour = str(FEATURE_TOUR)
    return {
        "replay": ["replay", save, "--export", "md", "-o", target, "--story", tour],
        "graph": ["graph", tour, "-o", target],
        "schema": ["schema", "story", "-o", target],
    }


@pytest.mark.parametrize("command", ["replay", "graph", "schema"])
def test_an_existing_file_is_refused_and_kept(command, exposed_save, tmp_path, capsys):
    target = tmp_path / "out.md"
    target.write_text(KEPT)
    code = main(commands(exposed_save, str(target))[command])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{target} already exists: add --force to replace it" in err
    assert target.read_text() == KEPT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md", "saves"]  # no temp left


@pytest.mark.parametrize("command", ["replay", "graph", "schema"])
def test_force_replaces_the_file(command, exposed_save, tmp_path, capsys):
    target = tmp_path / "out.md"
    target.write_text(KEPT)
    code = main([*commands(exposed_save, str(target))[command], "--force"])
    assert code == 0, capsys.readouterr().err
    assert target.read_text() != KEPT and target.read_text().strip()


@pytest.mark.parametrize("command", ["replay", "graph", "schema"])
def test_a_new_file_is_written_without_force(command, exposed_save, tmp_path, capsys):
    target = tmp_path / "out.md"
    assert main(commands(exposed_save, str(target))[command]) == 0, capsys.readouterr().err
    assert target.read_text().strip()


def test_a_folder_is_refused(exposed_save, tmp_path, capsys):
    code = main(commands(exposed_save, str(tmp_path))["graph"] + ["--force"])
    assert code == 1 and f"{tmp_path} is a folder: give a file name" in capsys.readouterr().err


def test_schema_out_dir_replaces_none_of_the_schemas_unless_forced(tmp_path, capsys):
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "facts.schema.json").write_text(KEPT)
    assert main(["schema", "--out-dir", str(folder)]) == 1
    assert "facts.schema.json already exists" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["facts.schema.json"]  # all or none
    assert (folder / "facts.schema.json").read_text() == KEPT
    assert main(["schema", "--out-dir", str(folder), "--force"]) == 0
    assert len(list(folder.iterdir())) == 4
    assert (folder / "facts.schema.json").read_text() != KEPT
