"""What is written over a frame: the labels (laid out without collisions), ring markers at
objects too small to see, the credit of a map shown on screen, and any fixed text the caller
adds (titles, readouts, captions, credits: they become obstacles the labels avoid).

Produces `TextItem`s and `RingItem`s for overlay2d, for any projection: anchors are
projected with the camera's own projection, so a dome frame gets its labels where the
fisheye puts the objects.
"""

from __future__ import annotations

from dataclasses import dataclass

from perijove.render.overlay2d import RingItem, TextItem, measure_text
from perijove.render.star_labels import is_star_label, star_label_requests
from perijove.scene.layout import MARKER_RADIUS_PX, label_requests, layout_labels

CREDIT_COLOUR = (0.85, 0.85, 0.8)


def label_font_px(height_px: int) -> int:
    """16 px at 720 lines, scaling with the frame (24 at 1080, 48 at 2160)."""
    return max(12, int(round(height_px / 45)))


@dataclass(frozen=True)
class Annotations:
    texts: list[TextItem]
    rings: list[RingItem]


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


def annotate(state, graph, camera, size_px: tuple[int, int], focus: str,  # noqa: ANN001
             show_labels: bool = True, maps: dict | None = None,
             fixed: list[TextItem] | None = None, options=None) -> Annotations:  # noqa: ANN001
    """Everything written over one frame, laid out so nothing collides (with `options`, a
    ViewOptions, the names of the brightest stars too, at the lowest priority)."""
    fixed = list(fixed or [])
    if maps:
        fixed += map_credit_items(state, camera, maps, size_px)
    font = label_font_px(size_px[1])
    requests = label_requests(state, graph, camera, size_px, focus, show_labels)
    if options is not None:
        requests += star_label_requests(state, camera, size_px, options)
    placed = layout_labels(requests, size_px, font, measure_text,
                           tuple(text_box(t) for t in fixed))
    texts = fixed + [TextItem(p.text, p.box[0], p.box[1], p.font_px, p.colour,
                              bold=not is_star_label(p.key)) for p in placed if p.text]
    rings = [RingItem(p.anchor_px, MARKER_RADIUS_PX, p.colour) for p in placed if p.marker]
    return Annotations(texts, rings)
