"""The session: what one person (or one show, or one export) is looking at. No Qt, no VTK.

It holds the ephemeris, the maps each globe wears, the scene, the clock, the open flyby,
the camera rig and the view options, and answers what the window, the CLI, screenshots and
exports all ask: the state now, the camera now, the readouts, and the credits for exactly
what is drawn. The GUI is a shell around it; export builds one per job.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from perijove.catalogs.sky_catalogues import (
    MILKY_WAY_CREDIT,
    STAR_NAMES_CREDIT,
    STARS_CREDIT,
    milky_way_map,
    star_catalogue,
)
from perijove.core.bodies import BODIES
from perijove.core.clock import SimClock
from perijove.core.timescale import parse_utc
from perijove.ephem.moons_analytic import ANALYTIC_CREDIT
from perijove.ephem.planets import DE421_CREDIT
from perijove.ephem.system import SystemEphemeris
from perijove.flybys.catalog import Flyby, find
from perijove.maps.catalogue import SurfaceMap, best_maps
from perijove.scene.camera import CameraState
from perijove.scene.camera_modes import (
    BodyMode,
    CameraMode,
    CameraModeError,
    CameraRig,
    flyby_mode,
    overview,
)
from perijove.scene.flyby import DEFAULT_HALF_WINDOW_S, FlybyTrack
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective, Projection
from perijove.scene.state import Scene, SceneState

FREE_WINDOW_HALF_SPAN_S = 10 * 86400.0
FLYBY_OPEN_LEAD_S = 1800.0  # a flyby opens half an hour before closest approach


def now_tdb_s() -> float:
    return parse_utc(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


class Session:
    def __init__(self, kernels: Iterable[str | os.PathLike] = (),
                 trajectories: Iterable[str] = (), t_tdb_s: float | None = None,
                 use_installed: bool = True, build_maps: bool = True) -> None:
        """`use_installed`: the kernels, maps and model installed with `perijove data` (local
        disk only); `build_maps`: allow the slow first build of the JunoCam Io map (the
        window passes False and builds it in the background)."""
        from perijove.data import installed_juno_model, installed_kernel_paths

        self.warnings: list[str] = []
        installed = installed_kernel_paths() if use_installed else []
        self.ephemeris = SystemEphemeris(kernels, trajectories, installed)
        self.warnings += self.ephemeris.warnings
        self.maps: dict[str, SurfaceMap] = best_maps(self.warnings, build_maps) if \
            use_installed else best_maps(None, False)
        self.spacecraft_model: Path | None = installed_juno_model() if use_installed else None
        self.scene = Scene(self.ephemeris)
        t = now_tdb_s() if t_tdb_s is None else float(t_tdb_s)
        self.clock = SimClock(t, t - FREE_WINDOW_HALF_SPAN_S, t + FREE_WINDOW_HALF_SPAN_S)
        self.rig = CameraRig(overview())
        self.options = ViewOptions()
        # A missing or broken star catalogue: one line each, and a black sky.
        self.warnings += star_catalogue().warnings
        self.warnings += milky_way_map(self.options.limiting_mag).warnings
        self._cache: tuple[float, int, SceneState] | None = None

    # ---- state ---------------------------------------------------------------------------
    @property
    def track(self) -> FlybyTrack | None:
        return self.scene.flyby

    @property
    def flyby(self) -> Flyby | None:
        return self.scene.flyby.flyby if self.scene.flyby else None

    def state_at(self, t_tdb_s: float) -> SceneState:
        """The state at t (evaluated once per time and scene version, then reused)."""
        key = (float(t_tdb_s), self.scene.graph.version)
        if self._cache is not None and self._cache[:2] == key:
            return self._cache[2]
        state = self.scene.state_at(t_tdb_s)
        self._cache = (*key, state)
        return state

    def state(self) -> SceneState:
        return self.state_at(self.clock.t_tdb_s)

    def camera(self, state: SceneState | None = None) -> CameraState:
        return self.rig.camera(state or self.state())

    # ---- flybys ----------------------------------------------------------------------------
    def open_flyby(self, flyby_id: str, t_tdb_s: float | None = None,
                   half_window_s: float = DEFAULT_HALF_WINDOW_S, camera: str = "target",
                   trail_s: float | None = None, lead_s: float | None = None,
                   window: tuple[float, float] | None = None) -> Flyby:
        """Put a flyby in the scene, window the clock on it (CA +/- half_window_s, or
        `window`), and aim its camera."""
        flyby = find(flyby_id)
        ca = flyby.ca_tdb_s
        window = window or (ca - half_window_s, ca + half_window_s)
        kwargs = {k: v for k, v in (("trail_s", trail_s), ("lead_s", lead_s)) if v is not None}
        track = FlybyTrack(flyby, self.ephemeris, window, **kwargs)
        self.scene.add_flyby(track)
        target = ca - FLYBY_OPEN_LEAD_S if t_tdb_s is None else t_tdb_s
        clock = self.clock
        # Window first (widened to hold both times, so the clamp cannot jump the clock).
        clock.set_window(min(clock.start_tdb_s, window[0], target),
                         max(clock.end_tdb_s, window[1], target))
        clock.set_time(target)
        clock.set_window(min(window[0], target), max(window[1], target))
        self.set_camera_mode(camera)
        return flyby

    def close_flyby(self) -> None:
        self.scene.remove_flyby()
        if self.rig.mode.key in ("target", "follow", "from-juno"):
            self.rig.set_mode(overview())

    def set_flyby_window(self, half_window_s: float) -> None:
        if self.track is None:
            return
        ca = self.track.flyby.ca_tdb_s
        self.clock.set_window(ca - half_window_s, ca + half_window_s)
        self.track.set_window(ca - half_window_s, ca + half_window_s)
        self.scene.graph.version += 1  # the trail samples changed

    # ---- camera ----------------------------------------------------------------------------
    def camera_mode(self, name: str) -> CameraMode:
        """A camera mode by name: overview, target, follow, from-juno, or a body's name."""
        key = name.strip().lower()
        if key in BODIES and key != "sun":
            return BodyMode(body=key) if key != "jupiter" else overview()
        if key == "juno":
            if self.track is None:
                raise CameraModeError("Juno is drawn during flybys; open a flyby first")
            return BodyMode(body="juno")
        if key in ("target", "follow", "from-juno") and self.track is None:
            raise CameraModeError(f"camera '{name}' follows Juno past a moon; choose a flyby "
                                  "first")
        track = self.track
        return flyby_mode(key, track.moon if track else "io",
                          track.ca_rel_km if track else None)

    def set_camera_mode(self, name_or_mode: str | CameraMode) -> None:
        mode = self.camera_mode(name_or_mode) if isinstance(name_or_mode, str) else name_or_mode
        self.rig.set_mode(mode)

    def set_projection(self, projection: Projection, aspect: float | None = None) -> None:
        self.rig.projection = projection
        if aspect is not None:
            self.rig.aspect = aspect

    @property
    def projection(self) -> Projection:
        return self.rig.projection

    # ---- what is drawn -------------------------------------------------------------------
    def set_map(self, surface: SurfaceMap) -> None:
        self.maps[surface.body] = surface

    def focus(self) -> str:
        return self.rig.mode.focus

    def credits(self, state: SceneState | None = None) -> list[str]:
        """One line per dataset drawn now: ephemerides, Juno's trajectory, every map, the
        star catalogues."""
        state = state or self.state()
        t = state.t_tdb_s
        lines = [f"Sun and Jupiter: {DE421_CREDIT}"]
        moons = self.ephemeris.source("io", t)
        lines.append(f"Moons: {moons.credit}" if moons.is_measured
                     else f"Moons: {ANALYTIC_CREDIT}")
        if "juno" in state.spacecraft:
            lines.append(self.ephemeris.source("juno", t).credit)
            if self.spacecraft_model is not None:
                lines.append("Juno 3D model: NASA 3D Resources")
        for body in state.bodies:
            m = self.maps.get(body)
            if m is not None:
                lines.append(f"{BODIES[body].title} map: {m.credit}")
        return lines + sky_credits(self.options)

    def juno_source(self, t_tdb_s: float | None = None) -> str:
        t = self.clock.t_tdb_s if t_tdb_s is None else t_tdb_s
        return str(self.ephemeris.source("juno", t))


def sky_credits(options: ViewOptions) -> list[str]:
    """A line for each sky catalogue these options draw (and that could be read)."""
    lines = []
    if options.stars and len(star_catalogue()):
        lines.append(STARS_CREDIT)
        if options.star_names and options.labels:
            lines.append(STAR_NAMES_CREDIT)
    if options.milky_way and options.milky_way_brightness > 0 and \
            milky_way_map(options.limiting_mag).star_count:
        lines.append(MILKY_WAY_CREDIT)
    return lines


def default_perspective() -> Perspective:
    return Perspective(35.0)


def camera_distance_km(camera: CameraState, point_km: np.ndarray) -> float:
    return float(np.linalg.norm(np.asarray(camera.position_km) - point_km))
