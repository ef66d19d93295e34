"""Exposure: how much the light a surface receives is amplified for display.

A fixed exposure is given in stops (gain 2^EV). The automatic exposure meters what the
camera sees, like a camera's: it casts a grid of rays through the frame, finds the globes
they hit, computes the light at each hit (sunlight by Lambert's law, plus Jupitershine on
the moons: scene/lighting.py), and sets the gain so that the brighter part of what is in
view (the 90th percentile) reads as a mid-to-bright surface. A sunlit surface in view keeps
the gain at 1; a view of night sides lit only by Jupiter gets up to MAX_AUTO_GAIN, and the
frame says so (`exposure_note`). Eclipses are left out of the metering. Pure numpy, a
function of the state and the camera only: every output gets the same gain for a frame.
"""

from __future__ import annotations

import math

import numpy as np

from perijove.core.bodies import BODIES
from perijove.scene.lighting import jupitershine

METER_TARGET = 0.55  # the metered light level shown at about this fraction of full white
MAX_AUTO_GAIN = 256.0  # 8 stops: enough for Europa's night side (Jupitershine 0.6% of sunlight)
EV_RANGE = (-10.0, 10.0)
METER_GRID = (48, 27)


def check_exposure_ev(value: float) -> float:
    lo, hi = EV_RANGE
    if not (isinstance(value, int | float) and math.isfinite(value) and lo <= value <= hi):
        raise ValueError(f"--exposure {value:g} is outside {lo:g} to {hi:g} stops; give a "
                         "number of stops or 'auto'")
    return float(value)


def metered_light(state, camera, size_px: tuple[int, int]) -> np.ndarray:  # noqa: ANN001
    """The light (relative to full sunlight at normal incidence) at every globe surface hit by
    a grid of rays through the frame; empty when no globe is in view."""
    w, h = size_px
    gx, gy = METER_GRID
    xs = (np.arange(gx) + 0.5) / gx * w
    ys = (np.arange(gy) + 0.5) / gy * h
    px = np.array([(x, y) for y in ys for x in xs])
    d_cam, valid = camera.projection.backward(px, size_px)
    rays = d_cam[valid] @ camera.basis().T  # world directions
    eye = np.asarray(camera.position_km, float)
    best_t = np.full(len(rays), np.inf)
    light = np.zeros(len(rays))
    for key, body in state.bodies.items():
        if key in camera.hidden:
            continue
        radius = BODIES[key].mean_radius_km
        oc = body.position_km - eye
        along = rays @ oc
        miss2 = float(oc @ oc) - along ** 2
        hit = (along > 0) & (miss2 < radius ** 2)
        t = along - np.sqrt(np.maximum(radius ** 2 - miss2, 0.0))
        nearer = hit & (t < best_t) & (t > 0)
        if not nearer.any():
            continue
        points = eye + rays[nearer] * t[nearer, None]
        normals = (points - body.position_km) / radius
        lit = np.maximum(normals @ state.sun_direction, 0.0)
        direction, level = jupitershine(state, key)
        lit = lit + level * np.maximum(normals @ direction, 0.0)
        best_t[nearer] = t[nearer]
        light[nearer] = lit
    return light[np.isfinite(best_t)]


def auto_gain(state, camera, size_px: tuple[int, int]) -> float:  # noqa: ANN001
    light = metered_light(state, camera, size_px)
    if light.size < 0.01 * METER_GRID[0] * METER_GRID[1]:
        return 1.0  # little or no surface in view: nothing to meter
    key = float(np.percentile(light, 90))
    if key <= 0.0:
        return MAX_AUTO_GAIN
    return float(np.clip(METER_TARGET / key, 1.0, MAX_AUTO_GAIN))


def exposure_gain(state, camera, size_px: tuple[int, int], exposure_ev: float | None  # noqa: ANN001
                  ) -> float:
    """The gain for a frame: 2^EV when given, else the automatic one."""
    if exposure_ev is not None:
        return 2.0 ** exposure_ev
    return auto_gain(state, camera, size_px)


def exposure_note(gain: float, automatic: bool) -> str:
    """What the frame says about a long exposure (empty when there is nothing to say)."""
    if gain < 1.5:
        return ""
    stops = math.log2(gain)
    if automatic:
        return (f"Exposure +{stops:.1f} stops (automatic): the sunlit side is out of view; "
                "night sides are lit by Jupiter")
    return f"Exposure +{stops:.1f} stops"
