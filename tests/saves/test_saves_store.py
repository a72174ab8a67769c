"""The SaveStore as the TUI and the plain player use it: round trips, slots, backups."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from saves_helpers import EXPOSED, HISTORICAL, TOUR, play

from game.engine.session import Session
from game.saves.slots import RESERVED, SlotNameError, slot_file_name
from game.saves.store import AUTOSAVE_SLOT, SaveError, SaveStore
from game.story.loader import load_story


@pytest.fixture(scope="module")
def tour():
    return load_story(TOUR)


def test_round_trip_gives_every_state_back_without_a_word(tour, tmp_path):
    session = play(tour, EXPOSED, seed=7)
    session.play_seconds = 754.25
    store = SaveStore(tmp_path)
    info = store.save("Before the Yalu", session)
    loaded = store.load("Before the Yalu", tour)
    assert loaded.session.states == session.states
    assert loaded.session.seed == 7
    assert loaded.divergence is None and loaded.mismatch is None
    assert loaded.message == ""
    assert loaded.session.play_seconds == pytest.approx(754.2, abs=0.1)
    assert info.slot == "Before the Yalu"
    assert info.steps == len(EXPOSED)
    assert info.chapter_title == "The Patrol"
    assert info.updated.tzinfo is not None
    assert info.autosave is False
    assert loaded.info.path == info.path


def test_the_file_is_readable_json_with_one_step_per_line(tour, tmp_path):
    info = SaveStore(tmp_path).save("readable", play(tour, HISTORICAL))
    text = info.path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["deniable_save"] == 1
    assert doc["story"]["id"] == "feature-tour"
    assert doc["story"]["fingerprint"] == tour.fingerprint
    assert [step["choice"] for step in doc["steps"]] == HISTORICAL
    assert doc["snapshot"]["ending"] == "two.end-history"
    step_lines = [line for line in text.splitlines() if '"choice":' in line]
    assert len(step_lines) == len(HISTORICAL)
    assert '"draw": ' in step_lines[1]  # the random take-off records its branch


def test_random_draws_replay_as_recorded_whatever_the_seed_would_give(tour, tmp_path):
    store = SaveStore(tmp_path)
    draws = set()
    for seed in range(12):
        session = play(tour, HISTORICAL, seed=seed)
        store.save(f"seed {seed}", session)
        loaded = store.load(f"seed {seed}", tour)
        assert loaded.session.state == session.state
        draws.add(session.steps[1].draw)
    assert draws == {0, 1}  # both branches were exercised


def test_overwriting_keeps_the_previous_version_as_backup_and_the_creation_time(tour, tmp_path):
    store = SaveStore(tmp_path)
    first = store.save("slot", play(tour, ["uniform"]))
    second = store.save("slot", play(tour, HISTORICAL))
    assert second.created == first.created
    backup = first.path.with_name(first.path.name + ".bak")
    assert store.load(str(backup), tour).session.steps == play(tour, ["uniform"]).steps
    assert store.load("slot", tour).session.steps == play(tour, HISTORICAL).steps


def test_autosave_has_its_own_slot_that_a_named_save_cannot_take(tour, tmp_path):
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError, match="kept for automatic saves"):
        store.save(AUTOSAVE_SLOT, play(tour, ["uniform"]))
    with pytest.raises(SaveError):
        store.save("AutoSave", play(tour, ["uniform"]))
    auto = store.save(AUTOSAVE_SLOT, play(tour, ["uniform"]), autosave=True)
    named = store.save("mine", play(tour, HISTORICAL))
    assert auto.path != named.path
    assert auto.autosave and not named.autosave
    assert {info.slot for info in store.list()} == {AUTOSAVE_SLOT, "mine"}


def test_list_newest_and_delete(tour, tmp_path, monkeypatch):
    store = SaveStore(tmp_path)
    assert store.list() == [] and store.newest() is None
    assert SaveStore(tmp_path / "absent").list() == []
    store.save("older", play(tour, ["uniform"]))
    store.save("older", play(tour, ["uniform"]))  # makes a .bak
    (tmp_path / ".older.json.x.tmp").write_text("{")  # a temp a crash left behind
    store.save("newer", play(tour, HISTORICAL))
    infos = store.list()
    assert [info.slot for info in infos] == ["newer", "older"]
    assert store.newest().slot == "newer"
    assert infos[0].ending == "two.end-history"
    doc = json.loads(infos[0].path.read_text())
    doc["story"]["id"], doc["slot"] = "another", "other"
    (tmp_path / "other.json").write_text(json.dumps(doc))
    assert store.newest().slot == "other"  # the same second as "newer": written last wins
    assert store.newest("feature-tour").slot == "newer"
    assert store.newest("another").path.name == "other.json"
    assert [info.slot for info in store.list("feature-tour")] == ["newer", "older"]
    (tmp_path / "other.json").unlink()
    store.delete("older")
    assert [info.slot for info in store.list()] == ["newer"]
    assert not list(tmp_path.glob("older*"))
    with pytest.raises(SaveError, match="No save named"):
        store.delete("older")


def test_a_slot_is_found_whatever_its_case(tour, tmp_path):
    store = SaveStore(tmp_path)
    store.save("Before The Yalu", play(tour, ["uniform"]))
    assert store.load("before the yalu", tour).info.slot == "Before The Yalu"


def test_loading_a_missing_slot_says_where_it_looked(tour, tmp_path):
    with pytest.raises(SaveError) as error:
        SaveStore(tmp_path).load("nothing here", tour)
    assert "No save named 'nothing here'" in str(error.value)
    assert "saves list" in str(error.value)


ESCAPES = [
    "../evil",
    "../../etc/passwd",
    "..",
    ".",
    "/etc/passwd",
    "a/b/c",
    "C:\\Windows\\system32",
    "..\\..\\boot.ini",
    ".hidden",
    ".bashrc",
    "con",
    "NUL",
    "com1",
    "lpt9.txt",
    "~",
    "~/saves",
    "slot.json.bak",
    "Сохранение",
    "名前",
    " spaced out ",
]


@pytest.mark.parametrize("name", ESCAPES)
def test_slot_names_cannot_leave_the_folder_or_hide(tour, tmp_path, name):
    folder = tmp_path / "saves"
    store = SaveStore(folder)
    info = store.save(name, play(tour, ["uniform"]))
    assert info.path.parent == folder
    assert not info.path.name.startswith(".")
    assert info.path.name.endswith(".json")
    assert info.path.name.split(".")[0] not in RESERVED
    assert [p.name for p in tmp_path.iterdir()] == ["saves"]  # nothing written beside it
    assert store.load(name, tour).info.slot == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "tab\there", "nul\x00byte", "x" * 81])
def test_unusable_slot_names_are_refused_with_a_reason(tour, tmp_path, name):
    with pytest.raises(SaveError, match="Cannot use .* as a slot name"):
        SaveStore(tmp_path).save(name, play(tour, ["uniform"]))
    assert list(tmp_path.iterdir()) == []


def test_a_pasted_page_as_a_slot_name_is_refused_without_being_echoed(tour, tmp_path):
    """The reason names the limit and quotes the start of the name, not 300 characters."""
    with pytest.raises(SaveError) as refused:
        SaveStore(tmp_path).save("patrol " * 50, play(tour, ["uniform"]))
    message = str(refused.value)
    assert "at most 80 characters" in message
    assert "'patrol patrol patrol patrol patrol pa...'" in message
    assert len(message) < 120


def test_names_that_differ_only_in_case_or_punctuation_get_different_files():
    names = ["my save", "My save", "my-save", "my_save", "my  save", "my save!"]
    assert len({slot_file_name(name) for name in names}) == len(names)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=100))
def test_any_text_is_refused_or_becomes_a_plain_file_name(name):
    try:
        file_name = slot_file_name(name)
    except SlotNameError:
        return
    assert "/" not in file_name and "\\" not in file_name and "\0" not in file_name
    assert not file_name.startswith(".")
    assert file_name.endswith(".json") and len(file_name) <= 60
    assert file_name.split(".")[0] not in RESERVED
    assert file_name.isascii()


def test_save_times_are_utc(tour, tmp_path):
    info = SaveStore(tmp_path).save("utc", play(tour, ["uniform"]))
    assert info.updated.utcoffset() == UTC.utcoffset(None)


WALK_STORY = load_story(TOUR)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), picks=st.lists(st.integers(0, 8), max_size=12))
def test_any_playthrough_round_trips(tmp_path_factory, seed, picks):
    """Random walks through the tour (random branches, undo included) save and load exactly."""
    story = WALK_STORY
    session = Session(story, seed)
    for pick in picks:
        options = [o for o in session.options() if not o.locked]
        if pick == 8 or not options:
            session.undo()
            continue
        session.choose(options[pick % len(options)].choice.id)
    store = SaveStore(tmp_path_factory.mktemp("walk"))
    store.save("walk", session)
    loaded = store.load("walk", story)
    assert loaded.message == ""
    assert loaded.session.states == session.states
