"""SceneState: where everything is at one time, evaluated once per frame from the ephemeris.

`Scene` holds the graph (what exists) and the ephemeris; `Scene.state_at(t)` returns a
`SceneState` that the window, screenshots, export and readouts all read. Nothing in it is
VTK: renderers are handed the state and never ask the ephemeris themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from perijove.core.bodies import BODIES, GLOBES, MOONS
from perijove.core.rotation import body_to_icrf
from perijove.core.spacecraft import RADIUS_KM as JUNO_RADIUS_KM
from perijove.ephem import EphemerisError
from perijove.ephem.hermite import hermite_positions_km
from perijove.scene.flyby import FlybyTrack, TrailState
from perijove.scene.graph import (
    PRIORITY_MARKER,
    PRIORITY_SPACECRAFT,
    Node,
    NodeKind,
    SceneGraph,
    default_graph,
    orbit_key,
)
from perijove.scene.juno_attitude import juno_to_icrf

# Orbit lines are resampled around fixed times every half day, so a frame's lines depend on
# t alone (export renders frames out of order in several processes).
ORBIT_RESAMPLE_S = 0.5 * 86400.0
ORBIT_SAMPLES = 360
# The ephemeris is asked at ORBIT_KNOTS times around each orbit and the line's points come
# from cubic Hermite curves through them (ephem/hermite.py): 6x fewer ephemeris calls, which
# cost 0.3-0.5 s at start-up and at every resample during play. Measured against evaluating
# every point: 0.2 km (Io) to 7.6 km (Callisto; the theory's velocities are not quite its
# positions' derivative), against the 72 km a 1-degree chord of Callisto's orbit strays.
ORBIT_KNOTS = 60
JUNO_COLOUR = (0.55, 0.85, 1.0)
CA_COLOUR = (1.0, 0.8, 0.4)
PJ_COLOUR = (1.0, 0.6, 0.6)


@dataclass(frozen=True, eq=False)
class BodyState:
    key: str
    position_km: np.ndarray
    velocity_km_s: np.ndarray
    body_to_icrf: np.ndarray  # (3,3)
    radii_km: np.ndarray


@dataclass(frozen=True, eq=False)
class SpacecraftState:
    key: str
    position_km: np.ndarray
    velocity_km_s: np.ndarray
    body_to_icrf: np.ndarray  # (3,3): the craft's +z (spin axis, antenna) in ICRF
    radius_km: float


@dataclass(frozen=True, eq=False)
class OrbitState:
    key: str
    moon: str
    parent: str
    sampled_at_tdb_s: float
    points_rel_km: np.ndarray  # (n,3) from the parent's centre, one period around t


@dataclass(frozen=True, eq=False)
class MarkerState:
    key: str
    position_km: np.ndarray


@dataclass(frozen=True, eq=False)
class SceneState:
    t_tdb_s: float
    bodies: dict[str, BodyState]
    sun_direction: np.ndarray  # unit, from Jupiter toward the Sun
    sun_distance_km: float
    jupiter_pole: np.ndarray  # unit, ICRF
    spacecraft: dict[str, SpacecraftState] = field(default_factory=dict)
    trails: dict[str, TrailState] = field(default_factory=dict)
    orbits: dict[str, OrbitState] = field(default_factory=dict)
    markers: dict[str, MarkerState] = field(default_factory=dict)
    graph_version: int = 0

    def position_of(self, key: str) -> np.ndarray | None:
        for group in (self.bodies, self.spacecraft, self.markers):
            if key in group:
                return group[key].position_km
        return None

    def velocity_of(self, key: str) -> np.ndarray | None:
        for group in (self.bodies, self.spacecraft):
            if key in group:
                return group[key].velocity_km_s
        return None


class Scene:
    """The graph plus what evaluates it at a time."""

    def __init__(self, ephemeris) -> None:  # noqa: ANN001 - SystemEphemeris
        self.ephemeris = ephemeris
        self.graph: SceneGraph = default_graph()
        self.flyby: FlybyTrack | None = None
        self._orbits: dict[str, OrbitState] = {}

    # ---- flybys --------------------------------------------------------------------------
    def add_flyby(self, track: FlybyTrack) -> None:
        self.remove_flyby()
        self.flyby = track
        alt = track.flyby.altitude_km
        ca = f"closest approach ({alt:,.0f} km)" if alt is not None else "closest approach"
        self.graph.add(Node("juno", NodeKind.SPACECRAFT, "Juno", track.moon, JUNO_COLOUR,
                            PRIORITY_SPACECRAFT))
        self.graph.add(Node("trail:juno", NodeKind.TRAIL, "Juno's path", track.moon))
        self.graph.add(Node("marker:ca", NodeKind.MARKER, ca, track.moon, CA_COLOUR,
                            PRIORITY_MARKER, "CA"))
        self.graph.add(Node("marker:pj", NodeKind.MARKER, f"PJ{track.flyby.perijove} perijove",
                            "jupiter", PJ_COLOUR, PRIORITY_MARKER, f"PJ{track.flyby.perijove}"))

    def remove_flyby(self) -> None:
        self.flyby = None
        for key in ("juno", "trail:juno", "marker:ca", "marker:pj"):
            self.graph.remove(key)

    # ---- evaluation ----------------------------------------------------------------------
    def state_at(self, t_tdb_s: float) -> SceneState:
        """Everything at time t: one ephemeris evaluation for the Sun, Jupiter and moons."""
        t = float(t_tdb_s)
        names = [b.name for b in GLOBES]
        states = self.ephemeris.scene_states_km(t, [*names, "sun"])
        rotations = {n: body_to_icrf(n, t) for n in names}
        bodies = {n: BodyState(n, states[n][0], states[n][1], rotations[n],
                               np.asarray(BODIES[n].radii_km, float)) for n in names}
        jup = states["jupiter"][0]
        sun = states["sun"][0] - jup
        sun_distance = float(np.linalg.norm(sun))
        orbits = {orbit_key(m.name): self._orbit(m.name, t) for m in MOONS
                  if orbit_key(m.name) in self.graph}
        spacecraft: dict[str, SpacecraftState] = {}
        trails: dict[str, TrailState] = {}
        markers: dict[str, MarkerState] = {}
        track = self.flyby
        if track is not None:
            juno = self._juno(t, states)
            moon = bodies[track.moon].position_km
            if juno is not None:
                spacecraft["juno"] = juno
                trails["trail:juno"] = track.trail_state(t, juno.position_km - moon)
            if track.ca_rel_km is not None:
                markers["marker:ca"] = MarkerState("marker:ca", moon + track.ca_rel_km)
            if track.pj_rel_km is not None:
                markers["marker:pj"] = MarkerState("marker:pj", jup + track.pj_rel_km)
        return SceneState(t, bodies, sun / sun_distance, sun_distance,
                          rotations["jupiter"][:, 2].copy(), spacecraft, trails, orbits,
                          markers, self.graph.version)

    def _juno(self, t: float, states: dict) -> SpacecraftState | None:
        eph = self.ephemeris
        try:
            pos, vel = eph.state_from_barycenter_km("juno", np.array([t]))
            earth = eph.state_from_barycenter_km("earth", np.array([t]))[0][0]
        except EphemerisError:
            return None  # no trajectory covers t: the craft is simply not drawn
        p = pos[0]
        return SpacecraftState("juno", p, vel[0], juno_to_icrf(earth - p, t), JUNO_RADIUS_KM)

    def _orbit(self, moon: str, t: float) -> OrbitState:
        anchor = round(t / ORBIT_RESAMPLE_S) * ORBIT_RESAMPLE_S
        cached = self._orbits.get(moon)
        if cached is not None and cached.sampled_at_tdb_s == anchor:
            return cached
        period_s = BODIES[moon].orbit_period_d * 86400.0
        times = anchor + np.linspace(-0.5, 0.5, ORBIT_SAMPLES, endpoint=False) * period_s
        knots = anchor + np.linspace(-0.5, 0.5, ORBIT_KNOTS + 1) * period_s
        pos, vel = self.ephemeris.state_km(moon, BODIES[moon].parent, knots)
        rel = hermite_positions_km(knots, pos, vel, times)
        state = OrbitState(orbit_key(moon), moon, BODIES[moon].parent, anchor, rel)
        self._orbits[moon] = state
        return state
