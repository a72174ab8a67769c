"""Random prose parses or gives problems with a place in it; it never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.story import variants
from game.story.expressions import BOOL, INT, compile_expression
from game.story.variants import Context, parse_prose

TYPES = {"trust": INT, "brave": BOOL}
PIECES = [
    "{", "}", "{{", "}}", "|", "\\|", "\\", ":", " ", "\n", "\n\n", "word", "{trust}",
    "{brave}", "{if ", "{if brave: ", "{if trust > 2: ", "{if trust >: ", "{seq: ",
    "{cycle:", "{once: ", "{else: ", "visited(x)", "[b]markup[/b]",
]  # fmt: skip


def compile_condition(source: str):
    return compile_expression(source, TYPES, lambda ref: None, lambda ref: None, want=BOOL)


texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
parts = st.recursive(
    texts,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.fixed_dictionaries({"if": st.sampled_from(["brave", "trust >", "1"]), "text": inner}),
        st.fixed_dictionaries({"seq": st.lists(inner, max_size=3)}),
        st.fixed_dictionaries({"once": inner}),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(texts, parts, st.text(max_size=80)))
def test_random_prose_parses_or_says_where(value):
    prose, problems = parse_prose(value, compile_condition, {"trust"}, {"brave"})
    for problem in problems:
        assert problem.code.startswith("D") and problem.message
        if isinstance(value, str):
            assert problem.spot.path == ()
            assert 0 <= problem.spot.offset <= len(value)
    for here in (1, 2, 3):
        for brave in (False, True):
            text = prose.resolve(Context({"trust": 3, "brave": brave}, here=here))
            assert isinstance(text, str)
            assert text == text.strip()


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="{}\\|a", max_size=40))
def test_escapes_read_the_same_whichever_way_they_are_replaced(text):
    """The str.replace shortcuts pair escapes exactly as the regular expression does."""
    for run in (variants._RUN_TOP, variants._RUN_INNER):
        literal = run.match(text).group()
        slow = "".join(filter(None, variants._ESCAPES.split(literal)))
        assert variants._unescape(literal) == slow
