"""Which key decisions of a playthrough matched history: the ending's table rests on this."""

from __future__ import annotations

from game.engine.state import GameState
from game.frozen import frozen
from game.story.dates import sort_key
from game.story.model import Choice, Scene, Story


@frozen
class KeyDecision:
    scene: Scene
    chapter_title: str
    player: Choice | None  # None when the playthrough never reached this decision
    historical: Choice | None
    history: str  # what history did, in the author's words

    @property
    def where(self) -> str:
        """'Chapter: Scene' (the chapter alone for a scene without a title)."""
        return self.chapter_title + (f": {self.scene.title}" if self.scene.title else "")

    @property
    def reached(self) -> bool:
        return self.player is not None

    @property
    def matched(self) -> bool:
        return self.player is not None and self.player.historical


def key_decisions(story: Story, state: GameState) -> list[KeyDecision]:
    """Every key scene in story order, with the player's (last) choice there."""
    made: dict[str, str] = {}
    for step in state.steps:
        made[step.scene] = step.choice
    rows = []
    for chapter in story.chapters:
        for scene_id in chapter.scenes:
            scene = story.scenes[scene_id]
            if not scene.key:
                continue
            historical = next((c for c in scene.choices if c.historical), None)
            chosen_id = made.get(scene_id)
            player = next((c for c in scene.choices if c.id == chosen_id), None)
            history = scene.history or (historical.text.raw if historical else "")
            rows.append(KeyDecision(scene, chapter.title, player, historical, history))
    return rows


def dated_key_decisions(story: Story, state: GameState) -> list[tuple[str, KeyDecision]]:
    """The key decisions in date order (story order within a date), each dated by its
    scene (a scene's own date, or its chapter's): every interface's path beside history."""
    rows = [(row.scene.date, row) for row in key_decisions(story, state)]
    return sorted(rows, key=lambda pair: sort_key(pair[0]))


def matched_count(rows: list[KeyDecision]) -> tuple[int, int]:
    """How many reached key decisions followed history, out of those reached."""
    reached = [row for row in rows if row.reached]
    return sum(row.matched for row in reached), len(reached)
