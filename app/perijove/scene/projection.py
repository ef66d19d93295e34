"""Projections: how directions seen from the camera become pixels, and back. Pure numpy.

Camera coordinates: x to the right, y up, z forward along the view axis (unit vectors).
Pixel coordinates: x to the right and y down from the top-left corner of the frame, pixel
centres at half-integers (the centre of the top-left pixel is (0.5, 0.5)).

- `Perspective(fov_deg)`: the gnomonic view of an ordinary camera; fov is vertical.
- `Fisheye(aperture_deg, tilt_deg)`: a fulldome master: a square frame holding an
  azimuthal-equidistant circle (angle from the dome's zenith proportional to the distance
  from the frame's centre), the rim at half the aperture from the zenith. The bottom of the
  frame is the front of the dome (fulldome.org "Dome Master Show File Format 1.0").
  With tilt 0 the camera's view axis is the dome's zenith and the camera's up points to the
  back of the dome. A tilt of T degrees turns the dome's zenith T degrees from the view axis
  toward the camera's up, so the view axis appears T degrees from the centre toward the
  front of the dome: for a tilted dome (or to put the action in front of the audience
  rather than overhead) set the tilt to 90 degrees minus the altitude the view axis should
  appear at.
- `Equirect()`: 360 x 180 degrees on a 2:1 frame; longitude 0 at the centre is the view
  axis, east (the camera's right) to the right; latitude +90 (the camera's up) at the top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

PERSPECTIVE_FOV_RANGE_DEG = (1.0, 170.0)
FISHEYE_APERTURE_RANGE_DEG = (1.0, 360.0)
FISHEYE_TILT_RANGE_DEG = (0.0, 90.0)
PROJECTION_NAMES = ("perspective", "fisheye", "equirect")


class ProjectionError(ValueError):
    """A projection setting a user gave that cannot work; one sentence."""


def _finite_in(value: float, lo: float, hi: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and lo <= value <= hi


@dataclass(frozen=True)
class Perspective:
    fov_deg: float = 35.0
    name = "perspective"

    def __post_init__(self) -> None:
        lo, hi = PERSPECTIVE_FOV_RANGE_DEG
        if not _finite_in(self.fov_deg, lo, hi):
            raise ProjectionError(f"--fov {self.fov_deg:g} is outside {lo:g}-{hi:g} degrees for "
                                  "a perspective view")

    def check_size(self, size_px: tuple[int, int]) -> None:
        pass

    def pixels_per_radian(self, size_px: tuple[int, int]) -> float:
        """At the centre of the frame."""
        return size_px[1] / 2 / math.tan(math.radians(self.fov_deg) / 2)

    def forward(self, d_cam: np.ndarray, size_px: tuple[int, int]
                ) -> tuple[np.ndarray, np.ndarray]:
        d = np.atleast_2d(np.asarray(d_cam, dtype=float))
        w, h = size_px
        t = math.tan(math.radians(self.fov_deg) / 2)
        z = d[:, 2]
        safe = np.where(z > 0, z, 1.0)
        x = w / 2 + d[:, 0] / safe / t * (h / 2)
        y = h / 2 - d[:, 1] / safe / t * (h / 2)
        return np.column_stack([x, y]), z > 0

    def backward(self, xy_px: np.ndarray, size_px: tuple[int, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
        p = np.atleast_2d(np.asarray(xy_px, dtype=float))
        w, h = size_px
        t = math.tan(math.radians(self.fov_deg) / 2)
        d = np.column_stack([(p[:, 0] - w / 2) / (h / 2) * t, (h / 2 - p[:, 1]) / (h / 2) * t,
                             np.ones(len(p))])
        return d / np.linalg.norm(d, axis=1, keepdims=True), np.ones(len(p), dtype=bool)


@dataclass(frozen=True)
class Fisheye:
    aperture_deg: float = 180.0
    tilt_deg: float = 0.0
    name = "fisheye"

    def __post_init__(self) -> None:
        lo, hi = FISHEYE_APERTURE_RANGE_DEG
        if not _finite_in(self.aperture_deg, lo, hi):
            raise ProjectionError(f"fisheye aperture {self.aperture_deg:g} is outside {lo:g}-"
                                  f"{hi:g} degrees; 180 is a hemispherical dome")
        lo, hi = FISHEYE_TILT_RANGE_DEG
        if not _finite_in(self.tilt_deg, lo, hi):
            raise ProjectionError(f"--tilt {self.tilt_deg:g} is outside {lo:g}-{hi:g} degrees")

    def check_size(self, size_px: tuple[int, int]) -> None:
        w, h = size_px
        if w != h:
            raise ProjectionError(f"a dome master is square: size {w}x{h} is not; e.g. "
                                  "2048x2048 or 4096x4096")

    def dome_axes(self) -> np.ndarray:
        """Columns: the dome's x (frame right), y (frame up, toward the back) and z (zenith)
        in camera coordinates."""
        tilt = math.radians(self.tilt_deg)
        c, s = math.cos(tilt), math.sin(tilt)
        return np.array([[1.0, 0.0, 0.0], [0.0, c, s], [0.0, -s, c]])

    def pixels_per_radian(self, size_px: tuple[int, int]) -> float:
        return size_px[0] / 2 / math.radians(self.aperture_deg / 2)

    def forward(self, d_cam: np.ndarray, size_px: tuple[int, int]
                ) -> tuple[np.ndarray, np.ndarray]:
        d = np.atleast_2d(np.asarray(d_cam, dtype=float))
        d = d / np.linalg.norm(d, axis=1, keepdims=True)
        dome = d @ self.dome_axes()  # components along the dome's x, y, z
        theta = np.arccos(np.clip(dome[:, 2], -1.0, 1.0))
        phi = np.arctan2(dome[:, 1], dome[:, 0])
        half = math.radians(self.aperture_deg) / 2
        radius_px = size_px[0] / 2
        rho = theta / half * radius_px
        x = size_px[0] / 2 + rho * np.cos(phi)
        y = size_px[1] / 2 - rho * np.sin(phi)
        return np.column_stack([x, y]), theta <= half + 1e-12

    def backward(self, xy_px: np.ndarray, size_px: tuple[int, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
        p = np.atleast_2d(np.asarray(xy_px, dtype=float))
        radius_px = size_px[0] / 2
        dx = (p[:, 0] - size_px[0] / 2) / radius_px
        dy = (size_px[1] / 2 - p[:, 1]) / radius_px
        rho = np.hypot(dx, dy)
        theta = rho * math.radians(self.aperture_deg) / 2
        phi = np.arctan2(dy, dx)
        dome = np.column_stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi),
                                np.cos(theta)])
        return dome @ self.dome_axes().T, rho <= 1.0

    def dome_direction_px(self, azimuth_deg: float, altitude_deg: float,
                          size_px: tuple[int, int]) -> tuple[float, float]:
        """Where a direction in the dome (azimuth from the front, positive to the right;
        altitude above the dome's rim plane for a 180-degree dome) lands in the frame."""
        theta = math.radians(90.0 - altitude_deg)
        # The front of the dome is the bottom of the frame: azimuth 0 -> phi = -90 deg.
        phi = math.radians(-90.0 + azimuth_deg)
        rho = theta / math.radians(self.aperture_deg / 2) * size_px[0] / 2
        return size_px[0] / 2 + rho * math.cos(phi), size_px[1] / 2 - rho * math.sin(phi)


@dataclass(frozen=True)
class Equirect:
    name = "equirect"

    def check_size(self, size_px: tuple[int, int]) -> None:
        w, h = size_px
        if w != 2 * h:
            raise ProjectionError(f"a 360-degree equirectangular frame is twice as wide as "
                                  f"tall: size {w}x{h} is not; e.g. 4096x2048")

    def pixels_per_radian(self, size_px: tuple[int, int]) -> float:
        return size_px[0] / (2 * math.pi)

    def forward(self, d_cam: np.ndarray, size_px: tuple[int, int]
                ) -> tuple[np.ndarray, np.ndarray]:
        d = np.atleast_2d(np.asarray(d_cam, dtype=float))
        d = d / np.linalg.norm(d, axis=1, keepdims=True)
        lon = np.arctan2(d[:, 0], d[:, 2])
        lat = np.arcsin(np.clip(d[:, 1], -1.0, 1.0))
        w, h = size_px
        return (np.column_stack([(lon / (2 * math.pi) + 0.5) * w, (0.5 - lat / math.pi) * h]),
                np.ones(len(d), dtype=bool))

    def backward(self, xy_px: np.ndarray, size_px: tuple[int, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
        p = np.atleast_2d(np.asarray(xy_px, dtype=float))
        w, h = size_px
        lon = (p[:, 0] / w - 0.5) * 2 * math.pi
        lat = (0.5 - p[:, 1] / h) * math.pi
        d = np.column_stack([np.cos(lat) * np.sin(lon), np.sin(lat), np.cos(lat) * np.cos(lon)])
        return d, np.ones(len(p), dtype=bool)


Projection = Perspective | Fisheye | Equirect


def parse_projection(name: str, fov_deg: float | None = None,
                     tilt_deg: float | None = None) -> Projection:
    """A projection from command-line words; one-line ProjectionError for bad values."""
    key = name.strip().lower()
    if key == "perspective":
        if tilt_deg is not None:
            raise ProjectionError(f"--tilt {tilt_deg:g} is for --projection fisheye (a tilted "
                                  "dome); drop it for a perspective view")
        return Perspective(35.0 if fov_deg is None else fov_deg)
    if key in ("fisheye", "dome"):
        return Fisheye(180.0 if fov_deg is None else fov_deg,
                       0.0 if tilt_deg is None else tilt_deg)
    if key in ("equirect", "equirectangular", "360"):
        if fov_deg is not None or tilt_deg is not None:
            given = " ".join(f"{k} {v:g}" for k, v in (("--fov", fov_deg), ("--tilt", tilt_deg))
                             if v is not None)
            raise ProjectionError(f"an equirectangular frame always shows all 360 degrees; "
                                  f"drop {given}")
        return Equirect()
    raise ProjectionError(f"unknown projection '{name}'; choose one of: "
                          f"{', '.join(PROJECTION_NAMES)}")
