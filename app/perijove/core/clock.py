"""SimClock: the one current simulation time, its window and its play rate."""

from __future__ import annotations

from perijove.core.signal import Signal

# Rate steps offered to users, simulation seconds per wall-clock second: real time to 1 day/s.
RATE_STEPS_S_PER_S: tuple[float, ...] = (
    1.0, 10.0, 60.0, 300.0, 600.0, 1800.0, 3600.0, 3.0 * 3600.0, 6.0 * 3600.0, 86400.0,
)


class SimClock:
    """Current time (TDB seconds past J2000) inside a window; emits `changed(t)` on moves.

    Time flows one way: views set the clock, the clock emits, renderers follow.
    """

    def __init__(self, t_tdb_s: float, start_tdb_s: float, end_tdb_s: float) -> None:
        if end_tdb_s <= start_tdb_s:
            raise ValueError("the clock's window must end after it starts")
        self.changed = Signal()          # (t_tdb_s)
        self.window_changed = Signal()   # (start_tdb_s, end_tdb_s)
        self.playing_changed = Signal()  # (playing)
        self.rate_changed = Signal()     # (rate_s_per_s)
        self._start = float(start_tdb_s)
        self._end = float(end_tdb_s)
        self._t = min(max(float(t_tdb_s), self._start), self._end)
        self._rate = 3600.0
        self._playing = False

    @property
    def t_tdb_s(self) -> float:
        return self._t

    @property
    def start_tdb_s(self) -> float:
        return self._start

    @property
    def end_tdb_s(self) -> float:
        return self._end

    @property
    def rate_s_per_s(self) -> float:
        return self._rate

    @property
    def playing(self) -> bool:
        return self._playing

    def set_time(self, t_tdb_s: float) -> None:
        t = min(max(float(t_tdb_s), self._start), self._end)
        if t != self._t:
            self._t = t
            self.changed.emit(t)

    def set_window(self, start_tdb_s: float, end_tdb_s: float) -> None:
        if end_tdb_s <= start_tdb_s:
            raise ValueError("the clock's window must end after it starts")
        self._start, self._end = float(start_tdb_s), float(end_tdb_s)
        self.window_changed.emit(self._start, self._end)
        clamped = min(max(self._t, self._start), self._end)
        if clamped != self._t:
            self._t = clamped
            self.changed.emit(clamped)

    def set_rate(self, rate_s_per_s: float) -> None:
        if rate_s_per_s == 0:
            raise ValueError("a rate of 0 would never move; pause instead")
        self._rate = float(rate_s_per_s)
        self.rate_changed.emit(self._rate)

    def set_playing(self, playing: bool) -> None:
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)

    def advance(self, wall_dt_s: float, rate_scale: float = 1.0) -> None:
        """Move by wall time x rate (x an optional slow-down factor); stop at the window's end."""
        if not self._playing:
            return
        target = self._t + wall_dt_s * self._rate * rate_scale
        if target >= self._end or target <= self._start:
            self.set_time(target)
            self.set_playing(False)
        else:
            self.set_time(target)
