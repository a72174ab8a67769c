"""A character of a YAML string is found in its file, whatever the scalar's style."""

from __future__ import annotations

import pytest

from game.story.diagnostics import Diagnostics
from game.story.positions import locate
from game.story.yamlfile import parse_text

SOURCE = """\
a:
  literal: |
    First line {if x: y}
      indented more

    after blank {seq: a | b}
  folded: >
    Folded one
    two {if z: w}

    para {x}
  plain: Plain {trust} and
    continued {seq}
  double: "Quoted {if d: e}
    next {if f: g}"
  single: 'single {if h: i}'
  items:
    - text: |-
        In a list {if j: k}
"""


def _values():
    diagnostics = Diagnostics()
    doc = parse_text(SOURCE, "t.yaml", diagnostics)
    assert not diagnostics.items
    found = [(doc["a"], key) for key in ("literal", "folded", "plain", "double", "single")]
    found.append((doc["a"]["items"][0], "text"))
    return found


@pytest.mark.parametrize("index", range(6))
def test_every_brace_of_every_style_is_found_where_it_stands(index):
    mapping, key = _values()[index]
    value, mark = mapping[key], mapping.value_mark(key)
    lines = SOURCE.splitlines()
    offsets = [i for i, char in enumerate(value) if char == "{"]
    assert offsets
    for offset in offsets:
        line, col = locate(SOURCE, mark, offset)
        assert lines[line - 1][col - 1 :].startswith(value[offset : offset + 3]), (key, offset)


def test_offset_zero_and_marks_outside_the_file_are_the_mark_itself():
    assert locate(SOURCE, (2, 12), 0) == (2, 12)
    assert locate(SOURCE, (99, 1), 5) == (99, 1)


FLOWING = """\
first: Plain words
  run on over

  a blank line and

    deeper lines
next: "Quoted words

  after a blank, {if x: y}
  and more"
last: 1
"""


@pytest.mark.parametrize("key", ["first", "next"])
def test_every_character_of_a_plain_or_quoted_scalar_is_found_on_its_line(key):
    """A plain or quoted scalar's walk reads only as far as the character asked for (and
    the line after it, for the blank lines a folded join turns into breaks): each
    character, up to the last, is still found where it stands."""
    diagnostics = Diagnostics()
    doc = parse_text(FLOWING, "t.yaml", diagnostics)
    assert not diagnostics.items
    value, mark = doc[key], doc.value_mark(key)
    lines = FLOWING.splitlines()
    assert "\n" in value  # the blank line became a line break
    for offset, char in enumerate(value):
        if char.isspace():
            continue
        line, col = locate(FLOWING, mark, offset, exact=True)
        assert lines[line - 1][col - 1] == char, (key, offset, value[offset:])
