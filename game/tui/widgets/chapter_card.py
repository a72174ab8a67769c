"""The chapter's title card, drawn at the top of the reading pane on a chapter's first scene.

Number and title, place, date and whose eyes the player sees through, beside a small map
with the chapter's place marked (only that place, so the little map stays legible). A
place far from Korea (Moscow, Lake Success) gets no map, only its name.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from game.presentation.chapters import chapter_title, place_and_date
from game.presentation.pictures.map import place_cell
from game.story.model import Chapter, Story
from game.tui.widgets.map_view import MapView

MAP_WIDTH, MAP_HEIGHT = 16, 7  # as in the CSS below


def card_content(story: Story, chapter: Chapter) -> Content:
    where = place_and_date(story, chapter)
    return Content.assemble(
        (chapter_title(story, chapter), "bold $primary"),
        "\n",
        (where, "bold"),
        "\n",
        (f"You are {chapter.viewpoint}", "italic"),
        "\n",
        ("m the map · t the timeline", "$text-muted"),
    )


def entering_chapter(session) -> bool:
    """True on the first scene the player sees in a chapter (a new game counts)."""
    states = session.states
    if len(states) < 2:
        return True
    scenes = session.story.scenes
    return scenes[states[-2].scene].chapter != scenes[states[-1].scene].chapter


class ChapterCard(Horizontal):
    DEFAULT_CSS = """
    ChapterCard {
        height: auto;
        border: round $primary 60%;
        padding: 0 1;
    }
    ChapterCard > MapView {
        width: 16;
        height: 7;
        margin-right: 2;
    }
    ChapterCard > #card-text {
        width: 1fr;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield MapView({}, id="card-map")
        yield Static(id="card-text", markup=False)

    def show(self, story: Story, chapter: Chapter) -> None:
        place = story.places.get(chapter.place)
        on_map = place is not None and place_cell(place, MAP_WIDTH, MAP_HEIGHT) is not None
        map_view = self.query_one(MapView)
        map_view.display = on_map
        if on_map:
            map_view.show({place.id: place}, place.id)
        self.query_one("#card-text", Static).update(card_content(story, chapter))
