"""What is written over a frame: the labels (laid out without collisions), ring markers at
objects too small to see, the credit of a map shown on screen, and any fixed text the caller
adds (titles, readouts, captions, credits: they become obstacles the labels avoid).

Produces `TextItem`s and `RingItem`s for overlay2d, for any projection: anchors are
projected with the camera's own projection, so a dome frame gets its labels where the
fisheye puts the objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from perijove.render import infrared
from perijove.render.layers.features import shown_feature_sets
from perijove.render.layers.hotspots import BODY as HOTSPOT_BODY
from perijove.render.layers.hotspots import hotspot_set, shows_hotspots
from perijove.render.overlay2d import RingItem, TextItem, measure_text, wrap_text
from perijove.render.star_labels import is_star_label, star_label_requests
from perijove.scene.layout import MARKER_RADIUS_PX, bodies_in_view, label_requests, layout_labels
from perijove.scene.surface_labels import MAX_FEATURE_LABELS, feature_label_requests, seen_points

CREDIT_COLOUR = (0.85, 0.85, 0.8)


def label_font_px(height_px: int) -> int:
    """16 px at 720 lines, scaling with the frame (24 at 1080, 48 at 2160)."""
    return max(12, int(round(height_px / 45)))


@dataclass(frozen=True)
class Pick:
    """Something the user can click: a named feature or a hot spot, where it is on screen."""

    kind: str  # "feature" (key "feature:BODY:NAME") or "hotspot" (key: the hotspot_id)
    key: str
    anchor_px: tuple[float, float]
    box: tuple[float, float, float, float] | None = None  # its label, where one was placed

    def hit(self, x_px: float, y_px: float, radius_px: float = 10.0) -> float | None:
        """How far a click at (x, y) is from this (0 inside its label), or None if it
        missed."""
        if self.box is not None and self.box[0] <= x_px <= self.box[2] \
                and self.box[1] <= y_px <= self.box[3]:
            return 0.0
        d = ((x_px - self.anchor_px[0]) ** 2 + (y_px - self.anchor_px[1]) ** 2) ** 0.5
        return d if d <= radius_px else None


@dataclass(frozen=True)
class Annotations:
    texts: list[TextItem]
    rings: list[RingItem]
    picks: list[Pick] = field(default_factory=list)


def text_box(item: TextItem) -> tuple[float, float, float, float]:
    w, h = measure_text(item.text, item.font_px, item.bold)
    pad = 4 if item.backing else 0
    return (item.left_px - pad, item.top_px - pad, item.left_px + w + pad,
            item.top_px + h + pad)


def map_credit_items(state, camera, maps: dict, size_px: tuple[int, int]  # noqa: ANN001
                     ) -> list[TextItem]:
    """A map's on-screen credit, bottom-left, whenever its globe is on screen at a visible
    size (the JunoCam map asks for that)."""
    w, h = size_px
    px_per_rad = camera.projection.pixels_per_radian(size_px)
    lines = []
    for body, surface in maps.items():
        credit = getattr(surface, "on_screen_credit", "")
        b = state.bodies.get(body)
        if not credit or b is None:
            continue
        xy, visible = camera.project(b.position_km, size_px)
        dist = float(((b.position_km - camera.position_km) ** 2).sum() ** 0.5)
        radius_px = float(b.radii_km.max()) / max(dist, 1e-9) * px_per_rad
        x, y = xy[0]
        if visible[0] and radius_px > 6 and -radius_px < x < w + radius_px \
                and -radius_px < y < h + radius_px:
            lines.append(credit)
    font = max(11, int(round(h / 55)))
    items = []
    top = h - 8
    for line in reversed(lines):
        _, lh = measure_text(line, font, False)
        top -= lh + 4
        items.append(TextItem(line, 8, top, font, CREDIT_COLOUR, bold=False, backing=0.45))
    return items


def exposure_items(note: str, camera, size_px: tuple[int, int]) -> list[TextItem]:  # noqa: ANN001
    """The note that a long exposure is in use: top-right in a perspective frame, at the
    front of a dome, below the centre of a 360 frame."""
    if not note:
        return []
    w, h = size_px
    font = max(11, int(round(h / 55)))
    name = camera.projection.name
    note = wrap_text(note, font, (0.5 if name == "perspective" else 0.4) * w, bold=False)
    tw, th = measure_text(note, font, False)
    if name == "fisheye":
        x, y = camera.projection.dome_direction_px(0.0, 40.0, size_px)
        left, top = x - tw / 2, y - th / 2
    elif name == "equirect":
        left, top = w / 2 - tw / 2, h * 0.5 + h * 0.22
    else:
        left, top = w - tw - 10, 10
    return [TextItem(note, left, top, font, (1.0, 0.85, 0.55), bold=False, backing=0.45)]


def settle(items: list[TextItem], height_px: int) -> list[TextItem]:
    """Fixed text placed in order; one that would overlap an earlier one moves away from it
    (down in the upper half of the frame, up in the lower half) until it is clear."""
    placed: list[TextItem] = []
    boxes: list[tuple[float, float, float, float]] = []
    for item in items:
        box = text_box(item)
        down = (box[1] + box[3]) / 2 < height_px / 2
        for _ in range(40):
            hit = next((b for b in boxes if box[0] < b[2] and b[0] < box[2]
                        and box[1] < b[3] and b[1] < box[3]), None)
            if hit is None:
                break
            shift = (hit[3] - box[1] + 2) if down else (hit[1] - box[3] - 2)
            item = replace(item, top_px=item.top_px + shift)
            box = text_box(item)
        placed.append(item)
        boxes.append(box)
    return placed


def _surface_items(state, camera, size_px: tuple[int, int], options, show_labels: bool  # noqa: ANN001
                   ) -> tuple[list, list[Pick], list[TextItem]]:
    """Feature label requests, what can be clicked, and the infrared legend (ViewOptions)."""
    requests, picks, legend = [], [], []
    if options.features:
        requests = feature_label_requests(state, camera, size_px,
                                          list(shown_feature_sets(options)), limit=None)
        picks += [Pick("feature", r.key, r.anchor_px) for r in requests]
        requests = requests[:MAX_FEATURE_LABELS] if show_labels else []
    if shows_hotspots(options) and HOTSPOT_BODY in state.bodies:
        spots = hotspot_set()
        if len(spots):
            xy, seen, _ = seen_points(state, camera, size_px, HOTSPOT_BODY,
                                      spots.unit_vectors, 0.0)
            picks += [Pick("hotspot", spots.keys[i], (float(xy[i, 0]), float(xy[i, 1])))
                      for i in range(len(spots)) if seen[i]]
    if options.infrared and HOTSPOT_BODY in bodies_in_view(state, camera, size_px, 6.0):
        legend = infrared.legend_texts(camera, size_px)
    return requests, picks, legend


def annotate(state, graph, camera, size_px: tuple[int, int], focus: str,  # noqa: ANN001
             show_labels: bool = True, maps: dict | None = None,
             fixed: list[TextItem] | None = None, note: str = "",
             options=None) -> Annotations:  # noqa: ANN001 - ViewOptions
    """Everything written over one frame, laid out so nothing collides. With `options`, also
    the named features' labels, the clickable features and hot spots, the infrared legend, and
    the names of the brightest stars (at the lowest priority)."""
    fixed = list(fixed or []) + exposure_items(note, camera, size_px)
    if maps:
        fixed += map_credit_items(state, camera, maps, size_px)
    surface_requests, picks, legend = [], [], []
    if options is not None:
        surface_requests, picks, legend = _surface_items(state, camera, size_px, options,
                                                         show_labels)
    fixed = settle(fixed + legend, size_px[1])
    font = label_font_px(size_px[1])
    requests = label_requests(state, graph, camera, size_px, focus, show_labels)
    if options is not None:
        surface_requests += star_label_requests(state, camera, size_px, options)
    placed = layout_labels(requests + surface_requests, size_px, font, measure_text,
                           tuple(text_box(t) for t in fixed))
    texts = fixed + [TextItem(p.text, p.box[0], p.box[1], p.font_px, p.colour,
                              bold=not is_star_label(p.key)) for p in placed if p.text]
    rings = [RingItem(p.anchor_px, MARKER_RADIUS_PX, p.colour) for p in placed if p.marker]
    if legend:
        rings += infrared.legend_swatches(fixed)
    boxes = {p.key: p.box for p in placed if p.text}
    picks = [replace(p, box=boxes.get(p.key)) for p in picks]
    return Annotations(texts, rings, picks)
