"""Prose that answers back: parsing author text into variants and resolving it."""

from __future__ import annotations

import time

import pytest
from story_helpers import NOT_HISTORY_MANIFEST

from game.story.expressions import BOOL, INT, compile_expression
from game.story.loader import check_story
from game.story.variants import MAX_BRANCHES, MAX_DEPTH, MAX_VARIANTS, Context, Spot, parse_prose

TYPES = {"trust": INT, "nerve": INT, "brave": BOOL, "warned": BOOL}
STATS = {"trust", "nerve"}
FLAGS = {"brave", "warned"}
SCENES = {"one.start", "one.dock"}
CHOICES = {"one.start.go"}


def compile_condition(source: str):
    return compile_expression(
        source,
        TYPES,
        lambda ref: ref if ref in SCENES else None,
        lambda ref: ref if ref in CHOICES else None,
        want=BOOL,
    )


def parse(value, blocks: bool = True):
    return parse_prose(value, compile_condition, STATS, FLAGS, blocks=blocks)


def ok(value):
    prose, problems = parse(value)
    assert problems == []
    return prose


def context(here: int = 1, **values) -> Context:
    state = {"trust": 3, "nerve": 1, "brave": False, "warned": False}
    state.update(values)
    return Context(state, frozenset({"one.start"}), frozenset(), here=here)


def show(value, here: int = 1, **values) -> str:
    return ok(value).resolve(context(here, **values))


def only_problem(value):
    prose, problems = parse(value)
    assert len(problems) == 1, problems
    return problems[0]


# ----------------------------------------------------------------- substitutions


def test_plain_text_is_static_and_kept_as_written():
    prose = ok("  The dock at night. [bold]Not markup[/bold], not a call(). \n")
    assert prose.static == "The dock at night. [bold]Not markup[/bold], not a call()."
    assert prose.variants == () and prose.conditions == ()


def test_a_stat_shows_its_value_and_doubled_braces_are_literal():
    assert show("Trust {trust}, { nerve }; {{trust}} and {{{trust}}}.") == (
        "Trust 3, 1; {trust} and {3}."
    )
    assert ok("{trust}").names == {"trust"}


@pytest.mark.parametrize(
    ("text", "words", "offset"),
    [
        ("Nerve {brave}.", "is a flag; only stats can be shown", 6),
        ("Nerve {courage}.", "is not a declared stat", 6),
    ],
)
def test_a_substitution_of_anything_but_a_stat_is_D021(text, words, offset):
    problem = only_problem(text)
    assert problem.code == "D021"
    assert words in problem.message
    assert problem.spot == Spot((), offset)
    assert "{{" in problem.hint


# --------------------------------------------------------------------------- if


@pytest.mark.parametrize(
    ("text", "values", "shown"),
    [
        ("He was {if trust > 2: glad | wary} to see you.", {}, "He was glad to see you."),
        ("He was {if trust > 5: glad | wary} to see you.", {}, "He was wary to see you."),
        ("He was {if brave: very} glad.", {"brave": True}, "He was very glad."),
        ("He was {if brave: very} glad.", {}, "He was glad."),
        ("{if brave: Bold.} Then quiet.", {}, "Then quiet."),
        ("You came back{if visited(one.start): , as before}.", {}, "You came back, as before."),
        ("{if chosen(one.start.go): gone | here}", {}, "here"),
    ],
)
def test_if_shows_its_branch_for_the_state(text, values, shown):
    assert show(text, **values) == shown


def test_a_variant_alone_on_its_line_takes_its_line_break_with_it():
    text = "First.\n\n{if brave: Second.}\n\nThird.\nA {if brave: b} line\n{if brave: c}\nend"
    assert show(text, brave=True) == "First.\n\nSecond.\n\nThird.\nA b line\nc\nend"
    assert show(text) == "First.\n\nThird.\nA line\nend"


def test_a_condition_is_compiled_once_and_its_site_is_kept():
    text = "One {if trust > 2: a} two {if  brave : b}"
    prose = ok(text)
    sites = [(site.expression.source, site.spot.offset) for site in prose.conditions]
    assert sites == [("trust > 2", 8), ("brave ", text.index("brave"))]
    assert prose.reads == {"trust", "brave"}


@pytest.mark.parametrize(
    ("text", "code", "offset", "words"),
    [
        ("a {if trust >> 2: b}", "D022", 13, "unexpected '>'"),
        ("a {if courage: b}", "D022", 6, "unknown name 'courage'"),
        ("a {if trust: b}", "D022", 6, "expected a bool expression"),
        ("a {if visited(nowhere): b}", "D027", 6, "names no scene"),
    ],
)
def test_a_bad_condition_points_into_the_text(text, code, offset, words):
    problem = only_problem(text)
    assert (problem.code, problem.spot.offset) == (code, offset)
    assert words in problem.message


# ----------------------------------------------------------- seq, cycle, once

VISITS = [
    ("{seq: a | b | c}", ["a", "b", "c", "c", "c"]),
    ("{cycle: a | b}", ["a", "b", "a", "b", "a"]),
    ("{once: a | b}", ["a", "b", "", "", ""]),
    ("{seq: only}", ["only"] * 5),
    ("x {once: a} y", ["x a y", "x y", "x y", "x y", "x y"]),
]


@pytest.mark.parametrize(("text", "shown"), VISITS)
def test_alternatives_follow_the_visits_to_the_scene(text, shown):
    prose = ok(text)
    assert [prose.resolve(context(here)) for here in range(1, 6)] == shown


def test_resolving_is_a_function_of_the_context():
    prose = ok("{seq: first | {if brave: bold | timid} again}")
    ctx = context(2)
    before = dict(ctx.values)
    assert [prose.resolve(ctx) for _ in range(3)] == ["timid again"] * 3
    assert ctx.values == before
    assert prose.resolve(context(1)) == "first"


# ------------------------------------------------------------ nesting, escapes


def test_variants_nest():
    text = "{if trust > 1: {seq: a | {if brave: b | c}} | d}"
    assert [show(text, here) for here in (1, 2)] == ["a", "c"]
    assert show(text, 2, brave=True) == "b"
    assert show(text, trust=0) == "d"


def test_escapes_inside_variants():
    text = r"{if brave: a \| b \} {{c | d \{e\}} and | or \| not"
    assert show(text, brave=True) == "a | b } {c and | or | not"
    assert show(text) == "d {e} and | or | not"


def test_nesting_is_bounded():
    inner = "x"
    for _ in range(MAX_DEPTH):
        inner = "{if brave: " + inner + "}"
    assert show(inner, brave=True) == "x"
    too_deep = "{if brave: " + inner + "}"
    problem = only_problem(too_deep)
    assert problem.code == "D012"
    assert f"nested more than {MAX_DEPTH} deep" in problem.message
    assert problem.spot.offset == MAX_DEPTH * len("{if brave: ")


# ------------------------------------------------------------------- syntax


@pytest.mark.parametrize(
    ("text", "offset", "words", "hint"),
    [
        ("Tea {if brave: yes", 4, "is never closed", "write {{ for a literal brace"),
        ("Tea {trust", 4, "is never closed", "write {{ for a literal brace"),
        ("Tea } here", 4, "closes nothing", "write }} for a literal brace"),
        ("{if brave: a}}", 13, "closes nothing", "}}"),
        ("{if brave yes}", 0, "'if' needs ':' after its condition", "{if trust > 2:"),
        ("Tea {else: a}", 4, "unknown variant 'else'", "{seq: ...}"),
        ("Tea {a | b}", 4, "need a keyword", "{seq: a | b}"),
        ("{if brave: a | b | c}", 17, "two branches at most", r"\|"),
    ],
)
def test_broken_text_says_where_and_what_to_do(text, offset, words, hint):
    problem = only_problem(text)
    assert problem.code == "D012"
    assert problem.spot == Spot((), offset)
    assert words in problem.message
    assert hint in problem.hint


def test_broken_text_keeps_no_sites_and_shows_as_written():
    prose, problems = parse("{if brave: {seq: a | b} {trust}")
    assert problems and prose.variants == () and prose.conditions == ()
    assert prose.names == frozenset()
    assert prose.static == "{if brave: {seq: a | b} {trust}"


# --------------------------------------------------------------------- blocks


def test_parts_are_paragraphs_and_an_empty_part_leaves_no_gap():
    prose = ok(
        [
            "The dock.",
            {"if": "brave", "text": "You stand tall."},
            "  The ship.\n",
            {"once": ["First time here.", "Second time."]},
            "Rain{if warned: , as you were told}. Wind {if warned: again}.",
        ]
    )
    assert prose.resolve(context(1)) == "The dock.\n\nThe ship.\n\nFirst time here.\n\nRain. Wind."
    assert prose.resolve(context(3, brave=True, warned=True)) == (
        "The dock.\n\nYou stand tall.\n\nThe ship.\n\nRain, as you were told. Wind again."
    )


def test_else_and_an_elif_chain():
    chain = {
        "if": "trust > 4",
        "text": "Warm.",
        "else": {"if": "trust > 2", "text": ["Civil.", "Just."], "else": "Cold."},
    }
    prose = ok([chain])
    assert [prose.resolve(context(trust=t)) for t in (5, 3, 0)] == [
        "Warm.",
        "Civil.\n\nJust.",
        "Cold.",
    ]


def test_block_alternatives_hold_prose():
    prose = ok({"cycle": ["Day.", ["Night.", {"if": "brave", "text": "Stars."}]]})
    assert [prose.resolve(context(h, brave=True)) for h in (1, 2, 3)] == [
        "Day.",
        "Night.\n\nStars.",
        "Day.",
    ]


@pytest.mark.parametrize(
    ("value", "code", "spot", "words"),
    [
        (
            [{"if": "brave", "text": "a", "txt": 1}],
            "D010",
            Spot((0, "txt"), key=True),
            "unknown field 'txt'",
        ),
        ([{"if": "brave"}], "D011", Spot((0,)), "needs 'text'"),
        ([{"seq": "a"}], "D012", Spot((0, "seq")), "takes a list"),
        ([{"seq": []}], "D012", Spot((0, "seq")), "takes a list"),
        ([{"seq": ["a"], "once": ["b"]}], "D012", Spot((0,)), "has seq and once"),
        ([{"text": "a"}], "D012", Spot((0,)), "neither 'if'"),
        ([{"if": 3, "text": "a"}], "D012", Spot((0, "if")), "takes a condition"),
        (["a", 5], "D012", Spot((1,)), "not an integer"),
        (None, "D012", Spot(()), "not nothing"),
        ([{"if": "trust >", "text": "a"}], "D022", Spot((0, "if"), 7), "ends too early"),
        (["ok", {"if": "brave", "text": "a {b"}], "D012", Spot((1, "text"), 2), "is never closed"),
    ],
)
def test_broken_parts_say_where(value, code, spot, words):
    problem = only_problem(value)
    assert (problem.code, problem.spot) == (code, spot)
    assert words in problem.message


def test_a_one_line_field_takes_no_parts():
    _, problems = parse(["a", "b"], blocks=False)
    assert [p.code for p in problems] == ["D012"]
    assert "should be text" in problems[0].message


# ---------------------------------------------------------------------- sites


def test_every_variant_has_an_id_a_place_and_a_pick():
    prose = ok(["Intro {seq: a | b}.", {"if": "brave", "text": "{cycle: x | y | z}"}])
    kinds = [(v.id, v.kind, v.branches, v.spot, v.parent, v.parent_branch) for v in prose.variants]
    assert kinds == [
        (0, "seq", 2, Spot((0,), 6), None, None),
        (1, "if", 2, Spot((1, "if")), None, None),
        (2, "cycle", 3, Spot((1, "text"), 0), 1, 0),
    ]
    picks = [v.pick(context(4, brave=True)) for v in prose.variants]
    assert picks == [1, 0, 0]
    once = ok("{once: a | b}").variants[0]
    assert [once.pick(context(h)) for h in (1, 2, 3)] == [0, 1, -1]


# -------------------------------------------------------------------- hostile

HOSTILE = {
    "10,000 inline branches": (
        "{seq: " + " | ".join(f"b{i}" for i in range(10_000)) + "}",
        f"more than {MAX_BRANCHES} branches",
    ),
    "10,000 listed branches": (
        [{"cycle": [f"b{i}" for i in range(10_000)]}],
        f"more than {MAX_BRANCHES} branches",
    ),
    "10,000 nested ifs": ("{if brave: " * 10_000 + "x" + "}" * 10_000, "nested more than"),
    "10,000 nested parts": (None, "nested more than"),
    "a megabyte of variants": (
        ("Once {if trust > 2: upon | a} {seq: time | day} {trust}. " * 20_000)[:1_000_000],
        f"more than {MAX_VARIANTS:,} variants",
    ),
    "a megabyte after an opened if": ("{if brave: " + "word " * 200_000, "is never closed"),
    "a megabyte of stray braces": ("a}" * 500_000, "closes nothing"),
    "a thousand listed parts with a substitution each": (
        [f"part {{trust}} {i}" for i in range(MAX_VARIANTS + 5)],
        f"more than {MAX_VARIANTS:,} variants",
    ),
}


def _deep_parts():
    part: dict | str = "x"
    for _ in range(10_000):
        part = {"if": "brave", "text": part}
    return [part]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_prose_is_refused_quickly_and_clearly(name):
    value, words = HOSTILE[name]
    if value is None:
        value = _deep_parts()
    start = time.perf_counter()
    prose, problems = parse(value)
    prose.resolve(context())
    assert time.perf_counter() - start < 3.0
    assert len(problems) == 1
    assert words in problems[0].message
    assert problems[0].hint


LITERAL = {
    "braces": "{{" * 500_000,
    "bars": "|" * 1_000_000,
    "backslashes": "\\" * 1_000_000,
    "escaped bars": "\\|" * 500_000,
    "escaped braces": "\\{" * 500_000,
    "words": "word " * 200_000,
}


@pytest.mark.parametrize("name", list(LITERAL))
def test_a_megabyte_of_literal_text_is_read_quickly(name):
    text = LITERAL[name]
    start = time.perf_counter()
    prose = ok(text)
    assert time.perf_counter() - start < 3.0
    assert len(prose.resolve(context())) >= len(text.strip()) // 2


# `{stat}` substitutions alone take a short way round the parser; it must build exactly
# what the parser builds, and give every other text to the parser.
SUBSTITUTION_TEXTS = [
    "Nerve is {nerve}.",
    "{nerve}",
    "{nerve}{trust}",
    "  {trust} at the start, {nerve} at the end  \n",
    "Line one {nerve}\nline two {trust}\n",
    "{ nerve }",  # spaces inside: the parser's
    "{brave} is a flag",
    "{unknown}",
    "{{nerve}} doubled",
    "{nerve} and a stray }",
    "{nerve} and a bar |",
    "{nerve} and \\{ an escape",
    "{if brave: yes} {nerve}",
    "{seq: a | b} {nerve}",
    "{if}",
    "{nerve",
    "{nerve} " * (MAX_VARIANTS + 1),
]


@pytest.mark.parametrize("text", SUBSTITUTION_TEXTS)
def test_substitutions_alone_build_what_the_parser_builds(text):
    from game.story import variants

    parser = variants._Parser(compile_condition, STATS, FLAGS)
    tree = parser.prose(text, (), 0, True)
    quick = variants.substitutions_only(text, STATS)
    prose, problems = parse(text)
    if quick is None:  # the parser's, as before
        assert len(problems) == len(parser.problems)
        return
    assert problems == parser.problems == []
    assert quick.tree == tree
    assert quick.names == frozenset(parser.names)
    assert (quick.source, quick.static) == (prose.source, prose.static)
    for values in ({}, {"nerve": 7, "trust": 0}):
        assert quick.resolve(context(**values)) == prose.resolve(context(**values))
    assert "{" not in quick.resolve(context())


def test_substitutions_alone_go_round_the_parser():
    from game.story import variants

    for text in ("Nerve is {nerve}.", "{nerve}{trust}"):
        assert variants.substitutions_only(text, STATS) is not None
    for text in ("{ nerve }", "{brave}", "{{nerve}}", "{if brave: x} {nerve}", "{nerve"):
        assert variants.substitutions_only(text, STATS) is None


def test_one_prose_condition_in_two_chapters_names_each_chapters_own_scene(make_story):
    """Prose conditions are compiled once and shared, but `visited(start)` names the start
    of the chapter it is written in: the same words in two chapters are two conditions."""
    manifest = NOT_HISTORY_MANIFEST.replace(
        "chapters: [one.yaml]", "chapters: [one.yaml, two.yaml]"
    )
    chapter = """\
        chapter: {{id: {name}, title: {title}, place: somewhere, date: 1950-04, viewpoint: someone}}
        scenes:
          start:
            text: Begin.
            choices:
              - {{id: onward, text: On., outcome: On., goto: mid}}
          mid:
            text: "{{if visited(start): Seen.}} {{if nerve > 1: Steady.}}"
            choices:
              - {{id: go, text: Go., outcome: Gone., goto: {after}}}
          end:
            ending: {{title: End, kind: historical, epilogue: Done.}}
        """
    folder = make_story(
        {
            "story.yaml": manifest,
            "one.yaml": chapter.format(name="one", title="One", after="two.start"),
            "two.yaml": chapter.format(name="two", title="Two", after="end"),
        }
    )
    story, diagnostics = check_story(folder)
    assert story is not None, diagnostics
    sites = {
        chapter: story.scenes[f"{chapter}.mid"].text.prose.conditions for chapter in ("one", "two")
    }
    assert [site.expression.scenes for site in sites["one"]][0] == {"one.start"}
    assert [site.expression.scenes for site in sites["two"]][0] == {"two.start"}
    steady = [site.expression for site in (sites["one"][1], sites["two"][1])]
    assert steady[0] is steady[1], "naming no scene or choice, it is compiled once"
