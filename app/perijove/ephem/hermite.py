"""Cubic Hermite interpolation of ephemeris states: positions between sample times from the
positions and velocities at those times.

Used where a curve needs many points but each ephemeris call is costly (an orbit line needs
hundreds of points, and the analytic theory takes about 0.2 ms a call). Between samples
spaced h apart along a near-circular orbit of radius r, the error is about r (w h)^4 / 384
(w: angular rate), e.g. 0.13 km for 60 samples around Io's orbit, 0.6 km around Callisto's
(semi-major axes 421,800 and 1,882,700 km: JPL Solar System Dynamics, planetary satellite
mean elements; the bound is the cubic Hermite remainder, h^4/384 times the fourth
derivative).
"""

from __future__ import annotations

import numpy as np


def hermite_positions_km(t_s: np.ndarray, positions_km: np.ndarray,
                         velocities_km_s: np.ndarray, t_out_s: np.ndarray) -> np.ndarray:
    """(m,3) positions at `t_out_s` from (n,3) positions and velocities at increasing `t_s`.

    Every output time must lie within [t_s[0], t_s[-1]].
    """
    t = np.asarray(t_s, float)
    out_t = np.asarray(t_out_s, float)
    if out_t.size and (out_t.min() < t[0] or out_t.max() > t[-1]):
        raise ValueError("output times must lie within the sample times")
    j = np.clip(np.searchsorted(t, out_t, side="right") - 1, 0, t.size - 2)
    h = (t[j + 1] - t[j])[:, None]
    s = ((out_t - t[j]) / h[:, 0])[:, None]
    s2, s3 = s * s, s * s * s
    p0, p1 = positions_km[j], positions_km[j + 1]
    m0, m1 = velocities_km_s[j] * h, velocities_km_s[j + 1] * h
    return ((2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * m0
            + (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * m1)
