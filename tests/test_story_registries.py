"""The one field table and the one diagnostics registry are what the loader, the schemas,
the guide and every report read: nothing is written out twice."""

from __future__ import annotations

import re
import string

from story_helpers import MINIMAL_CHAPTER, ROOT

from game.authoring.schema import schemas
from game.story import codes, fields
from game.story.loader import check_story

GUIDE = ROOT / "docs" / "writing-scenes.md"
BEGIN = "<!-- field reference: generated from game/story/fields.py"
END = "<!-- end of field reference -->"


def test_the_guide_field_reference_is_the_field_table():
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("\n", text.index(BEGIN)) + 1
    shown = text[start : text.index(END)].strip("\n") + "\n"
    assert shown == fields.markdown_reference(), (
        "docs/writing-scenes.md's field reference is out of date: replace it with "
        "game.story.fields.markdown_reference()"
    )


def test_every_field_of_the_table_is_in_the_schemas():
    defs = schemas()["chapter"]["$defs"]
    for name, table in fields.TABLES.items():
        if name == "chapter file":
            assert set(table) == set(schemas()["chapter"]["properties"])
            continue
        assert set(defs[name]["properties"]) == set(table)
        required = {f.name for f in table.values() if f.required is True}
        assert set(defs[name].get("required", ())) == required


def test_an_id_with_a_trailing_newline_is_not_an_id(make_story):
    chapter = MINIMAL_CHAPTER.replace("- id: go", '- id: "go\\n"')
    story, diagnostics = check_story(make_story({"one.yaml": chapter}))
    assert story is None
    line = chapter.splitlines().index('      - id: "go\\n"') + 1
    assert [(d.code, d.line) for d in diagnostics] == [("D012", line)]
    assert "is not a valid id" in diagnostics[0].message


def test_no_code_is_written_as_a_string_outside_the_registry():
    registry = ROOT / "game" / "story" / "codes.py"
    for path in (ROOT / "game").rglob("*.py"):
        if path == registry:
            continue
        found = re.findall(r"""["']([DW]\d{3})["']""", path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(ROOT)} writes codes {found}: use game.story.codes"


def test_every_code_has_its_problems_and_every_problem_a_known_code():
    assert {p.code.code for p in codes.PROBLEMS} == set(codes.CODES)
    for problem in codes.PROBLEMS:
        assert codes.CODES[problem.code.code] is problem.code


def test_every_problem_template_fills_from_its_own_names():
    for problem in codes.PROBLEMS:
        names = {
            name
            for template in (problem.message, problem.hint)
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        }
        diagnostic = problem.at("f.yaml", (3, 4), **dict.fromkeys(names, 1))
        assert (diagnostic.path, diagnostic.line, diagnostic.col) == ("f.yaml", 3, 4)
        assert diagnostic.code == problem.code.code
        assert diagnostic.severity == problem.code.severity
        assert "{" not in diagnostic.message or "{1}" in diagnostic.message


def test_expression_problems_are_filed_by_kind_not_by_wording(make_story):
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        if: visited(nowhere) or ghost\n"
    )
    _, diagnostics = check_story(make_story({"one.yaml": chapter}))
    # The first problem stops the compile: visited() names nothing.
    assert [d.code for d in diagnostics] == ["D027"]
    chapter = MINIMAL_CHAPTER.replace(
        "        goto: end\n", "        goto: end\n        if: ghost\n"
    )
    _, diagnostics = check_story(make_story({"one.yaml": chapter}))
    assert [(d.code, d.hint) for d in diagnostics] == [
        ("D022", "declare it under stats or flags in story.yaml")
    ]
