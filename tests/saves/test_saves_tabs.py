"""A browser tab's note of the run it plays: only ever a run of the same save folder."""

from __future__ import annotations

import os
import time

import pytest
from saves_helpers import EXPOSED, TOUR, play

from game.saves.runs import run_file
from game.saves.store import SaveStore
from game.saves.tabs import TABS_FOLDER, forget_old, is_tab_id, recall, remember
from game.story.loader import load_story

TAB = "0123456789abcdef0123456789abcdef"
RUN = "20261202-070000-aaaaaa"


@pytest.fixture(scope="module")
def tour():
    return load_story(TOUR)


def test_a_tab_recalls_the_run_it_played(tour, tmp_path):
    SaveStore(tmp_path).save_run(RUN, play(tour, EXPOSED[:2]))
    assert recall(tmp_path, TAB) is None  # a new tab: no note yet
    remember(tmp_path, TAB, RUN)
    assert recall(tmp_path, TAB) == RUN
    assert recall(tmp_path, "f" * 32) is None  # another tab


@pytest.mark.parametrize("bad", ["../" * 5 + "etc", "", "a" * 31, "a" * 33, "a/b" * 11, None])
def test_only_ids_the_page_could_make_are_tab_ids(tmp_path, bad):
    assert not is_tab_id(bad)
    assert recall(tmp_path, bad) is None
    with pytest.raises(ValueError):
        remember(tmp_path, bad or "", RUN)


@pytest.mark.parametrize(
    "note",
    [
        b"../../other-player/runs/20261202-070000-aaaaaa\n",  # a path out of the folder
        b"20261202-070000-bbbbbb\n",  # a run id with no run here (another player's)
        b"not a run\n",
        b"\xff\xfe",
        b"",
    ],
)
def test_a_note_that_names_no_run_of_this_folder_is_ignored(tour, tmp_path, note):
    SaveStore(tmp_path).save_run(RUN, play(tour, EXPOSED[:2]))
    (tmp_path / TABS_FOLDER).mkdir()
    (tmp_path / TABS_FOLDER / TAB).write_bytes(note)
    assert recall(tmp_path, TAB) is None


def test_a_run_moved_to_the_trash_is_no_longer_the_tabs(tour, tmp_path):
    store = SaveStore(tmp_path)
    store.save_run(RUN, play(tour, EXPOSED[:2]))
    remember(tmp_path, TAB, RUN)
    store.delete(f"run:{RUN}")
    assert not run_file(tmp_path, RUN).exists()
    assert recall(tmp_path, TAB) is None


def test_old_notes_are_dropped_and_notes_are_no_saves(tour, tmp_path):
    SaveStore(tmp_path).save_run(RUN, play(tour, EXPOSED[:2]))
    remember(tmp_path, TAB, RUN)
    old = tmp_path / TABS_FOLDER / ("e" * 32)
    old.write_text(RUN)
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    forget_old(tmp_path / TABS_FOLDER)
    assert not old.exists() and recall(tmp_path, TAB) == RUN
    infos, problems = SaveStore(tmp_path).scan()
    assert [info.run for info in infos] == [RUN] and not problems
