"""The parsed form of prose, and the Context resolving it reads.

These types are shared by the parser (game/story/variants.py), the compiler
(game/story/prose_compile.py) and, later, the checker and the playtest, which read the
condition and variant sites.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from game.frozen import frozen
from game.story import codes
from game.story.expressions import Expression


@frozen
class Spot:
    """Where something is in a prose field.

    `path` leads through the list form (list indexes and mapping keys; empty for a plain
    string) to one string, and `offset` is a character offset into that string. With
    `key` set, the spot is the mapping key at the end of the path, not its value.
    """

    path: tuple[int | str, ...]
    offset: int = 0
    key: bool = False


@frozen
class Problem:
    """One thing wrong in a prose field: the kind of problem, where, and its details."""

    kind: codes.Problem
    spot: Spot
    values: tuple[tuple[str, object], ...] = ()

    @property
    def code(self) -> str:
        return self.kind.code.code

    @property
    def message(self) -> str:
        return self.kind.message.format(**dict(self.values))

    @property
    def hint(self) -> str:
        return self.kind.hint.format(**dict(self.values)) or self.kind.code.hint


class Context:
    """What resolving reads: a snapshot of one moment of play, never changed by resolving.

    `visits` maps each scene entered to the times it was entered (given only `visited`,
    each counts once); `here` is the visits to the current scene, this one included (1 on
    the first); `diverged` says the world has left history. A prose condition is
    evaluated as `test(values, visits, context)`: the context answers `in` for the
    choices made (game/story/expressions.py).
    """

    __slots__ = ("values", "visited", "chosen", "visits", "here", "diverged")

    def __init__(
        self,
        values: Mapping[str, int | bool],
        visited: Collection[str] = frozenset(),
        chosen: Collection[str] = frozenset(),
        visits: Mapping[str, int] | None = None,
        here: int = 1,
        diverged: bool = False,
    ):
        if visits is None:
            visits = dict.fromkeys(visited, 1)
        self.values = values
        self.visited = visited or visits.keys()
        self.chosen = chosen
        self.visits = visits
        self.here = here if here > 0 else 1
        self.diverged = diverged

    def __contains__(self, choice: object) -> bool:
        return choice in self.chosen


Resolver = Callable[[Context], str]


@frozen
class ConditionSite:
    """A condition in prose and where its text starts."""

    expression: Expression
    spot: Spot


@frozen
class VariantSite:
    """One variant, for coverage: which of its branches a moment of play would show.

    `pick(context)` is the branch index shown (for `if`, 0 when true and 1 when false,
    whether or not there is an else), or -1 for none (a spent `once`). A nested variant
    only shows when its `parent` shows branch `parent_branch`.
    """

    id: int
    kind: str  # "if", "seq", "cycle" or "once"
    branches: int
    spot: Spot
    parent: int | None
    parent_branch: int | None
    pick: Callable[[Context], int] = field(repr=False, compare=False)


# ------------------------------------------------------------------------------ tree


@frozen
class Text:
    text: str


@frozen
class Stat:
    name: str
    spot: Spot


@frozen
class If:
    variant: int
    condition: ConditionSite | None  # None when the condition did not compile
    then: Node
    otherwise: Node | None


@frozen
class Alternatives:
    variant: int
    kind: str  # seq, cycle or once
    branches: tuple[Node, ...]


@frozen
class Line:
    """Inline text: literal pieces, substitutions and variants side by side.

    `leads[i]` and `absorbs[i]` are text taken from before and after part i that shows
    only when part i shows something: the line break after a variant alone on its line,
    the space after one standing between two spaces, the space before one standing before
    punctuation. So an empty variant leaves no gap behind.
    """

    parts: tuple[Node, ...]
    leads: tuple[str, ...]
    absorbs: tuple[str, ...]


@frozen
class Paragraphs:
    parts: tuple[Node, ...]


Node = Text | Stat | If | Alternatives | Line | Paragraphs


@dataclass(slots=True, eq=False)
class Prose:
    """A parsed prose field: its tree, what it reads, and its compiled resolver.

    Never changed once built; not a frozen dataclass only because a story makes one per
    prose field and a frozen one costs three times as much to build.
    """

    tree: Node
    source: str  # the author's words, every string of the field in order
    names: frozenset[str]  # stats shown by {name}
    reads: frozenset[str]  # stats and flags read by its conditions
    conditions: tuple[ConditionSite, ...]
    variants: tuple[VariantSite, ...]
    static: str | None  # the text itself, when nothing in it varies
    resolver: Resolver = field(repr=False)

    def resolve(self, context: Context | None) -> str:
        """The text for `context`; text without variants needs none (None will do)."""
        if self.static is not None:
            return self.static
        assert context is not None, "text with variants is resolved for a moment of play"
        return self.resolver(context)

    @property
    def empty(self) -> bool:
        return self.static == ""


def resolve(prose: Prose, context: Context) -> str:
    """The text `prose` shows at the moment `context` describes."""
    return prose.resolve(context)
