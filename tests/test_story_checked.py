"""A story folder checked once in a process is not checked again while it stays the same."""

from __future__ import annotations

import os

from story_helpers import FEATURE_TOUR

from game.story.loader import check_story


def test_a_folder_checked_again_unchanged_is_the_same_story(make_story):
    folder = make_story()
    first, _ = check_story(folder)
    again, _ = check_story(folder)
    assert first is not None and again is first
    fresh, _ = check_story(folder, fresh=True)
    assert fresh is not first and fresh == first


def test_any_edit_to_any_file_is_checked_anew_even_at_the_same_size_and_time(make_story):
    folder = make_story()
    first, _ = check_story(folder)
    chapter = folder / "one.yaml"
    stamp = chapter.stat()
    chapter.write_text(chapter.read_text().replace("Hello.", "Howdy."))  # the same length
    os.utime(chapter, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    edited, _ = check_story(folder)
    assert edited is not first
    assert edited.scenes["one.start"].text.raw == "Howdy."


def test_an_edit_that_breaks_the_story_is_reported_not_remembered_away(make_story):
    folder = make_story()
    assert check_story(folder)[0] is not None
    (folder / "one.yaml").write_text("chapter: [unclosed\n")
    story, diagnostics = check_story(folder)
    assert story is None
    assert diagnostics and diagnostics[0].path.endswith("one.yaml")


def test_a_file_turned_into_a_fifo_is_refused_not_waited_on(make_story):
    folder = make_story()
    assert check_story(folder)[0] is not None
    chapter = folder / "one.yaml"
    chapter.unlink()
    os.mkfifo(chapter)
    story, diagnostics = check_story(folder)  # a blocking read would hang here
    assert story is None
    assert any("one.yaml" in d.format() for d in diagnostics), [d.format() for d in diagnostics]


def test_warnings_name_files_from_the_folder_the_check_runs_in(tmp_path, monkeypatch):
    monkeypatch.chdir(FEATURE_TOUR.parent)
    here = check_story(FEATURE_TOUR.name)[0]
    monkeypatch.chdir(tmp_path)
    there = check_story(FEATURE_TOUR)[0]
    assert here is not there  # display paths follow the working folder
    assert here.files != there.files


def test_the_fingerprint_saves_record_is_the_digest_of_every_file_as_read():
    """Saves keep the fingerprint to tell an edited story: how the loader holds the files it
    read must not change it, or every save would look made on another version."""
    import hashlib

    story, _ = check_story(FEATURE_TOUR, fresh=True)
    assert story is not None
    digest = hashlib.sha256()
    for shown in story.files:  # in the order they were read
        path = FEATURE_TOUR / os.path.basename(shown)
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    assert story.fingerprint == digest.hexdigest()[:16]
