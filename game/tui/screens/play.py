"""The play screen: heading, prose, choices; after a choice, the outcome and its note card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from game.engine import reading
from game.engine.rules import ChoiceUnavailable, EffectChange, Outcome
from game.engine.state import GameState
from game.presentation import answers
from game.presentation.changes import ARROW, change_line
from game.tui.off_stack import update_now
from game.tui.page_keys import PAGE_BINDINGS, scroll_page
from game.tui.screens.composed import composed
from game.tui.widgets.chapter_card import ChapterCard, entering_chapter
from game.tui.widgets.chapter_heading import ChapterHeading
from game.tui.widgets.choice_list import CONTINUE, ChoiceList
from game.tui.widgets.footer import Footer
from game.tui.widgets.outcome_view import OutcomeView
from game.tui.widgets.prose_view import Prose
from game.tui.widgets.side_panel import SidePanel, panel_width

if TYPE_CHECKING:
    from textual import getters

    from game.engine.session import Session
    from game.tui.app import DeniableApp

# Below this width the side panel hides itself unless the player asked for it with `n`.
SIDE_PANEL_MIN_WIDTH = 100
# Below this width the footer leaves out "^p palette" so quit and help keep their place.
FOOTER_PALETTE_MIN_WIDTH = 72
# The chapter card needs this much terminal; on anything smaller the one-line heading stays.
CARD_MIN_SIZE = (60, 24)
# Below this height the card drops its map and border, so the prose keeps a dozen lines.
CARD_FULL_HEIGHT = 32


class PlayScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(DeniableApp)

    CSS_PATH = "play.tcss"
    # The choices hold the focus in play. Textual's default, the first focusable widget,
    # gave it to the prose's scroll as the screen first showed, and show_state then moved
    # it to the choices: the scroll losing it restyled its sixteen widgets for
    # `:focus-within`, 12-15 ms of a New game.
    AUTO_FOCUS = "#choices"
    BINDINGS = [
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
        Binding("u", "app.undo", "Undo"),
        Binding("j", "app.journal", "Journal"),
        Binding("h", "app.history", "History"),
        Binding("m", "app.map", "Map", show=False),
        Binding("t", "app.timeline", "Timeline", show=False),
        Binding("s", "app.save", "Save"),
        Binding("l", "app.load", "Load"),
        # Off the footer, so quit and help fit at 60 columns; `?` lists it.
        Binding("n", "toggle_panel", "Panel", show=False),
        # A priority binding, so Enter continues whichever widget has focus; check_action
        # lets it through to the choices when no outcome is showing.
        Binding("enter,space", "continue", "Continue", show=False, priority=True),
        *PAGE_BINDINGS,  # the choices keep the focus; the page keys scroll the prose
    ]

    def __init__(self) -> None:
        super().__init__()
        self.showing_outcome = False
        self.card_wanted = False  # on a chapter's first scene, until the player chooses
        # The game this screen last drew. A screen may be composed before there is a game
        # to draw (tui/play_ahead.py); it draws the game in play when it is first shown.
        self.shown_session: Session | None = None
        # Set when it was composed ahead: every widget was styled as it mounted, so its
        # first showing skips the restyle of the whole screen Textual does on each resume
        # (about 12 ms of a New game's 110 on the campaign). Focus moving onto it still
        # restyles what focus changes.
        self.styled_ahead = False
        # Layouts to run as soon as the screen is idle rather than at its update timer's
        # next tick: set when a screen composed ahead is shown (tui/play_ahead.py), for the
        # layout its new scene asks for and the one the new sizes ask for after it.
        self.prompt_layouts = 0

    def on_idle(self) -> None:
        if self.prompt_layouts and update_now(self):
            self.prompt_layouts -= 1

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and self.styled_ahead:
            self.styled_ahead = False
            message.refresh_styles = False
        return super().post_message(message)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ChapterHeading()
                with VerticalScroll(id="reading"):
                    yield ChapterCard()
                    yield Static(id="recap", markup=False)
                    yield Static(id="arrival", markup=False)
                    yield Static(id="scene-title", markup=False)
                    yield Prose(id="prose")
                    yield OutcomeView()
                with Center(id="choices-row"):  # under the prose, centred like it
                    yield ChoiceList(self.answer, id="choices")
            yield SidePanel()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if not composed(self):  # closed at once, or composed ahead off the stack
            return
        self._show_if_new()

    def _show_if_new(self) -> None:
        if self.shown_session is not self.app.session:
            self.show_state()

    @property
    def session(self) -> Session:
        session = self.app.session
        assert session is not None, "the play screen is shown for a game in play"
        return session

    # ------------------------------------------------------------ showing

    def show_state(self, arrival: tuple[EffectChange, ...] = ()) -> None:
        """Draw the scene the session is in, with its choices; `arrival` is what turning the
        page to it changed (its arrival effects), shown above its text."""
        session = self.session
        self.shown_session = session
        story, state = session.story, session.state
        scene = story.scenes[state.scene]
        chapter = story.chapter_of(state.scene)
        self.query_one(ChapterHeading).show(story, chapter)
        self.card_wanted = entering_chapter(session)
        if self.card_wanted:  # drawn once per chapter, not on every scene
            self.query_one(ChapterCard).show(story, chapter)
        self._place_card()
        self._show_recap()
        changed = self.query_one("#arrival", Static)
        story_changes = (change_line(story, change, ARROW) for change in arrival)
        changed.update(Content("\n".join(story_changes)))
        changed.display = bool(arrival)
        title = self.query_one("#scene-title", Static)
        title.update(Content(scene.title))
        title.display = bool(scene.title)
        prose = self.query_one("#prose", Prose)
        prose.show(reading.scene_text(story, state))
        prose.display = True
        self.query_one(OutcomeView).display = False
        choices = self.query_one(ChoiceList)
        choices.show(session.options(), state.values)
        self.query_one(SidePanel).show(story, state)
        self.showing_outcome = False
        self.query_one("#reading", VerticalScroll).scroll_home(animate=False)
        if self.focused is not choices:
            self.set_focus(choices)

    def show_outcome(self, outcome: Outcome, choice_text: str, before: GameState) -> None:
        story = self.session.story
        self.query_one("#scene-title").display = False
        self.query_one("#prose").display = False
        self.query_one("#recap").display = False
        self.query_one("#arrival").display = False
        self.card_wanted = False
        self._place_card()
        view = self.query_one(OutcomeView)
        view.show(story, outcome, choice_text, before)
        view.display = True
        self.query_one(ChoiceList).show_continue(
            "Continue to the ending" if outcome.ending else "Continue"
        )
        self.query_one(SidePanel).show(story, outcome.state)
        self.showing_outcome = True
        self.query_one("#reading", VerticalScroll).scroll_home(animate=False)

    # ------------------------------------------------------------ choosing

    def action_pick(self, number: int) -> None:
        if self.showing_outcome:
            return
        option = self.query_one(ChoiceList).by_number(number)
        if option is None:
            return
        if option.locked:
            self.notify(f"Locked: {option.reason}", severity="warning")
            return
        self.choose(option.choice.id)

    def answer(self, choice_id: str) -> None:
        """Enter or a click on the list: Continue after an outcome, else that choice."""
        if choice_id == CONTINUE:
            self.action_continue()
        else:
            self.choose(choice_id)

    def choose(self, choice_id: str) -> None:
        if self.showing_outcome:
            return
        session = self.session
        before = session.state
        try:
            outcome = session.choose(choice_id)
        except ChoiceUnavailable as exc:
            self.notify(str(exc), severity="warning")
            return
        self.app.after_choice()
        if outcome.choice.page_turn:
            # A page break: nothing to read between the pages, so no second Continue; what
            # arriving changed is shown on the new page.
            if outcome.state.ending is not None:
                self.app.show_session()
            else:
                self.show_state(outcome.changes)
            return
        self.show_outcome(outcome, outcome.choice.text.render(before.values), before)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.showing_outcome
        return True

    def action_continue(self) -> None:
        if not self.showing_outcome:
            return
        if self.session.state.ending is not None:
            self.app.show_session()
        else:
            self.show_state()

    def action_scroll_page(self, direction: int) -> None:
        scroll_page(self.query_one("#reading", VerticalScroll), direction)

    # ----------------------------------------------------------- the panel

    def action_toggle_panel(self) -> None:
        panel = self.query_one(SidePanel)
        self.app.side_panel = not panel.display
        self._place_panel()

    def on_resize(self, event: events.Resize) -> None:
        if composed(self):
            self.fit()

    def on_screen_resume(self) -> None:
        if not composed(self):
            return
        self._show_if_new()
        self.fit()

    def fit(self) -> None:
        """Place the panel, the chapter card and the footer's keys for the terminal's size."""
        self._place_panel()
        self._place_card()
        footer = self.query_one(Footer)
        footer.show_command_palette = self.app.size.width >= FOOTER_PALETTE_MIN_WIDTH

    def _show_recap(self) -> None:
        """On the way into a chapter, its recap of the path so far, above the scene."""
        states = self.session.states
        found = None
        if self.card_wanted and len(states) > 1:
            found = answers.recap(self.session.story, states[-2], states[-1])
        widget = self.query_one("#recap", Static)
        widget.display = found is not None
        if found is not None:
            heading, text = found
            widget.update(Content.assemble((heading, "bold"), "\n", text))

    def _place_card(self) -> None:
        """The card stands in for the heading while it shows, on terminals big enough."""
        width, height = self.app.size
        min_width, min_height = CARD_MIN_SIZE
        shown = self.card_wanted and width >= min_width and height >= min_height
        card = self.query_one(ChapterCard)
        card.display = shown
        card.compact = height < CARD_FULL_HEIGHT
        self.query_one(ChapterHeading).display = not shown

    def _place_panel(self) -> None:
        width = self.app.size.width  # the screen's own size is 0 until it is first shown
        wanted = self.app.side_panel
        if wanted is None:
            wanted = width >= SIDE_PANEL_MIN_WIDTH
        panel = self.query_one(SidePanel)
        panel.display = wanted
        panel.styles.width = panel_width(width)
