"""A save made in a scene the loader made shows a title a player knows, never its id.

A called scene's copy (`port.-check-1a2b3c4d`) and an inline choice's scene
(`port.-desk-ask`) have no title of their own; a save made there once showed that id in
`deniable saves list`, the TUI's load screen and the plain player's run descriptions.
They show the title of the scene that leads in (the caller), else the chapter's.
"""

from __future__ import annotations

import dataclasses

import pytest
from story_helpers import ROOT

from game.cli import main
from game.engine.session import Session
from game.presentation.losses import describe_loss
from game.saves.store import SaveStore
from game.story.loader import load_story
from game.story.model import Story
from game.tui.saving import describe

PORT = ROOT / "tests" / "stories" / "format-port"
DESK = "The harbour master's desk"


@pytest.fixture(scope="module")
def port():
    return load_story(PORT)


def at_the_desk(story) -> Session:
    session = Session(story, 1)
    session.choose("-continue")  # the arrival's page break, to the desk
    assert story.scenes[session.state.scene].title == DESK
    return session


def in_the_called_check(story) -> Session:
    session = at_the_desk(story)
    session.choose("papers")  # call: check, a copy of the called scene made for this call
    assert session.state.scene.startswith("port.-check-")
    return session


def in_the_inline_choice(story) -> Session:
    session = at_the_desk(story)
    session.choose("ask")
    assert session.state.scene == "port.-desk-ask"
    return session


@pytest.mark.parametrize("where", [in_the_called_check, in_the_inline_choice])
def test_a_save_in_a_made_scene_is_listed_by_the_scene_that_leads_in(where, port, tmp_path, capsys):
    store = SaveStore(tmp_path)
    saved = store.save("mid-call", where(port))
    listed = next(info for info in store.list() if info.slot == "mid-call")
    for info in (saved, listed):
        assert info.scene == DESK
        assert DESK in describe(info)  # the TUI's load and save lists
    run = dataclasses.replace(saved, run="run-1")  # the plain player names a run by it
    assert f"the run at The Harbour, {DESK} (" in describe_loss(run)
    assert main(["saves", "list", "--saves", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert DESK in out and "port.-" not in out


def test_an_older_save_without_the_title_shows_the_chapter_not_the_id(port, tmp_path, monkeypatch):
    """Saves written before carry an empty scene title: the chapter's title stands in."""
    store = SaveStore(tmp_path)
    with monkeypatch.context() as older:
        older.setattr(Story, "scene_title", lambda story, scene_id: "")
        store.save("old", in_the_called_check(port))
    (info,) = [info for info in store.list() if info.slot == "old"]
    assert info.scene == "The Harbour"


def test_a_written_scene_keeps_its_own_title_or_its_id(port):
    assert port.scene_title("port.desk") == DESK
    assert port.scene_title("port.arrive") == ""  # written, untitled: the lists show its id
    assert port.scene_title("port.quay") == "On board"  # an ending's title
