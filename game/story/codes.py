"""Every diagnostic the checker reports, as data: codes and the problems filed under them.

A `Code` is a row of the table users see (its meaning, severity and general hint: `check`'s
hints, SARIF's rule list and the code table in docs/writing-scenes.md, which a test keeps
in step). A `Problem` is one thing that can be wrong, filed under a code: its message
template and its own hint. The loader, the YAML reader and the linter report problems by
these descriptors, never by a code written as a string, and never choose a code by the
words of a message.
"""

from __future__ import annotations

from game.frozen import frozen
from game.story.diagnostics import Diagnostic
from game.story.expressions import ExpressionError


@frozen
class Code:
    code: str
    severity: str  # "error" or "warning"
    meaning: str
    hint: str


@frozen
class Problem:
    """One kind of problem: its code, a message template and a hint template.

    Templates are `str.format` strings filled from the values a report gives. An empty
    hint leaves the code's general hint to `check`.
    """

    code: Code
    message: str
    hint: str = ""

    @property
    def severity(self) -> str:
        return self.code.severity

    def at(
        self, path: str, mark: tuple[int, int], /, *, hint: str | None = None, **values: object
    ) -> Diagnostic:
        """The diagnostic at `path:line:col`; `hint` replaces the template's when given."""
        text = self.hint.format(**values) if hint is None else hint
        return Diagnostic(
            path,
            mark[0],
            mark[1],
            self.code.code,
            self.message.format(**values),
            self.code.severity,
            text,
        )


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
        "`visited()`, `visits()` or `chosen()` names no scene or choice, or one entered by 'call'",
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
        "W022",
        "warning",
        "a text condition is always true: the variant always shows its first text",
        "remove the condition around the text, or fix the comparison",
    ),
    Code(
        "W023",
        "warning",
        "a text condition is always false: the variant's first text can never show",
        "check the numbers against the stat's min and max, and that the flags are set",
    ),
    Code(
        "W030",
        "warning",
        "`{name}` in text that is never substituted (titles, history, locked reasons)",
        "substitutions work in prose (scene text, outcomes, epilogues, recaps, note texts) "
        "and choice text only",
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
        "W042",
        "warning",
        "a key decision or a historical choice without a note of its own",
        "give it 'note: ID': the player should learn what really happened there",
    ),
    Code(
        "W043",
        "warning",
        "a choice with a history note can be open only after the world has left history",
        "make the note a counterfactual, or let the choice open on history's path",
    ),
    Code(
        "W044",
        "warning",
        "an ending reached both on and off history's path whose epilogue never asks diverged()",
        "give the epilogue an 'if diverged()' variant for the two ways there",
    ),
    Code(
        "W045",
        "warning",
        "a text variant glued to the word beside it, or leaving a double space, in one branch",
        "a branch is trimmed of its spaces: put the space outside the braces, where both"
        " branches share it",
    ),
    Code(
        "W046",
        "warning",
        "a paragraph that opens with a number and a full stop, which Markdown reads as a"
        " numbered list item (a year: '1954. Everyone ...')",
        "write the year in bold ('**1954.**', as dated paragraphs are), or 'In 1954,'; if a"
        " list is meant, number it from 1",
    ),
    Code(
        "W050",
        "warning",
        "a chapter file in the story folder is not in the manifest",
        "add it to 'chapters:' in story.yaml, or move it out of the folder",
    ),
    Code(
        "W051",
        "warning",
        "a chapter without a place, a date or a viewpoint",
        "add them to the chapter's header, if the story has them",
    ),
]

CODES: dict[str, Code] = {code.code: code for code in _TABLE}


def hint_for(code: str) -> str:
    found = CODES.get(code)
    return found.hint if found else ""


PROBLEMS: list[Problem] = []


def _problem(code: str, message: str, hint: str = "") -> Problem:
    problem = Problem(CODES[code], message, hint)
    PROBLEMS.append(problem)
    return problem


_ALIASES = "story files are small: look for runaway aliases or generated content"
_BRACES = "write {{{{ and }}}} for literal braces"

# -------------------------------------------------------------- reading YAML files
YAML_SYNTAX = _problem("D001", "YAML syntax error: {problem}")
YAML_ERROR = _problem("D001", "YAML error: {error}")
UNKNOWN_ALIAS = _problem("D001", "unknown alias *{anchor}")
MORE_THAN_ONE_DOCUMENT = _problem("D001", "a story file holds one YAML document")
NOT_UTF8 = _problem("D002", "not valid UTF-8 (byte 0x{byte:02x})", "save the file as UTF-8")
FILE_TOO_LARGE = _problem(
    "D003",
    "file is {size:,} bytes; the limit is {limit:,}",
    "split the chapter into smaller files",
)
NESTING_TOO_DEEP = _problem("D003", "nesting is too deep: {problem}")
NESTED_TOO_DEEPLY = _problem("D003", "document is nested too deeply")
TOO_MANY_NODES = _problem("D003", "document expands to more than {limit:,} nodes", _ALIASES)
DEEPER_THAN = _problem("D003", "nesting is deeper than {limit} levels", _ALIASES)
TAG_NOT_ALLOWED = _problem(
    "D004", "tag {tag!r} is not allowed", "story files hold plain data only: remove the tag"
)
DUPLICATE_KEY = _problem(
    "D005", "duplicate key {key!r} (first at line {line})", "remove or rename one of them"
)
KEY_NOT_PLAIN = _problem("D012", "a mapping key must be a plain value")
CANNOT_READ = _problem("D014", "cannot read file: {reason}")
NOT_A_REGULAR_FILE = _problem(
    "D014", "not a regular file", "story files are plain files, not FIFOs, devices or folders"
)
NUMBER_TOO_LONG = _problem(
    "D012",
    "the number {text} is too long ({length:,} characters; at most {limit})",
    "numbers in story files are short: look for a runaway value",
)
NUMBER_TOO_LARGE = _problem(
    "D012",
    "the number {text} is too large (at most {limit:,} either way)",
    "numbers in story files are small: look for a runaway value",
)

# ------------------------------------------------------------------ fields and ids
UNKNOWN_FIELD = _problem("D010", "unknown field {key!r} in {what}")
UNKNOWN_TOP_LEVEL = _problem("D010", "unknown top-level field {key!r}")
MISSING_FIELD = _problem("D011", "{what} is missing the field {name!r}", "add '{name}:'")
NO_STORY_MAPPING = _problem("D011", "the manifest needs a top-level 'story:' mapping")
NO_TABLE_MAPPING = _problem("D011", "the file needs a top-level '{key}:' mapping")
EMPTY_FILE = _problem("D012", "the file is empty", "see docs/writing-scenes.md")
WRONG_TYPE = _problem("D012", "{what}: {name!r} should be {expected}, not {actual}")
NOT_A_MAPPING = _problem("D012", "{what} should be a mapping, not {actual}")
INVALID_ID = _problem("D012", "{what} {value!r} is not a valid id: use {rule}")
INVALID_DATE = _problem("D012", "date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
NOT_TEXT = _problem("D012", "{what}: {name} should be text")
DUPLICATE_ENTRY = _problem("D013", "{kind} {id!r} is already defined at {first}")

# ----------------------------------------------------------------------- manifest
NO_MANIFEST = _problem(
    "D014", "no {manifest} here", "point at a story folder that holds story.yaml"
)
FORMAT_TOO_NEW = _problem(
    "D012", "format {format} is newer than this game reads ({supported})", "update the game"
)
STAT_RANGE = _problem(
    "D012", "stat {name!r} needs min <= start <= max (got {low}, {start}, {high})"
)
STAT_AND_FLAG = _problem("D013", "{name!r} is declared as both a stat and a flag")
FLAG_LABEL = _problem("D012", "flag {name!r}: the label should be text")
FORMAT_BELOW_ONE = _problem("D012", "format {format} is not a format: formats start at 1")
STAT_TOO_WIDE = _problem(
    "D012",
    "stat {name!r} runs over {count:,} values; a stat may take at most {limit:,}",
    "stats are small counts the player reads: narrow min and max",
)

# ---------------------------------------------- files the manifest names (chapters, tables)
FILE_NOT_A_NAME = _problem("D014", "{field} file {name!r} cannot be a file name")
FILE_UNFOLLOWABLE = _problem("D014", "{field} file {name!r} cannot be followed: {reason}")
FILE_OUTSIDE = _problem(
    "D014",
    "{field} file {name!r} is outside the story folder",
    "copy the file into the story folder and name it from there",
)
FILE_MISSING = _problem("D014", "{field} file {name!r} does not exist")
FILE_NOT_REGULAR = _problem(
    "D014",
    "{field} file {name!r} is not a regular file",
    "name a plain file in the story folder, not a folder, FIFO or device",
)
START_NO_SCENE = _problem("D020", "start names no scene {start!r}", "write chapter.scene")

# ----------------------------------------------------------------------- chapters
CHAPTER_ENTRY = _problem("D012", "a chapter entry should be a file name")
CHAPTER_LISTED_TWICE = _problem("D013", "chapter file {name!r} is already listed at line {line}")
CHAPTER_ID_USED = _problem("D013", "chapter id {id!r} is already used by {first}")
NO_SCENES = _problem("D011", "the chapter has no scenes")
UNKNOWN_PLACE = _problem("D025", "unknown place {place!r}")
COORDINATE = _problem(
    "D012", "place {id!r}: {name!r} should be between {low} and {high}, not {value}"
)

# ------------------------------------------------------------------ notes and facts
NOTE_KIND = _problem("D012", "note kind {kind!r} should be history or counterfactual")
NO_SOURCE = _problem("D012", "note {id!r} needs at least one source")
UNKNOWN_FACT = _problem("D026", "note {id!r} cites an unknown fact {fact!r}")

# ------------------------------------------------------------------------- scenes
CHOICES_AND_ENDING = _problem(
    "D012",
    "scene {id!r} has both choices and an ending",
    "a scene either offers choices or ends the story",
)
NO_CHOICES_NOR_ENDING = _problem(
    "D011", "scene {id!r} has neither choices nor an ending", "add 'choices:' or 'ending:'"
)
KEY_SCENE_HISTORICAL = _problem(
    "D012",
    "key scene {id!r} needs exactly one historical choice, has {count}",
    "mark the choice history took with 'historical: true'",
)
CONTINUE_AND_CHOICES = _problem(
    "D012",
    "scene {id!r} has both choices and a continue",
    "a page break offers only 'Continue': move the choices to the next scene",
)
ENDING_NO_KIND = _problem(
    "D011",
    "{what}: ending needs 'kind: historical' or 'kind: counterfactual' in a history story",
    "add the kind, or declare 'history: false' under story: in story.yaml",
)
ENDING_KIND = _problem("D012", "ending kind {kind!r} should be historical or counterfactual")
NO_ENDING_REACHABLE = _problem(
    "D030",
    "no ending can be reached from scene {id!r}",
    "every path needs a way out: add a goto towards an ending",
)

# ------------------------------------------------------------------------ choices
DUPLICATE_CHOICE = _problem(
    "D013",
    "choice id {id!r} is already used in this scene at line {line}",
    "choice ids are stable names: give each its own",
)
LOCKED_WITHOUT_IF = _problem(
    "D012",
    "{what} has a locked reason but no 'if' condition",
    "add the condition under which the choice is open",
)
GOTO_AND_RANDOM = _problem("D012", "{what} has both goto and random")
LEADS_TWICE = _problem(
    "D012",
    "{what} has both {first} and {second}",
    "a choice leads on by one of goto, random, choices, call (with an optional goto) or return",
)
CHOICE_NO_NOTE = _problem(
    "D024",
    "{what} has no note, and this story is history",
    "add 'note: ID', 'note: scene' (the scene's note) or 'note: none'",
)
NO_SCENE_NOTE = _problem(
    "D024", "{what} says 'note: scene' but its scene has no 'note:'", "add 'note: ID' to the scene"
)
INLINE_TOO_DEEP = _problem(
    "D012", "inline choices are nested more than {limit} deep", "give the follow-up a scene"
)
INLINE_ID_USED = _problem(
    "D013",
    "the inline choices' scene {id!r} would clash with another",
    "rename the choice or the scene",
)
EFFECT_FORM = _problem(
    "D023",
    "{what}: the effect on {name!r} as a mapping takes 'value' and 'quiet' only",
    "write {name}: {{value: -2, quiet: true}}",
)
TOO_MANY_DRAWS = _problem(
    "D023",
    "{what}: random() here has {count:,} outcomes; a choice may draw at most {limit:,}",
    "narrow the range",
)
RANDOM_WITH_BRANCHES = _problem(
    "D023",
    "{what}: random() in the choice's effects and random branches both",
    "move the effect into each branch's effects",
)
RETURN_NOT_TRUE = _problem(
    "D012", "{what}: 'return' takes true", "write 'return: true', or use goto"
)
RETURN_OUTSIDE_TUNNEL = _problem(
    "D020",
    "{what} returns, but no 'call' leads to its scene",
    "call the first scene of the sequence with 'call: SCENE' from where it is used",
)
TUNNEL_BY_GOTO = _problem(
    "D020",
    "scene {id!r} belongs to scenes entered by 'call', but {source!r} enters it by goto",
    "use 'call:' there too, so the story knows where to return",
)
TUNNEL_TOO_DEEP = _problem(
    "D020",
    "calls nest more than {limit} deep here (from {chain})",
    "a called scene may call another, but never itself, directly or through others",
)
TUNNEL_REFERENCE = _problem(
    "D027",
    "{what} names {ref!r}, inside scenes entered by 'call': each call plays its own copy",
    "set a flag in the called scenes' effects and read that instead",
)
ARRIVAL_AT_START = _problem(
    "D023",
    "scene {id!r} is where the story starts: its arrival effects would never run",
    "give the stats their start values in story.yaml",
)
NO_GOTO = _problem("D011", "{what} needs 'goto' or 'random'")
GOTO_NO_SCENE = _problem("D020", "{what}: goto names no scene {ref!r}")
UNKNOWN_NOTE = _problem("D024", "{what} names an unknown note {ref!r}")
NO_BRANCHES = _problem("D012", "{what}: random needs at least one branch")
WEIGHT_NOT_POSITIVE = _problem("D012", "a branch weight must be positive")

# ------------------------------------------------------------- effects and text
FLAG_EFFECT = _problem("D023", "{what}: flag {name!r} takes true or false, not {value!r}")
STAT_EFFECT = _problem(
    "D023",
    "{what}: stat {name!r} takes a number or an expression, not {value!r}",
    'write 1, -2, "= 5" or "+ other_stat"',
)
UNKNOWN_EFFECT = _problem("D021", "{what}: effect on unknown stat or flag {name!r}")
SUBSTITUTION = _problem("D021", "text substitution {{{name}}} is {what} can be shown", _BRACES)
UNMATCHED_BRACE = _problem("D012", "unmatched {token!r} in text", _BRACES)

# ------------------------------------------------------------------------- prose
_PART = "a part is a text, {{if: COND, text: ..., else: ...}} or {{seq|cycle|once: [text, ...]}}"
_LITERAL = "write {{{{ for a literal brace"
PROSE_UNCLOSED = _problem(
    "D012", "an opening brace is never closed", "close it with '}}', or " + _LITERAL
)
PROSE_STRAY = _problem(
    "D012", "a closing brace closes nothing", "write }}}} for a literal brace, or remove it"
)
PROSE_NO_COLON = _problem(
    "D012",
    "'if' needs ':' after its condition",
    "write {{if trust > 2: shown when true | shown when false}}",
)
PROSE_UNKNOWN_VARIANT = _problem(
    "D012",
    "unknown variant {keyword!r}",
    "write {{if COND: ...}}, {{seq: ...}}, {{cycle: ...}} or {{once: ...}}, or " + _LITERAL,
)
PROSE_NO_KEYWORD = _problem(
    "D012",
    "branches need a keyword in front",
    "write {{seq: a | b}}, {{cycle: a | b}} or {{once: a | b}}; \\| for a literal '|'",
)
PROSE_IF_BRANCHES = _problem(
    "D012",
    "an 'if' variant has two branches at most: when true | when false",
    "write \\| for a literal '|'",
)
PROSE_TOO_DEEP = _problem("D012", "{what} are nested more than {limit} deep", "flatten the nesting")
PROSE_TOO_MANY_BRANCHES = _problem(
    "D012",
    "{kind!r} has more than {limit} branches",
    "keep the variants a reader can see; write \\| for a literal '|'",
)
PROSE_TOO_MANY_VARIANTS = _problem(
    "D012", "more than {limit:,} variants and substitutions in one text", "split the text"
)
PROSE_SHAPE = _problem("D012", "{what} should be {expected}, not {actual}", _PART)
PROSE_PART = _problem("D012", "a prose part has {has}", _PART)
PROSE_UNKNOWN_FIELD = _problem("D010", "unknown field {key!r} in a prose part", _PART)
PROSE_NO_TEXT = _problem("D011", "a prose part with 'if' needs 'text'", _PART)
PROSE_LIST = _problem("D012", "{kind!r} takes a list of texts", "write {kind}: [first, second]")
PROSE_CONDITION_TYPE = _problem(
    "D012", "'if' takes a condition, not {actual}", "write if: trust > 2"
)
PROSE_NO_VARIANTS = _problem(
    "D012",
    "{what} shows stats only: variants belong in scene text, outcomes, epilogues and notes",
    "write the variant into the outcome, or " + _LITERAL,
)

# -------------------------------------------------------------------- expressions
BAD_EXPRESSION = _problem("D022", "{what}: {message}", "at character {position} of {source!r}")
UNKNOWN_NAME = _problem(
    "D022", "{what}: {message}", "declare it under stats or flags in story.yaml"
)
UNRESOLVED_REFERENCE = _problem(
    "D027", "{what}: {message}", "at character {position} of {source!r}"
)
# What went wrong in an expression, as the parser and type checker classify it.
EXPRESSION_PROBLEMS = {
    ExpressionError.INVALID: BAD_EXPRESSION,
    ExpressionError.UNKNOWN_NAME: UNKNOWN_NAME,
    ExpressionError.UNRESOLVED: UNRESOLVED_REFERENCE,
}

# ------------------------------------------------------------------ lint warnings
UNREACHED_SCENE = _problem("W001", "no goto leads to {what} {id!r} from the start")
NOTE_NOT_SHOWN = _problem("W002", "no choice shows note {id!r}")
DEAD_END = _problem("W003", "scene {id!r} may have no open choice (when {witness})")
SET_NEVER_READ = _problem(
    "W010", "{kind} {name!r} is set here but no condition, effect or text reads it"
)
READ_NEVER_SET = _problem(
    "W011", "{kind} {name!r} is read but no effect sets it: it is always {keeps}"
)
NEVER_USED = _problem("W012", "{kind} {name!r} is declared but never set or read")
ALWAYS_TRUE = _problem("W020", "choice {id!r}: 'if: {source}' is always true")
ALWAYS_FALSE = _problem("W021", "choice {id!r}: 'if: {source}' is always false")
TEXT_ALWAYS_TRUE = _problem("W022", "{what}: the condition 'if {source}' is always true")
TEXT_ALWAYS_FALSE = _problem("W023", "{what}: the condition 'if {source}' is always false")
NOT_SUBSTITUTED = _problem("W030", "{what} shows {text} as written: it is not substituted there")
KEY_CHOICE_NO_NOTE = _problem(
    "W042", "{what} is {why} but shows no note of its own", "give it 'note: ID'"
)
CHAPTER_NO_METADATA = _problem(
    "W051",
    "chapter {id!r} has no {missing}: its heading and the map will leave it out",
    "add them to the chapter's header, if the story has them",
)
NO_FACT_CITED = _problem("W040", "history note {id!r} cites no fact")
FACT_NOT_CITED = _problem("W041", "no note cites fact {id!r}")
HISTORY_NOTE_OFF_PATH = _problem(
    "W043", "choice {id!r}: 'if: {source}' is false on history's path, but note {note!r} is history"
)
EPILOGUE_BLIND = _problem(
    "W044", "ending {id!r} is reached on and off history's path, but its epilogue is the same"
)
VARIANT_GLUED = _problem("W045", "{what}: the variant here {why}: it reads {reads!r}")
NUMBERED_PARAGRAPH = _problem(
    "W046", "{what}: the paragraph {start!r} shows as item {number} of a numbered list"
)
UNLISTED_CHAPTER = _problem("W050", "{name} holds a chapter but story.yaml does not list it")
