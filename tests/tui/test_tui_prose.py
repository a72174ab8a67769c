"""Light Markdown in author prose becomes styled Content; everything else stays as written."""

from __future__ import annotations

from game.tui.prose import prose_content


def styles_of(content, word: str) -> set[str]:
    start = content.plain.index(word)
    end = start + len(word)
    return {str(span.style) for span in content.spans if span.start <= start and span.end >= end}


def test_emphasis_and_strong_are_styled_and_their_asterisks_go():
    content = prose_content("A *quiet* word and a **loud** one.")
    assert content.plain == "A quiet word and a loud one."
    assert "italic" in styles_of(content, "quiet")
    assert "bold" in styles_of(content, "loud")


def test_brackets_braces_and_angle_brackets_are_text():
    text = "Smells of [aside] tea and [/] chalk, [b]no[/b], {braces} and <b>tags</b>."
    content = prose_content(text)
    assert content.plain == text
    assert not content.spans


def test_paragraphs_reflow_and_keep_one_blank_line_between_them():
    content = prose_content("First line\nsame paragraph.\n\n\n\nSecond paragraph.")
    assert content.plain == "First line same paragraph.\n\nSecond paragraph."


def test_lists_and_quotes_keep_their_shape():
    content = prose_content(
        "Orders:\n\n- burn the maps\n- keep *quiet*\n\n> Said nobody.\n\n1. one\n2. two"
    )
    assert content.plain == (
        "Orders:\n\n• burn the maps\n• keep quiet\n\n▌ Said nobody.\n\n1. one\n2. two"
    )


def test_empty_text_is_empty():
    assert prose_content("").plain == ""
    assert prose_content("  \n ").plain == ""
