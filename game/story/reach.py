"""The one graph check the loader makes: from every scene some ending can be reached."""

from __future__ import annotations

from collections import deque

from game.story import codes
from game.story.context import LoadContext
from game.story.model import Scene


def check_reach_endings(ctx: LoadContext, scenes: dict[str, Scene]) -> None:
    """A scene from which no ending can be reached, whatever the conditions, is an error."""
    incoming: dict[str, list[str]] = {scene_id: [] for scene_id in scenes}
    for scene in scenes.values():
        for choice in scene.choices:
            for target in choice.targets:
                if target in incoming:
                    incoming[target].append(scene.id)
    good = {scene_id for scene_id, scene in scenes.items() if scene.ending is not None}
    queue = deque(good)
    while queue:
        for source in incoming[queue.popleft()]:
            if source not in good:
                good.add(source)
                queue.append(source)
    for scene_id, scene in scenes.items():
        if scene_id not in good and scene.choices:
            ctx.report(
                scene.loc.path,
                (scene.loc.line, scene.loc.col),
                codes.NO_ENDING_REACHABLE,
                id=scene_id,
            )
