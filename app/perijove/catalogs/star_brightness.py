"""How bright each star is drawn: V magnitude, limiting magnitude and exposure -> display level.

The mapping is that of a linear camera whose pixel values are then sRGB-encoded for display:

- Relative flux F = 10^(-0.4 V) (perijove.catalogs.photometry.relative_flux).
- Gain g = L_faint * 10^(0.4 m_lim) * 2^EV, where m_lim is the limiting magnitude (the faintest
  star drawn) and EV the exposure in photographic stops. L_faint = 0.01 is the linear level of a
  star at the limit with EV = 0: about 0.10 (26/255) once sRGB-encoded, just visible on a black
  sky.
- Linear display intensity I = min(1, g F) for V <= m_lim, and 0 (not drawn) for fainter stars.
  At EV = 0 the linear range spans exactly 5 magnitudes (a factor 100): stars brighter than
  m_lim - 5 are saturated, as in a photograph.
- Point area scale A = max(1, g F): a saturated star's light goes into a larger disc (area
  proportional to flux, so the total light drawn stays proportional to flux). The renderer may
  cap it.

The renderer multiplies the star's colour (perijove.catalogs.star_colour.star_colours_linear) by
I in linear light and sRGB-encodes the result (or lets the GPU's sRGB framebuffer do it).

Allowed values: limiting magnitude 0 to 12 (the Hipparcos catalogue reaches about V = 12.5 and is
complete to V = 7.3-9; a limit brighter than 0 would draw three stars); exposure -10 to +10 EV.
Anything else raises ValueError with one sentence naming the value (the CLI turns it into exit
status 2).
"""

from __future__ import annotations

import math

import numpy as np

from perijove.catalogs.photometry import relative_flux

LIMITING_MAG_RANGE = (0.0, 12.0)
EXPOSURE_EV_RANGE = (-10.0, 10.0)
FAINTEST_LINEAR_LEVEL = 0.01  # sRGB-encoded: 1.055 * 0.01^(1/2.4) - 0.055 = 0.0998


def _checked(value: float, what: str, bounds: tuple[float, float], unit: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} {value!r} is not a number; use a value from "
                         f"{bounds[0]:g} to {bounds[1]:g}{unit}") from None
    if not math.isfinite(x) or not bounds[0] <= x <= bounds[1]:
        raise ValueError(f"{what} {value!r} is out of range; use a value from "
                         f"{bounds[0]:g} to {bounds[1]:g}{unit}")
    return x


def check_limiting_magnitude(limiting_mag: float) -> float:
    """The limiting magnitude as a float; ValueError (one sentence) if outside 0..12."""
    return _checked(limiting_mag, "limiting magnitude", LIMITING_MAG_RANGE, "")


def check_exposure_ev(exposure_ev: float) -> float:
    """The exposure in stops as a float; ValueError (one sentence) if outside -10..+10."""
    return _checked(exposure_ev, "exposure", EXPOSURE_EV_RANGE, " EV")


def display_gain(limiting_mag: float, exposure_ev: float = 0.0) -> float:
    """g = L_faint * 10^(0.4 m_lim) * 2^EV: the linear level per unit relative flux."""
    m = check_limiting_magnitude(limiting_mag)
    ev = check_exposure_ev(exposure_ev)
    return FAINTEST_LINEAR_LEVEL * 10.0 ** (0.4 * m) * 2.0 ** ev


def display_intensity(v_mag: np.ndarray, limiting_mag: float,
                      exposure_ev: float = 0.0) -> np.ndarray:
    """Linear display intensity in [0, 1] (float32) per star; 0 for stars fainter than the
    limit."""
    g = display_gain(limiting_mag, exposure_ev)
    v = np.asarray(v_mag, dtype=np.float64)
    level = np.minimum(1.0, g * relative_flux(v))
    return np.where(v <= limiting_mag, level, 0.0).astype(np.float32)


def point_area_scale(v_mag: np.ndarray, limiting_mag: float,
                     exposure_ev: float = 0.0) -> np.ndarray:
    """max(1, g F) per star (float32): how many times the base point area a saturated star
    covers, so that the light drawn stays proportional to its flux."""
    g = display_gain(limiting_mag, exposure_ev)
    return np.maximum(1.0, g * relative_flux(v_mag)).astype(np.float32)
