"""Plain paragraphs are parsed without markdown-it, into exactly the blocks it makes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from story_helpers import FEATURE_TOUR, ROOT

from game.presentation.prose import _parsed_by_markdown_it, _plain_paragraphs
from game.story.loader import load_story

# Letters, the characters that start Markdown blocks, inline markup, and spaces and line
# ends in runs, so that indents, blank lines and trailing spaces all come up.
PIECES = st.sampled_from(
    ["Korea", "a", "É", "1950.", "1.", "-", "- ", "+", "#", "> ", "=", "===", "---", "*",
     "_", "`", "[", "]", "<", ">", "&amp;", "\\", "!", "~", "\t", "\r", " ", "  ", "    ",
     "\n", "\n\n", ",", ":", "'", '"', "(", ")", "—", "\xa0"]
)  # fmt: skip


# Mostly words, with what changes a block: mostly taken by the plain path.
WORDY = st.sampled_from(
    ["Korea", "a", "É", "1950.", "-", "#", "> ", "=", " ", "  ", "    ", "\n", "\n\n", ",", "'"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join) | st.lists(WORDY, max_size=30).map("".join))
def test_the_plain_path_gives_what_markdown_it_gives(text):
    plain = _plain_paragraphs(text)
    if plain is not None and text.strip():
        assert plain == _parsed_by_markdown_it(text)


def test_every_plain_text_of_the_stories_parses_as_markdown_it_parses_it():
    taken = 0
    for folder in (ROOT / "scenes", FEATURE_TOUR):
        story = load_story(folder)
        texts = [story.intro]
        texts += [note.text.raw for note in story.notes.values()]
        texts += [scene.text.raw for scene in story.scenes.values() if scene.text is not None]
        for text in texts:
            plain = _plain_paragraphs(text)
            if plain is not None and text.strip():
                taken += 1
                assert plain == _parsed_by_markdown_it(text), text
    assert taken > 50


def test_the_campaign_s_introduction_needs_no_markdown_it():
    assert _plain_paragraphs(load_story(ROOT / "scenes").intro) is not None
