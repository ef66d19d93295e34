"""Places on a moon's surface seen by a camera: where they land on screen, which of them the
camera can see, and the labels named features ask for. Pure numpy: no catalogue, no VTK (the
render side hands in unit vectors read from the catalogues).

A surface point is seen when
1. its surface normal faces the camera: the far side drops out, and so does a strip along the
   limb (MIN_FACING), where a label would sit on the sky rather than on the ground;
2. the line of sight to it passes through no other globe (a moon behind Jupiter, or in front);
3. it projects into the frame.

A named feature asks for a label when it is seen and its diameter on screen reaches
MIN_LABEL_DIAMETER_PX. Feature labels come after every other label (PRIORITY_FEATURE) and,
within that, larger on screen first, so in a crowded view the big regions and paterae keep
their names and the small ones give way; the common layout (layout.py) keeps them from
colliding with anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from perijove.scene.graph import PRIORITY_MARKER
from perijove.scene.layout import LabelRequest

PRIORITY_FEATURE = PRIORITY_MARKER + 1
MIN_FACING = 0.1  # cosine of the largest emission angle at which a point counts as seen (84 deg)
MIN_LABEL_DIAMETER_PX = 20.0
# The Gazetteer publishes no size for eruptive centres (Pele, Loki, Surt): for the on-screen size
# rule they count as this wide. A display choice, not a fact about them.
UNSIZED_DIAMETER_KM = 50.0
MAX_FEATURE_LABELS = 24  # the largest candidates only: layout time stays small in close views
FEATURE_FONT_SCALE = 0.8


@dataclass(frozen=True, eq=False)
class SurfaceSet:
    """Named places on one body: keys, names, body-fixed unit vectors and sizes."""

    body: str
    keys: tuple[str, ...]
    names: tuple[str, ...]
    unit_vectors: np.ndarray  # (n, 3): +x prime meridian, +z north
    diameters_km: np.ndarray  # (n,): NaN where no size is published
    colour: tuple[float, float, float]

    def __len__(self) -> int:
        return len(self.keys)


def surface_points_km(body_state, unit_vectors: np.ndarray  # noqa: ANN001 - BodyState
                      ) -> tuple[np.ndarray, np.ndarray]:
    """World positions (n, 3) of body-fixed unit vectors on the body's ellipsoid (the shape its
    globe is drawn with), and the outward surface normals there (n, 3)."""
    radii = np.asarray(body_state.radii_km, float)
    rotation = np.asarray(body_state.body_to_icrf, float)
    u = np.atleast_2d(unit_vectors)
    points = body_state.position_km + (u * radii) @ rotation.T
    normals = u / radii
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    return points, normals @ rotation.T


def seen_points(state, camera, size_px: tuple[int, int], body: str,  # noqa: ANN001
                unit_vectors: np.ndarray, min_facing: float = MIN_FACING
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixels (n, 2), whether each point is seen (n,), and the distance from the eye (n,) km.

    State and camera are a SceneState and a CameraState; `body` must be in the state."""
    b = state.bodies[body]
    n = len(np.atleast_2d(unit_vectors))
    if body in camera.hidden or n == 0:
        return np.zeros((n, 2)), np.zeros(n, bool), np.full(n, np.inf)
    eye = np.asarray(camera.position_km, float)
    points, normals = surface_points_km(b, unit_vectors)
    to_eye = eye - points
    dist = np.linalg.norm(to_eye, axis=1)
    facing = np.einsum("ij,ij->i", normals, to_eye) > min_facing * dist
    xy, in_view = camera.project(points, size_px)
    w, h = size_px
    in_frame = (xy[:, 0] >= 0) & (xy[:, 0] <= w) & (xy[:, 1] >= 0) & (xy[:, 1] <= h)
    seen = facing & in_view & in_frame
    rays = -to_eye / np.maximum(dist, 1e-9)[:, None]
    for key, other in state.bodies.items():
        if key == body or key in camera.hidden or not seen.any():
            continue
        oc = other.position_km - eye
        along = rays @ oc
        miss2 = float(oc @ oc) - along ** 2
        radius = float(np.min(other.radii_km))
        seen &= ~((along > 0.0) & (along < dist) & (miss2 < radius * radius))
    return xy, seen, dist


def feature_label_requests(state, camera, size_px: tuple[int, int],  # noqa: ANN001
                           sets: list[SurfaceSet], limit: int | None = MAX_FEATURE_LABELS
                           ) -> list[LabelRequest]:
    """Label requests for the named features seen and at least MIN_LABEL_DIAMETER_PX across,
    largest on screen first (the first `limit` of them), anchored at each feature's own
    position."""
    px_per_rad = camera.projection.pixels_per_radian(size_px)
    candidates: list[tuple[float, str, str, tuple[float, float], tuple]] = []
    for s in sets:
        if s.body not in state.bodies or len(s) == 0:
            continue
        xy, seen, dist = seen_points(state, camera, size_px, s.body, s.unit_vectors)
        diameter = np.where(np.isnan(s.diameters_km), UNSIZED_DIAMETER_KM, s.diameters_km)
        half = np.arcsin(np.clip(0.5 * diameter / np.maximum(dist, 1e-9), 0.0, 1.0))
        diameter_px = 2.0 * half * px_per_rad
        for i in np.flatnonzero(seen & (diameter_px >= MIN_LABEL_DIAMETER_PX)):
            candidates.append((float(diameter_px[i]), s.keys[i], s.names[i],
                               (float(xy[i, 0]), float(xy[i, 1])), s.colour))
    candidates.sort(key=lambda c: -c[0])
    return [LabelRequest(key, name, "", anchor, PRIORITY_FEATURE, 0.5 * d_px, colour,
                         font_scale=FEATURE_FONT_SCALE)
            for d_px, key, name, anchor, colour in candidates[:limit]]


def diameter_on_screen_px(diameter_km: float, distance_km: float, px_per_rad: float) -> float:
    """The angular size of `diameter_km` at `distance_km`, in pixels."""
    return 2.0 * math.asin(min(1.0, 0.5 * diameter_km / max(distance_km, 1e-9))) * px_per_rad
