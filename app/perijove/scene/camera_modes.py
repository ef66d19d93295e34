"""Camera modes as pure functions of the scene state: overview, a body close up, and the
flyby cameras (moon-centred, follow Juno, from Juno), plus keyframed paths.

Each mode gives a `Frame` that moves with the scene (its origin, axes and scale are
evaluated from the state every frame) and a default camera in that frame. A `CameraRig`
keeps the user's adjustment in the frame's coordinates, so the window, screenshots and
export compute the same camera from the same state, mode and adjustment.

Flyby framing facts: a camera at altitude h above a sphere of radius R sees the sphere as a
disc of half-angle asin(R / (R + h)) around the nadir (plain geometry); the modes pitch the
view so the limb stays in frame at closest approach and the whole moon far from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from perijove.core.bodies import BODIES
from perijove.scene.camera import CameraState, Frame
from perijove.scene.projection import Equirect, Fisheye, Perspective, Projection

OVERVIEW_DISTANCE_KM = 4.6e6
BODY_DISTANCE_RADII = 4.5
# Above a surface site: the site in the middle of the disc, the whole disc in a 35 degree
# view (its half-angle asin(1/2.4) = 24.6 degrees, plain geometry) with the limb near the
# frame's edge, so the site and its surroundings are large.
SURFACE_DISTANCE_RADII = 2.4
FOLLOW_DISTANCE_KM = 0.07  # 70 m behind the ~24 m craft
FLYBY_MODES = ("target", "follow", "from-juno")
MODE_NAMES = ("overview", *FLYBY_MODES)


class CameraModeError(ValueError):
    """A camera mode that cannot work here (e.g. a flyby camera with no flyby); one line."""


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def framing_half_tans(projection: Projection, aspect: float) -> tuple[float, float]:
    """Horizontal and vertical half-extent (tangent) that framing should fill: the frame
    itself for a perspective view; the central part for wide projections."""
    if isinstance(projection, Perspective):
        tv = math.tan(math.radians(projection.fov_deg) / 2)
        return tv * aspect, tv
    if isinstance(projection, Fisheye | Equirect):
        t = math.tan(math.radians(25.0))
        return t, t
    raise TypeError(projection)


def sunlit_direction(state, elevation_deg: float = 20.0, phase_deg: float = 35.0  # noqa: ANN001
                     ) -> np.ndarray:
    """From the sunlit side, turned `phase_deg` off the Sun and raised above Jupiter's
    equator: the direction a first-time view looks from."""
    pole = state.jupiter_pole
    sun = state.sun_direction - np.dot(state.sun_direction, pole) * pole
    sun = _unit(sun)
    side = np.cross(pole, sun)
    a, e = math.radians(phase_deg), math.radians(elevation_deg)
    return _unit(math.cos(e) * (math.cos(a) * sun + math.sin(a) * side) + math.sin(e) * pole)


def _look(eye: np.ndarray, focal: np.ndarray, up: np.ndarray) -> CameraState:
    return CameraState(np.asarray(eye, float), np.asarray(focal, float), np.asarray(up, float))


@dataclass
class CameraMode:
    """Base: a frame evaluated from the state, and a default camera in it."""

    key: str = "overview"
    adjustable = True  # the user may orbit and zoom; False: the mode sets every frame
    hidden: frozenset[str] = field(default_factory=frozenset)

    def frame(self, state, half_tans: tuple[float, float]) -> Frame:  # noqa: ANN001
        raise NotImplementedError

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        raise NotImplementedError

    @property
    def focus(self) -> str:
        """The node the readouts describe."""
        return "jupiter"


@dataclass
class BodyMode(CameraMode):
    """Centred on a body (or Juno), the camera riding along with it on ICRF axes."""

    body: str = "jupiter"
    distance_km: float | None = None
    direction: np.ndarray | None = None  # unit, from the body toward the eye

    def __post_init__(self) -> None:
        self.key = "overview" if self.body == "jupiter" and self.distance_km is None and \
            self.direction is None else f"body:{self.body}"

    @property
    def focus(self) -> str:
        return self.body

    def frame(self, state, half_tans: tuple[float, float]) -> Frame:  # noqa: ANN001
        p = state.position_of(self.body)
        if p is None:
            raise CameraModeError(f"nothing called '{self.body}' is in the scene now")
        return Frame(np.asarray(p, float))

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        if self.key == "overview":
            return _look(sunlit_direction(state, 28.0, 20.0) * OVERVIEW_DISTANCE_KM,
                         np.zeros(3), state.jupiter_pole)
        distance = self.distance_km or default_distance_km(self.body)
        d = sunlit_direction(state) if self.direction is None else _unit(self.direction)
        return _look(d * distance, np.zeros(3), state.jupiter_pole)


@dataclass
class SurfaceMode(BodyMode):
    """Looking straight down at a site on a body (a named feature), turning with the body:
    the site stays in the middle of the disc whatever the hour, lit or not."""

    site_body: np.ndarray | None = None  # unit vector in the body-fixed frame
    site_name: str = ""

    def __post_init__(self) -> None:
        self.key = f"surface:{self.body}:{self.site_name}"

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        b = state.bodies.get(self.body)
        if b is None or self.site_body is None:
            raise CameraModeError(f"nothing called '{self.body}' is in the scene now")
        d = _unit(b.body_to_icrf @ np.asarray(self.site_body, float))
        distance = self.distance_km or float(b.radii_km.max()) * SURFACE_DISTANCE_RADII
        return _look(d * distance, np.zeros(3), state.jupiter_pole)


def default_distance_km(name: str) -> float:
    if name == "jupiter":
        return OVERVIEW_DISTANCE_KM
    if name in BODIES:
        return BODIES[name].max_radius_km * BODY_DISTANCE_RADII
    if name == "juno":
        return FOLLOW_DISTANCE_KM
    return 1000.0


def overview() -> BodyMode:
    return BodyMode(body="jupiter")


@dataclass
class FlybyGeometry:
    """What the flyby cameras need from the state: the moon, Juno, their relative motion."""

    moon_km: np.ndarray
    juno_km: np.ndarray
    rel_km: np.ndarray  # Juno from the moon's centre
    rel_vel_km_s: np.ndarray
    radius_km: float

    @classmethod
    def of(cls, state, moon: str) -> FlybyGeometry:  # noqa: ANN001
        juno = state.spacecraft.get("juno")
        if juno is None:
            raise CameraModeError("no Juno trajectory covers this time, so there is no Juno "
                                  "to follow; load Juno's kernel or choose another time")
        m = state.bodies[moon]
        return cls(m.position_km, juno.position_km, juno.position_km - m.position_km,
                   juno.velocity_km_s - m.velocity_km_s, BODIES[moon].mean_radius_km)

    def pitch_rad(self, half_tan_v: float, keep: float) -> float:
        """How far below the local horizontal to look so that the limb sits `keep` of the
        way up the frame's upper half at closest approach, and the whole moon far away."""
        dist = float(np.linalg.norm(self.rel_km))
        alpha = math.asin(min(1.0, self.radius_km / dist))  # the disc's half-angle
        half = math.atan(half_tan_v)
        return min(max(math.pi / 2 - alpha + keep * half, math.radians(25.0)), math.pi / 2)

    def local_axes(self, pitch: float) -> np.ndarray:
        """Columns: right, up and backward (-look) for a view pitched down toward the moon
        along Juno's track."""
        z = _unit(self.rel_km)  # radial: away from the moon
        v = self.rel_vel_km_s - np.dot(self.rel_vel_km_s, z) * z
        v = _unit(v) if np.linalg.norm(v) > 1e-9 else _unit(np.cross(z, [0.0, 0.0, 1.0]))
        look = math.cos(pitch) * v - math.sin(pitch) * z
        up = math.sin(pitch) * v + math.cos(pitch) * z
        right = np.cross(look, up)
        return np.column_stack([right, up, -look])


@dataclass
class FollowMode(CameraMode):
    """A chase view: behind and above Juno, looking past it at the moon's surface and limb."""

    moon: str = "io"
    key: str = "follow"

    @property
    def focus(self) -> str:
        return "juno"

    def frame(self, state, half_tans: tuple[float, float]) -> Frame:  # noqa: ANN001
        g = FlybyGeometry.of(state, self.moon)
        return Frame(g.juno_km, g.local_axes(g.pitch_rad(half_tans[1], 0.45)))

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        return _look([0.0, 0.0, FOLLOW_DISTANCE_KM], np.zeros(3), [0.0, 1.0, 0.0])


@dataclass
class FromJunoMode(CameraMode):
    """From Juno itself, looking down at the surface passing under it (the craft hidden)."""

    moon: str = "io"
    key: str = "from-juno"
    hidden: frozenset[str] = frozenset({"juno"})

    @property
    def focus(self) -> str:
        return self.moon

    def frame(self, state, half_tans: tuple[float, float]) -> Frame:  # noqa: ANN001
        g = FlybyGeometry.of(state, self.moon)
        return Frame(g.juno_km, g.local_axes(g.pitch_rad(half_tans[1], 0.55)))

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        return _look(np.zeros(3), [0.0, 0.0, -1.0], [0.0, 1.0, 0.0])


@dataclass
class TargetMode(CameraMode):
    """Moon-centred: across the flyby plane from the sunlit side, panning and zooming so the
    moon and Juno are both in frame (Juno far out at first, the moon large at CA)."""

    moon: str = "io"
    ca_rel_km: np.ndarray | None = None  # Juno from the moon at CA (sets the axes)
    key: str = "target"
    margin: float = 1.15

    @property
    def focus(self) -> str:
        return self.moon

    def _axes(self, g: FlybyGeometry, state) -> np.ndarray:  # noqa: ANN001
        ca = self.ca_rel_km if self.ca_rel_km is not None else g.rel_km
        normal = np.cross(ca, g.rel_vel_km_s)
        if np.linalg.norm(normal) < 1e-9:
            normal = np.cross(ca, state.jupiter_pole)
        normal = _unit(normal)
        if np.dot(normal, state.sun_direction) < 0:
            normal = -normal
        x = _unit(ca - np.dot(ca, normal) * normal)  # CA to the right of the moon
        return np.column_stack([x, np.cross(normal, x), normal])

    def frame(self, state, half_tans: tuple[float, float]) -> Frame:  # noqa: ANN001
        g = FlybyGeometry.of(state, self.moon)
        axes = self._axes(g, state)
        r = g.radius_km
        jx, jy = float(g.rel_km @ axes[:, 0]), float(g.rel_km @ axes[:, 1])
        x0, x1 = min(-r, jx), max(r, jx)
        y0, y1 = min(-r, jy), max(r, jy)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        th, tv = half_tans
        distance = max((x1 - x0) / 2 * self.margin / th, (y1 - y0) / 2 * self.margin / tv,
                       2.0 * r)
        return Frame(g.moon_km + axes[:, 0] * cx + axes[:, 1] * cy, axes, distance)

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        return _look([0.0, 0.0, 1.0], np.zeros(3), [0.0, 1.0, 0.0])


@dataclass
class PathMode(CameraMode):
    """A keyframed camera path, evaluated at animation time; not adjustable."""

    evaluate: Callable[[object], CameraState] | None = None  # state -> world camera
    key: str = "path"
    anchor: str = "jupiter"
    anim_s: float | None = None  # animation time, when the caller drives it per frame
    adjustable = False

    @property
    def focus(self) -> str:
        return self.anchor

    def frame(self, state, half_tans: tuple[float, float]) -> Frame:  # noqa: ANN001
        return Frame(np.zeros(3))

    def default_local(self, state, half_tans: tuple[float, float]) -> CameraState:  # noqa: ANN001
        return self.evaluate(state)


def flyby_mode(name: str, moon: str, ca_rel_km: np.ndarray | None = None) -> CameraMode:
    if name == "target":
        return TargetMode(moon=moon, ca_rel_km=ca_rel_km)
    if name == "follow":
        return FollowMode(moon=moon)
    if name == "from-juno":
        return FromJunoMode(moon=moon)
    if name == "overview":
        return overview()
    raise CameraModeError(f"unknown camera '{name}'; choose one of: {', '.join(MODE_NAMES)}")


class CameraRig:
    """A mode plus the user's adjustment in the mode's frame: the camera for any state."""

    def __init__(self, mode: CameraMode | None = None, projection: Projection | None = None,
                 aspect: float = 16 / 9) -> None:
        self.mode = mode or overview()
        self.projection: Projection = projection or Perspective(35.0)
        self.aspect = aspect
        self.local: CameraState | None = None  # None: the mode's default

    def half_tans(self) -> tuple[float, float]:
        return framing_half_tans(self.projection, self.aspect)

    def set_mode(self, mode: CameraMode) -> None:
        self.mode = mode
        self.local = None

    def camera(self, state) -> CameraState:  # noqa: ANN001
        ht = self.half_tans()
        frame = self.mode.frame(state, ht)
        local = self.local if (self.local is not None and self.mode.adjustable) else \
            self.mode.default_local(state, ht)
        return frame.to_world(local).with_(projection=self.projection,
                                           hidden=local.hidden | self.mode.hidden)

    def adjust(self, state, world: CameraState) -> None:  # noqa: ANN001
        """The user moved the camera to `world`: keep that, in the mode's frame."""
        if self.mode.adjustable:
            self.local = self.mode.frame(state, self.half_tans()).to_local(world)
