"""The chapter's title card, drawn at the top of the reading pane on a chapter's first scene.

Number and title, place, date and whose eyes the player sees through, beside a small map
with the chapter's place marked (only that place, so the little map stays legible). A
place far from Korea (Moscow, Lake Success) gets no map, only its name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from game.presentation.chapters import chapter_title, place_and_date
from game.presentation.pictures.map import place_cell
from game.story.model import Chapter, Story
from game.tui.widgets.map_view import MapView

if TYPE_CHECKING:
    from game.engine.session import Session

MAP_WIDTH, MAP_HEIGHT = 16, 7  # as in the CSS below


def card_content(story: Story, chapter: Chapter, compact: bool = False) -> Content:
    """Title, place and date, viewpoint; the full card adds the keys that open the pictures,
    a compact one (a short terminal) leaves them off so the prose keeps the room. A chapter
    may give no place, date or viewpoint: its lines are left out."""
    lines = [
        (chapter_title(story, chapter), "bold $primary"),
        (place_and_date(story, chapter), "bold"),
        (f"You are {chapter.viewpoint}" if chapter.viewpoint else "", "italic"),
    ]
    if not compact:
        lines.append(("m the map · t the timeline", "$text-muted"))
    return Content("\n").join(Content.styled(text, style) for text, style in lines if text)


def entering_chapter(session: Session) -> bool:
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
    ChapterCard.-compact {
        border: none;
        padding: 0 1;
    }
    """

    compact: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Story, Chapter] | None = None

    def compose(self) -> ComposeResult:
        yield MapView({}, id="card-map")
        yield Static(id="card-text", markup=False)

    def show(self, story: Story, chapter: Chapter) -> None:
        self._shown = (story, chapter)
        self._draw()

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        self._draw()

    def _draw(self) -> None:
        if self._shown is None or not self.is_mounted:
            return
        story, chapter = self._shown
        place = story.places.get(chapter.place)
        on_map = place is not None and place_cell(place, MAP_WIDTH, MAP_HEIGHT) is not None
        map_view = self.query_one(MapView)
        map_view.display = on_map and not self.compact
        if map_view.display and place is not None:
            map_view.show({place.id: place}, place.id)
        text = card_content(story, chapter, self.compact)
        self.query_one("#card-text", Static).update(text)
