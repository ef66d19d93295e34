"""The Galilean moons from Lieske's E5-based L1.2 theory via astronomy-engine.

astronomy-engine's JupiterMoons gives Jupiter-centred J2000 equatorial (EQJ = ICRF axes to
within 0.02 arcsec) states in AU and AU/day. Accuracy is about 100 km against JPL's jup365
(measured in this project's tests against the jup310 excerpt kernel).
"""

from __future__ import annotations

from collections import OrderedDict

import astronomy
import numpy as np

from perijove.core.bodies import AU_KM

ANALYTIC_CREDIT = "L1.2 analytic theory (Lieske 1998) via astronomy-engine (Don Cross)"
_SECONDS_PER_DAY = 86400.0


MOON_NAMES = ("io", "europa", "ganymede", "callisto")  # the order of the theory's output
_CACHE: OrderedDict[bytes, np.ndarray] = OrderedDict()
_CACHE_SIZE = 8


def _all_states(t: np.ndarray) -> np.ndarray:
    """(4, n, 6) states of all four moons: one theory evaluation per time gives all four.

    The last few time arrays are cached: a trail, the barycentre offset and a moon's own
    position often ask for the same times in a row.
    """
    key = t.tobytes()
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    out = np.empty((4, t.size, 6))
    for i, ti in enumerate(t):
        # TT - TDB is under 2 ms: far below this theory's accuracy.
        info = astronomy.JupiterMoons(astronomy.Time.FromTerrestrialTime(ti / 86400.0))
        for k, sv in enumerate((info.io, info.europa, info.ganymede, info.callisto)):
            out[k, i] = sv.x, sv.y, sv.z, sv.vx, sv.vy, sv.vz
    out[..., :3] *= AU_KM
    out[..., 3:] *= AU_KM / _SECONDS_PER_DAY
    _CACHE[key] = out
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def state_from_jupiter_km(name: str, t_tdb_s: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions (n,3) km, velocities (n,3) km/s) of a Galilean moon from Jupiter's centre."""
    if name not in MOON_NAMES:
        raise KeyError(name)
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
    states = _all_states(t)[MOON_NAMES.index(name)]
    return states[:, :3].copy(), states[:, 3:].copy()




def all_moon_states_from_jupiter_km(t_tdb_s: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """All four moons' (position (3,) km, velocity (3,) km/s) at one time, in one (cached)
    theory evaluation."""
    states = _all_states(np.array([float(t_tdb_s)]))
    return {n: (states[k, 0, :3].copy(), states[k, 0, 3:].copy())
            for k, n in enumerate(MOON_NAMES)}
