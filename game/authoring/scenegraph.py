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
    result: set[str] = set()
    for component in components(edges):
        if len(component) > 1 or component[0] in edges[component[0]]:
            result.update(component)
    return result


def topological_rank(story: Story) -> dict[str, int]:
    """A number per scene that never decreases along a goto (equal within a cycle).

    A scene can lead to another only if its rank is not higher, which lets a search
    for what lies between two scenes stop early.
    """
    found = components(successors(story))
    rank: dict[str, int] = {}
    for number, component in enumerate(reversed(found)):
        for scene_id in component:
            rank[scene_id] = number
    return rank


def components(edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components, each after every component it leads to (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
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
                result.append(component)
    return result
