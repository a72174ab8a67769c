"""The story as data: what the loader builds and the engine reads. No behaviour here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from game.frozen import frozen
from game.story.expressions import Expression
from game.story.prose_tree import Context, Prose

# The choice id a page break's "Continue" records in the log: a written id cannot start
# with '-', so it never names an author's choice, and old logs never hold it.
PAGE_TURN = "-continue"


@frozen
class Location:
    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@frozen
class Template:
    """Author prose, parsed with its variants and compiled at load (game/story/variants.py)."""

    prose: Prose
    # Where prose with variants was written: (file, mark, YAML value, file text), for tools
    # that point at a variant (game/story/templates.variant_places); None without variants.
    origin: tuple[str, tuple[int, int], object, str] | None = field(
        default=None, compare=False, repr=False
    )

    def resolve(self, context: Context | None) -> str:
        """The text at the moment of play `context` describes (None: text without variants)."""
        return self.prose.resolve(context)

    def render(self, values: Mapping[str, int | bool]) -> str:
        """The text knowing only the stats: exact for text without variants (choice text)."""
        return self.prose.resolve(Context(values))

    @property
    def names(self) -> frozenset[str]:
        """Every stat and flag the text reads: shown by `{name}` or tested by a condition."""
        return self.prose.names | self.prose.reads

    @property
    def raw(self) -> str:
        """The author's words as written, for counting and quoting."""
        return self.prose.source

    @property
    def empty(self) -> bool:
        return self.prose.empty


@frozen
class StatDef:
    name: str
    label: str
    start: int
    min: int
    max: int


@frozen
class FlagDef:
    name: str
    label: str


@frozen
class Effect:
    target: str
    kind: str  # "add", "set" (stats) or "flag"
    expression: Expression | None
    value: int | bool
    loc: Location
    quiet: bool = False  # bookkeeping: applied, but the player is not told of the change
    # With random(): the expression for each equally likely draw (the loader folds them
    # into branches, so play never meets an effect that still has them).
    drawn: tuple[Expression, ...] = ()
    # An on_first_arrival effect: skipped when this scene was already visited.
    unless_visited: str | None = None

    def describe(self) -> str:
        if self.kind == "flag":
            return f"{self.target} = {'true' if self.value else 'false'}"
        source = self.expression.source if self.expression else str(self.value)
        if self.kind == "set":
            return f"{self.target} = {source}"
        if self.expression is None:
            return f"{self.target} {'+' if self.value >= 0 else '-'} {abs(self.value)}"
        return f"{self.target} + ({source})"


@frozen
class Branch:
    weight: int
    goto: str
    outcome: Template | None
    effects: tuple[Effect, ...]
    loc: Location


@frozen
class Choice:
    id: str
    full_id: str
    scene: str
    text: Template
    condition: Expression | None
    locked: str | None
    once: bool
    effects: tuple[Effect, ...]
    outcome: Template
    note: str
    goto: str | None
    branches: tuple[Branch, ...]
    historical: bool
    loc: Location
    diverges: bool = False  # taking it leaves history, as a key decision against it does
    page_turn: bool = False  # a scene's 'continue': not a decision, so no note or history entry
    # Tunnels, as written: `call` names the scene called, `returns` is `return: true`. The
    # loader replaces both by plain gotos into copies of the called scenes (tunnels.py).
    call: str | None = None
    returns: bool = False

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.goto,) if self.goto else tuple(b.goto for b in self.branches)


@frozen
class Ending:
    title: str
    kind: str  # "historical" | "counterfactual", or "" in a story that is not history
    epilogue: Template


@frozen
class Scene:
    id: str
    local_id: str
    chapter: str
    title: str
    text: Template
    key: bool
    history: str
    choices: tuple[Choice, ...]
    ending: Ending | None
    loc: Location
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD: its own, or its chapter's
    note: str = ""  # the note of its choices that say 'note: scene'
    arrival: tuple[Effect, ...] = ()  # on_arrival: folded into every edge that leads here
    first_arrival: tuple[Effect, ...] = ()  # on_first_arrival: the same, unless visited


@frozen
class Chapter:
    id: str
    title: str
    place: str  # "" when the chapter gives none (and the same for date and viewpoint)
    date: str
    viewpoint: str
    file: str
    scenes: tuple[str, ...]
    loc: Location
    recap: Template | None = None  # prose looking back at the player's path so far


@frozen
class Note:
    id: str
    title: str
    kind: str  # "history" | "counterfactual"
    text: Template  # resolved at the choice that unlocked it (engine.reading.note_text)
    sources: tuple[str, ...]
    facts: tuple[str, ...]
    chapter: str
    loc: Location


@frozen
class Fact:
    id: str
    claim: str
    date: str
    source: str
    loc: Location


@frozen
class Place:
    id: str
    name: str
    lat: float
    lon: float
    label: str
    loc: Location


@frozen
class Story:
    """A loaded story, built complete by the loader and never changed afterwards."""

    id: str
    title: str
    subtitle: str
    version: int
    format: int
    start: str
    intro: str
    stats: dict[str, StatDef]
    flags: dict[str, FlagDef]
    chapters: list[Chapter]
    scenes: dict[str, Scene]
    choices: dict[str, Choice]
    notes: dict[str, Note]
    facts: dict[str, Fact]
    places: dict[str, Place]
    root: Path
    files: list[str]
    fingerprint: str
    chapter_index: dict[str, Chapter]
    history: bool = True  # false: not history; no notes needed, no historical labels

    def chapter_of(self, scene_id: str) -> Chapter:
        return self.chapter_index[self.scenes[scene_id].chapter]

    def scene_title(self, scene_id: str) -> str:
        """What a player knows the scene by: its title, or its ending's. A scene the loader
        made (an inline choice's, or a called scene's copy: its local id starts with '-')
        has neither, so it goes by the nearest titled scene leading into it, else by its
        chapter's title; save lists show that, never a made scene's id. "" for a written
        scene with no title."""
        scene = self.scenes[scene_id]
        if _own_title(scene) or not _made(scene):
            return _own_title(scene)
        seen, frontier = {scene_id}, {scene_id}
        while frontier:
            leading = [
                s
                for s in self.scenes.values()
                if s.id not in seen and any(t in frontier for c in s.choices for t in c.targets)
            ]
            titled = next((_own_title(s) for s in leading if _own_title(s)), "")
            if titled:
                return titled
            seen.update(s.id for s in leading)
            frontier = {s.id for s in leading if _made(s)}  # walk back through made scenes
        return self.chapter_of(scene_id).title

    def initial_values(self) -> dict[str, int | bool]:
        values: dict[str, int | bool] = {name: stat.start for name, stat in self.stats.items()}
        values.update((name, False) for name in self.flags)
        return values

    @property
    def endings(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.ending is not None]

    @property
    def key_scenes(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.key]


def _own_title(scene: Scene) -> str:
    return scene.title or (scene.ending.title if scene.ending else "")


def _made(scene: Scene) -> bool:
    """Made by the loader (inline choices, called scenes' copies): no written id starts with
    '-'. A copy keeps the local_id it was written with, so its full id is read."""
    return scene.id.partition(".")[2].startswith("-")
