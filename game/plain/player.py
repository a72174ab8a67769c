"""The plain player: numbered choices on stdin/stdout, the same letters as the TUI."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from game.engine.session import Session
from game.presentation import answers
from game.presentation import text as render
from game.presentation.changes import change_line
from game.presentation.chapters import chapter_title
from game.presentation.losses import OVERWRITE_KEEPS, last_choice_words
from game.presentation.pictures.timeline import timeline_text, timeline_years
from game.presentation.prose import WIDTH, plain_inline, plain_text, wrap_lines
from game.story.dates import sort_key
from game.story.model import Story
from game.visible import cut_short, visible_lines

LONGEST_ECHO = 24  # an unknown command is named, cut to this many characters

HELP = """\
Commands:
  1-9      make the numbered choice
  u        undo the last choice (choose it again to redo it)
  j        the journal: every note unlocked so far
  h        the history of this playthrough
  stats    the stats
  r        look: the chapter, the scene and its choices again
  map      the places of every chapter, by region
  map --picture   the map drawn in Braille characters
  timeline the dated events of this chapter's year, with your own choices
  timeline YEAR   the events of another year (timeline names the years)
  s NAME   save to a named slot (asks before writing over one)
  l NAME   load a slot          l   list the saves
  c        continue the newest saved game, as Continue on the title
  ?        this help
  q        quit (the game is autosaved to its run first)"""


class PlainPlayer:
    """Drives a Session from lines of text; saving arrives as hooks, so this file only speaks."""

    def __init__(
        self,
        session: Session,
        out: TextIO = sys.stdout,
        *,
        save: Callable[[str, Session], str] | None = None,
        load: Callable[[str], tuple[Session, str] | None] | None = None,
        autosave: Callable[[Session], str | None] | None = None,
        list_saves: Callable[[], str] | None = None,
        existing_save: Callable[[str], str | None] | None = None,
        newest_save: Callable[[], tuple[str, str] | None] | None = None,
        interactive: bool = False,
        width: int = WIDTH,
    ):
        self.session = session
        self.out = out
        self.width = width
        self.list_saves_hook = list_saves
        self.save_hook = save
        self.load_hook = load
        self.autosave_hook = autosave
        self.existing_save_hook = existing_save  # what `s NAME` would write over, if anything
        self.newest_save_hook = newest_save  # what `c` loads: its name, and it in words
        self.question: Callable[[str], None] | None = None  # acts on the next line typed
        self.interactive = interactive
        self.shown_chapter: str | None = None

    @property
    def story(self) -> Story:
        return self.session.story

    def say(self, text: str = "") -> None:
        """A message of the player's own, wrapped at the page's width, never mid-word."""
        self.write(wrap_lines(text, self.width))

    def write(self, text: str = "") -> None:
        """Text a renderer has already wrapped at self.width, written as it is but for
        control characters in author or save text, written as escapes."""
        self.out.write(visible_lines(text) + "\n")

    # ---------------------------------------------------------------- display

    def show_position(self) -> None:
        state = self.session.state
        chapter = self.story.chapter_of(state.scene)
        if chapter.id != self.shown_chapter:
            self.say()
            self.write(render.chapter_heading(self.story, chapter, self.width))
            self.shown_chapter = chapter.id
        self.say()
        if state.ending is not None:
            self.write(render.ending_text(self.story, state, self.width))
            return
        scene_text = render.scene_text(self.story, state, self.width)
        if scene_text:
            self.write(scene_text)
            self.say()
        self.write(render.option_lines(self.session.options(), state.values, self.width))

    def show_intro(self) -> None:
        self.say(self.story.title)
        if self.story.subtitle:
            self.say(self.story.subtitle)
        if self.story.intro:
            self.say()
            self.write(plain_text(self.story.intro, self.width))
        self.say()
        self.say("Type a number to choose, ? for help.")

    # --------------------------------------------------------------- commands

    def handle(self, line: str) -> bool:
        """Act on one line of input; False when the player quits."""
        command = line.strip()
        if self.question is not None:
            answer, self.question = self.question, None
            answer(command)
            return True
        if not command:
            return True
        word, _, argument = command.partition(" ")
        word = word.lower()
        argument = argument.strip()
        if word.isdigit():
            self.pick(int(word))
            return True
        self.say()  # a blank line between what was typed and the answer, as after a choice
        if word in ("q", "quit"):
            return False
        elif word in ("u", "undo"):
            undone = last_choice_words(self.session) if self.session.can_undo() else ""
            if self.session.undo():
                self.say(f"Undid {undone}; choose it again to redo it.")
                self.shown_chapter = None
                self.show_position()
            else:
                self.say("Nothing to undo: no choice has been made yet.")
        elif word in ("j", "journal"):
            self.show_journal()
        elif word in ("h", "history"):
            self.show_history()
        elif word == "stats":
            self.write(render.stats_text(self.story, self.session.state.values, self.width))
        elif word in ("m", "map"):
            self.show_map(argument)
        elif word in ("t", "timeline"):
            self.show_timeline(argument)
        elif word in ("?", "help"):
            self.say(HELP)
        elif word in ("s", "save"):
            self.save(argument)
        elif word in ("l", "load"):
            self.load(argument)
        elif word in ("c", "continue"):
            self.continue_newest()
        elif word in ("r", "look"):
            self.shown_chapter = None
            self.show_position()
        else:
            self.say(f"Unknown command {short(word)!r}. Type ? for help.")
        return True

    def show_map(self, argument: str) -> None:
        if argument in ("--picture", "picture"):
            self.write(render.map_text(self.story, self.session.state))
        else:
            self.write(render.places_text(self.story, self.session.state, self.width))

    def show_timeline(self, argument: str) -> None:
        """One year at a time: the current chapter's, or the one asked for."""
        state = self.session.state
        years = timeline_years(self.story, state)
        if not years:
            self.say("The timeline is empty.")
            return
        if argument:
            if not argument.isdigit() or int(argument) not in years:
                self.say(
                    f"No events in {short(argument)!r}: "
                    f"try a year from {years[0]} to {years[-1]}, like timeline {years[0]}."
                )
                return
            year = int(argument)
        else:
            chapter_year = sort_key(self.story.chapter_of(state.scene).date)[0]
            year = chapter_year if chapter_year in years else years[0]
        self.write(timeline_text(self.story, state, year, self.width))
        self.say()
        others = ", ".join(str(y) for y in years if y != year)
        if others:
            self.say(f"Other years: {others}. Type timeline YEAR to read one.")

    def pick(self, number: int) -> None:
        state = self.session.state
        if state.ending is not None:
            self.say("The story has ended. Type u to undo, or q to quit.")
            return
        options = self.session.options()
        option = next((o for o in options if o.number == number), None)
        if option is None:
            self.say(f"There is no choice {number}; pick 1 to {len(options)}.")
            return
        if option.locked:
            self.say(f"That choice is locked: {option.reason}")
            return
        outcome = self.session.choose(option.choice.id)
        self.say()
        if not option.choice.page_turn:
            self.say(f"> {plain_inline(option.choice.text.render(state.values))}")
            self.say()
        shown = answers.note_shown(self.story, outcome, state)
        if shown is not None and shown.apart and outcome.text:
            self.say(answers.IN_YOUR_STORY)
        if outcome.text:
            self.write(plain_text(outcome.text, self.width))
            self.say()
        for change in outcome.changes:
            self.say(f"  ({change_line(self.story, change)})")
        if outcome.changes:
            self.say()
        if shown is not None:
            self.write(render.note_after_choice(shown, self.width))
        recap = render.recap_text(self.story, state, outcome.state, self.width)
        if recap:
            self.say()
            self.write(recap)
        if self.autosave_hook is not None:
            self.autosave_hook(self.session)
        self.show_position()

    def show_journal(self) -> None:
        notes = self.session.state.notes
        if not notes:
            self.say("The journal is empty: notes unlock as you choose.")
            return
        self.say(f"Journal: {len(notes)} of {len(self.story.notes)} notes unlocked.")
        texts = answers.journal_texts(self.story, self.session.state)
        for chapter in self.story.chapters:
            chapter_notes = [n for n in notes if self.story.notes[n].chapter == chapter.id]
            if not chapter_notes:
                continue
            self.say()
            self.say(chapter_title(self.story, chapter))
            for note_id in chapter_notes:
                self.say()
                self.write(render.note_text(self.story.notes[note_id], texts[note_id], self.width))

    def show_history(self) -> None:
        made = [
            (outcome, before)
            for outcome, before in zip(self.session.outcomes, self.session.states, strict=False)
            if not outcome.choice.page_turn
        ]
        if not made:
            self.say("No choices yet.")
            return
        for index, (outcome, before) in enumerate(made, start=1):
            chapter = self.story.chapter_of(before.scene)
            chosen = plain_inline(outcome.choice.text.render(before.values))
            self.say(f"{index}. {chapter.title}: {chosen}")

    def save(self, name: str) -> None:
        if self.save_hook is None:
            self.say("Saving is not available here.")
            return
        if not name:
            self.say("Give the save a name: s NAME")
            return
        lost = self.existing_save_hook(name) if self.existing_save_hook is not None else None
        if not lost:
            self.say(self.save_hook(name, self.session))
            return
        save, session = self.save_hook, self.session
        self.say(
            f"Overwrite {lost}? It is replaced by this game; {OVERWRITE_KEEPS}. "
            "Type y to overwrite; anything else keeps it."
        )

        def answered(answer: str) -> None:
            if answer.lower() in ("y", "yes"):
                self.say(save(name, session))
            else:
                self.say(f"Not saved: {name!r} is kept as it was.")

        self.question = answered

    def load(self, name: str) -> None:
        if self.load_hook is None:
            self.say("Loading is not available here.")
            return
        if not name:
            if self.list_saves_hook is not None:
                self.write(self.list_saves_hook())
            self.say("Name the save to load: l NAME")
            return
        result = self.load_hook(name)
        if result is None:
            return
        session, message = result
        if message:
            self.say(message)
        self.session = session
        self.shown_chapter = None
        self.show_position()

    def continue_newest(self) -> None:
        newest = self.newest_save_hook() if self.newest_save_hook is not None else None
        if newest is None:
            self.say("There is no saved game to continue.")
            return
        self.load(newest[0])

    def offer_continue(self) -> None:
        """At the start of a new game, the saved one a returning player may want back: the
        title's Continue, said in words, since this player starts a game at once."""
        newest = self.newest_save_hook() if self.newest_save_hook is not None else None
        if newest is not None:
            self.say()
            self.say(f"Your newest saved game is {newest[1]}. Type c to continue it.")

    # -------------------------------------------------------------------- run

    def typed_lines(self) -> Iterator[str]:
        """Lines from the keyboard through input(), so readline gives line editing and
        history (up arrow) where Python has it."""
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401 - importing it is what turns editing on
        while True:
            try:
                yield input("> ")
            except (EOFError, KeyboardInterrupt):
                self.out.write("\n")
                return

    def run(self, lines: Iterable[str], *, offer_continue: bool = False) -> int:
        """`offer_continue`: a new game, so the newest saved one is named first."""
        self.show_intro()
        if offer_continue:
            self.offer_continue()
        self.show_position()
        for line in self.typed_lines() if self.interactive else lines:
            if not self.handle(line):
                break
        if self.autosave_hook is not None:
            message = self.autosave_hook(self.session)
            if message:
                self.say(message)
        return 0


def short(text: str) -> str:
    """What the player typed, cut short, so a pasted page is not echoed back whole."""
    return cut_short(" ".join(text.split()), LONGEST_ECHO)
