"""Light on the moons besides the Sun: Jupitershine, the sunlight Jupiter reflects onto them.

Jupiter seen from a moon at distance r (centre to centre) is a disc of radius R_J / r lit
at phase angle alpha (the angle Sun-Jupiter-moon). The illuminance it gives a surface facing
it, relative to direct sunlight at the same distance from the Sun, is

    E_J / E_sun = p * (R_J / r)^2 * Phi(alpha)

with p Jupiter's geometric albedo and Phi its phase function (this is the definition of
geometric albedo: brightness at full phase relative to a flat Lambert disc of the same
size, times the phase law). Values:
- p = 0.538, Jupiter's geometric albedo in the V band: Mallama, Krobusek & Pavlov (2017),
  Icarus 282, 19-33.
- Phi(alpha) for a Lambert sphere: (sin a + (pi - a) cos a) / pi (Russell 1916, ApJ 43,
  173); Jupiter's measured phase curve is close to it at the angles that matter here.
- R_J = 71,492 km (core/bodies.py). At Io (r = 421,700 km) a full Jupiter gives 1.55% of
  sunlight; at Callisto 0.08%: night sides are faint, which is why views that show them
  need the exposure of scene/exposure.py.
"""

from __future__ import annotations

import math

import numpy as np

from perijove.core.bodies import JUPITER

JUPITER_GEOMETRIC_ALBEDO_V = 0.538  # Mallama, Krobusek & Pavlov (2017), Icarus 282, 19-33


def lambert_phase(alpha_rad: float | np.ndarray) -> float | np.ndarray:
    """A Lambert sphere's brightness at phase angle alpha relative to full phase (Russell
    1916)."""
    a = np.clip(alpha_rad, 0.0, math.pi)
    return (np.sin(a) + (math.pi - a) * np.cos(a)) / math.pi


def jupitershine(state, body: str) -> tuple[np.ndarray, float]:  # noqa: ANN001 - SceneState
    """(unit direction from the body toward Jupiter, illuminance relative to sunlight) for a
    moon; (zeros, 0) for Jupiter itself."""
    if body == "jupiter" or body not in state.bodies:
        return np.zeros(3), 0.0
    rel = state.bodies["jupiter"].position_km - state.bodies[body].position_km
    r = float(np.linalg.norm(rel))
    to_jupiter = rel / r
    # Phase angle at Jupiter between the Sun and the moon.
    alpha = math.acos(float(np.clip(np.dot(state.sun_direction, -to_jupiter), -1.0, 1.0)))
    level = JUPITER_GEOMETRIC_ALBEDO_V * (JUPITER.radii_km[0] / r) ** 2 * float(
        lambert_phase(alpha))
    return to_jupiter, level
