"""A flyby in the scene: Juno's trail past the moon, the CA and perijove markers, readouts.

The trail is sampled relative to the flyby moon (every 60 s, every 2 s within 15 minutes of
closest approach) once per window, so the path past the moon stays steady on screen; each
frame cuts the part within `trail_s` behind and `lead_s` ahead and inserts Juno's current
position as a vertex, so the line always passes through the craft.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from perijove.core.bodies import BODIES
from perijove.ephem import EphemerisError
from perijove.flybys.catalog import Flyby, perijove

DEFAULT_HALF_WINDOW_S = 6 * 3600.0
DEFAULT_TRAIL_S = 3 * 3600.0
DEFAULT_LEAD_S = 1 * 3600.0
TRAIL_COLOUR = (90 / 255, 200 / 255, 1.0)


def sample_times(t0: float, t1: float, t_ca: float | None, base_step_s: float = 60.0,
                 fine_step_s: float = 2.0, fine_half_span_s: float = 900.0) -> np.ndarray:
    """Sample times covering [t0, t1] on a grid anchored at closest approach, so the samples
    near any time are the same whatever window asked for them (the window, a screenshot and
    every frame of an export draw the same line)."""
    anchor = t_ca if t_ca is not None else 0.0
    k0 = np.floor((t0 - anchor) / base_step_s)
    k1 = np.ceil((t1 - anchor) / base_step_s)
    t = anchor + np.arange(k0, k1 + 1) * base_step_s
    if t_ca is not None and t0 - fine_half_span_s < t_ca < t1 + fine_half_span_s:
        fine = t_ca + np.arange(-fine_half_span_s, fine_half_span_s, fine_step_s)
        t = np.concatenate([t, fine[(fine >= t0) & (fine <= t1)]])
    return np.unique(t)


@dataclass(frozen=True, eq=False)
class TrailState:
    key: str
    anchor: str  # the body the points are relative to
    points_rel_km: np.ndarray  # (n, 3)
    alpha: np.ndarray  # (n,) 0..1: fades with age behind, dimmer ahead
    colour: tuple[float, float, float] = TRAIL_COLOUR


@dataclass(frozen=True)
class FlybyReadouts:
    altitude_km: float
    distance_km: float
    speed_km_s: float
    distance_from_jupiter_km: float
    seconds_to_ca: float
    source: str
    ca_altitude_in_use_km: float | None = None  # where the trajectory in use passes


def format_countdown(seconds_to_ca: float) -> str:
    """T-00:12:30 before closest approach, T+00:12:30 after."""
    sign = "-" if seconds_to_ca > 0 else "+"
    s = int(round(abs(seconds_to_ca)))
    days, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"T{sign}{f'{days}d ' if days else ''}{h:02d}:{m:02d}:{s:02d}"


class FlybyTrack:
    """A flyby's precomputed geometry: trail samples and marker positions."""

    def __init__(self, flyby: Flyby, ephemeris, window: tuple[float, float] | None = None,  # noqa: ANN001
                 trail_s: float = DEFAULT_TRAIL_S, lead_s: float = DEFAULT_LEAD_S) -> None:
        self.flyby = flyby
        self.moon = flyby.moon
        self.ephemeris = ephemeris
        self.trail_s = max(60.0, float(trail_s))
        self.lead_s = max(0.0, float(lead_s))
        pj = perijove(flyby.perijove)
        self.perijove_tdb_s = pj.tdb_s if pj else None
        self.window = window or (flyby.ca_tdb_s - DEFAULT_HALF_WINDOW_S,
                                 flyby.ca_tdb_s + DEFAULT_HALF_WINDOW_S)
        self.times = np.zeros(0)
        self.relative_km = np.zeros((0, 3))
        self.ca_rel_km: np.ndarray | None = None  # Juno from the moon at CA
        self.pj_rel_km: np.ndarray | None = None  # Juno from Jupiter at perijove
        self.set_window(*self.window)

    def set_durations(self, trail_s: float, lead_s: float) -> None:
        self.trail_s = max(60.0, float(trail_s))
        self.lead_s = max(0.0, float(lead_s))
        self.set_window(*self.window)

    def set_window(self, t0: float, t1: float) -> None:
        """Sample the trail over [t0, t1] (densely near closest approach)."""
        self.window = (t0, t1)
        eph = self.ephemeris
        times = sample_times(t0 - self.trail_s, t1 + self.lead_s, self.flyby.ca_tdb_s)
        try:
            rel, _ = eph.state_km("juno", self.moon, times)
        except EphemerisError:
            times, rel = np.zeros(0), np.zeros((0, 3))
        self.times, self.relative_km = times, rel
        self.ca_altitude_in_use_km = None
        near = np.abs(times - self.flyby.ca_tdb_s) <= 900.0
        if near.any():  # the trail's 2-second samples around CA find the trajectory's pass
            self.ca_altitude_in_use_km = float(np.linalg.norm(rel[near], axis=1).min()
                                               - BODIES[self.moon].mean_radius_km)
        try:
            self.ca_rel_km = eph.state_km("juno", self.moon, np.array([self.flyby.ca_tdb_s]))[0][0]
        except EphemerisError:
            self.ca_rel_km = None
        self.pj_rel_km = None
        if self.perijove_tdb_s is not None:
            try:
                self.pj_rel_km = eph.state_km("juno", "jupiter",
                                              np.array([self.perijove_tdb_s]))[0][0]
            except EphemerisError:
                pass

    def trail_state(self, t: float, juno_rel_km: np.ndarray) -> TrailState:
        keep = (self.times > t - self.trail_s) & (self.times < t + self.lead_s)
        times = self.times[keep]
        rel = self.relative_km[keep]
        i = int(np.searchsorted(times, t))
        times = np.insert(times, i, t)
        rel = np.insert(rel, i, juno_rel_km, axis=0)
        # A zero lead is allowed (no future path): guard the fade's division.
        age = np.where(times <= t, (t - times) / max(self.trail_s, 1e-9),
                       (times - t) / max(self.lead_s, 1e-9))
        alpha = np.where(times <= t, (1 - age) ** 1.5, 0.43 * (1 - age))
        return TrailState("trail:juno", self.moon, rel, np.clip(alpha, 0.0, 1.0))

    def readouts(self, state) -> FlybyReadouts:  # noqa: ANN001 - SceneState
        juno = state.spacecraft["juno"]
        moon = state.bodies[self.moon]
        rel = juno.position_km - moon.position_km
        dist = float(np.linalg.norm(rel))
        return FlybyReadouts(
            altitude_km=dist - BODIES[self.moon].mean_radius_km,
            distance_km=dist,
            speed_km_s=float(np.linalg.norm(juno.velocity_km_s - moon.velocity_km_s)),
            distance_from_jupiter_km=float(np.linalg.norm(
                juno.position_km - state.bodies["jupiter"].position_km)),
            seconds_to_ca=self.flyby.ca_tdb_s - state.t_tdb_s,
            source=str(self.ephemeris.source("juno", state.t_tdb_s)),
            ca_altitude_in_use_km=self.ca_altitude_in_use_km,
        )
