"""Text variants as playtest targets: can each branch of each variant ever show?

Every branch of an `{if}` (its text, and what shows when the condition is false), of a
`{seq}`, `{cycle}` or `{once}`, and of the list form's parts is a target, in scene text,
epilogues, outcomes, random branches' outcomes, notes and recaps.

- **Reachable** when a playthrough played in the real engine shows it: the exhaustive
  playtest plays its shortest path to every scene and choice, then seeded random
  playthroughs, then a few steered at each `if` branch still unshown (variant_seek.py);
  `--random N` plays all N and counts how often each branch showed.
- **Unreachable** only when proved: the text's scene, choice, note or chapter is proved
  never reached; an `if` condition is constant over every value play could give (the
  linter's domains, a superset of play, with `visits()` bounded by the scene graph and
  `diverged()` by whether the text can show on or off history's path, as
  `HistoryReach` reads them); a `seq`/`cycle`/`once` branch after the first
  in a scene no chain of gotos comes back to (it is entered at most once); or the
  variant sits inside a branch that is itself unreachable.
- **Unknown** otherwise: not shown in the playthroughs played, not proved impossible
  (a condition on `visits()` or `diverged()`, say, or one that only some paths open).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from game.authoring import scenegraph
from game.authoring.domains import Axis, Domains
from game.authoring.machine import Machine
from game.authoring.progress import Deadline, Progress, Silent
from game.authoring.prose_domains import off_history, on_history, prose_outcomes
from game.authoring.prove import Proof
from game.authoring.randomtest import RandomRun, random_playtest
from game.authoring.replays import Chain, walk
from game.authoring.scene_facts import Facts, arrival_facts
from game.authoring.variant_seek import Goal, seek
from game.engine import reading
from game.engine.reading import leaves_history
from game.engine.rules import Outcome, ReplayDiverged, new_game, replay_outcomes, values_after
from game.engine.state import GameState, Step
from game.frozen import frozen
from game.story.expressions import Expression
from game.story.model import Choice, Location, Story, Template
from game.story.prose_tree import Alternatives, Context, If, Line, Node, Paragraphs, VariantSite
from game.story.templates import variant_places

REACHABLE, UNREACHABLE, UNKNOWN = "reachable", "unreachable", "unknown"
WITNESS_RUNS = 200  # random playthroughs the exhaustive playtest plays for witnesses
CHECK_STEPS = 1024  # steps of a played playthrough between looks at the clock


class OutOfTime(Exception):
    """The time limit passed while the variant pass was playing."""


@frozen
class ProseSite:
    """A prose field with variants, and when play reads it."""

    what: str  # "scene 'a.b': the text", as the linter names it
    template: Template
    owner: tuple[str, str]  # ("scene" | "choice" | "note" | "chapter", id)
    here: frozenset[str] | None  # scenes whose visits seq/cycle/once count; None: varies


@dataclass
class VariantBranch:
    """One branch of one variant: a target."""

    what: str
    loc: Location
    kind: str  # if, seq, cycle, once
    branch: int  # 0-based; for if, 0 is the condition true and 1 false
    branches: int
    status: str = UNKNOWN
    why: str = ""
    shown: int = 0  # times a played playthrough showed it
    # False for the else of an `if` that has none written: "nothing shows" is its text,
    # so that it never shows only says the condition always holds there.
    written: bool = True

    @property
    def label(self) -> str:
        if self.kind == "if":
            if self.branch == 0:
                return "if true"
            return "if false (the else)" if self.written else "if false (no else written)"
        return f"{self.kind} branch {self.branch + 1} of {self.branches}"

    def line(self) -> str:
        why = f" ({self.why})" if self.why else ""
        return f"{self.loc}: {self.what}: {self.label}{why}"

    def to_dict(self) -> dict[str, object]:
        return {
            "where": self.what,
            "file": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "kind": self.kind,
            "branch": self.branch + 1,
            "branches": self.branches,
            "status": self.status,
            "why": self.why,
            "shown": self.shown,
            "written": self.written,
        }


def note_choices(story: Story) -> dict[str, list[Choice]]:
    """Each note id with the choices that show it, in story order: one pass over the
    choices (looking them up per note made the variant pass grow with the square of a
    story with a note per chapter)."""
    found: dict[str, list[Choice]] = {}
    for choice in story.choices.values():
        if choice.note:
            found.setdefault(choice.note, []).append(choice)
    return found


def prose_sites(story: Story) -> list[ProseSite]:
    """Every prose field of the story that has variants."""
    sites = []
    showing = note_choices(story)

    def add(
        what: str, template: Template | None, owner: tuple[str, str], here: frozenset[str] | None
    ) -> None:
        if template is not None and template.prose.variants:
            sites.append(ProseSite(what, template, owner, here))

    for chapter in story.chapters:
        add(f"chapter {chapter.id!r}: the recap", chapter.recap, ("chapter", chapter.id), None)
    for scene in story.scenes.values():
        here = frozenset({scene.id})
        add(f"scene {scene.id!r}: the text", scene.text, ("scene", scene.id), here)
        if scene.ending is not None:
            add(f"scene {scene.id!r}: the epilogue", scene.ending.epilogue, ("scene", scene.id),
                here)  # fmt: skip
        for choice in scene.choices:
            owner = ("choice", choice.full_id)
            add(f"choice {choice.full_id!r}: the outcome", choice.outcome, owner, here)
            for number, branch in enumerate(choice.branches, start=1):
                add(f"choice {choice.full_id!r}: branch {number}'s outcome", branch.outcome,
                    owner, here)  # fmt: skip
    for note in story.notes.values():
        scenes = frozenset(c.scene for c in showing.get(note.id, ()))
        add(f"note {note.id!r}: the text", note.text, ("note", note.id), scenes)
    return sites


class Tally:
    """How often each branch showed, over playthroughs played in the engine."""

    def __init__(
        self,
        story: Story,
        deadline: Deadline | None = None,
        sites: list[ProseSite] | None = None,
    ):
        self.story = story
        self.deadline = deadline or Deadline(None)
        self.sites = prose_sites(story) if sites is None else sites
        self.by_template = {id(site.template): site for site in self.sites}
        self.counts: Counter[tuple[int, int, int]] = Counter()  # (template, variant, branch)
        self.played = 0

    def tracked(self, template: Template | None) -> bool:
        return template is not None and id(template) in self.by_template

    def observe(self, template: Template, context: Context, times: int = 1) -> None:
        for site, branch in shown_branches(template.prose.variants, context):
            self.counts[(id(template), site.id, branch)] += times

    def play(self, seed: int, steps: Iterable[Step]) -> None:
        """Play a log from the start, noting every branch each text shows on the way.

        A context is worked out (from the log) only for text that has variants. Raises
        OutOfTime once the deadline has passed, before or during the playthrough (what
        it showed until then is counted: it was shown).
        """
        story = self.story
        deadline = self.deadline
        if deadline.passed():
            raise OutOfTime
        before = new_game(story, seed)
        self._arrive(None, before)
        try:
            for played, outcome in enumerate(replay_outcomes(story, seed, steps), start=1):
                if played % CHECK_STEPS == 0 and deadline.passed():
                    raise OutOfTime
                self.step(before, outcome)
                before = outcome.state
        except ReplayDiverged:
            pass
        self.played += 1

    def play_tree(self, seed: int, chains: list[Chain], progress: Progress) -> None:
        """Play every chain from the start as `play` would, one by one, counting what
        each shows, but each shared beginning once (`replays.walk`): what a step shows
        counts once for every chain through it. Raises OutOfTime as `play` does; the
        chains played by then are counted."""
        if self.deadline.passed():
            raise OutOfTime
        if not chains:
            return
        self._arrive(None, new_game(self.story, seed), len(chains))
        steps = 0

        def on_step(_: Chain, before: GameState, outcome: Outcome, times: int) -> None:
            nonlocal steps
            steps += 1
            progress.show(f"playing for the text variants: {steps:,} steps of the proof's paths")
            self.step(before, outcome, times)

        played, complete = walk(
            self.story, chains, seed, stop=self.deadline.passed, on_step=on_step
        )
        self.played += sum(1 for chain in chains if id(chain) in played)
        if not complete:
            raise OutOfTime

    def step(self, before: GameState, outcome: Outcome, times: int = 1) -> None:
        """Note what one step of play shows: its outcomes, its note, where it arrives."""
        story = self.story
        tracked = self.tracked
        choice = outcome.choice
        after = outcome.state.values
        if tracked(choice.outcome):
            values = values_after(story, before, choice.effects)
            context = reading.outcome_context(story, before, choice, values)
            self.observe(choice.outcome, context, times)
        if outcome.branch is not None:
            branch = choice.branches[outcome.branch].outcome
            if branch is not None and tracked(branch):
                context = reading.outcome_context(story, before, choice, after)
                self.observe(branch, context, times)
        note = story.notes.get(outcome.note)
        if note is not None and note.id not in before.notes and tracked(note.text):
            context = reading.outcome_context(story, before, choice, after)
            self.observe(note.text, context, times)
        self._arrive(before, outcome.state, times)

    def _arrive(self, before: GameState | None, after: GameState, times: int = 1) -> None:
        story = self.story
        scene = story.scenes[after.scene]
        needs: list[Template | None] = [scene.text]
        if scene.ending is not None:
            needs.append(scene.ending.epilogue)
        chapter = story.chapter_index[scene.chapter]
        entering = before is not None and story.scenes[before.scene].chapter != chapter.id
        if entering:
            needs.append(chapter.recap)
        shown = [t for t in needs if t is not None and self.tracked(t)]
        if shown:
            context = reading.context_of(story, after)
            for template in shown:
                self.observe(template, context, times)


def shown_branches(
    variants: tuple[VariantSite, ...], context: Context
) -> Iterator[tuple[VariantSite, int]]:
    """(variant, branch) for each variant the context shows, nested ones only where their
    parent shows the branch they sit in."""
    picks: dict[int, int] = {}
    by_id = {site.id: site for site in variants}

    def pick(site: VariantSite) -> int:
        if site.id not in picks:
            picks[site.id] = site.pick(context)
        return picks[site.id]

    def shows(site: VariantSite) -> bool:
        if site.parent is None:
            return True
        parent = by_id[site.parent]
        return shows(parent) and pick(parent) == site.parent_branch

    for site in variants:
        if shows(site):
            branch = pick(site)
            if branch >= 0:
                yield site, branch


@dataclass
class VariantCoverage:
    """Every branch of every variant, with what is known of it."""

    branches: list[VariantBranch] = field(default_factory=list)
    played: int = 0  # playthroughs played in the engine
    timed_out: bool = False  # the time limit stopped the pass: the rest is not decided

    def count(self, status: str) -> int:
        return sum(1 for b in self.branches if b.status == status)

    def settled(self) -> dict[str, int]:
        return {status: self.count(status) for status in (REACHABLE, UNREACHABLE, UNKNOWN)}

    def to_dict(self) -> dict[str, object]:
        return {
            "total": len(self.branches),
            **self.settled(),
            "played": self.played,
            "timed_out": self.timed_out,
            "branches": [branch.to_dict() for branch in self.branches],
        }

    def summary(self) -> str:
        counts = self.settled()
        stopped = (
            " The time limit stopped this pass: what was not shown by then is not decided."
            if self.timed_out
            else ""
        )
        guards = sum(1 for b in self.branches if b.status == UNREACHABLE and not b.written)
        of_them = f" ({guards} of them elses nobody wrote)" if guards else ""
        return (
            f"Text variants: {len(self.branches)} branches; {counts[REACHABLE]} shown in "
            f"{self.played:,} playthroughs played, {counts[UNREACHABLE]} proved never to "
            f"show{of_them}, {counts[UNKNOWN]} not decided.{stopped}"
        )


def branches_of(tally: Tally) -> list[VariantBranch]:
    """Every branch of every variant, with the tally's counts."""
    found = []
    for site in tally.sites:
        places = variant_places(site.template)
        no_else = unwritten_elses(site.template)
        for index, variant in enumerate(site.template.prose.variants):
            loc = places[index] if index < len(places) else Location("?", 0, 0)
            for branch in range(_branch_count(variant)):
                shown = tally.counts[(id(site.template), variant.id, branch)]
                found.append(
                    VariantBranch(
                        site.what,
                        loc,
                        variant.kind,
                        branch,
                        variant.branches,
                        REACHABLE if shown else UNKNOWN,
                        shown=shown,
                        written=not (branch == 1 and variant.id in no_else),
                    )  # fmt: skip
                )
    return found


def _branch_count(variant: VariantSite) -> int:
    # an `if` always has two outcomes (the text, or its else or nothing)
    return 2 if variant.kind == "if" else variant.branches


def prove_unreachable(
    story: Story,
    tally: Tally,
    branches: list[VariantBranch],
    never_reached: set[tuple[str, str]],
    deadline: Deadline | None = None,
) -> bool:
    """Mark as unreachable the branches not shown that no play can show, with why.

    `never_reached` holds the (kind, id) owners the proof showed no play reaches. False
    when `deadline` passed first: the texts not looked at yet keep what they had.
    """
    deadline = deadline or Deadline(None)
    domains = Domains(story)
    cycling = scenegraph.on_cycle(story)
    history = HistoryReach(story)
    position = 0
    for site in tally.sites:
        if deadline.passed():
            return False
        variants = site.template.prose.variants
        conditions = if_conditions(site.template)
        offsets: dict[int, int] = {}
        for variant in variants:
            offsets[variant.id] = position
            position += _branch_count(variant)
        for variant in variants:
            for branch in range(_branch_count(variant)):
                target = branches[offsets[variant.id] + branch]
                if target.status == REACHABLE:
                    continue
                why = _why_never(site, variant, branch, conditions, never_reached, domains,
                                 cycling, history)  # fmt: skip
                if why is None and variant.parent is not None:
                    parent = branches[offsets[variant.parent] + (variant.parent_branch or 0)]
                    if parent.status == UNREACHABLE:
                        why = "it sits inside a branch that never shows"
                if why is not None:
                    target.status, target.why = UNREACHABLE, why
    return True


def _why_never(
    site: ProseSite,
    variant: VariantSite,
    branch: int,
    conditions: dict[int, Expression | None],
    never_reached: set[tuple[str, str]],
    domains: Domains,
    cycling: set[str],
    history: HistoryReach,
) -> str | None:
    kind, owner = site.owner
    if (kind, owner) in never_reached:
        return f"its {kind} is never reached"
    if variant.kind == "if":
        condition = conditions.get(variant.id)
        if condition is None:
            return None
        scene = next(iter(site.here)) if site.here and len(site.here) == 1 else ""
        turns = history.turns(site.owner)
        facts = owner_facts(history, site.owner)
        around = enclosing(site, variant, conditions)
        finding = prose_outcomes(
            domains,
            condition,
            scene,
            cycling=cycling,
            turns=turns,
            narrow=narrowed(facts),
            possible=one_choice_each(history.story, facts, cycling, site.owner, scene),
            given=around,
        )
        if finding.proved and not finding.values:
            return "it sits inside a branch that never shows"
        if finding.proved and finding.values == {branch == 1}:
            where = " where it stands" if around else ""
            return f"'if {condition.source}' is always {'true' if branch else 'false'}{where}"
        return None
    if branch >= 1 and site.here is not None and not site.here & cycling:
        return "it needs a second visit, and nothing leads back to the scene"
    return None


class HistoryReach:
    """Whether the world can have left history, or still follow it, where a text shows.

    Read from the scene graph, ignoring conditions (so both answers are supersets of
    play's): a scene reached from the start without a choice that leaves history can be
    seen on history's path; one reached after such a choice, off it. An outcome or a note
    counts its own choice as made. `arrivals` holds what every way into each scene has in
    common (game/authoring/scene_facts.py), read from the same graph.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.following = on_history(story)
        self.leaving = off_history(story, self.following)
        self.arrivals = arrival_facts(story)
        self.showing = note_choices(story)

    def at_scene(self, scene: str) -> set[bool]:
        found = set()
        if scene in self.following:
            found.add(False)
        if scene in self.leaving:
            found.add(True)
        return found

    def at_choice(self, full_id: str) -> set[bool]:
        choice = self.story.choices[full_id]
        if leaves_history(self.story, choice):
            return {True} if self.at_scene(choice.scene) else set()
        return self.at_scene(choice.scene)

    def turns(self, owner: tuple[str, str]) -> tuple[bool, ...] | None:
        """The values `diverged()` can have for the owner's text; None: both, unknown."""
        kind, name = owner
        story = self.story
        found: set[bool] = set()
        if kind == "scene":
            found = self.at_scene(name)
        elif kind == "choice":
            found = self.at_choice(name)
        elif kind == "note":
            for choice in self.showing.get(name, ()):
                found |= self.at_choice(choice.full_id)
        elif kind == "chapter":
            for scene in story.chapter_index[name].scenes:
                found |= self.at_scene(scene)
        return tuple(sorted(found)) if found else None


def unshown_goals(story: Story, tally: Tally) -> list[Goal]:
    """A goal for each `if` branch no playthrough has shown yet: where its text shows,
    and its condition with those of the `if`s it sits inside, each with the value the
    branch needs."""
    goals = []
    showing = note_choices(story)
    for site in tally.sites:
        scenes, choices = _showing(story, site.owner, showing)
        conditions = if_conditions(site.template)
        by_id = {variant.id: variant for variant in site.template.prose.variants}
        for variant in site.template.prose.variants:
            if variant.kind != "if" or conditions.get(variant.id) is None:
                continue
            for branch in (0, 1):
                if tally.counts[(id(site.template), variant.id, branch)]:
                    continue
                tests = []
                current: VariantSite | None = variant
                wanted = branch
                while current is not None:
                    condition = conditions.get(current.id)
                    if current.kind == "if" and condition is not None:
                        tests.append((condition, wanted == 0))
                    wanted = current.parent_branch or 0
                    current = by_id.get(current.parent) if current.parent is not None else None
                key = (id(site.template), variant.id, branch)
                goals.append(Goal(key, scenes, choices, tuple(tests)))
    return goals


def _showing(
    story: Story, owner: tuple[str, str], showing: dict[str, list[Choice]]
) -> tuple[frozenset[str], frozenset[str]]:
    """(scenes arriving in which, choices taking which) shows the owner's text;
    `showing` is `note_choices(story)`."""
    kind, name = owner
    if kind == "scene":
        return frozenset({name}), frozenset()
    if kind == "choice":
        return frozenset(), frozenset({name})
    if kind == "note":
        return frozenset(), frozenset(c.full_id for c in showing.get(name, ()))
    return frozenset(story.chapter_index[name].scenes), frozenset()


def owner_facts(history: HistoryReach, owner: tuple[str, str]) -> Facts | None:
    """What holds wherever the owner's text is read (None: nowhere the graph reaches)."""
    story, arrivals = history.story, history.arrivals
    kind, name = owner
    found: list[Facts] = []
    if kind == "scene" and name in arrivals:
        found.append(arrivals[name])
    elif kind in ("choice", "note"):
        choices = [story.choices[name]] if kind == "choice" else history.showing.get(name, [])
        for choice in choices:
            here = arrivals.get(choice.scene)
            if here is None:
                continue
            found.append(here.after(choice, choice.effects, None))
            for branch in choice.branches:
                found.append(here.after(choice, choice.effects + branch.effects, None))
    elif kind == "chapter":
        found = [arrivals[s] for s in story.chapter_index[name].scenes if s in arrivals]
    if not found:
        return None
    joined = found[0]
    for facts in found[1:]:
        joined = joined.join(facts)
    return joined


def narrowed(facts: Facts | None) -> Callable[[list[Axis]], list[Axis]] | None:
    """The axes of a condition cut down to what holds where its text is read."""
    if facts is None:
        return None

    def narrow(axes: list[Axis]) -> list[Axis]:
        result: list[Axis] = []
        for kind, name, values in axes:
            if kind == "v" and name in facts.flags:
                kept = tuple(v for v in values if v in facts.flags[name])
                values = kept or values
            elif kind == "c" and name not in facts.may_choose:
                values = (False,)
            elif kind == "c" and name in facts.must_choose:
                values = (True,)
            elif kind == "s" and name not in facts.may_visit:
                values = (False,)
            elif kind == "s" and name in facts.must_visit:
                values = (True,)
            result.append((kind, name, values))
        return result

    return narrow


def enclosing(
    site: ProseSite, variant: VariantSite, conditions: dict[int, Expression | None]
) -> tuple[tuple[Expression, bool], ...]:
    """The conditions of the `if`s the variant sits inside, each with the value that
    shows the branch holding it."""
    by_id = {v.id: v for v in site.template.prose.variants}
    found = []
    current = variant
    while current.parent is not None:
        parent = by_id[current.parent]
        condition = conditions.get(parent.id)
        if parent.kind == "if" and condition is not None:
            found.append((condition, current.parent_branch == 0))
        current = parent
    return tuple(found)


def one_choice_each(
    story: Story, facts: Facts | None, cycling: set[str], owner: tuple[str, str], here: str
) -> Callable[[set[str], set[str]], bool] | None:
    """A test of the choices a combination has made: every way to the text passed
    through each scene of `facts.must_visit` that nothing leads back to, and left it by
    exactly one of its choices. The text's own scene (`here`) is left out (its choice is
    not made yet, or is the owner), and so are recaps (read on arriving in a scene that
    may itself be one of those)."""
    if facts is None or owner[0] == "chapter":
        return None
    groups = []
    for scene_id in facts.must_visit:
        if scene_id == here or scene_id in cycling or scene_id not in story.scenes:
            continue
        ids = {choice.full_id for choice in story.scenes[scene_id].choices}
        if ids:
            groups.append(ids)

    def possible(chosen: set[str], named: set[str]) -> bool:
        for ids in groups:
            made = len(ids & chosen)
            if made > 1 or (made == 0 and ids <= named):
                return False
        return True

    return possible


def if_nodes(template: Template) -> Iterator[If]:
    """Every `if` of a prose field, nested ones included."""
    stack: list[Node] = [template.prose.tree]
    while stack:
        node = stack.pop()
        if isinstance(node, If):
            yield node
            stack += [n for n in (node.then, node.otherwise) if n is not None]
        elif isinstance(node, Alternatives):
            stack += node.branches
        elif isinstance(node, Line | Paragraphs):
            stack += node.parts


def if_conditions(template: Template) -> dict[int, Expression | None]:
    """Each `if` variant's condition, by variant id (None where it did not compile)."""
    return {
        node.variant: node.condition.expression if node.condition else None
        for node in if_nodes(template)
    }


def unwritten_elses(template: Template) -> set[int]:
    """The `if` variants, by id, written with no else (`{if c: text}`)."""
    return {node.variant for node in if_nodes(template) if node.otherwise is None}


def exhaustive_variants(
    story: Story,
    proof: Proof,
    runs: int = WITNESS_RUNS,
    seed: int = 0,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
    sites: list[ProseSite] | None = None,
) -> VariantCoverage:
    """Variant targets after the exhaustive proof: its paths and `runs` random
    playthroughs are played for witnesses; what the proof left unreached is unreachable.

    When `deadline` passes, the pass stops: what was shown by then is reachable, every
    other branch is not decided (nothing is proved unreachable), and `timed_out` says so.
    `sites`, the story's `prose_sites` found before the proof, spares finding them after
    it, when the limit may have passed (0.35-0.7 s at 50,000 scenes).
    """
    tally = Tally(story, deadline, sites)
    if not tally.sites:
        return VariantCoverage()
    progress = progress or Silent()
    try:
        # the proof's paths share their beginnings: played one by one from the start,
        # a story n scenes long took n^2 steps
        chains = [
            found.chain(target) for found in (proof.scenes, proof.choices) for target in found
        ]
        tally.play_tree(seed, chains, progress)
        progress.show("playing for the text variants: random playthroughs", force=True)
        if runs:
            random_playtest(
                story, runs, seed, on_path=lambda p: tally.play(seed, steps_of(story, p))
            )
        progress.show("playing for the text variants: steered playthroughs", force=True)
        seek(
            story,
            unshown_goals(story, tally),
            lambda steps: tally.play(seed, steps),
            lambda goal: not tally.counts[goal.key],
            seed,
        )
        if tally.deadline.passed():
            raise OutOfTime
    except OutOfTime:
        return VariantCoverage(branches_of(tally), tally.played, timed_out=True)
    branches = branches_of(tally)
    done = prove_unreachable(story, tally, branches, _never_reached(story, proof), deadline)
    return VariantCoverage(branches, tally.played, timed_out=not done)


def random_variants(
    story: Story, runs: int, seed: int, progress: Progress | None = None
) -> tuple[RandomRun, Machine, VariantCoverage]:
    """`deniable playtest --random`: the random playthroughs, each also played in the
    engine to count how often every branch of every variant showed."""
    tally = Tally(story)
    if not tally.sites:
        run, machine = random_playtest(story, runs, seed, progress=progress)
        return run, machine, VariantCoverage()
    run, machine = random_playtest(
        story, runs, seed, progress=progress, on_path=lambda p: tally.play(seed, steps_of(story, p))
    )
    branches = branches_of(tally)
    prove_unreachable(story, tally, branches, set())
    return run, machine, VariantCoverage(branches, tally.played)


def steps_of(story: Story, path: list[tuple[str, int]]) -> list[Step]:
    """A random playthrough's (choice full id, edge) list as a choice log."""
    steps = []
    for full_id, edge in path:
        choice = story.choices[full_id]
        steps.append(Step(choice.scene, choice.id, edge if choice.branches else None))
    return steps


def _never_reached(story: Story, proof: Proof) -> set[tuple[str, str]]:
    """(kind, id) of every scene, choice, note and chapter the proof shows no play reaches."""
    if proof.complete:
        scenes = {s for s in story.scenes if s not in proof.scenes}
        choices = {c for c in story.choices if c not in proof.choices}
    else:
        scenes = {t.split(" ", 1)[1] for t in proof.unreachable if t.startswith("scene ")}
        choices = {t.split(" ", 1)[1] for t in proof.unreachable if t.startswith("choice ")}
        choices |= {c.full_id for c in story.choices.values() if c.scene in scenes}
    found = {("scene", s) for s in scenes} | {("choice", c) for c in choices}
    showing = note_choices(story)
    for note in story.notes.values():
        if all(c.full_id in choices for c in showing.get(note.id, ())):
            found.add(("note", note.id))
    for chapter in story.chapters:
        if all(s in scenes for s in chapter.scenes):
            found.add(("chapter", chapter.id))
    return found
