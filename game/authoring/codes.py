"""Every checker code in one table: its meaning, severity and the hint shown with it.

The table is the single source for `check`'s hints, SARIF's rule list and the code table
in docs/writing-scenes.md (a test keeps the guide and this table in step).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: str  # "error" or "warning"
    meaning: str
    hint: str


_TABLE = [
    # Load errors: the loader reports these; the hints fill in where it gave none.
    Code("D001", "error", "YAML syntax error", "check indentation and quoting near this line"),
    Code("D002", "error", "a file is not valid UTF-8", "save the file as UTF-8"),
    Code(
        "D003",
        "error",
        "a file is too large, too deep, has too many nodes or too much alias expansion",
        "split the file, or remove runaway aliases",
    ),
    Code(
        "D004",
        "error",
        "a tag that is not plain YAML (for example `!!python/object`)",
        "story files hold plain data only: remove the tag",
    ),
    Code("D005", "error", "a duplicate key in a mapping", "remove or rename one of them"),
    Code("D010", "error", "an unknown field", "see the field tables in docs/writing-scenes.md"),
    Code("D011", "error", "a required field is missing", "add the field"),
    Code(
        "D012",
        "error",
        "a field has the wrong type or an invalid value",
        "see the field tables in docs/writing-scenes.md",
    ),
    Code("D013", "error", "a duplicate id", "ids are stable names: give each its own"),
    Code(
        "D014",
        "error",
        "a file named by the manifest cannot be read",
        "create the file, or remove it from story.yaml",
    ),
    Code("D020", "error", "a `goto` or `start` names no scene", "write scene or chapter.scene"),
    Code(
        "D021",
        "error",
        "an unknown stat or flag (in effects or in a `{name}` text substitution)",
        "declare it in story.yaml; write {{ and }} for literal braces",
    ),
    Code(
        "D022",
        "error",
        "a bad expression (syntax, unknown name, type, size)",
        "see 'Expressions' in docs/writing-scenes.md",
    ),
    Code(
        "D023",
        "error",
        "an effect of the wrong type for its stat or flag",
        'stats take 1, -2, "= 5" or "+ other"; flags take true or false',
    ),
    Code("D024", "error", "a choice names no note, or an unknown one", "define it under 'notes:'"),
    Code("D025", "error", "an unknown place", "add it to the places table"),
    Code("D026", "error", "a history note cites an unknown fact", "add it to the facts registry"),
    Code(
        "D027",
        "error",
        "`visited()` or `chosen()` names no scene or choice",
        "write scene, chapter.scene, or chapter.scene.choice",
    ),
    Code(
        "D030",
        "error",
        "no ending can be reached from a scene, whatever the conditions",
        "every path needs a way out: add a goto towards an ending",
    ),
    # Lint warnings: the story loads, but something is probably not what the writer meant.
    Code(
        "W001",
        "warning",
        "a scene no goto leads to from the start (ignoring conditions)",
        "add a goto to it, or delete it",
    ),
    Code(
        "W002",
        "warning",
        "a note no choice shows",
        "name it in a choice's 'note:', or delete it",
    ),
    Code(
        "W003",
        "warning",
        "a possible dead end: every choice of a scene that is not an ending can be "
        "unavailable at once",
        "add a choice without 'if:', or run 'deniable playtest' to see if play can get there",
    ),
    Code(
        "W010",
        "warning",
        "a stat or flag is set but never read",
        "read it in an 'if:', or drop the effect",
    ),
    Code(
        "W011",
        "warning",
        "a stat or flag is read but never set: it keeps its start value",
        "set it in some choice's 'effects:'",
    ),
    Code(
        "W012",
        "warning",
        "a stat or flag is declared but never set or read",
        "use it, or remove it from story.yaml",
    ),
    Code(
        "W020",
        "warning",
        "a condition is always true: the 'if:' never hides or locks the choice",
        "remove the 'if:', or fix the comparison",
    ),
    Code(
        "W021",
        "warning",
        "a condition is always false: the choice can never be taken",
        "check the numbers against the stat's min and max, and that the flags are set",
    ),
    Code(
        "W030",
        "warning",
        "`{name}` in text that is never substituted (titles, notes, history, locked reasons)",
        "substitutions work in scene text, choice text, outcomes and epilogues only",
    ),
    Code(
        "W040",
        "warning",
        "a history note cites no fact",
        "add 'facts: [fact-id]' from the facts registry, or make it a counterfactual",
    ),
    Code(
        "W041",
        "warning",
        "a fact no note cites",
        "cite it in a history note's 'facts:', or remove it",
    ),
    Code(
        "W050",
        "warning",
        "a chapter file in the story folder is not in the manifest",
        "add it to 'chapters:' in story.yaml, or move it out of the folder",
    ),
]

CODES: dict[str, Code] = {code.code: code for code in _TABLE}


def hint_for(code: str) -> str:
    found = CODES.get(code)
    return found.hint if found else ""
