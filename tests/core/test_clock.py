from __future__ import annotations

import pytest

from perijove.core.clock import SimClock


def test_set_time_clamps_and_emits_once() -> None:
    clock = SimClock(50.0, 0.0, 100.0)
    seen: list[float] = []
    clock.changed.connect(seen.append)
    clock.set_time(70.0)
    clock.set_time(70.0)  # no change, no signal
    clock.set_time(500.0)
    assert seen == [70.0, 100.0]


def test_advance_uses_rate_and_stops_at_window_end() -> None:
    clock = SimClock(0.0, 0.0, 100.0)
    clock.set_rate(10.0)
    clock.advance(1.0)  # not playing: nothing moves
    assert clock.t_tdb_s == 0.0
    clock.set_playing(True)
    clock.advance(2.0)
    assert clock.t_tdb_s == pytest.approx(20.0)
    clock.advance(100.0)
    assert clock.t_tdb_s == 100.0 and not clock.playing


def test_window_change_clamps_time() -> None:
    clock = SimClock(90.0, 0.0, 100.0)
    clock.set_window(0.0, 50.0)
    assert clock.t_tdb_s == 50.0
    with pytest.raises(ValueError):
        clock.set_window(10.0, 10.0)


def test_blocked_signal_does_not_echo() -> None:
    clock = SimClock(0.0, 0.0, 100.0)
    seen: list[float] = []
    clock.changed.connect(seen.append)
    with clock.changed.blocked():
        clock.set_time(10.0)
    assert seen == [] and clock.t_tdb_s == 10.0
