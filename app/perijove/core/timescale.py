"""UTC <-> TDB conversion. Times inside Perijove are TDB seconds past J2000 (= SPICE ET).

skyfield's built-in timescale (leap seconds and Delta T shipped inside skyfield) is used so
that nothing is ever downloaded. A time written with second 60 is accepted only at the end of
a UTC day that skyfield's built-in leap-second table (IERS Bulletin C, shipped with skyfield)
ends with a leap second.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, timedelta
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
    leap_slot = (hour, minute) == (23, 59)  # second 60 exists only as 23:59:60
    if not (hour < 24 and minute < 60 and (second < 60 or (leap_slot and second < 61))):
        raise TimeFormatError(f"'{text}' has an hour, minute or second out of range")
    if not 1600 <= year <= 2500:
        raise TimeFormatError(f"'{text}' is outside the years 1600-2500 that Perijove handles")
    if second >= 60 and not is_leap_second_day(year, month, day):
        raise TimeFormatError(
            f"'{text}' names second 60, but no leap second was added at the end of "
            f"{year:04d}-{month:02d}-{day:02d} UTC (IERS); use 59 or the next day's 00:00:00")
    t = timescale().utc(year, month, day, hour, minute, second)
    return tdb_seconds(t)


@lru_cache(maxsize=1)
def _leap_second_day_ends() -> frozenset[float]:
    """Julian dates (UTC midnights) at which a positive leap second ended the day before."""
    ts = timescale()
    dates, offsets = np.asarray(ts.leap_dates), np.asarray(ts.leap_offsets)
    # Each entry is where TAI-UTC steps to a new value; only a step of exactly +1 s is a leap
    # second (23:59:60). TAI-UTC was 10 s from 1972-01-01, with no 23:59:60 before it (IERS
    # Leap_Second.dat); skyfield 1.55's table starts at 1972-07-01 (11 s) and ends 2017-01-01.
    steps = np.diff(offsets, prepend=10.0)
    return frozenset(float(jd) for jd, step in zip(dates, steps, strict=True) if step == 1.0)


def is_leap_second_day(year: int, month: int, day: int) -> bool:
    """Whether the UTC day ended with a leap second, 23:59:60 (skyfield's built-in table)."""
    after = date(year, month, day) + timedelta(days=1)
    jd_midnight = after.toordinal() + 1721424.5  # proleptic Gregorian ordinal 1 = JD 1721425.5
    return jd_midnight in _leap_second_day_ends()


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

