"""Which cube faces a projected frame needs, which part of each, and where every output
pixel reads from. Pure numpy (OpenCV only to pack the lookup tables).

A projected frame (fisheye dome master, 360 equirectangular) is assembled from perspective
renders of a cube's faces around the eye. The cube is aligned with the projection's own
axes (the dome's zenith for a fisheye), so a 180-degree dome needs the top face and the
upper halves of four side faces: 3 faces' worth of pixels in 5 passes, never the bottom.
Each face is rendered only over the rectangle the frame samples (plus a 2-pixel border so
bilinear filtering never reads outside what was rendered), at about the frame's own pixel
density at the centre. The crops are read back into one atlas, and a per-pixel lookup table
maps every output pixel to its atlas position: one `cv2.remap` assembles the frame.

Conventions: camera components (x right, y up, z forward, as in scene/projection.py); a
face is given by its forward axis a and up axis b in cube components; it renders with its
right axis along b x a (camera components form a left-handed set, see CameraState.basis).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from perijove.scene.projection import Equirect, Fisheye, Projection

BORDER_PX = 2
# Face name -> (forward, up) in cube components.
FACES: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "+z": ((0, 0, 1), (0, 1, 0)),
    "+x": ((1, 0, 0), (0, 1, 0)),
    "-x": ((-1, 0, 0), (0, 1, 0)),
    "+y": ((0, 1, 0), (0, 0, -1)),
    "-y": ((0, -1, 0), (0, 0, 1)),
    "-z": ((0, 0, -1), (0, 1, 0)),
}


@dataclass(frozen=True)
class FacePass:
    name: str
    forward_cam: np.ndarray  # the face camera's forward, in the frame camera's components
    up_cam: np.ndarray
    crop: tuple[int, int, int, int]  # x0, y0, x1, y1: pixels of the full face, y down
    atlas_row: int  # first atlas row of this crop (rows stored bottom-up, as GL reads them)

    @property
    def size_px(self) -> tuple[int, int]:
        x0, y0, x1, y1 = self.crop
        return x1 - x0, y1 - y0


@dataclass(frozen=True)
class CubePlan:
    face_px: int  # the full face's side, pixels
    half_tan: float  # the full face spans [-half_tan, half_tan] in tangent units
    passes: tuple[FacePass, ...]
    atlas_shape: tuple[int, int]  # rows, columns
    map1: np.ndarray  # cv2 fixed-point maps: output pixel -> atlas position
    map2: np.ndarray
    size_px: tuple[int, int]  # the output frame

    @property
    def rendered_pixels(self) -> int:
        return sum(p.size_px[0] * p.size_px[1] for p in self.passes)


def cube_axes(projection: Projection) -> np.ndarray:
    """Columns: the cube's x, y, z in the frame camera's components."""
    if isinstance(projection, Fisheye):
        return projection.dome_axes()
    if isinstance(projection, Equirect):
        return np.eye(3)
    raise TypeError(f"no cube faces for {projection!r}")


def plan_faces(projection: Projection, size_px: tuple[int, int],
               face_px: int | None = None) -> CubePlan:
    """The passes and lookup table for one projection and output size. `face_px` defaults
    to the output's pixel density at its centre (2 x pixels per radian)."""
    projection.check_size(size_px)
    w, h = size_px
    base = face_px or max(16, int(round(2 * projection.pixels_per_radian(size_px))))
    n = base + 2 * BORDER_PX
    half_tan = n / base  # the border pixels lie just outside the 90-degree cone
    ys, xs = np.mgrid[0:h, 0:w]
    centres = np.column_stack([xs.ravel() + 0.5, ys.ravel() + 0.5])
    d_cam, valid = projection.backward(centres, size_px)
    d_cube = d_cam @ cube_axes(projection)  # components along the cube's axes
    major = np.argmax(np.abs(d_cube), axis=1)
    sign = np.sign(d_cube[np.arange(len(d_cube)), major])
    passes: list[FacePass] = []
    map_x = np.full(w * h, -10.0, dtype=np.float32)
    map_y = np.full(w * h, -10.0, dtype=np.float32)
    atlas_rows, atlas_cols = 0, 0
    axes = cube_axes(projection)
    for name, (a, b) in FACES.items():
        a, b = np.asarray(a, float), np.asarray(b, float)
        k = int(np.argmax(np.abs(a)))
        mine = valid & (major == k) & (sign == a[k])
        if not mine.any():
            continue
        d = d_cube[mine]
        right = np.cross(b, a)
        along = d @ a
        fx = (d @ right) / along / half_tan  # -1..1 across the full face
        fy = (d @ b) / along / half_tan
        px = (fx + 1.0) / 2.0 * n  # continuous pixel coordinates, y down
        py = (1.0 - fy) / 2.0 * n
        x0 = max(int(math.floor(px.min() - 0.5)) - BORDER_PX, 0)
        x1 = min(int(math.ceil(px.max() + 0.5)) + BORDER_PX, n)
        y0 = max(int(math.floor(py.min() - 0.5)) - BORDER_PX, 0)
        y1 = min(int(math.ceil(py.max() + 0.5)) + BORDER_PX, n)
        ch = y1 - y0
        # Atlas rows run bottom-up within a crop (glReadPixels order).
        map_x[mine] = px - 0.5 - x0
        map_y[mine] = atlas_rows + (ch - 1) - (py - 0.5 - y0)
        passes.append(FacePass(name, axes @ a, axes @ b, (x0, y0, x1, y1), atlas_rows))
        atlas_rows += ch
        atlas_cols = max(atlas_cols, x1 - x0)
    map1, map2 = cv2.convertMaps(map_x.reshape(h, w), map_y.reshape(h, w), cv2.CV_16SC2)
    return CubePlan(n, half_tan, tuple(passes), (atlas_rows, atlas_cols), map1, map2,
                    (w, h))


def assemble(plan: CubePlan, atlas: np.ndarray) -> np.ndarray:
    """The output frame (H, W, 3) from the atlas of face crops (bilinear)."""
    return cv2.remap(atlas, plan.map1, plan.map2, cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))


def face_view(plan: CubePlan, face: FacePass) -> tuple[float, tuple[float, float],
                                                     tuple[float, float, float, float]]:
    """How to render one crop: vertical view angle (deg), VTK window centre, and viewport
    (x0, y0, x1, y1 as fractions, y up) in a window of face_px x face_px pixels."""
    n = plan.face_px
    x0, y0, x1, y1 = face.crop
    cw, ch = x1 - x0, y1 - y0
    fov = 2.0 * math.degrees(math.atan(plan.half_tan * ch / n))
    # The crop's centre in the full face's normalised coordinates, in units of the crop's
    # own half-size: where VTK's window centre moves the frustum.
    cx = ((x0 + x1) / n - 1.0) / (cw / n)
    cy = (1.0 - (y0 + y1) / n) / (ch / n)
    viewport = (x0 / n, 1.0 - y1 / n, x1 / n, 1.0 - y0 / n)
    return fov, (cx, cy), viewport
