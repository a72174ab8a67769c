"""Words every interface shares: one Markdown parse drawn as plain text, HTML and Content,
and the one change line."""

from __future__ import annotations

from story_helpers import FEATURE_TOUR

from game.engine.rules import EffectChange
from game.presentation.changes import ARROW, change_line
from game.presentation.prose import html, html_inline, plain_inline, plain_text
from game.story.loader import load_story

OPENING = (
    "**Sinuiju, 25 October 1945.** Frost came *not yet* to the field, [aside] and {x}.\n\n"
    "## The School by the River\n\n"
    '> "We were told nothing," she said.\n\n'
    "1. burn the maps\n2. keep quiet\n\n"
    "- one\n- two <script>alert(1)</script>"
)


def test_plain_text_takes_the_markup_away_and_keeps_the_words():
    text = plain_text(OPENING)
    assert text.startswith("Sinuiju, 25 October 1945. Frost came not yet to the field,")
    assert "[aside] and {x}." in text
    assert "**" not in text and "*not" not in text and "##" not in text
    assert "\n\nThe School by the River\n\n" in text
    assert '> "We were told nothing," she said.' in text
    assert "1. burn the maps\n2. keep quiet" in text
    assert "- one\n- two <script>" in text


def test_plain_text_wraps_every_line_without_breaking_words():
    long_word = "x" * 90
    text = plain_text(("word " * 60) + long_word + "\n\n- " + "item " * 40)
    lines = text.splitlines()
    assert all(len(line) <= 78 for line in lines if long_word not in line)
    assert long_word in lines  # a word longer than a line stands alone, unbroken
    item_lines = lines[lines.index("") + 1 :]
    assert item_lines[0].startswith("- item") and all(
        line.startswith("  item") for line in item_lines[1:]
    )


def test_html_keeps_quotes_and_numbered_lists_and_escapes_everything():
    out = html(OPENING)
    assert "<strong>Sinuiju, 25 October 1945.</strong>" in out
    assert "<em>not yet</em>" in out
    assert "<blockquote>\n<p>&quot;We were told nothing,&quot; she said.</p>\n</blockquote>" in out
    assert "<ol>\n<li>burn the maps</li>\n<li>keep quiet</li>\n</ol>" in out
    assert "<ul>\n<li>one</li>\n<li>two &lt;script&gt;alert(1)&lt;/script&gt;</li>\n</ul>" in out
    assert "<script>" not in out


def test_a_short_piece_keeps_a_leading_number_or_dash():
    assert plain_inline("1951. The *year* the MiGs came") == "1951. The year the MiGs came"
    assert plain_inline("- not a list") == "- not a list"
    assert html_inline("**Go** <now>") == "<strong>Go</strong> &lt;now&gt;"


def test_the_change_line_is_one_line_with_the_arrow_of_its_medium():
    story = load_story(FEATURE_TOUR)
    stat = next(iter(story.stats))
    flag, info = next(iter(story.flags.items()))
    assert change_line(story, EffectChange(stat, 2, 1)).endswith(": 2 -> 1")
    assert change_line(story, EffectChange(stat, 2, 1), ARROW).endswith(": 2 → 1")
    assert change_line(story, EffectChange(flag, False, True)) == info.label
    gone = change_line(story, EffectChange(flag, True, False))
    assert gone.startswith("No longer: ") and gone[11:].casefold() == info.label.casefold()
