"""UTC <-> TDB conversion. Times inside Perijove are TDB seconds past J2000 (= SPICE ET).

skyfield's built-in timescale (leap seconds and Delta T shipped inside skyfield) is used so
that nothing is ever downloaded.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from functools import lru_cache

import numpy as np

J2000_JD = 2451545.0  # Julian date of J2000.0 (TDB), IAU 1976/IERS Conventions 2010
SECONDS_PER_DAY = 86400.0

_ISO_UTC = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?\s*(Z|z|UTC|\+00:?00)?\s*$"
)


class TimeFormatError(ValueError):
    """A time string a user gave that is not ISO 8601 UTC."""


@lru_cache(maxsize=1)
def timescale():  # noqa: ANN201 - skyfield Timescale
    from skyfield.api import load

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the built-in table's "expired" notice is harmless here
        return load.timescale(builtin=True)


def parse_utc(text: str) -> float:
    """Parse ISO 8601 UTC (`2023-12-30T08:36:00Z`, seconds and `Z` optional) to TDB seconds."""
    m = _ISO_UTC.match(text)
    if not m:
        raise TimeFormatError(
            f"'{text}' is not an ISO 8601 UTC time; write it like 2023-12-30T08:36:00Z"
        )
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    hour = int(m[4] or 0)
    minute = int(m[5] or 0)
    second = float(m[6] or 0.0)
    try:
        date(year, month, day)
    except ValueError:
        raise TimeFormatError(f"'{text}' is not a calendar date (check the month and day)") \
            from None
    # Second 60 exists only in a leap second, at the end of June or December (IERS).
    leap_slot = (month, day, hour, minute) in ((6, 30, 23, 59), (12, 31, 23, 59))
    if not (hour < 24 and minute < 60 and (second < 60 or (leap_slot and second < 61))):
        raise TimeFormatError(f"'{text}' has an hour, minute or second out of range")
    if not 1600 <= year <= 2500:
        raise TimeFormatError(f"'{text}' is outside the years 1600-2500 that Perijove handles")
    t = timescale().utc(year, month, day, hour, minute, second)
    return tdb_seconds(t)


def tdb_seconds(t) -> float | np.ndarray:  # noqa: ANN001 - skyfield Time
    """TDB seconds past J2000 of a skyfield Time, keeping its two-part precision."""
    return (t.whole - J2000_JD) * SECONDS_PER_DAY + t.tdb_fraction * SECONDS_PER_DAY


def skyfield_time(t_tdb_s: float | np.ndarray):  # noqa: ANN201
    """A skyfield Time for TDB seconds past J2000 (scalar or array)."""
    t = np.asarray(t_tdb_s, dtype=float)
    days = np.floor(t / SECONDS_PER_DAY)
    frac = (t - days * SECONDS_PER_DAY) / SECONDS_PER_DAY
    return timescale().tdb_jd(J2000_JD + days, frac)


def format_utc(t_tdb_s: float, places: int = 0) -> str:
    """ISO 8601 UTC with a trailing Z, e.g. 2023-12-30T08:36:00Z."""
    return skyfield_time(t_tdb_s).utc_iso(places=places)


def format_utc_many(t_tdb_s: np.ndarray, places: int = 0) -> list[str]:
    return list(skyfield_time(np.asarray(t_tdb_s, dtype=float)).utc_iso(places=places))

