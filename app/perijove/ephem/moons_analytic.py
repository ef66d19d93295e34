"""The Galilean moons from Lieske's E5-based L1.2 theory via astronomy-engine.

astronomy-engine's JupiterMoons gives Jupiter-centred J2000 equatorial (EQJ = ICRF axes to
within 0.02 arcsec) states in AU and AU/day. Accuracy is about 100 km against JPL's jup365
(measured in this project's tests against the jup310 excerpt kernel).
"""

from __future__ import annotations

import astronomy
import numpy as np

from perijove.core.bodies import AU_KM

ANALYTIC_CREDIT = "L1.2 analytic theory (Lieske 1998) via astronomy-engine (Don Cross)"
_SECONDS_PER_DAY = 86400.0


def state_from_jupiter_km(name: str, t_tdb_s: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions (n,3) km, velocities (n,3) km/s) of a Galilean moon from Jupiter's centre."""
    if name not in ("io", "europa", "ganymede", "callisto"):
        raise KeyError(name)
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
    pos = np.empty((t.size, 3))
    vel = np.empty((t.size, 3))
    for i, ti in enumerate(t):
        # TT - TDB is under 2 ms: far below this theory's accuracy.
        sv = getattr(astronomy.JupiterMoons(astronomy.Time.FromTerrestrialTime(ti / 86400.0)), name)
        pos[i] = sv.x, sv.y, sv.z
        vel[i] = sv.vx, sv.vy, sv.vz
    return pos * AU_KM, vel * (AU_KM / _SECONDS_PER_DAY)


def all_moons_from_jupiter_km(t_tdb_s: float) -> dict[str, np.ndarray]:
    """All four moons' positions (3,) km at one time, in one theory evaluation."""
    info = astronomy.JupiterMoons(astronomy.Time.FromTerrestrialTime(t_tdb_s / 86400.0))
    return {
        n: np.array([getattr(info, n).x, getattr(info, n).y, getattr(info, n).z]) * AU_KM
        for n in ("io", "europa", "ganymede", "callisto")
    }
