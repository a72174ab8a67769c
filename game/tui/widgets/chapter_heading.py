"""The chapter heading: number and title, then place, date and whose eyes the player uses."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.presentation.chapters import chapter_title, place_and_date
from game.story.model import Chapter, Story


def heading_content(story: Story, chapter: Chapter) -> Content:
    where = place_and_date(story, chapter)
    who = f"you are {chapter.viewpoint}" if chapter.viewpoint else ""
    line = " · ".join(part for part in (where, who) if part)
    if not line:  # a chapter without place, date or viewpoint
        return Content.assemble((chapter_title(story, chapter), "bold $primary"))
    return Content.assemble(
        (chapter_title(story, chapter), "bold $primary"), "\n", (line, "italic")
    )


class ChapterHeading(Static):
    """Author text goes in as Content, so brackets in a title stay as written."""

    DEFAULT_CSS = """
    ChapterHeading {
        height: auto;
        padding: 0 1;
        border-bottom: hkey $primary 50%;
    }
    """

    def show(self, story: Story, chapter: Chapter) -> None:
        self.update(heading_content(story, chapter))
