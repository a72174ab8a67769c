"""The map: Korea and southern Manchuria on one side, every place and its chapters on the other.

Opened with `m` from the title (no game, so no place is marked as yours) or in play (the
current chapter's place is marked). Moving through the list picks the place out on the map.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.presentation.chapters import chapters_by_place
from game.presentation.pictures.map import CURRENT, MARK, on_map
from game.story.model import Place, Story
from game.tui.kept_overlays import KeptScreen, focus_afresh
from game.tui.screens.composed import composed
from game.tui.widgets.footer import Footer
from game.tui.widgets.map_view import MapView


def place_prompt(place: Place, chapters: list[str], current: bool) -> Content:
    """The place's name (marked if it is where the player is), then its chapters."""
    mark = CURRENT if current else (MARK if on_map(place) else "·")
    lines = [
        Content.assemble(
            # No colour on the text: the list's cursor is drawn in the primary colour.
            (f"{mark} ", "bold"),
            (place.name, "bold"),
            (" · you are here", "italic") if current else "",
        )
    ]
    if chapters:
        lines += [Content.styled(f"  {chapter}", "$text-muted") for chapter in chapters]
    else:
        lines.append(Content.styled("  no chapter", "italic $text-muted"))
    return Content("\n").join(lines)


def place_options(story: Story, current: str | None) -> list[Option | None]:
    """Places on the map first, then those far from Korea, each under a heading."""
    by_place = chapters_by_place(story)
    options: list[Option | None] = []
    places = list(story.places.values())
    for heading, group in (
        ("On the map", [p for p in places if on_map(p)]),
        ("Far from Korea", [p for p in places if not on_map(p)]),
    ):
        if not group:
            continue
        if options:
            options.append(None)
        options.append(Option(Content(heading), id=f"heading:{heading}", disabled=True))
        for place in group:
            prompt = place_prompt(place, by_place.get(place.id, []), place.id == current)
            options.append(Option(prompt, id=place.id))
    return options


class MapScreen(KeptScreen):
    CSS_PATH = "map.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("m", "dismiss", "Close", show=False),
    ]

    def __init__(self, story: Story, current: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.current = current if current in story.places else None

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-body"):
            with Vertical(id="map-side"):
                yield MapView(self.story.places, self.current, id="map")
                yield Static(self.legend(), id="map-legend")
            yield OptionList(*place_options(self.story, self.current), id="places")
        yield Footer(compact=True)

    def legend(self) -> Content:
        here = self.story.places.get(self.current or "")
        parts: list[tuple[str, str] | str] = []
        if here is not None:
            parts += [(f"{CURRENT} you are here: ", "bold $primary"), here.name, "   "]
        parts += [(f"{MARK} ", "bold"), "other places"]
        return Content.assemble(*parts)

    def show_legend(self) -> None:
        """The legend for the place now marked. Laid out again only if it takes more or
        fewer lines: a layout of the whole map screen, its list of places measured anew,
        made a change of place cost twice an ordinary opening."""
        legend = self.query_one("#map-legend", Static)
        text = self.legend()
        width = legend.content_region.width
        same_height = (
            width > 0 and text.get_height(legend.styles.get_rules(), width) == legend.size.height
        )
        legend.update(text, layout=not same_height)

    def on_mount(self) -> None:
        if not composed(self):
            return
        self.open_at_start().focus()
        self.ready = True

    def open_at_start(self) -> OptionList:
        """As the map opens: the current place (else the first) highlighted."""
        places = self.query_one("#places", OptionList)
        start = self.current or next(iter(p.id for p in self.story.places.values()), None)
        if start is not None:
            places.highlighted = places.get_option_index(start)
        return places

    def reopen(self, story: Story, current: str | None = None) -> bool:
        """Opened again (tui/kept_overlays.py): as a new map of `current` shows."""
        if not self.ready or story is not self.story:
            return False
        current = current if current in story.places else None
        places = self.query_one("#places", OptionList)
        if current != self.current:  # the place marked as yours, in the list and legend
            self.current = current
            places.set_options(place_options(story, current))
            self.show_legend()
            self.query_one(MapView).show(story.places, current)
        else:  # the same places, kept with their lines: back at the top, no highlight
            places.highlighted = None
            places.scroll_to(y=0, animate=False, immediate=True)
        focus_afresh(self, self.open_at_start())
        # The place the list's highlight picks, drawn with it rather than a frame after.
        self.pick(places.highlighted_option.id if places.highlighted_option else None)
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.pick(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(event.option.id)

    def pick(self, place_id: str | None) -> None:
        if place_id in self.story.places:
            self.query_one(MapView).highlighted = place_id
