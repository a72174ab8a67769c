"""Random YAML and random mutations of real story files: a story or diagnostics, never a crash."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from story_helpers import FEATURE_TOUR

from game.story.loader import check_story

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SOURCE_FILES = sorted(FEATURE_TOUR.glob("*.yaml"))

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(string.ascii_letters + " {}[]:-#&*!|>'\"", max_size=12),
)
keys = st.text(string.ascii_lowercase, min_size=1, max_size=8)
yaml_trees = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
    ),
    max_leaves=20,
)


def copy_tour(tmp: Path) -> Path:
    target = tmp / "story"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(FEATURE_TOUR, target)
    return target


def assert_story_or_diagnostics(folder: Path) -> None:
    story, diagnostics = check_story(folder)
    if story is None:
        assert diagnostics, "a story that fails to load must say why"
    for diagnostic in diagnostics:
        assert diagnostic.path and diagnostic.line >= 1 and diagnostic.col >= 1
        assert diagnostic.code[0] in "DW" and diagnostic.message


@FAST
@given(data=st.data())
def test_byte_mutations_of_story_files(tmp_path, data):
    folder = copy_tour(tmp_path)
    victim = data.draw(st.sampled_from(SOURCE_FILES))
    raw = bytearray(victim.read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            raw[position] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[position : position + data.draw(st.integers(1, 40))]
        else:
            raw[position:position] = data.draw(st.binary(min_size=1, max_size=8))
        if not raw:
            break
    (folder / victim.name).write_bytes(bytes(raw))
    assert_story_or_diagnostics(folder)


@FAST
@given(data=st.data())
def test_line_mutations_of_story_files(tmp_path, data):
    """Swapping, duplicating and dropping whole lines keeps YAML plausible, reaching the model."""
    folder = copy_tour(tmp_path)
    victim = data.draw(st.sampled_from(SOURCE_FILES))
    lines = victim.read_text().splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["swap", "duplicate", "drop"]))
        if action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif len(lines) > 1:
            del lines[i]
    (folder / victim.name).write_text("\n".join(lines) + "\n")
    assert_story_or_diagnostics(folder)


@FAST
@given(tree=yaml_trees, target=st.sampled_from(["story.yaml", "one.yaml", "facts.yaml"]))
def test_random_yaml_documents(tmp_path, tree, target):
    import yaml

    folder = copy_tour(tmp_path)
    (folder / target).write_text(yaml.safe_dump(tree))
    assert_story_or_diagnostics(folder)
