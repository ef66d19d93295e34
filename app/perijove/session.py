"""The session: what one person (or one show, or one export) is looking at. No Qt, no VTK.

It holds the ephemeris, the maps each globe wears, the scene, the clock, the open flyby,
the camera rig and the view options, and answers what the window, the CLI, screenshots and
exports all ask: the state now, the camera now, the readouts, and the credits for exactly
what is drawn. The GUI is a shell around it; export builds one per job.
"""

from __future__ import annotations

import math
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
    PathMode,
    SurfaceMode,
    flyby_mode,
    framing_half_tans,
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


def surface_mode(body: str, feature_name: str) -> SurfaceMode:
    """Straight down at a feature of `body` named in the IAU Gazetteer (catalogs/features)."""
    from perijove.catalogs.features import find_feature

    feature = find_feature(body, feature_name)
    if feature is None:
        raise CameraModeError(f"no feature called '{feature_name.strip()}' on "
                              f"{body.capitalize()} in the IAU Gazetteer copy; "
                              f"'perijove features {body}' lists them")
    return SurfaceMode(body=body, site_body=feature.unit_vector(), site_name=feature.name)


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
        """A camera mode by name: overview, target, follow, from-juno, a body's name, and in a
        flyby "moon" (its moon close up, from the sunlit side) or "surface:NAME" (straight
        down at a named feature of its moon)."""
        key = name.strip().lower()
        if key == "moon" or key.startswith("surface:"):
            if self.track is None:
                raise CameraModeError(f"camera '{name}' looks at a flyby's moon; choose a "
                                      "flyby first")
            if key == "moon":
                return BodyMode(body=self.track.moon)
            return surface_mode(self.track.moon, name.strip()[len("surface:"):])
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

    def path_mode(self, scene) -> PathMode:  # noqa: ANN001 - show.scene_file.Scene
        """A scene file's camera path as a camera mode: keyframes that name a mode take that
        mode's camera at each frame. Set the mode's `anim_s` per frame (export does); unset,
        the animation time follows the scene's time map from the state's time."""
        from perijove.show.camera_path import evaluate_in

        def mode_camera(name: str, state):  # noqa: ANN001, ANN202
            return CameraRig(self.camera_mode(name), self.projection,
                             self.rig.aspect).camera(state)

        mode = PathMode(anchor=scene.camera.sorted()[0].anchor)

        def camera_at(state):  # noqa: ANN001, ANN202
            anim_s = mode.anim_s if mode.anim_s is not None else scene.anim_s_at(state.t_tdb_s)
            half_tans = framing_half_tans(self.projection, self.rig.aspect)
            return evaluate_in(scene.camera, anim_s, state, mode_camera,
                               self.track.moon if self.track else None,
                               math.atan(min(half_tans)))

        mode.evaluate = camera_at
        return mode

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

    def credits(self, state: SceneState | None = None,
                bodies: list[str] | None = None) -> list[str]:
        """One line per dataset drawn now: ephemerides, Juno's trajectory, the maps of
        `bodies` (default: every globe in the scene), named features and hot spots, and the
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
        shown = list(state.bodies if bodies is None else bodies)
        for body in shown:
            m = self.maps.get(body)
            if m is not None:
                lines.append(f"{BODIES[body].title} map: {m.credit}")
        return lines + surface_credits(self.options, shown) + sky_credits(self.options)

    def credit_line(self, state: SceneState, bodies: list[str]) -> str:
        """One short line for a frame: who made the images of the bodies in view, where
        Juno's position comes from, the ephemerides, and the star catalogue when stars are
        drawn (the full credits go into the file's metadata)."""
        images = []
        for body in bodies:
            m = self.maps.get(body)
            if m is not None and m.short_credit not in images:
                images.append(m.short_credit)
        parts = []
        if images:
            parts.append("Images: " + "; ".join(images))
        if "juno" in state.spacecraft:
            p = self.ephemeris.source("juno", state.t_tdb_s)
            parts.append(f"Juno: {p.source} ({p.kind.value})")
        moons = self.ephemeris.source("io", state.t_tdb_s)
        parts.append("Positions: JPL DE421, " + (moons.source if moons.is_measured
                                                 else "L1.2 theory"))
        if self.options.stars and len(star_catalogue()):
            parts.append("Stars: Hipparcos-2" + (", Gaia DR3" if self.options.milky_way
                                                   else ""))
        return " · ".join(parts) + " · Perijove"

    def juno_source(self, t_tdb_s: float | None = None) -> str:
        t = self.clock.t_tdb_s if t_tdb_s is None else t_tdb_s
        return str(self.ephemeris.source("juno", t))


GAZETTEER_CREDIT = ("Feature names and positions: IAU/USGS Gazetteer of Planetary Nomenclature "
                    "(https://planetarynames.wr.usgs.gov)")


def surface_credits(options: ViewOptions, bodies: list[str]) -> list[str]:
    """The Gazetteer when named features of a body in `bodies` are drawn, and each hot-spot
    catalogue when Io's hot spots are (only catalogues whose tables were read)."""
    from perijove.catalogs.features import BODIES as FEATURE_BODIES
    from perijove.catalogs.features import load_features
    from perijove.catalogs.hotspots import load_hotspots

    lines = []
    if any(b in FEATURE_BODIES and options.shows_features(b) and load_features(b).items
           for b in bodies):
        lines.append(GAZETTEER_CREDIT)
    if (options.hotspots or options.infrared) and "io" in bodies:
        sources: dict[str, str] = {}
        for h in load_hotspots():
            sources.setdefault(h.catalogue, h.source)
        lines += [f"Io hot spots: {name}: {source}" for name, source in sorted(sources.items())]
    return lines


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
