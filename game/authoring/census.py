"""How big a story is: counts, words, and the length of the path history took.

Words are counted as whitespace-separated pieces of what the player reads: scene text,
choice text, outcomes, notes and epilogues (and the intro). Endings often share
paragraphs (a YAML alias: the campaign's eight epilogues share "what became of the
people"), so a paragraph of an epilogue counts once, in the first ending that has it: the
count is of what was written, not of every ending it shows in. The historical path starts
at the beginning and takes, in each scene, the choice marked `historical: true` (or the
first open one where none is, which the report counts) and the heaviest random branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.authoring.prose_domains import prose_fields, reads_diverged
from game.engine import reading
from game.engine.reading import leaves_history
from game.engine.rules import available_options, choose, new_game
from game.story.model import Choice, Location, Scene, Story

MAX_STEPS = 10_000


def words(text: str) -> int:
    return len(text.split())


class _Written:
    """Counts each distinct paragraph's words once, however many texts share it."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def __call__(self, text: str) -> int:
        total = 0
        for paragraph in text.split("\n\n"):
            key = " ".join(paragraph.split())
            if key and key not in self._seen:
                self._seen.add(key)
                total += words(key)
        return total


@dataclass
class ChapterCount:
    id: str
    title: str
    scenes: int = 0
    choices: int = 0
    endings: int = 0
    notes: int = 0
    words: int = 0
    matter: int = 0  # choices that lead somewhere their siblings do not, or set what is read

    @property
    def share(self) -> float:
        return self.matter / self.choices if self.choices else 0.0


@dataclass
class Census:
    title: str
    chapters: list[ChapterCount] = field(default_factory=list)
    facts: int = 0
    intro_words: int = 0
    path_words: int = 0
    path_choices: int = 0
    path_ending: str | None = None
    path_guesses: int = 0  # scenes on the path with no open historical choice
    idle: list[str] = field(default_factory=list)  # "file:line: choice id" that matter nowhere

    def total(self, name: str) -> int:
        return sum(getattr(chapter, name) for chapter in self.chapters)

    @property
    def words(self) -> int:
        """Every word the player can read: the chapters' and the intro's."""
        return self.total("words") + self.intro_words

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "chapters": len(self.chapters),
            "scenes": self.total("scenes"),
            "choices": self.total("choices"),
            "endings": self.total("endings"),
            "notes": self.total("notes"),
            "facts": self.facts,
            "words": self.words,
            "historical_path": {
                "words": self.path_words,
                "choices": self.path_choices,
                "ending": self.path_ending,
                "scenes_without_a_historical_choice": self.path_guesses,
            },
            "choices_that_matter": self.total("matter"),
            "choices_that_matter_nowhere": self.idle,
            "by_chapter": [vars(chapter) for chapter in self.chapters],
        }


def written_scenes(story: Story) -> list[Scene]:
    """The scenes as written: a called scene's copies (one per call site) count once."""
    seen: dict[Location, Scene] = {}
    for scene in story.scenes.values():
        seen.setdefault(scene.loc, scene)
    return list(seen.values())


def written_choices(story: Story) -> list[list[Choice]]:
    """The choices as written, each with its copies in called scenes; a page break's
    "Continue" is no choice and is left out."""
    copies: dict[Location, list[Choice]] = {}
    for choice in story.choices.values():
        if not choice.page_turn:
            copies.setdefault(choice.loc, []).append(choice)
    return list(copies.values())


def census(story: Story) -> Census:
    """Counts of what was written: a tunnel's copies (one per call site) count once, as the
    scene written, and a page break's "Continue" is no choice."""
    result = Census(story.title, facts=len(story.facts), intro_words=words(story.intro))
    epilogue_words = _Written()
    by_id = {}
    for chapter in story.chapters:
        by_id[chapter.id] = ChapterCount(chapter.id, chapter.title)
        result.chapters.append(by_id[chapter.id])
    for scene in written_scenes(story):
        count = by_id[scene.chapter]
        count.scenes += 1
        count.words += words(scene.text.raw) + words(scene.title)
        if scene.ending is not None:
            count.endings += 1
            count.words += epilogue_words(scene.ending.epilogue.raw)
        for choice in scene.choices:
            if choice.page_turn:  # a page break's "Continue": no choice, no words of its own
                continue
            count.choices += 1
            count.words += words(choice.text.raw) + words(choice.outcome.raw)
            count.words += sum(words(b.outcome.raw) for b in choice.branches if b.outcome)
    mattering = choices_that_matter(story)
    for same in written_choices(story):
        choice = same[0]
        if any(copy.full_id in mattering for copy in same):
            by_id[story.scenes[choice.scene].chapter].matter += 1
        else:
            result.idle.append(f"{choice.loc.path}:{choice.loc.line}: {choice.full_id}")
    for note in story.notes.values():
        if note.chapter in by_id:
            by_id[note.chapter].notes += 1
            by_id[note.chapter].words += words(note.title) + words(note.text.raw)
    _walk_history(story, result)
    return result


def choices_that_matter(story: Story) -> set[str]:
    """Choices that lead somewhere their siblings do not, or change what a condition reads.

    A choice changes what is read when it sets a stat or flag some choice's `if` or some
    prose condition reads, when a condition names it with `chosen()`, or when it leaves
    history and some prose asks `diverged()`. Any condition counts, wherever it stands.
    """
    read: set[str] = set()
    named: set[str] = set()
    asks_diverged = False
    for choice in story.choices.values():
        if choice.condition is not None:
            read |= choice.condition.names
            named |= choice.condition.choices
    for prose in prose_fields(story):
        for site in prose.template.prose.conditions:
            read |= site.expression.names
            named |= site.expression.choices
        asks_diverged = asks_diverged or reads_diverged(prose.template)
    result: set[str] = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.page_turn:
                continue
            elsewhere = {t for other in scene.choices if other is not choice for t in other.targets}
            sets = {e.target for b in choice.branches for e in b.effects}
            sets.update(e.target for e in choice.effects)
            if (
                (elsewhere and set(choice.targets) - elsewhere)
                or sets & read
                or choice.full_id in named
                or (asks_diverged and leaves_history(story, choice))
            ):
                result.add(choice.full_id)
    return result


def _walk_history(story: Story, result: Census) -> None:
    state = new_game(story, 0)
    total = words(story.scenes[state.scene].text.raw)
    steps = 0
    while state.ending is None and steps < MAX_STEPS:
        open_options = [o for o in available_options(story, state) if not o.locked]
        if not open_options:
            break
        historical = [o for o in open_options if o.choice.historical]
        picked = (historical or open_options)[0].choice
        if not historical and not picked.page_turn:
            result.path_guesses += 1
        draw = None
        if picked.branches:
            draw = max(range(len(picked.branches)), key=lambda i: picked.branches[i].weight)
        outcome = choose(story, state, picked.id, draw)
        if picked.note in story.notes:
            total += words(reading.note_text(story, state, picked, outcome.state))
        state = outcome.state
        steps += 1
        total += words(outcome.text)
        total += words(reading.scene_text(story, state))
    if state.ending is not None:
        total += words(reading.epilogue_text(story, state))
    result.path_words = total
    result.path_choices = state.choices_made
    result.path_ending = state.ending
