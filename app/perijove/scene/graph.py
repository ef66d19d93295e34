"""The scene graph: which nodes exist, what each is positioned relative to, how it is named.

A node is a body, the spacecraft, a trail, an orbit line or a marker (OpenSpace's shape:
parent + what is drawn + time range). Renderers keep one drawable per node and re-sync when
`version` changes; the evaluated positions live in `SceneState`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from perijove.core.bodies import BODIES, GLOBES, MOONS


class NodeKind(Enum):
    BODY = "body"
    SPACECRAFT = "spacecraft"
    TRAIL = "trail"
    ORBIT = "orbit"
    MARKER = "marker"


# Label priorities, highest first (issue: spacecraft, focused body, other bodies, markers).
PRIORITY_SPACECRAFT = 0
PRIORITY_FOCUS = 1
PRIORITY_BODY = 2
PRIORITY_MARKER = 3


@dataclass(frozen=True)
class Node:
    key: str
    kind: NodeKind
    title: str
    parent: str | None = None  # the node this one is placed relative to
    colour: tuple[float, float, float] = (0.85, 0.85, 0.8)
    label_priority: int = PRIORITY_BODY
    short_title: str = ""  # what a crowded label shrinks to ("" = hide instead)


class SceneGraph:
    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        self.version = 0

    def add(self, node: Node) -> None:
        self._nodes[node.key] = node
        self.version += 1

    def remove(self, key: str) -> None:
        if self._nodes.pop(key, None) is not None:
            self.version += 1

    def get(self, key: str) -> Node | None:
        return self._nodes.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._nodes

    def nodes(self, kind: NodeKind | None = None) -> list[Node]:
        return [n for n in self._nodes.values() if kind is None or n.kind is kind]


def orbit_key(moon: str) -> str:
    return f"orbit:{moon}"


def default_graph() -> SceneGraph:
    """Jupiter and the Galilean moons with their orbits: one node per table row."""
    g = SceneGraph()
    for b in GLOBES:
        g.add(Node(b.name, NodeKind.BODY, b.title, b.parent, b.colour))
    for m in MOONS:
        g.add(Node(orbit_key(m.name), NodeKind.ORBIT, f"{m.title}'s orbit", m.parent,
                   BODIES[m.name].colour))
    return g
