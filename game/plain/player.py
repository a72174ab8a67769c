"""The plain player: numbered choices on stdin/stdout, the same letters as the TUI."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from game.engine.session import Session
from game.presentation import text as render
from game.presentation.changes import change_line
from game.presentation.chapters import chapter_title
from game.presentation.prose import plain_inline, plain_text, wrap_lines
from game.story.model import Story

HELP = """\
Commands:
  1-9      make the numbered choice
  u        undo the last choice
  j        the journal: every note unlocked so far
  h        the history of this playthrough
  stats    the stats
  map      the map, with the places of every chapter
  timeline the dated events, with your own choices among them
  s NAME   save to a named slot        l NAME   load a slot
  ?        this help
  q        quit (the game is saved to the autosave slot)"""


class PlainPlayer:
    """Drives a Session from lines of text; saving arrives as hooks, so this file only speaks."""

    def __init__(
        self,
        session: Session,
        out: TextIO = sys.stdout,
        *,
        save: Callable[[str, Session], str] | None = None,
        load: Callable[[str], tuple[Session, str]] | None = None,
        autosave: Callable[[Session], str | None] | None = None,
        interactive: bool = False,
    ):
        self.session = session
        self.out = out
        self.save_hook = save
        self.load_hook = load
        self.autosave_hook = autosave
        self.interactive = interactive
        self.shown_chapter: str | None = None

    @property
    def story(self) -> Story:
        return self.session.story

    def say(self, text: str = "") -> None:
        """Every line the player reads is wrapped at the page's width, never mid-word."""
        self.out.write(wrap_lines(text) + "\n")

    # ---------------------------------------------------------------- display

    def show_position(self) -> None:
        state = self.session.state
        chapter = self.story.chapter_of(state.scene)
        if chapter.id != self.shown_chapter:
            self.say()
            self.say(render.chapter_heading(self.story, chapter))
            self.shown_chapter = chapter.id
        self.say()
        if state.ending is not None:
            self.say(render.ending_text(self.story, state))
            return
        scene_text = render.scene_text(self.story, state)
        if scene_text:
            self.say(scene_text)
            self.say()
        self.say(render.option_lines(self.session.options(), state.values))

    def show_intro(self) -> None:
        self.say(self.story.title)
        if self.story.subtitle:
            self.say(self.story.subtitle)
        if self.story.intro:
            self.say()
            self.say(plain_text(self.story.intro))
        self.say()
        self.say("Type a number to choose, ? for help.")

    # --------------------------------------------------------------- commands

    def handle(self, line: str) -> bool:
        """Act on one line of input; False when the player quits."""
        command = line.strip()
        if not command:
            return True
        word, _, argument = command.partition(" ")
        word = word.lower()
        argument = argument.strip()
        if word.isdigit():
            self.pick(int(word))
        elif word in ("q", "quit"):
            return False
        elif word in ("u", "undo"):
            if self.session.undo():
                self.say("Undone.")
                self.shown_chapter = None
                self.show_position()
            else:
                self.say("Nothing to undo: this is the start of the game.")
        elif word in ("j", "journal"):
            self.show_journal()
        elif word in ("h", "history"):
            self.show_history()
        elif word == "stats":
            self.say(render.stats_text(self.story, self.session.state.values))
        elif word in ("m", "map"):
            self.say(render.map_text(self.story, self.session.state))
        elif word in ("t", "timeline"):
            from game.presentation.pictures.timeline import timeline_text

            self.say(timeline_text(self.story, self.session.state))
        elif word in ("?", "help"):
            self.say(HELP)
        elif word in ("s", "save"):
            self.save(argument)
        elif word in ("l", "load"):
            self.load(argument)
        elif word in ("r", "look"):
            self.shown_chapter = None
            self.show_position()
        else:
            self.say(f"Unknown command {command!r}. Type ? for help.")
        return True

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
        self.say(f"> {plain_inline(option.choice.text.render(state.values))}")
        self.say()
        if outcome.text:
            self.say(plain_text(outcome.text))
            self.say()
        for change in outcome.changes:
            self.say(f"  ({change_line(self.story, change)})")
        if outcome.changes:
            self.say()
        self.say(render.note_text(self.story.notes[outcome.note]))
        if self.autosave_hook is not None:
            self.autosave_hook(self.session)
        self.show_position()

    def show_journal(self) -> None:
        notes = self.session.state.notes
        if not notes:
            self.say("The journal is empty: notes unlock as you choose.")
            return
        self.say(f"Journal: {len(notes)} of {len(self.story.notes)} notes unlocked.")
        for chapter in self.story.chapters:
            chapter_notes = [n for n in notes if self.story.notes[n].chapter == chapter.id]
            if not chapter_notes:
                continue
            self.say()
            self.say(chapter_title(self.story, chapter))
            for note_id in chapter_notes:
                self.say()
                self.say(render.note_text(self.story.notes[note_id]))

    def show_history(self) -> None:
        if not self.session.outcomes:
            self.say("No choices yet.")
            return
        for index, outcome in enumerate(self.session.outcomes, start=1):
            before = self.session.states[index - 1]
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
        self.say(self.save_hook(name, self.session))

    def load(self, name: str) -> None:
        if self.load_hook is None:
            self.say("Loading is not available here.")
            return
        if not name:
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

    # -------------------------------------------------------------------- run

    def prompt(self) -> None:
        if self.interactive:
            self.out.write("> ")
            self.out.flush()

    def run(self, lines) -> int:
        self.show_intro()
        self.show_position()
        self.prompt()
        for line in lines:
            if not self.handle(line):
                break
            self.prompt()
        if self.autosave_hook is not None:
            message = self.autosave_hook(self.session)
            if message:
                self.say(message)
        return 0
