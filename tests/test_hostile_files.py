"""Hostile story files give a diagnostic, never a traceback and never an object."""

from __future__ import annotations

from story_helpers import MINIMAL_CHAPTER, diagnose

from game.story import yamlfile


def codes(folder):
    return [code for *_, code in diagnose(folder)]


def test_python_tag_is_refused_and_nothing_runs(make_story, tmp_path):
    marker = tmp_path / "ran"
    chapter = MINIMAL_CHAPTER.replace(
        "title: One", f"title: !!python/object/apply:os.system ['touch {marker}']"
    )
    assert codes(make_story({"one.yaml": chapter})) == ["D004"]
    assert not marker.exists()


def test_unknown_local_tag_is_refused(make_story):
    chapter = MINIMAL_CHAPTER.replace("title: One", "title: !secret One")
    assert codes(make_story({"one.yaml": chapter})) == ["D004"]


def test_billion_laughs(make_story):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    bomb = "\n".join(lines) + "\n" + MINIMAL_CHAPTER
    assert codes(make_story({"one.yaml": bomb})) == ["D003"]


def test_huge_file(make_story):
    huge = MINIMAL_CHAPTER + "# " + "x" * (yamlfile.MAX_FILE_BYTES + 10) + "\n"
    assert codes(make_story({"one.yaml": huge})) == ["D003"]


def test_deep_nesting(make_story):
    deep = "[" * 5000 + "]" * 5000 + "\n"
    assert codes(make_story({"one.yaml": deep})) == ["D003"]


def test_nesting_over_our_own_limit(make_story):
    depth = yamlfile.MAX_DEPTH + 5
    deep = "a: " + "[" * depth + "]" * depth + "\n"
    assert codes(make_story({"one.yaml": deep})) == ["D003"]


def test_bad_utf8(make_story):
    assert codes(make_story({"one.yaml": b"chapter: \xc3\x28\n"})) == ["D002"]


def test_duplicate_keys(make_story):
    chapter = MINIMAL_CHAPTER.replace("  id: one\n", "  id: one\n  id: two\n")
    assert codes(make_story({"one.yaml": chapter})) == ["D005"]


def test_not_a_mapping(make_story):
    assert codes(make_story({"one.yaml": "- just\n- a list\n"})) == ["D012"]


def test_empty_file(make_story):
    assert codes(make_story({"one.yaml": ""})) == ["D012"]


def test_several_documents(make_story):
    assert codes(make_story({"one.yaml": MINIMAL_CHAPTER + "---\nmore: 1\n"})) == ["D001"]


def test_binary_garbage(make_story):
    assert codes(make_story({"one.yaml": bytes(range(256)) * 4}))[0] in {"D001", "D002"}


def test_manifest_missing(tmp_path):
    assert codes(tmp_path) == ["D014"]
