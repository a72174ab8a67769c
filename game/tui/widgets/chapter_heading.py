"""The chapter heading: number and title, then place, date and whose eyes the player uses."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.story.dates import format_date
from game.story.model import Chapter, Story


def heading_content(story: Story, chapter: Chapter) -> Content:
    number = story.chapters.index(chapter) + 1
    place = story.places.get(chapter.place)
    place_name = place.name if place else chapter.place
    return Content.assemble(
        (f"Chapter {number}: {chapter.title}", "bold $primary"),
        "\n",
        (f"{place_name}, {format_date(chapter.date)} · you are {chapter.viewpoint}", "italic"),
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
