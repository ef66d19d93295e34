"""A flyby in the scene: Juno, its trail past the moon, CA/perijove markers, camera modes.

Plugs into SceneView as an "extra": SceneView asks it where Juno is, how near and far it
reaches (for the depth slices), and lets it aim the camera every frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from perijove.core.bodies import BODIES
from perijove.ephem import EphemerisError
from perijove.flybys.catalog import Flyby, perijove
from perijove.render.camera_motion import CameraState
from perijove.render.labels import project_to_display
from perijove.render.spacecraft import JunoActor
from perijove.render.trail import TrailActor, sample_times

CAMERA_MODES = ("follow", "from-juno", "target", "overview")
FOLLOW_DISTANCE_KM = 0.06  # 60 m behind the ~24 m craft
DEFAULT_HALF_WINDOW_S = 6 * 3600.0


@dataclass
class FlybyReadouts:
    altitude_km: float
    distance_km: float
    speed_km_s: float
    distance_from_jupiter_km: float
    seconds_to_ca: float
    source: str


def format_countdown(seconds_to_ca: float) -> str:
    """T-00:12:30 before closest approach, T+00:12:30 after."""
    sign = "-" if seconds_to_ca > 0 else "+"
    s = int(round(abs(seconds_to_ca)))
    days, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"T{sign}{f'{days}d ' if days else ''}{h:02d}:{m:02d}:{s:02d}"


class FlybyScene:
    def __init__(self, view, flyby: Flyby, model_path=None,  # noqa: ANN001
                 window: tuple[float, float] | None = None) -> None:
        self.view = view
        self.flyby = flyby
        self.moon = flyby.moon
        if model_path is None:  # NASA's model when installed, as in the window
            from perijove.data import installed_juno_model

            model_path = installed_juno_model()
        self.juno = JunoActor(model_path)
        self.trail = TrailActor()
        self.mode = "target"
        self.juno_km = np.zeros(3)
        self.juno_vel = np.zeros(3)
        self.window = (flyby.ca_tdb_s - DEFAULT_HALF_WINDOW_S,
                       flyby.ca_tdb_s + DEFAULT_HALF_WINDOW_S)
        pj = perijove(flyby.perijove)
        self.perijove_tdb_s = pj.tdb_s if pj else None
        self._ca_rel = None
        self._pj_rel = None
        view.add_actor(self.juno.assembly)
        view.add_actor(self.trail.actor)
        view.labels.add("juno", "Juno", (0.55, 0.85, 1.0))
        view.labels.add_marker("juno", (0.55, 0.85, 1.0))
        view.labels.add("ca", f"closest approach {self._ca_label()}", (1.0, 0.8, 0.4))
        view.labels.add_marker("ca", (1.0, 0.8, 0.4))
        view.labels.add("pj", f"PJ{flyby.perijove} perijove", (1.0, 0.6, 0.6))
        view.labels.add_marker("pj", (1.0, 0.6, 0.6))
        self.set_window(*(window or self.window))

    @classmethod
    def attach(cls, view, flyby: Flyby, model_path=None,  # noqa: ANN001
               window: tuple[float, float] | None = None) -> FlybyScene:
        scene = cls(view, flyby, model_path, window)
        view.extras.append(scene)
        if view.t_tdb_s is not None:
            view.update(view.t_tdb_s)
        return scene

    def detach(self) -> None:
        view = self.view
        view.remove_actor(self.juno.assembly)
        view.remove_actor(self.trail.actor)
        for key in ("juno", "ca", "pj"):
            view.overlay.RemoveViewProp(view.labels.actors.pop(key))
            view.overlay.RemoveViewProp(view.labels.markers.pop(key))
        if self in view.extras:
            view.extras.remove(self)
        if view.focus_name == "juno":
            view.focus_name = self.moon

    def _ca_label(self) -> str:
        alt = self.flyby.altitude_km
        return f"({alt:,.0f} km)" if alt is not None else ""

    def set_trail_durations(self, trail_s: float, lead_s: float) -> None:
        """How much of the past (fading) and of the coming path the trail shows."""
        self.trail.trail_s = max(60.0, float(trail_s))
        self.trail.lead_s = max(0.0, float(lead_s))
        self.set_window(*self.window)
        if self.view.t_tdb_s is not None:
            self.update(self.view, self.view.t_tdb_s)

    # ---- samples -------------------------------------------------------------------------
    def set_window(self, t0: float, t1: float) -> None:
        """Sample the trail over [t0, t1] (densely near closest approach)."""
        self.window = (t0, t1)
        eph = self.view.ephemeris
        times = sample_times(t0 - self.trail.trail_s, t1 + self.trail.lead_s, self.flyby.ca_tdb_s)
        try:
            rel, _ = eph.state_km("juno", self.moon, times)
        except EphemerisError:
            times, rel = np.zeros(0), np.zeros((0, 3))
        self.trail.set_samples(times, rel)
        t_ca = np.array([self.flyby.ca_tdb_s])
        self._ca_rel = eph.state_km("juno", self.moon, t_ca)[0][0]
        if self.perijove_tdb_s is not None:
            self._pj_rel = eph.state_km("juno", "jupiter", np.array([self.perijove_tdb_s]))[0][0]

    # ---- the SceneView "extra" protocol -------------------------------------------------
    def update(self, view, t: float) -> None:  # noqa: ANN001
        eph = view.ephemeris
        pos, vel = eph.state_from_barycenter_km("juno", np.array([t]))
        self.juno_km, self.juno_vel = pos[0], vel[0]
        earth = eph.state_from_barycenter_km("earth", np.array([t]))[0][0]
        self.juno.set_pose(self.juno_km, earth - self.juno_km, t)
        moon_km = view.positions_km[self.moon]
        self.trail.update(t, self.juno_km - moon_km, moon_km)
        self.juno.assembly.SetVisibility(self.mode != "from-juno")
        if self.mode == "from-juno":
            self._aim_from_juno()

    def position_of(self, name: str) -> np.ndarray | None:
        return self.juno_km if name == "juno" else None

    def default_distance_km(self, name: str) -> float | None:
        return FOLLOW_DISTANCE_KM if name == "juno" else None

    def nearest_surface_km(self, eye: np.ndarray) -> float:
        if self.mode == "from-juno":
            return math.inf
        return float(np.linalg.norm(eye - self.juno_km)) - self.juno.radius_km

    def farthest_km(self, eye: np.ndarray) -> float:
        return float(np.linalg.norm(eye - self.juno_km)) + 1.0

    def before_frame(self, view, eye: np.ndarray, height: int, half_tan: float) -> None:  # noqa: ANN001
        labels = view.labels
        dist = max(float(np.linalg.norm(eye - self.juno_km)), 1e-6)
        radius_px = self.juno.radius_km / (dist * half_tan) * height / 2
        show = view.show_labels and self.mode != "from-juno"
        labels.place("juno", project_to_display(view.overlay, self.juno_km) if show else None,
                     float(min(radius_px, 2000.0)))
        moon_km = view.positions_km[self.moon]
        ca = moon_km + self._ca_rel if self._ca_rel is not None else None
        on_ca = ca is not None and np.linalg.norm(ca - self.juno_km) < 1.0
        labels.place("ca", project_to_display(view.overlay, ca)
                     if show and ca is not None and not on_ca else None, 0.0)
        jup = view.positions_km["jupiter"]
        pj = jup + self._pj_rel if self._pj_rel is not None else None
        labels.place("pj", project_to_display(view.overlay, pj)
                     if show and pj is not None else None, 0.0)

    # ---- camera modes ------------------------------------------------------------------------
    def set_camera(self, mode: str, t: float | None = None) -> FlybyScene:
        if mode not in CAMERA_MODES:
            raise ValueError(f"unknown camera '{mode}'; choose one of: {', '.join(CAMERA_MODES)}")
        view = self.view
        self.mode = mode
        if t is not None:
            view.update(t)
        moon_km = view.positions_km[self.moon]
        rel_vel = self.juno_vel - self._moon_velocity(view)
        if mode == "overview":
            view.preset("overview")
        elif mode == "target":
            # Across the flyby plane, the moon and Juno's closest approach both in frame.
            radius = BODIES[self.moon].max_radius_km
            ca = self._ca_rel if self._ca_rel is not None else self.juno_km - moon_km
            d = min(max(4.5 * radius, 4.2 * float(np.linalg.norm(ca))), 60 * radius)
            view.place_camera(self.moon, d, self._target_view_direction(moon_km))
            shift = 0.3 * ca
            state = view.camera_state()
            view.set_camera_state(CameraState(state.focal_point_km + shift,
                                              state.position_km + shift, state.view_up))
        elif mode == "follow":
            back = -rel_vel / np.linalg.norm(rel_vel)
            to_moon = moon_km - self.juno_km
            to_moon /= np.linalg.norm(to_moon)
            up = np.cross(back, to_moon)
            up = up / np.linalg.norm(up) if np.linalg.norm(up) > 1e-6 else view.jupiter_pole()
            # Above and behind the craft, looking past it down onto the moon's surface.
            view.place_camera("juno", FOLLOW_DISTANCE_KM, back * 0.5 - to_moon * 0.8 + up * 0.15)
        else:
            view.focus_name = "juno"
            self._aim_from_juno()
        self.juno.assembly.SetVisibility(mode != "from-juno")
        return self

    def _target_view_direction(self, moon_km: np.ndarray) -> np.ndarray:
        """Across the flyby: perpendicular to the path, from the sunlit side."""
        ca = self._ca_rel if self._ca_rel is not None else self.juno_km - moon_km
        rel_vel = self.juno_vel - self._moon_velocity(self.view)
        normal = np.cross(ca, rel_vel)
        normal /= np.linalg.norm(normal)
        sun = self.view.sun_direction
        normal = normal if np.dot(normal, sun) >= 0 else -normal
        d = normal * 0.85 + sun * 0.35
        return d / np.linalg.norm(d)

    def _moon_velocity(self, view) -> np.ndarray:  # noqa: ANN001
        t = view.t_tdb_s if view.t_tdb_s is not None else self.flyby.ca_tdb_s
        return view.ephemeris.state_from_barycenter_km(self.moon, np.array([t]))[1][0]

    def _aim_from_juno(self) -> None:
        view = self.view
        moon_km = view.positions_km[self.moon]
        view.set_camera_state(CameraState(moon_km.copy(), self.juno_km.copy(),
                                          view.jupiter_pole()))

    # ---- readouts ----------------------------------------------------------------------------
    def readouts(self) -> FlybyReadouts:
        view = self.view
        t = view.t_tdb_s
        moon_km = view.positions_km[self.moon]
        rel = self.juno_km - moon_km
        dist = float(np.linalg.norm(rel))
        speed = float(np.linalg.norm(self.juno_vel - self._moon_velocity(view)))
        return FlybyReadouts(
            altitude_km=dist - BODIES[self.moon].mean_radius_km,
            distance_km=dist,
            speed_km_s=speed,
            distance_from_jupiter_km=float(np.linalg.norm(self.juno_km
                                                          - view.positions_km["jupiter"])),
            seconds_to_ca=self.flyby.ca_tdb_s - t,
            source=view.ephemeris.source("juno", t),
        )
