"""A playthrough is a run: its own autosave and history; no run ever writes over another."""

from __future__ import annotations

import os
import time

import cli_helpers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from saves_helpers import EXAMPLES, EXPOSED, HISTORICAL, TOUR, play
from test_saves_cli import plain

from game.engine.session import Session
from game.saves.runs import HISTORY, RunKeeper, history, is_run_id, run_file
from game.saves.store import AUTOSAVE_SLOT, SaveError, SaveStore
from game.saves.trash import purge, trash_folder, trashed
from game.story.loader import load_story


@pytest.fixture(scope="module")
def tour():
    return load_story(TOUR)


def choices(session) -> list[str]:
    return [step.choice for step in session.steps]


def test_a_run_keeps_its_latest_and_a_rolling_history(tour, tmp_path):
    store = SaveStore(tmp_path)
    for length in range(1, len(EXPOSED) + 1):
        store.save_run("20261202-070000-aaaaaa", play(tour, EXPOSED[:length]))
    latest = run_file(tmp_path, "20261202-070000-aaaaaa")
    assert choices(store.load(str(latest), tour).session) == EXPOSED
    older = [choices(store.load(str(p), tour).session) for p in history(latest)]
    assert older == [EXPOSED[:n] for n in range(len(EXPOSED) - 1, 0, -1)][:HISTORY]


def test_runs_are_listed_beside_named_saves_and_autosave_means_the_newest_run(tour, tmp_path):
    store = SaveStore(tmp_path)
    store.save("mine", play(tour, ["uniform"]))
    store.save_run("20261202-070000-aaaaaa", play(tour, HISTORICAL))
    time.sleep(1.1)  # saves record whole seconds
    store.save_run("20261202-070001-bbbbbb", play(tour, ["map"]))
    keys = [info.key for info in store.list()]
    assert keys == ["run:20261202-070001-bbbbbb", "run:20261202-070000-aaaaaa", "mine"]
    assert choices(store.load(AUTOSAVE_SLOT, tour).session) == ["map"]
    assert choices(store.load("run:20261202-070000-aaaaaa", tour).session) == HISTORICAL


def test_an_old_autosave_json_is_still_listed_and_loads(tour, tmp_path):
    store = SaveStore(tmp_path)
    store.save(AUTOSAVE_SLOT, play(tour, ["uniform"]), autosave=True)  # as older versions did
    [info] = store.list()
    assert info.autosave and not info.run
    assert choices(store.load(AUTOSAVE_SLOT, tour).session) == ["uniform"]


def test_deleting_moves_to_the_trash_and_old_trash_is_purged(tour, tmp_path):
    store = SaveStore(tmp_path)
    store.save("mine", play(tour, ["uniform"]))
    store.save_run("20261202-070000-aaaaaa", play(tour, HISTORICAL))
    store.delete("run:20261202-070000-aaaaaa")
    store.delete("mine")
    assert store.list() == []
    kept = sorted(p.name for p in trash_folder(tmp_path).iterdir())
    assert any(name.endswith("--20261202-070000-aaaaaa") for name in kept)
    assert any(name.endswith("--mine.json") for name in kept)
    run = next(trash_folder(tmp_path).glob("*--20261202-070000-aaaaaa"))
    assert choices(store.load(str(run / "autosave.json"), tour).session) == HISTORICAL
    purge(tmp_path, now=time.time() + 13 * 86400)
    assert len(list(trash_folder(tmp_path).iterdir())) == len(kept)
    purge(tmp_path, now=time.time() + 15 * 86400)
    assert list(trash_folder(tmp_path).iterdir()) == []
    with pytest.raises(SaveError):
        store.delete("run:20261202-070000-aaaaaa")


def test_a_run_whose_latest_is_damaged_loads_the_one_before(tour, tmp_path):
    store = SaveStore(tmp_path)
    store.save_run("20261202-070000-aaaaaa", play(tour, ["uniform"]))
    store.save_run("20261202-070000-aaaaaa", play(tour, ["uniform", "sortie"]))
    latest = run_file(tmp_path, "20261202-070000-aaaaaa")
    latest.write_text("{ not json")
    loaded = store.load("run:20261202-070000-aaaaaa", tour)
    assert choices(loaded.session) == ["uniform"]
    assert "cannot be loaded" in loaded.message
    assert latest.read_text() == "{ not json"  # left as it was


def test_loading_an_example_and_playing_leaves_the_players_run(saves):
    plain("2\n1\n")  # the player's own game, two choices in
    mine = SaveStore(saves).newest().path
    before = mine.read_bytes()
    example = str(EXAMPLES / "tour-historical.json")
    code, _, _ = plain("u\n", "--load", example)
    assert code == 0
    assert mine.read_bytes() == before
    assert len(list((saves / "runs").iterdir())) == 2  # the example played on as its own run


def test_loading_a_run_continues_it_rather_than_starting_another(saves):
    plain("2\n")
    mine = SaveStore(saves).newest()
    plain("1\n", "--load", mine.key)
    assert [p.name for p in (saves / "runs").iterdir()] == [mine.run]
    assert SaveStore(saves).newest().steps == 2


@pytest.fixture
def saves(tmp_path, monkeypatch):
    folder = tmp_path / "saves"
    monkeypatch.setenv("DENIABLE_SAVES", str(folder))
    return folder


# ------------------------------------------------------ the property: nothing is lost

ACTIONS = st.lists(
    st.sampled_from(["new", "choose", "choose", "undo", "save", "load", "continue", "quit"]),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_no_run_ever_loses_its_latest_state(tour, tmp_path_factory, actions):
    """Play as the app does (RunKeeper + SaveStore), quitting and relaunching at random:
    every run on disk always holds the last state played in it."""
    store = SaveStore(tmp_path_factory.mktemp("saves"))
    expected: dict[str, list[str]] = {}
    keeper, session = RunKeeper(), None

    def autosave() -> None:
        if session is None:
            return
        run = keeper.claim(session.steps, session.play_seconds)
        if run is not None:
            store.save_run(run, session)
            expected[run] = choices(session)

    def put_in_play(new, run=None, loaded=False):
        nonlocal session
        autosave()
        session = new
        keeper.adopt(new.steps if loaded else [], run, new.play_seconds)

    for action in actions:
        if action == "new":
            put_in_play(Session(tour, 1))
        elif action == "choose" and session is not None and session.state.ending is None:
            open_ = [option for option in session.options() if option.available]
            if open_:
                session.choose(open_[0].choice.id)
                autosave()
        elif action == "undo" and session is not None:
            session.undo()
        elif action == "save" and session is not None:
            store.save("named", session)
        elif action in ("load", "continue"):
            target = "named" if action == "load" else AUTOSAVE_SLOT
            try:
                loaded = store.load(target, tour)
            except SaveError:
                continue
            put_in_play(loaded.session, loaded.info.run or None, loaded=True)
        elif action == "quit":
            autosave()
            keeper, session = RunKeeper(), None
        for run, steps in expected.items():
            if run != keeper.run_id:  # every other run is exactly as last written
                assert choices(store.load(f"run:{run}", tour).session) == steps
    autosave()
    for run, steps in expected.items():
        assert choices(store.load(f"run:{run}", tour).session) == steps
    if expected:
        assert len(os.listdir(store.folder / "runs")) == len(expected)


def test_two_games_on_one_run_never_write_over_each_other(tour, tmp_path):
    """Two tabs Continue one run and both play on: the second to write goes on as a run
    of its own, and each run keeps its latest state."""
    first, second = SaveStore(tmp_path), SaveStore(tmp_path)
    run = "20261202-070000-aaaaaa"
    first.save_run(run, play(tour, EXPOSED[:2]))
    continued = second.load(f"run:{run}", tour).session  # the other tab Continues it
    continued.choose(EXPOSED[2])
    assert second.save_run(run, continued).run == run  # it played on first: its run still
    assert first.save_run(run, play(tour, ["map", "uniform", "shortcut"])).run != run
    moved = first.save_run(run, play(tour, ["map", "uniform", "shortcut", "russian"]))
    assert moved.run not in ("", run)  # the same new run, not yet another
    kept = {info.run: choices(first.load(str(info.path), tour).session) for info in first.list()}
    assert kept == {run: EXPOSED[:3], moved.run: ["map", "uniform", "shortcut", "russian"]}


def test_deleting_the_run_in_play_keeps_it_restorable_as_the_game_plays_on(tour, tmp_path):
    """The player deletes the run they are playing (Load screen, d): the game's next
    autosave starts a run of its own, so the deleted one comes back from the trash whole,
    beside the game that went on."""
    store = SaveStore(tmp_path)
    run = "20261202-070000-aaaaaa"
    store.save_run(run, play(tour, EXPOSED[:2]))
    store.save_run(run, play(tour, EXPOSED[:3]))
    store.delete(f"run:{run}")
    went_on = store.save_run(run, play(tour, EXPOSED[:4]))
    assert went_on.run not in ("", run)
    assert store.save_run(run, play(tour, EXPOSED[:5])).run == went_on.run
    (deleted,) = trashed(tmp_path)
    restored = cli_helpers.deniable("saves", "restore", deleted.path.name, "--saves", tmp_path)
    assert restored.returncode == 0, restored.stderr
    kept = {info.run: choices(store.load(str(info.path), tour).session) for info in store.list()}
    assert kept == {run: EXPOSED[:3], went_on.run: EXPOSED[:5]}
    assert (
        choices(store.load(str(history(run_file(tmp_path, run))[0]), tour).session) == (EXPOSED[:2])
    )


def test_names_ending_in_a_newline_are_neither_runs_nor_trash_entries(tmp_path):
    """`$` matches before a final newline: a run folder or trash entry named with one was
    taken for the name without it, so a restore would put it back under another name."""
    assert is_run_id("20261202-101010-abcdef")
    assert not is_run_id("20261202-101010-abcdef\n")
    trash = trash_folder(tmp_path)
    trash.mkdir()
    (trash / "20261202-101010--good.json").write_text("{}")
    (trash / "20261202-101010--odd.json\n").write_text("{}")
    assert [item.name for item in trashed(tmp_path)] == ["good.json"]
