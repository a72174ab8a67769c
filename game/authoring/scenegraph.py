"""The story as a plain graph of scenes, ignoring conditions: what any goto could reach."""

from __future__ import annotations

from collections import deque

from game.story.model import Story


def successors(story: Story) -> dict[str, list[str]]:
    return {
        scene_id: [target for choice in scene.choices for target in choice.targets if target]
        for scene_id, scene in story.scenes.items()
    }


def reachable(story: Story, start: str | None = None) -> set[str]:
    """Scenes some chain of gotos leads to from the start."""
    edges = successors(story)
    first = start or story.start
    seen = {first}
    queue = deque([first])
    while queue:
        for target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def on_cycle(story: Story) -> set[str]:
    """Scenes that a chain of gotos can lead back to (so once-only choices matter there)."""
    edges = successors(story)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: set[str] = set()
    counter = 0
    for root in edges:
        if root in index:
            continue
        # Iterative Tarjan: (node, iterator over its successors).
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    result.update(component)
    return result
