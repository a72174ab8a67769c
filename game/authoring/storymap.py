"""The story map: chapters as clusters, scenes as nodes, choices as labelled edges.

Two renderings of one model: Mermaid (renders in any Markdown viewer that knows it,
GitHub's included) and Graphviz DOT. Conditions are shown on the edges, endings as
rounded nodes, the historical choice as a thick edge, random branches as dotted edges
with their weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.story.model import Choice, Story

LABEL_WIDTH = 40
DOT_FONT = "Helvetica"
# Pale fills that print in grey and keep black text legible: endings history took in
# green, other endings in rose, key decisions in amber.
DOT_COLOURS = {
    "scene": "#ffffff",
    "key": "#fde8b0",
    "ending-historical": "#cfe8cf",
    "ending-other": "#f5d0d0",
    "cluster": "#8a8a8a",
    "edge": "#444444",
}


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    label: str
    historical: bool
    random: bool


@dataclass(frozen=True)
class MapNode:
    id: str
    label: str
    ending: bool
    key: bool
    chapter: str | None  # None: a scene of another chapter, shown for context
    ending_kind: str | None = None


def _short(text: str, width: int = LABEL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _edge_label(choice: Choice) -> str:
    parts = [_short(choice.text.raw)]
    if choice.condition is not None:
        parts.append(f"if {choice.condition.source}")
    if choice.once:
        parts.append("once")
    return "\n".join(parts)


def build(story: Story, chapter: str | None = None) -> tuple[list[MapNode], list[MapEdge]]:
    """Nodes and edges of the whole story, or of one chapter with its neighbours."""
    inside = {
        scene_id
        for scene_id, scene in story.scenes.items()
        if chapter is None or scene.chapter == chapter
    }
    edges: list[MapEdge] = []
    for scene_id in story.scenes:
        for choice in story.scenes[scene_id].choices:
            label = _edge_label(choice)
            total = sum(branch.weight for branch in choice.branches)
            if choice.goto:
                edges.append(MapEdge(scene_id, choice.goto, label, choice.historical, False))
            for branch in choice.branches:
                edges.append(
                    MapEdge(
                        scene_id,
                        branch.goto,
                        f"{label}\n{round(100 * branch.weight / total)}%"
                        if len(choice.branches) > 1
                        else label,
                        choice.historical,
                        True,
                    )
                )
    edges = [e for e in edges if e.source in inside or e.target in inside]
    shown = inside | {e.source for e in edges} | {e.target for e in edges}
    nodes = []
    for scene_id, scene in story.scenes.items():
        if scene_id not in shown:
            continue
        name = scene.local_id if scene_id in inside else scene_id
        label = f"{name}: {_short(scene.title, 30)}" if scene.title else name
        if scene.ending is not None:
            label = f"{label}\nTHE END: {_short(scene.ending.title, 30)} ({scene.ending.kind})"
        nodes.append(
            MapNode(
                scene_id,
                label,
                scene.ending is not None,
                scene.key,
                scene.chapter if scene_id in inside else None,
                scene.ending.kind if scene.ending is not None else None,
            )
        )
    return nodes, edges


def to_mermaid(story: Story, chapter: str | None = None) -> str:
    nodes, edges = build(story, chapter)
    ids = {node.id: f"n{index}" for index, node in enumerate(nodes)}
    lines = ["flowchart TD"]
    for number, item in enumerate(story.chapters, start=1):
        members = [node for node in nodes if node.chapter == item.id]
        if not members:
            continue
        lines.append(f'  subgraph c{number}["{_mermaid(f"{number}. {item.title}")}"]')
        for node in members:
            lines.append(f"    {_mermaid_node(ids[node.id], node)}")
        lines.append("  end")
    for node in nodes:
        if node.chapter is None:
            lines.append(f"  {_mermaid_node(ids[node.id], node)}")
    for edge in _merge_self_loops(edges):
        arrow = "==>" if edge.historical else "-.->" if edge.random else "-->"
        lines.append(f'  {ids[edge.source]} {arrow}|"{_mermaid(edge.label)}"| {ids[edge.target]}')
    lines.append("  classDef ending stroke-width:3px")
    lines.append("  classDef key stroke-dasharray:4 2")
    lines.append("  classDef elsewhere stroke-dasharray:1 3,color:#777")
    tests: tuple[tuple[str, Callable[[MapNode], bool]], ...] = (
        ("ending", lambda n: n.ending),
        ("key", lambda n: n.key and not n.ending),
        ("elsewhere", lambda n: n.chapter is None),
    )
    for cls, test in tests:
        classed = [ids[node.id] for node in nodes if test(node)]
        if classed:
            lines.append(f"  class {','.join(classed)} {cls}")
    return "\n".join(lines) + "\n"


def _merge_self_loops(edges: list[MapEdge]) -> list[MapEdge]:
    """One loop per scene: Mermaid draws every self-loop of a node on the same arc, so
    their labels land on top of each other; one loop carries all of them, one per line."""
    loops: dict[str, list[MapEdge]] = {}
    merged: list[MapEdge] = []
    for edge in edges:
        if edge.source != edge.target:
            merged.append(edge)
            continue
        if edge.source not in loops:
            loops[edge.source] = []
            merged.append(edge)  # keeps the first loop's place in the order
        loops[edge.source].append(edge)
    result = []
    for edge in merged:
        group = loops.get(edge.source) if edge.source == edge.target else None
        if group is None or len(group) == 1:
            result.append(edge)
            continue
        label = "\n".join(f"- {member.label.replace(chr(10), ' · ')}" for member in group)
        result.append(
            MapEdge(
                edge.source,
                edge.target,
                label,
                any(member.historical for member in group),
                all(member.random for member in group),
            )
        )
    return result


def _mermaid_node(node_id: str, node: MapNode) -> str:
    label = _mermaid(node.label)
    return f'{node_id}(["{label}"])' if node.ending else f'{node_id}["{label}"]'


def _mermaid(text: str) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for what Mermaid parses."""
    for char, code in (
        ("&", "#amp;"),
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("|", "#124;"),
        ("`", "#96;"),
    ):
        text = text.replace(char, code)
    return text.replace("\n", "<br/>")


def to_dot(story: Story, chapter: str | None = None) -> str:
    nodes, edges = build(story, chapter)
    lines = [
        "digraph story {",
        "  rankdir=TB;",
        # One font for everything: without the graph-level font, Graphviz sets cluster
        # labels in Times while nodes and edges use Helvetica.
        f'  graph [fontname="{DOT_FONT}", fontsize=14, labeljust=l, style=rounded, '
        f'color="{DOT_COLOURS["cluster"]}"];',
        f'  node [shape=box, style="rounded,filled", fillcolor="{DOT_COLOURS["scene"]}", '
        f'fontname="{DOT_FONT}", fontsize=11];',
        f'  edge [fontname="{DOT_FONT}", fontsize=9, color="{DOT_COLOURS["edge"]}"];',
    ]
    for number, item in enumerate(story.chapters, start=1):
        members = [node for node in nodes if node.chapter == item.id]
        if not members:
            continue
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={_dot(f'{number}. {item.title}')};")
        for node in members:
            lines.append(f"    {_dot_node(node)}")
        lines.append("  }")
    for node in nodes:
        if node.chapter is None:
            lines.append(f"  {_dot_node(node)}")
    for edge in edges:
        attributes = [f"label={_dot(edge.label)}"]
        if edge.historical:
            attributes.append("penwidth=2.5")
        if edge.random:
            attributes.append("style=dotted")
        lines.append(f"  {_dot(edge.source)} -> {_dot(edge.target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(node: MapNode) -> str:
    attributes = [f"label={_dot(node.label)}"]
    if node.ending:
        kind = "ending-historical" if node.ending_kind == "historical" else "ending-other"
        attributes += ["shape=doubleoctagon", f'fillcolor="{DOT_COLOURS[kind]}"']
    elif node.key:
        attributes += ["penwidth=2", f'fillcolor="{DOT_COLOURS["key"]}"']
    if node.chapter is None:
        attributes.append('style="rounded,dashed"')
    return f"{_dot(node.id)} [{', '.join(attributes)}];"


def _dot(text: str) -> str:
    """A quoted DOT string: backslashes and quotes escaped, newlines as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
