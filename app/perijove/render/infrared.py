"""Io in infrared: a dark, cool surface with its hot spots glowing by power, and the legend.

The surface: in the infrared view Io's globe ignores sunlight (a thermal view shows what the
ground emits, not what it reflects) and shows its map as a dim grey-red: the map's luminance
scaled into SURFACE_TINT, so paterae and flows stay recognisable but nothing outshines a
hot spot. It is a fragment-shader step added to Io's globe after its texture is applied
(`install`); the `infraredOn` uniform switches it without recompiling.

The hot spots' scale (their size on the ground is on it in both views; colour and brightness in
the infrared view, where the ordinary view's markers are a plain incandescent orange):
- s = (log10(P / 1 GW) - 1) / 4, clipped to 0..1: 10 GW -> 0, 100 TW (1e5 GW) -> 1. A log scale
  because catalogued powers span four orders of magnitude, from a lava lake's tens of GW to
  the ~80 TW of Surt's 2001 outburst (assets/io_hotspots.csv); a linear scale would show one
  spot and nothing else.
- colour: the sRGB colour of a black body (Planck's law through the CIE 1931 observer,
  catalogs/star_colour.py) at a temperature rising linearly with s from 900 K (deep red) to
  4500 K (yellow-white). A black-body ramp because it is how incandescent things look, so "whiter is
  more powerful" reads without a legend; the temperature is a display scale, not the lava's.
- brightness: 0.3 + 0.7 s (a multiplier on that colour), so the peak brightness of a spot,
  and its size (`glow_radius_km`), increase with its power.
Rows with no total power (a spectral value only, e.g. JWST's 4.3-um intensity of V1) are
never put on this scale: they are drawn grey (NO_POWER_RGB) and small.
"""

from __future__ import annotations

import math

import numpy as np
from vtkmodules.vtkRenderingCore import vtkActor

from perijove.catalogs.star_colour import blackbody_linear_srgb, srgb_encode
from perijove.render.overlay2d import BACKING_PAD_PX, RingItem, TextItem, measure_text

POWER_RANGE_GW = (10.0, 1.0e5)
TEMPERATURE_RANGE_K = (900.0, 4500.0)
BRIGHTNESS_RANGE = (0.3, 1.0)
NO_POWER_RGB = (0.62, 0.62, 0.62)
SURFACE_TINT = (0.30, 0.11, 0.08)  # the brightest map pixel in the infrared view (sRGB)
RADIUS_RANGE_KM = (20.0, 90.0)  # glow radius at 10 GW and at 100 TW
NO_POWER_RADIUS_KM = 16.0

LEGEND_POWERS_GW = (10.0, 100.0, 1.0e3, 1.0e4, 1.0e5)
LEGEND_TITLE = "Io in infrared: hot spots by radiant power"
LEGEND_NOTE = "catalogue values of different years (log scale)"
NO_POWER_TEXT = "no total power published"
SWATCH_INDENT = " " * 7


def power_fraction(power_gw: float | np.ndarray) -> np.ndarray:
    """Where a power sits on the scale: 0 at 10 GW (or less), 1 at 100 TW (or more)."""
    lo, hi = (math.log10(p) for p in POWER_RANGE_GW)
    p = np.maximum(np.asarray(power_gw, float), 1e-9)
    return np.clip((np.log10(p) - lo) / (hi - lo), 0.0, 1.0)


def glow_colour(power_gw: float | None) -> tuple[float, float, float]:
    """Display (sRGB, 0..1) colour of a hot spot of `power_gw` in the infrared view: the
    black-body colour of its place on the scale times its brightness."""
    if power_gw is None:
        return NO_POWER_RGB
    s = float(power_fraction(power_gw))
    t_lo, t_hi = TEMPERATURE_RANGE_K
    rgb = srgb_encode(blackbody_linear_srgb(t_lo + s * (t_hi - t_lo))[0])
    b_lo, b_hi = BRIGHTNESS_RANGE
    rgb = rgb * (b_lo + s * (b_hi - b_lo))
    return tuple(float(c) for c in np.clip(rgb, 0.0, 1.0))


def glow_radius_km(power_gw: float | None) -> float:
    """The glow's radius on the ground: grows with log power (a display scale)."""
    if power_gw is None:
        return NO_POWER_RADIUS_KM
    lo, hi = RADIUS_RANGE_KM
    return lo + float(power_fraction(power_gw)) * (hi - lo)


def power_text(power_gw: float) -> str:
    """'10 GW', '1 TW', '100 TW': the legend's units."""
    if power_gw >= 1000.0:
        return f"{power_gw / 1000.0:g} TW"
    return f"{power_gw:g} GW"


# ---- the surface ---------------------------------------------------------------------------
_FS_TCOORD = """//VTK::TCoord::Impl
  if (infraredOn == 1) {
    // Thermal view (render/infrared.py): the map's luminance in a dim grey-red, unlit.
    float mapLuminance = dot(tcolor.rgb, vec3(0.2126, 0.7152, 0.0722));
    fragOutput0.rgb = infraredTint * (0.25 + 0.75 * mapLuminance);
  }
"""


def install(actor: vtkActor) -> None:
    """Add the infrared step to a textured globe's fragment shader (off until `update`)."""
    sp = actor.GetShaderProperty()
    sp.AddFragmentShaderReplacement("//VTK::TCoord::Impl", True, _FS_TCOORD, False)
    update(actor, False)


def update(actor: vtkActor, on: bool) -> None:
    fu = actor.GetShaderProperty().GetFragmentCustomUniforms()
    fu.SetUniformi("infraredOn", 1 if on else 0)
    fu.SetUniform3f("infraredTint", [float(c) for c in SURFACE_TINT])


# ---- the legend ----------------------------------------------------------------------------
def _legend_font_px(height_px: int) -> int:
    return max(11, int(round(height_px / 55)))


def _swatch_radius_px(line_h: float, power_gw: float) -> float:
    return line_h * (0.18 + 0.24 * float(power_fraction(power_gw)))


def legend_texts(camera, size_px: tuple[int, int]) -> list[TextItem]:  # noqa: ANN001
    """The legend: a bold title, then one block of lines (the note, one line per power step
    with room for its swatch on the left), at the bottom right of a perspective or 360 frame
    and at the front of a dome."""
    w, h = size_px
    font = _legend_font_px(h)
    body = "\n".join([LEGEND_NOTE] + [SWATCH_INDENT + power_text(p)
                                      for p in reversed(LEGEND_POWERS_GW)]
                     + [SWATCH_INDENT + NO_POWER_TEXT])
    title_w, title_h = measure_text(LEGEND_TITLE, font, True)
    body_w, body_h = measure_text(body, font, False)
    gap = 2 * BACKING_PAD_PX + 2
    block_w, block_h = max(title_w, body_w), title_h + gap + body_h
    if camera.projection.name == "fisheye":
        x, y = camera.projection.dome_direction_px(35.0, 22.0, size_px)
        left, top = x - block_w / 2, y - block_h / 2
    else:
        left, top = w - block_w - 12, h - block_h - 12
    return [TextItem(LEGEND_TITLE, left, top, font, (1.0, 0.86, 0.7), bold=True, backing=0.5),
            TextItem(body, left, top + title_h + gap, font, (0.9, 0.88, 0.84), bold=False,
                     backing=0.5)]


def legend_swatches(texts: list[TextItem]) -> list[RingItem]:
    """Filled discs (concentric rings) left of each power line of the legend, wherever the
    layout finally put the legend: the hot spots' own colour and relative size."""
    rings = []
    steps = {power_text(p): p for p in LEGEND_POWERS_GW}
    for item in texts:
        lines = item.text.split("\n")
        if not lines or lines[0] != LEGEND_NOTE:
            continue
        _, block_h = measure_text(item.text, item.font_px, item.bold)
        line_h = block_h / len(lines)
        for i, line in enumerate(lines):
            label = line.strip()
            if label in steps:
                power, colour = steps[label], glow_colour(steps[label])
            elif label == NO_POWER_TEXT:
                power, colour = POWER_RANGE_GW[0], NO_POWER_RGB
            else:
                continue
            centre = (item.left_px + 0.8 * item.font_px, item.top_px + (i + 0.5) * line_h)
            r = _swatch_radius_px(line_h, power)
            while r > 0.4:
                rings.append(RingItem(centre, r, colour))
                r -= 0.5
    return rings
