"""The campaign's notes are fit for a reader: they cite works, not our own working papers,
and each stays short enough to read between two choices."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from story_helpers import CAMPAIGN

from game.story.loader import load_story

# Names of the project's own working papers: a player cannot look them up.
INTERNAL = re.compile(r"source article|history brief", re.IGNORECASE)
MAX_NOTE_WORDS = 120


def strings(node: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a parsed YAML document, with a dotted path to it."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{path}[{index}]")


@pytest.mark.parametrize("file", sorted(CAMPAIGN.glob("*.yaml")), ids=lambda p: p.name)
def test_no_text_cites_an_internal_paper(file):
    document = yaml.safe_load(file.read_text(encoding="utf-8"))
    found = [
        f"{where}: {text!r}"
        for where, text in strings(document, file.name)
        if INTERNAL.search(text)
    ]
    assert not found, "cite the work itself, not an internal paper:\n" + "\n".join(found)


def test_the_check_catches_an_internal_citation():
    document = {"notes": {"n": {"sources": ["Soviet Union in the Korean War (Source Article)"]}}}
    assert [where for where, text in strings(document, "x") if INTERNAL.search(text)] == [
        "x.notes.n.sources[0]"
    ]


def test_every_note_is_short():
    story = load_story(CAMPAIGN)
    long = {note.id: len(note.text.raw.split()) for note in story.notes.values()}
    long = {note_id: words for note_id, words in long.items() if words > MAX_NOTE_WORDS}
    assert not long, f"notes over {MAX_NOTE_WORDS} words: {long}"
