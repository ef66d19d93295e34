"""Labels without collisions: which labels show, and where, for one frame. Pure numpy.

Requests come from the state and the camera (`label_requests`): one per visible body,
spacecraft and marker, anchored at the object (a small object's centre, a large globe's
upper-right limb), hidden when the object is behind a nearer globe or off the frame.
`layout_labels` places them by priority (spacecraft, focused body, other bodies, markers;
larger on screen first within a priority): each tries positions around its anchor, then its
short text, and is hidden if nothing fits; nothing overlaps another label or an obstacle
(titles and overlays), and every label stays within a few pixels of its anchor.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from perijove.scene.graph import PRIORITY_BODY, PRIORITY_FOCUS, NodeKind

GAP_PX = 5.0
MARKER_BELOW_PX = 4.0  # objects smaller than this on screen get a ring marker
MARKER_RADIUS_PX = 5.0

Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels, y down)
Measure = Callable[[str, int], tuple[float, float]]  # text, font px -> width, height


def estimate_text_size(text: str, font_px: int) -> tuple[float, float]:
    """A fallback measure for bold sans text: about 0.62 em a character, 1.25 em a line."""
    return 0.62 * font_px * len(text), 1.25 * font_px


@dataclass(frozen=True)
class LabelRequest:
    key: str
    text: str
    short_text: str
    anchor_px: tuple[float, float]
    priority: int
    radius_px: float  # the object's radius on screen
    colour: tuple[float, float, float]
    marker: bool = False  # draw a ring at the anchor (the object is too small to see)
    font_scale: float = 1.0  # relative to the frame's label font (surface features: smaller)


@dataclass(frozen=True)
class PlacedLabel:
    key: str
    text: str
    box: Box
    anchor_px: tuple[float, float]
    colour: tuple[float, float, float]
    font_px: int
    marker: bool


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(ax: float, ay: float, w: float, h: float, gap: float) -> list[Box]:
    """Right-above first (the habit of sky charts), then round the anchor."""
    return [
        (ax + gap, ay - gap - h, ax + gap + w, ay - gap),
        (ax + gap, ay + gap, ax + gap + w, ay + gap + h),
        (ax - gap - w, ay - gap - h, ax - gap, ay - gap),
        (ax - gap - w, ay + gap, ax - gap, ay + gap + h),
        (ax - w / 2, ay - gap - h, ax + w / 2, ay - gap),
        (ax - w / 2, ay + gap, ax + w / 2, ay + gap + h),
        (ax + gap, ay - h / 2, ax + gap + w, ay + h / 2),
        (ax - gap - w, ay - h / 2, ax - gap, ay + h / 2),
    ]


def layout_labels(requests: list[LabelRequest], size_px: tuple[int, int], font_px: int,
                  measure: Measure = estimate_text_size,
                  obstacles: tuple[Box, ...] = ()) -> list[PlacedLabel]:
    w_frame, h_frame = size_px
    taken: list[Box] = list(obstacles)
    # Markers of other objects are obstacles too: a label must not hide where a thing is.
    rings = [(r.anchor_px[0] - MARKER_RADIUS_PX, r.anchor_px[1] - MARKER_RADIUS_PX,
              r.anchor_px[0] + MARKER_RADIUS_PX, r.anchor_px[1] + MARKER_RADIUS_PX, r.key)
             for r in requests if r.marker]
    placed: list[PlacedLabel] = []
    for req in sorted(requests, key=lambda r: (r.priority, -r.radius_px)):
        gap = GAP_PX + (MARKER_RADIUS_PX if req.marker else 0.0)
        others = [ring[:4] for ring in rings if ring[4] != req.key]
        done = False
        req_font_px = max(9, int(round(font_px * req.font_scale)))
        for text in dict.fromkeys(t for t in (req.text, req.short_text) if t):
            w, h = measure(text, req_font_px)
            for box in _candidates(*req.anchor_px, w, h, gap):
                if box[0] < 0 or box[1] < 0 or box[2] > w_frame or box[3] > h_frame:
                    continue
                if any(_overlaps(box, t) for t in taken) or any(_overlaps(box, o)
                                                                for o in others):
                    continue
                taken.append(box)
                placed.append(PlacedLabel(req.key, text, box, req.anchor_px, req.colour,
                                          req_font_px, req.marker))
                done = True
                break
            if done:
                break
        if not done and req.marker:  # no room for the text: the ring still marks the object
            placed.append(PlacedLabel(req.key, "", (0, 0, 0, 0), req.anchor_px, req.colour,
                                      font_px, True))
    return placed


def _behind_a_globe(eye: np.ndarray, point: np.ndarray, globes: list[tuple[str, np.ndarray,
                    float]], skip: str) -> bool:
    ray = point - eye
    length = float(np.linalg.norm(ray))
    if length == 0.0:
        return False
    ray = ray / length
    for key, centre, radius in globes:
        if key == skip:
            continue
        along = float(np.dot(centre - eye, ray))
        if 0.0 < along < length and np.linalg.norm(centre - eye - along * ray) < radius:
            return True
    return False


def label_requests(state, graph, camera, size_px: tuple[int, int], focus: str,  # noqa: ANN001
                   show: bool = True) -> list[LabelRequest]:
    """Labels for the bodies, spacecraft and markers in view (SceneState, SceneGraph,
    CameraState)."""
    if not show:
        return []
    eye = np.asarray(camera.position_km, float)
    px_per_rad = camera.projection.pixels_per_radian(size_px)
    globes = [(k, b.position_km, float(b.radii_km.min())) for k, b in state.bodies.items()]
    items: list[tuple[str, np.ndarray, float]] = []
    for key, b in state.bodies.items():
        items.append((key, b.position_km, float(b.radii_km.max())))
    for key, c in state.spacecraft.items():
        items.append((key, c.position_km, c.radius_km))
    craft = [c.position_km for c in state.spacecraft.values()]
    for key, m in state.markers.items():
        # A marker the craft is passing (closest approach, at closest approach) would only
        # cover the craft's own label: leave it out while the craft is on it.
        near = [float(np.linalg.norm(m.position_km - p)) for p in craft]
        if near and min(near) < max(1.0, 0.02 * float(np.linalg.norm(m.position_km - eye))):
            continue
        items.append((key, m.position_km, 0.0))
    out: list[LabelRequest] = []
    w, h = size_px
    for key, pos, radius in items:
        node = graph.get(key)
        if node is None or key in camera.hidden:
            continue
        xy, visible = camera.project(pos, size_px)
        x, y = float(xy[0, 0]), float(xy[0, 1])
        if not visible[0] or _behind_a_globe(eye, pos, globes, key):
            continue
        dist = max(float(np.linalg.norm(pos - eye)), 1e-9)
        radius_px = math.asin(min(1.0, radius / dist)) * px_per_rad if radius else 0.0
        if not (-radius_px <= x <= w + radius_px and -radius_px <= y <= h + radius_px):
            continue
        if radius_px > 12.0:  # a globe: anchor on its upper-right limb, kept on screen
            k = radius_px / math.sqrt(2.0)
            x, y = min(max(x + k, 4.0), w - 4.0), min(max(y - k, 4.0), h - 4.0)
        elif not (0 <= x <= w and 0 <= y <= h):
            continue
        priority = node.label_priority
        if key == focus and node.kind is NodeKind.BODY:
            priority = min(priority, PRIORITY_FOCUS)
        elif node.kind is NodeKind.BODY:
            priority = PRIORITY_BODY
        out.append(LabelRequest(key, node.title, node.short_title, (x, y), priority, radius_px,
                                node.colour, radius_px < MARKER_BELOW_PX))
    return out


def bodies_in_view(state, camera, size_px: tuple[int, int], min_radius_px: float = 1.0  # noqa: ANN001
                   ) -> list[str]:
    """The bodies drawn at least `min_radius_px` across in the frame (not behind the eye)."""
    w, h = size_px
    px_per_rad = camera.projection.pixels_per_radian(size_px)
    out = []
    for key, b in state.bodies.items():
        xy, visible = camera.project(b.position_km, size_px)
        dist = float(np.linalg.norm(b.position_km - camera.position_km))
        r = math.asin(min(1.0, float(b.radii_km.max()) / max(dist, 1e-9))) * px_per_rad
        x, y = xy[0]
        if visible[0] and r >= min_radius_px and -r <= x <= w + r and -r <= y <= h + r:
            out.append(key)
    return out


# A small object (Juno, a marker) as something a caption must not hide: a disc this many
# label fonts across its anchor (room for the object, its ring and its label).
POINT_SUBJECT_FONTS = 2.5


def subject_discs(state, camera, size_px: tuple[int, int], keys: tuple[str, ...],  # noqa: ANN001
                  point_radius_px: float) -> list[tuple[float, float, float]]:
    """What a camera is showing, as discs (x, y, radius in px) in the frame: each of `keys`
    that is in view, a body as its disc (at least `point_radius_px`), Juno and markers as
    `point_radius_px` around them; those entirely out of the frame are left out."""
    w, h = size_px
    px_per_rad = camera.projection.pixels_per_radian(size_px)
    out = []
    for key in keys:
        p = state.position_of(key)
        if p is None:
            continue
        xy, visible = camera.project(p, size_px)
        if not visible[0]:
            continue
        r = point_radius_px
        if key in state.bodies:
            dist = float(np.linalg.norm(p - camera.position_km))
            radius_km = float(state.bodies[key].radii_km.max())
            r = max(r, math.asin(min(1.0, radius_km / max(dist, 1e-9))) * px_per_rad)
        x, y = float(xy[0][0]), float(xy[0][1])
        if -r <= x <= w + r and -r <= y <= h + r:
            out.append((x, y, r))
    return out
