"""Text written into exported frames: the title, the UTC time, altitude and speed, and the
credits, on a readable backing, placed for the projection.

Perspective frames use the corners. A dome master keeps text in the front-facing safe area
(front-facing theatres keep action within about +/-50 degrees of azimuth and 10-60 degrees
of altitude: fulldome.org / IMERSA dome master notes), a 360 frame just below its centre.
The labels of the scene avoid these boxes (render/annotations.py).
"""

from __future__ import annotations

from perijove.render.overlay2d import TextItem, measure_text, wrap_text
from perijove.scene.projection import Equirect, Fisheye, Perspective, Projection

TEXT_COLOUR = (0.95, 0.95, 0.9)
BACKING = 0.5


def _font(height_px: int, fraction: float) -> int:
    return max(10, int(round(height_px * fraction)))


def _credit_font(projection: Projection, height_px: int) -> int:
    if isinstance(projection, Perspective):
        return _font(height_px, 0.02)
    return _font(height_px, 0.0135 if isinstance(projection, Fisheye) else 0.0165)


def overlay_items(texts: dict[str, str], projection: Projection, size_px: tuple[int, int]
                  ) -> list[TextItem]:
    """Text items for 'title', 'time', 'distance', 'credits' (any present, non-empty)."""
    w, h = size_px
    items: list[TextItem] = []

    def add(key: str, left: float, top: float, font: int, bold: bool = True) -> None:
        items.append(TextItem(present[key], left, top, font, TEXT_COLOUR, bold, BACKING))

    present = {k: v for k, v in texts.items() if v}
    if "credits" in present:  # complete, wrapped to the frame (or the dome's front)
        narrow = 0.96 if isinstance(projection, Perspective) else 0.42
        present["credits"] = wrap_text(present["credits"], _credit_font(projection, h),
                                       narrow * w, bold=False)
    if isinstance(projection, Perspective):
        margin = max(8, int(h * 0.02))
        title_font, small = _font(h, 0.045), _font(h, 0.032)
        credit_font = _credit_font(projection, h)
        y = margin
        if "title" in present:
            add("title", margin, y, title_font)
            y += measure_text(present["title"], title_font)[1] + margin
        if "credits" in present:
            add("credits", margin, y, credit_font, bold=False)
        if "time" in present:
            _, th = measure_text(present["time"], small)
            add("time", margin, h - margin - th, small)
        if "distance" in present:
            tw, th = measure_text(present["distance"], small)
            add("distance", w - margin - tw, h - margin - th, small)
        return items
    if isinstance(projection, Fisheye):
        font, small = _font(h, 0.024), _font(h, 0.018)

        def at(az: float, alt: float) -> tuple[float, float]:
            return projection.dome_direction_px(az, alt, size_px)
    elif isinstance(projection, Equirect):
        font, small = _font(h, 0.03), _font(h, 0.022)

        def at(az: float, alt: float) -> tuple[float, float]:
            return w / 2 + az / 360.0 * w, h / 2 - alt / 180.0 * h
    else:
        raise TypeError(projection)
    # Front and centre, stacked downward from 32 degrees of altitude.
    rows = [("title", 0.0, 32.0, font, True), ("time", -22.0, 22.0, small, True),
            ("distance", 22.0, 22.0, small, True),
            ("credits", 0.0, 12.0, _credit_font(projection, h), False)]
    for key, az, alt, f, bold in rows:
        if key not in present:
            continue
        x, y = at(az, alt)
        tw, th = measure_text(present[key], f, bold)
        add(key, x - tw / 2, y - th / 2, f, bold)
    return items
