"""The Sun and Earth relative to the Jupiter-system barycentre, from JPL DE421.

DE421 (Folkner et al. 2008, JPL IOM 343R-08-003) ships inside the skyfield-data package,
so this never touches the network.
"""

from __future__ import annotations

import atexit
from functools import lru_cache

import numpy as np

from perijove.core.timescale import skyfield_time
from perijove.ephem import EphemerisError

DE421_CREDIT = "JPL DE421 planetary ephemeris (Folkner et al. 2008), via skyfield-data"
# DE421's span, JD 2414864.5 to 2471184.5 (Folkner et al. 2008): 1899-07-29 to 2053-10-09.
DE421_START_TDB_S = (2414864.5 - 2451545.0) * 86400.0
DE421_END_TDB_S = (2471184.5 - 2451545.0) * 86400.0
DE421_RANGE_MESSAGE = ("that time is outside DE421's span (1899-07-29 to 2053-10-09), which "
                       "Perijove uses for the Sun and Jupiter; choose a time inside it")


@lru_cache(maxsize=1)
def _de421():  # noqa: ANN202
    import warnings

    from skyfield.api import Loader

    with warnings.catch_warnings():
        # skyfield-data warns that its IERS table has expired; Perijove uses skyfield's
        # built-in timescale instead, so the warning does not apply.
        warnings.simplefilter("ignore", RuntimeWarning)
        import skyfield_data

        path = skyfield_data.get_skyfield_data_path()
    kernel = Loader(path, expire=False, verbose=False)("de421.bsp")
    atexit.register(kernel.close)
    return kernel


def state_from_jupiter_barycenter_km(
    name: str, t_tdb_s: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(positions (n,3) km, velocities (n,3) km/s) of 'sun' or 'earth' from body 5."""
    from skyfield.errors import EphemerisRangeError

    eph = _de421()
    target = {"sun": "sun", "earth": "earth"}[name]
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
    if not np.all((t >= DE421_START_TDB_S) & (t <= DE421_END_TDB_S)):
        raise EphemerisError(DE421_RANGE_MESSAGE)
    try:
        vec = (eph[target] - eph["jupiter barycenter"]).at(skyfield_time(t))
    except EphemerisRangeError:
        raise EphemerisError(DE421_RANGE_MESSAGE) from None
    return vec.position.km.T.reshape(-1, 3), vec.velocity.km_per_s.T.reshape(-1, 3)
