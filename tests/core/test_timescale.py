from __future__ import annotations

import pytest

from perijove.core.timescale import TimeFormatError, format_utc, parse_utc


def test_tdb_minus_utc_in_2023_is_leap_seconds_plus_32_184() -> None:
    # TAI-UTC = 37 s since 2017-01-01 (IERS Bulletin C 52); TT-TAI = 32.184 s (IAU 1991);
    # TDB-TT is under 1.7 ms (Fairhead & Bretagnon 1990). J2000 = 2000-01-01T12:00:00 TDB.
    from datetime import datetime

    t = parse_utc("2023-12-30T08:36:00Z")
    # Python's datetime counts no leap seconds: this is UTC seconds as if none existed.
    utc_seconds_since_j2000 = (
        datetime(2023, 12, 30, 8, 36) - datetime(2000, 1, 1, 12)
    ).total_seconds()
    assert t - utc_seconds_since_j2000 == pytest.approx(69.184, abs=0.002)


def test_round_trip_and_forms() -> None:
    t = parse_utc("2022-09-29T09:36:29Z")
    assert format_utc(t) == "2022-09-29T09:36:29Z"
    assert parse_utc("2022-09-29 09:36:29") == pytest.approx(t, abs=1e-6)
    assert parse_utc("2022-09-29T09:36:29.5Z") - t == pytest.approx(0.5, abs=1e-6)
    assert parse_utc("2022-09-29") == pytest.approx(parse_utc("2022-09-29T00:00:00Z"))


@pytest.mark.parametrize("bad", ["", "yesterday", "2022-1-01", "2022-13-01", "2022-01-01T25:00"])
def test_malformed_times_raise_one_sentence(bad: str) -> None:
    with pytest.raises(TimeFormatError) as info:
        parse_utc(bad)
    assert "\n" not in str(info.value)
