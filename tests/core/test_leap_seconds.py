"""Second 60 only where a leap second was: skyfield's built-in table against IERS's list."""

from __future__ import annotations

from datetime import date

import pytest

from perijove.core.timescale import TimeFormatError, is_leap_second_day, parse_utc
from tests.conftest import run_cli

# IERS, Leap_Second.dat / Bulletin C: the UTC days that ended with 23:59:60 (all 27 to date;
# none since 2016-12-31, as the Bulletins C up to 2025 announce).
IERS_LEAP_DAYS = [
    "1972-06-30", "1972-12-31", "1973-12-31", "1974-12-31", "1975-12-31", "1976-12-31",
    "1977-12-31", "1978-12-31", "1979-12-31", "1981-06-30", "1982-06-30", "1983-06-30",
    "1985-06-30", "1987-12-31", "1989-12-31", "1990-12-31", "1992-06-30", "1993-06-30",
    "1994-06-30", "1995-12-31", "1997-06-30", "1998-12-31", "2005-12-31", "2008-12-31",
    "2012-06-30", "2015-06-30", "2016-12-31",
]


def test_table_agrees_with_iers_for_every_june_and_december_end() -> None:
    for year in range(1960, 2031):
        for month, day in ((6, 30), (12, 31)):
            expected = f"{year:04d}-{month:02d}-{day:02d}" in IERS_LEAP_DAYS
            assert is_leap_second_day(year, month, day) == expected, (year, month)
    assert not is_leap_second_day(2016, 12, 30) and not is_leap_second_day(2017, 1, 1)


@pytest.mark.parametrize("day", IERS_LEAP_DAYS)
def test_second_60_is_accepted_on_a_leap_second_day_and_lasts_one_second(day) -> None:
    y, m, d = map(int, day.split("-"))
    nxt = date.fromordinal(date(y, m, d).toordinal() + 1).isoformat()
    t59, t60 = parse_utc(f"{day}T23:59:59Z"), parse_utc(f"{day}T23:59:60Z")
    t_next = parse_utc(f"{nxt}T00:00:00Z")
    # The leap second is a real SI second between 23:59:59 and the next midnight.
    assert t60 - t59 == pytest.approx(1.0, abs=1e-6)
    assert t_next - t60 == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("text", [
    "2017-06-30T23:59:60Z",  # the case that was accepted: no leap second that day
    "2017-12-31T23:59:60Z", "1999-12-31T23:59:60Z", "2024-12-31T23:59:60Z",
    "2020-06-30T23:59:60.5Z", "2016-06-30T23:59:60Z", "1971-12-31T23:59:60Z",
    "2015-06-30T23:58:60Z", "2015-06-30T12:59:60Z", "2016-12-30T23:59:60Z",
])
def test_second_60_elsewhere_is_one_sentence_naming_the_value(text) -> None:
    with pytest.raises(TimeFormatError) as info:
        parse_utc(text)
    msg = str(info.value)
    assert msg.startswith(f"'{text}'") and "\n" not in msg


def test_cli_refuses_a_leap_second_that_was_not() -> None:
    done = run_cli("ephem", "io", "--center", "jupiter", "--at", "2017-06-30T23:59:60Z")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("perijove: '2017-06-30T23:59:60Z' names second 60, but no "
                                  "leap second was added at the end of 2017-06-30 UTC")
    assert "Traceback" not in done.stderr
