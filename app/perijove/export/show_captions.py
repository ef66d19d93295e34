"""Words on a show's frames: captions (a title and a short text) and the closing credits,
placed for the projection, as text items for render/overlay2d.

Where words go, per projection:
- perspective: captions are a lower third (bottom left), unless what the camera shows (the
  chapter's moon, Juno, the closest-approach marker, any large body: `Subject`s, found by the
  stage in export/show_frames.py) would be under it over the caption's life: then the corner
  and wrap width that hide least of it, the same for the caption's whole life; credits
  centred;
- fisheye (a dome master): inside the front-facing safe area, where a seated audience facing
  the front of the dome reads without turning: within +/-50 degrees of azimuth and 10 to 60
  degrees of altitude (fulldome.org / IMERSA dome master notes, as in export/overlays.py).
  Every caption's box is checked corner by corner and along its edges; a block that does
  not fit is wrapped narrower, then set smaller;
- equirect (360): centred, below the middle of the frame (below the horizon of the view).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from perijove.render.overlay2d import BACKING_PAD_PX, TextItem, measure_text, wrap_text
from perijove.scene.projection import Equirect, Fisheye, Projection
from perijove.show.player import VisibleCaption

CAPTION_COLOUR = (0.97, 0.96, 0.9)
CAPTION_TEXT_COLOUR = (0.9, 0.9, 0.86)
CREDITS_COLOUR = (0.92, 0.92, 0.88)
CAPTION_BACKING = 0.55  # the dark box behind a caption (times its opacity)
LINE_GAP = 0.25  # of a line's font size, between the title and the text

# The front-facing safe area of a dome (fulldome.org / IMERSA dome master notes; the same
# figures as export/overlays.py), and the margin captions keep from its edges.
SAFE_AZIMUTH_DEG = 50.0
SAFE_ALTITUDE_DEG = (10.0, 60.0)
SAFE_MARGIN_DEG = 2.0
# Where a caption block sits in the dome: its middle at this altitude (a lower third of the
# safe area), moved up or down only as far as it must to fit.
DOME_CAPTION_ALTITUDE_DEG = 24.0
DOME_CREDITS_ALTITUDE_DEG = 33.0

# Font sizes as fractions of the frame's height: (title, text) per projection. A dome master
# is larger than a screen for the same angle: 0.026 of a 2048 px master is 53 px, about
# 4.7 degrees of the dome (180 degrees over 2048 px), readable from the back rows.
CAPTION_FONTS = {"perspective": (0.048, 0.033), "fisheye": (0.026, 0.019),
                 "equirect": (0.034, 0.025)}
CREDITS_FONTS = {"perspective": (0.05, 0.032), "fisheye": (0.026, 0.018),
                 "equirect": (0.034, 0.024)}

CAPTION_WIDTH = {"perspective": 0.55, "fisheye": 0.40, "equirect": 0.2}  # of the width
# A perspective caption's wrap widths (of the frame's width), tried widest first: a narrower
# block fits into a corner beside what the camera shows.
CAPTION_WRAPS = (CAPTION_WIDTH["perspective"], 0.42, 0.32)
CREDITS_WIDTH = {"perspective": 0.8, "fisheye": 0.42, "equirect": 0.25}


@dataclass(frozen=True)
class _Part:
    text: str
    font_frac: float
    bold: bool
    opacity: float
    colour: tuple[float, float, float]
    backing: float = 0.0  # the dark box behind it (0: glyph shadows only)


def dome_az_alt_deg(projection: Fisheye, x_px: np.ndarray, y_px: np.ndarray,
                    size_px: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Azimuth (from the front, positive to the right) and altitude of frame pixels in a
    dome master: the inverse of `Fisheye.dome_direction_px`."""
    w, h = size_px
    dx = (np.asarray(x_px, float) - w / 2) / (w / 2)
    dy = (h / 2 - np.asarray(y_px, float)) / (w / 2)
    theta_deg = np.hypot(dx, dy) * projection.aperture_deg / 2
    phi_deg = np.degrees(np.arctan2(dy, dx))
    azimuth = (phi_deg + 90.0 + 180.0) % 360.0 - 180.0
    return azimuth, 90.0 - theta_deg


def in_dome_safe_area(projection: Fisheye, box: tuple[float, float, float, float],
                      size_px: tuple[int, int], margin_deg: float = 0.0) -> bool:
    """Whether a pixel box (left, top, right, bottom) lies inside the front-facing safe
    area, checked along its four edges."""
    left, top, right, bottom = box
    s = np.linspace(0.0, 1.0, 9)
    xs = np.concatenate([left + (right - left) * s, left + (right - left) * s,
                         np.full_like(s, left), np.full_like(s, right)])
    ys = np.concatenate([np.full_like(s, top), np.full_like(s, bottom),
                         top + (bottom - top) * s, top + (bottom - top) * s])
    az, alt = dome_az_alt_deg(projection, xs, ys, size_px)
    lo, hi = SAFE_ALTITUDE_DEG
    return bool(np.all(np.abs(az) <= SAFE_AZIMUTH_DEG - margin_deg)
                and np.all(alt >= lo + margin_deg) and np.all(alt <= hi - margin_deg))


def _laid_out(parts: list[_Part], scale: float, width_px: float, h: int
              ) -> list[tuple[_Part, str, int, float, float]]:
    """Each part wrapped: (part, text, font_px, width, height)."""
    out = []
    for p in parts:
        font = max(10, int(round(p.font_frac * h * scale)))
        text = wrap_text(p.text, font, width_px, p.bold)
        tw, th = measure_text(text, font, p.bold)
        out.append((p, text, font, tw, th))
    return out


def _stack(laid: list, left_of: callable, top_px: float, centred: bool = False  # noqa: ANN001
           ) -> list[tuple[int, TextItem]]:
    """The parts one under another from `top_px`, as (part index, item); in a centred block
    without backing each wrapped line is an item of its own, centred on its own."""
    items, y = [], top_px
    for k, (p, text, font, tw, th) in enumerate(laid):
        if k:
            y += _gap(font)
        lines = text.split("\n") if centred and p.backing == 0.0 else [text]
        if len(lines) == 1:
            items.append((k, TextItem(text, left_of(tw), y, font, p.colour, p.bold,
                                      p.backing * p.opacity, p.opacity)))
        else:  # the same line pitch as the block: split where VTK would break the lines
            pitch = th / len(lines)
            for n, line in enumerate(lines):
                lw, _ = measure_text(line, font, p.bold)
                items.append((k, TextItem(line, left_of(lw), y + n * pitch, font, p.colour,
                                          p.bold, 0.0, p.opacity)))
        y += th
    return items


def _items(pairs: list[tuple[int, TextItem]]) -> list[TextItem]:
    return [item for _, item in pairs]


def _gap(font_px: int) -> float:
    """Between two lines of a block: clear of both backing boxes, so the labels' layout
    (render/annotations.settle) sees no overlap and moves nothing."""
    return max(LINE_GAP * font_px, 2 * BACKING_PAD_PX + 3)


def _block_height(laid: list) -> float:
    return sum(th for *_, th in laid) + sum(_gap(font) for _, _, font, _, _ in laid[1:])


def _place_in_dome(parts: list[_Part], projection: Fisheye, size_px: tuple[int, int],
                   altitude_deg: float, width_frac: float) -> list[TextItem]:
    """A centred block in the dome's front safe area, its middle near `altitude_deg`: the
    widest wrap and the largest type that fit, checked edge by edge. The search runs once
    per block of text (a fade changes only the opacity)."""
    solid = tuple(replace(p, opacity=1.0) for p in parts)
    placed = _place_in_dome_solid(solid, projection, size_px, altitude_deg, width_frac)
    return [replace(item, opacity=parts[k].opacity,
                    backing=parts[k].backing * parts[k].opacity) for k, item in placed]


@lru_cache(maxsize=64)
def _place_in_dome_solid(parts: tuple[_Part, ...], projection: Fisheye,
                         size_px: tuple[int, int], altitude_deg: float, width_frac: float
                         ) -> tuple[tuple[int, TextItem], ...]:
    w, h = size_px
    cx = w / 2
    best: list[tuple[int, TextItem]] = []
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4):
        for frac in np.linspace(width_frac, 0.12, 8):
            laid = _laid_out(list(parts), scale, frac * w, h)
            height = _block_height(laid)
            # Try the middle at the wanted altitude, then nudged up and down.
            for shift in (0.0, 3.0, -3.0, 6.0, -6.0, 9.0, 12.0, -9.0, 15.0):
                _, y_mid = projection.dome_direction_px(0.0, altitude_deg + shift, size_px)
                best = _stack(laid, lambda tw: cx - tw / 2, y_mid - height / 2, True)
                if all(in_dome_safe_area(projection, _box(i), size_px, SAFE_MARGIN_DEG)
                       for _, i in best):
                    return tuple(best)
    return tuple(best)  # nothing fits even at the smallest size: as small as it gets


def _box(item: TextItem) -> tuple[float, float, float, float]:
    tw, th = measure_text(item.text, item.font_px, item.bold)
    pad = BACKING_PAD_PX if item.backing > 0 else 0
    return (item.left_px - pad, item.top_px - pad, item.left_px + tw + pad,
            item.top_px + th + pad)


def text_box(item: TextItem) -> tuple[float, float, float, float]:
    """The pixel box (left, top, right, bottom) a text item covers, its backing included."""
    return _box(item)


def _caption_parts(captions: tuple[VisibleCaption, ...], kind: str,
                   weight: float = 1.0) -> list[_Part]:
    title_f, text_f = CAPTION_FONTS[kind]
    parts: list[_Part] = []
    for cap in captions:
        opacity = cap.opacity * weight
        if opacity <= 0.0:
            continue
        if cap.title:
            parts.append(_Part(cap.title, title_f, True, opacity, CAPTION_COLOUR,
                               CAPTION_BACKING))
        if cap.text:
            parts.append(_Part(cap.text, text_f, False, opacity, CAPTION_TEXT_COLOUR,
                               CAPTION_BACKING))
    return parts


@dataclass(frozen=True)
class Subject:
    """Something on screen a caption should not hide: a disc in the frame (px). A body's
    disc may be partly covered at a cost in proportion; a point (Juno, a marker, with room
    for its label) is either hidden or not, and hiding one costs `POINT_COST`."""

    x_px: float
    y_px: float
    radius_px: float
    point: bool = False


POINT_COST = 10.0  # hiding Juno or a marker outweighs covering a whole box of a body's disc


def covered_fraction(box: tuple[float, float, float, float], subjects: tuple[Subject, ...]
                     ) -> float:
    """What a pixel box (left, top, right, bottom) hides: the fraction of it over the
    bodies' discs (from a grid of points across it), plus `POINT_COST` per point whose disc
    it touches."""
    left, top, right, bottom = box
    cost = 0.0
    bodies = [d for d in subjects if not d.point]
    if bodies:
        x, y = np.meshgrid(np.linspace(left, right, 24), np.linspace(top, bottom, 8))
        inside = np.zeros(x.shape, bool)
        for d in bodies:
            inside |= (x - d.x_px) ** 2 + (y - d.y_px) ** 2 <= d.radius_px ** 2
        cost += float(inside.mean())
    for d in subjects:
        if d.point:
            nx = min(max(d.x_px, left), right)
            ny = min(max(d.y_px, top), bottom)
            if (nx - d.x_px) ** 2 + (ny - d.y_px) ** 2 <= d.radius_px ** 2:
                cost += POINT_COST
    return cost


def _lower_third(parts: list[_Part], size_px: tuple[int, int], avoid: tuple[Subject, ...]
                 ) -> list[tuple[int, TextItem]]:
    """A perspective caption block: bottom left, else the corner and the wrap width (widest
    first) that hide least of the subjects; ties keep the earlier (bottom left, bottom right,
    top left, top right)."""
    w, h = size_px
    margin_x, margin_y = 0.05 * w, 0.07 * h
    best: list[tuple[int, TextItem]] = []
    best_cost = None
    for width_frac in CAPTION_WRAPS:
        laid = _laid_out(parts, 1.0, width_frac * w, h)
        height = _block_height(laid)
        width = max(tw for _, _, _, tw, _ in laid) + 2 * BACKING_PAD_PX
        for left, top in ((margin_x, h - margin_y - height),
                          (w - margin_x - width, h - margin_y - height),
                          (margin_x, margin_y), (w - margin_x - width, margin_y)):
            cost = covered_fraction((left - BACKING_PAD_PX, top - BACKING_PAD_PX,
                                     left + width, top + height + BACKING_PAD_PX), avoid) \
                if avoid else 0.0
            if best_cost is None or cost < best_cost - 1e-9:
                best = _stack(laid, lambda tw, x=left: x, top)
                best_cost = cost
            if cost == 0.0:
                return best
    return best


def caption_items(captions: tuple[VisibleCaption, ...], projection: Projection,
                  size_px: tuple[int, int], weight: float = 1.0,
                  avoid: tuple[Subject, ...] = ()) -> list[TextItem]:
    """The visible captions (each a title and a short text) as text items for the frame; a
    perspective frame's captions keep clear of the subjects in `avoid` where a corner and a
    narrower wrap allow."""
    parts = _caption_parts(captions, projection.name, weight)
    if not parts:
        return []
    w, h = size_px
    if isinstance(projection, Fisheye):
        return _place_in_dome(parts, projection, size_px, DOME_CAPTION_ALTITUDE_DEG,
                              CAPTION_WIDTH["fisheye"])
    if isinstance(projection, Equirect):  # centred, below the middle (the view's horizon)
        laid = _laid_out(parts, 1.0, CAPTION_WIDTH[projection.name] * w, h)
        return _items(_stack(laid, lambda tw: w / 2 - tw / 2, h / 2 + 0.07 * h, True))
    return _items(_lower_third(parts, size_px, avoid))


def credits_items(lines: tuple[str, ...], opacity: float, projection: Projection,
                  size_px: tuple[int, int]) -> list[TextItem]:
    """The closing credits, centred (in a dome: in the front safe area); the first line is
    the heading."""
    if not lines or opacity <= 0.0:
        return []
    head_f, line_f = CREDITS_FONTS[projection.name]
    parts = [_Part(line, head_f if k == 0 else line_f, k == 0, opacity, CREDITS_COLOUR)
             for k, line in enumerate(lines)]
    w, h = size_px
    if isinstance(projection, Fisheye):
        return _place_in_dome(parts, projection, size_px, DOME_CREDITS_ALTITUDE_DEG,
                              CREDITS_WIDTH["fisheye"])
    laid = _laid_out(parts, 1.0, CREDITS_WIDTH[projection.name] * w, h)
    height = _block_height(laid)
    if isinstance(projection, Equirect):
        return _items(_stack(laid, lambda tw: w / 2 - tw / 2, h / 2 + 0.05 * h, True))
    return _items(_stack(laid, lambda tw: w / 2 - tw / 2, (h - height) / 2, True))
