"""The camera as data: where it is, where it looks, which way is up, how it projects.

One type for every camera in Perijove (the window, screenshots, export, camera paths).
Camera modes (camera_modes.py) place a camera in a moving `Frame` (origin, axes, scale), so
a user's adjustment made in one frame stays meaningful as the frame moves with time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from perijove.scene.projection import Perspective, Projection

DEFAULT_PROJECTION = Perspective(35.0)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


@dataclass(frozen=True, eq=False)
class CameraState:
    position_km: np.ndarray
    focal_point_km: np.ndarray
    view_up: np.ndarray
    projection: Projection = DEFAULT_PROJECTION
    hidden: frozenset[str] = field(default_factory=frozenset)  # nodes not drawn (the eye's own)

    @property
    def distance_km(self) -> float:
        return float(np.linalg.norm(self.position_km - self.focal_point_km))

    def basis(self) -> np.ndarray:
        """Columns: right, up, forward (unit, right-handed as x, y, z of camera coordinates
        in projection.py)."""
        f = _unit(np.asarray(self.focal_point_km, float) - np.asarray(self.position_km, float))
        u = np.asarray(self.view_up, float)
        u = u - np.dot(u, f) * f
        if np.linalg.norm(u) < 1e-12:  # up along the view axis: any perpendicular will do
            u = np.cross(f, [0.0, 0.0, 1.0] if abs(f[2]) < 0.9 else [1.0, 0.0, 0.0])
        u = _unit(u)
        r = np.cross(f, u)
        return np.column_stack([r, u, f])

    def to_camera(self, points_km: np.ndarray) -> np.ndarray:
        """World points (n,3) to camera coordinates (n,3), km."""
        return (np.atleast_2d(points_km) - self.position_km) @ self.basis()

    def project(self, points_km: np.ndarray, size_px: tuple[int, int]
                ) -> tuple[np.ndarray, np.ndarray]:
        """Pixels (n,2) of world points and whether each is in the projection's view."""
        return self.projection.forward(self.to_camera(points_km), size_px)

    def with_(self, **changes: object) -> CameraState:
        return replace(self, **changes)


@dataclass(frozen=True, eq=False)
class Frame:
    """A moving reference for a camera: world = origin + axes @ (local * scale_km)."""

    origin_km: np.ndarray
    axes: np.ndarray = field(default_factory=lambda: np.eye(3))  # columns in ICRF
    scale_km: float = 1.0

    def to_world(self, local: CameraState) -> CameraState:
        a, s = self.axes, self.scale_km
        return local.with_(position_km=self.origin_km + a @ (local.position_km * s),
                           focal_point_km=self.origin_km + a @ (local.focal_point_km * s),
                           view_up=a @ local.view_up)

    def to_local(self, world: CameraState) -> CameraState:
        a, s = self.axes, self.scale_km
        return world.with_(position_km=a.T @ (world.position_km - self.origin_km) / s,
                           focal_point_km=a.T @ (world.focal_point_km - self.origin_km) / s,
                           view_up=a.T @ world.view_up)


def look_from(eye_km: np.ndarray, target_km: np.ndarray, up: np.ndarray,
              projection: Projection = DEFAULT_PROJECTION,
              hidden: frozenset[str] = frozenset()) -> CameraState:
    return CameraState(np.asarray(eye_km, float), np.asarray(target_km, float),
                       np.asarray(up, float), projection, hidden)


def slerp(a: np.ndarray, b: np.ndarray, s: float) -> np.ndarray:
    a, b = _unit(a), _unit(b)
    dot = float(np.clip(np.dot(a, b), -1.0, 1.0))
    omega = math.acos(dot)
    if omega < 1e-9:
        return a
    if math.pi - omega < 1e-6:  # opposite: turn through any perpendicular
        perp = _unit(np.cross(a, [0.0, 0.0, 1.0] if abs(a[2]) < 0.9 else [1.0, 0.0, 0.0]))
        return math.cos(math.pi * s) * a + math.sin(math.pi * s) * perp
    return (math.sin((1 - s) * omega) * a + math.sin(s * omega) * b) / math.sin(omega)


def interpolate(a: CameraState, b: CameraState, s: float) -> CameraState:
    """The camera a fraction s (0..1, eased by the caller) of the way from a to b: the focal
    point moves straight, the distance logarithmically, the direction and up by slerp."""
    fp = a.focal_point_km + (b.focal_point_km - a.focal_point_km) * s
    da, db = max(a.distance_km, 1e-9), max(b.distance_km, 1e-9)
    dist = math.exp(math.log(da) + (math.log(db) - math.log(da)) * s)
    direction = slerp(a.position_km - a.focal_point_km, b.position_km - b.focal_point_km, s)
    return b.with_(position_km=fp + direction * dist, focal_point_km=fp,
                   view_up=slerp(a.view_up, b.view_up, s))
