"""Files that are not good saves: each gets a clear message, and nothing is changed on disk."""

from __future__ import annotations

import json
import random

import pytest
from saves_helpers import EXPOSED, TOUR, play

from game.saves.store import SaveError, SaveStore
from game.story.loader import load_story


@pytest.fixture(scope="module")
def tour():
    return load_story(TOUR)


@pytest.fixture
def good(tour, tmp_path):
    """A folder holding one good save; returns (store, its path, its bytes)."""
    store = SaveStore(tmp_path)
    info = store.save("good", play(tour, EXPOSED))
    return store, info.path, info.path.read_bytes()


def snapshot_folder(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def refused(store, tour, path, *fragments):
    """Loading fails with a SaveError naming the file and each fragment; nothing on disk moves."""
    before = snapshot_folder(path.parent)
    with pytest.raises(SaveError) as error:
        store.load(str(path), tour)
    message = str(error.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message
    assert snapshot_folder(path.parent) == before
    return message


def test_a_truncated_save_is_told_as_cut_short(tour, good):
    store, path, data = good
    bad = path.with_name("cut.json")
    bad.write_bytes(data[: len(data) // 2])
    refused(store, tour, bad, "cut short", "line")


def test_every_truncation_is_refused_never_half_loaded(tour, good):
    store, path, data = good
    bad = path.with_name("cut.json")
    for length in range(0, len(data) - 2, 7):
        bad.write_bytes(data[:length])
        with pytest.raises(SaveError):
            store.load(str(bad), tour)


def test_corrupted_bytes_are_refused_or_load_the_same_game(tour, good):
    """Flip bytes at random: a damaged save never loads as something else without a word."""
    store, path, data = good
    reference = store.load("good", tour).session.state
    bad = path.with_name("flipped.json")
    rng = random.Random(4)
    for _ in range(150):
        damaged = bytearray(data)
        position = rng.randrange(len(damaged))
        damaged[position] = rng.choice(b'x0{}[]",: \n\xff')
        bad.write_bytes(bytes(damaged))
        try:
            loaded = store.load(str(bad), tour)
        except SaveError:
            continue
        quiet = not loaded.message
        assert not quiet or loaded.session.state == reference, bytes(damaged)


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe garbage \x80", "not text"),
        (bytes(random.Random(1).randrange(256) for _ in range(4000)), "not"),
        (b"story:\n  id: feature-tour\n", "not a Deniable save"),
        (b"[1, 2, 3]", "not a Deniable save"),
        (b'{"name": "a settings file"}', "no 'deniable_save' field"),
        (b"<html><body>hello</body></html>", "not a Deniable save"),
        (b'{"deniable_save": 1, "deniable_save": 1}', "appears twice"),
        (b'{"deniable_save": 1, "seed": NaN}', "NaN"),
        (b"[" * 100_000, "not a Deniable save"),
        (b'{"a":' * 100_000, "nested far too deeply"),
    ],
    ids=[
        "empty",
        "binary",
        "random",
        "yaml",
        "list",
        "foreign",
        "html",
        "dup",
        "nan",
        "deep",
        "deep-object",
    ],
)
def test_garbage_and_foreign_files(tour, tmp_path, content, fragment):
    path = tmp_path / "thing.json"
    path.write_bytes(content)
    refused(SaveStore(tmp_path), tour, path, fragment)


def _edited(data: bytes, change) -> bytes:
    doc = json.loads(data)
    change(doc)
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda d: d.update(deniable_save=99), "newer version of the game"),
        (lambda d: d.update(deniable_save="one"), "format version"),
        (lambda d: d["steps"][2].update(choice=12), "step 3: 'choice' should be text"),
        (lambda d: d["steps"][0].update(scene="no dot"), "is not a scene id"),
        (lambda d: d["steps"][1].update(draw=-1), "cannot be negative"),
        (lambda d: d.update(steps={"a": 1}), "'steps' should be a list"),
        (lambda d: d.pop("seed"), "'seed' is missing"),
        (lambda d: d.update(seed=True), "'seed' should be a whole number"),
        (lambda d: d["snapshot"]["values"].update(secrecy="lots"), "value of 'secrecy'"),
        (lambda d: d.update(created="yesterday"), "not a date"),
        (lambda d: d["story"].update(id=["x"]), "story: 'id' should be text"),
        (
            lambda d: d["steps"][0].update(choice="__import__('os').system('x')"),
            "is not a choice id",
        ),
    ],
    ids=[
        "newer",
        "version-text",
        "choice-type",
        "scene-id",
        "draw",
        "steps",
        "seed-missing",
        "seed-bool",
        "value",
        "date",
        "story-id",
        "code",
    ],
)
def test_hand_edits_that_break_the_format(tour, good, change, fragment):
    store, path, data = good
    bad = path.with_name("edited.json")
    bad.write_bytes(_edited(data, change))
    refused(store, tour, bad, fragment)


def test_a_save_of_another_story_names_both_stories(tour, good):
    store, path, data = good
    other = path.with_name("other.json")
    other.write_bytes(_edited(data, lambda d: d["story"].update(id="deniable")))
    message = refused(store, tour, other, "'deniable'", "'feature-tour'", "--story")
    assert "not of" in message


def test_a_damaged_slot_loads_its_backup_and_says_so(tour, good):
    store, path, data = good
    store.save("good", play(tour, EXPOSED[:2]))  # the first version becomes good.json.bak
    path.write_bytes(path.read_bytes()[:50])  # then the save itself is damaged
    before = snapshot_folder(path.parent)
    loaded = store.load("good", tour)
    assert loaded.session.steps == play(tour, EXPOSED).steps
    assert "cannot be loaded" in loaded.message and ".bak" in loaded.message
    assert snapshot_folder(path.parent) == before


def test_a_folder_where_a_save_should_be(tour, tmp_path):
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(SaveError, match="folder"):
        SaveStore(tmp_path).load(str(tmp_path / "folder.json"), tour)


def test_listing_a_folder_of_mixed_files_skips_and_reports_the_bad_ones(tour, good):
    store, path, _ = good
    (path.parent / "junk.json").write_bytes(b"\xff\xfe")
    (path.parent / "notes.txt").write_text("not a save")
    infos, problems = store.scan()
    assert [info.slot for info in infos] == ["good"]
    assert len(problems) == 1 and "junk.json" in problems[0].message


def test_saving_into_an_unwritable_place_is_a_save_error(tour, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SaveError, match="Could not save"):
        SaveStore(blocker / "saves").save("x", play(tour, ["uniform"]))
