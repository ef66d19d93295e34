"""Camera paths: keyframes in animation time, eased, distance interpolated logarithmically and
orientation by quaternion slerp. Pure numpy: a path gives a CameraState for any state.

A keyframe either places the camera itself (an anchor, a distance, an azimuth and
elevation) or names a camera mode ("follow", "from-juno", "target": scene/camera_modes.py),
whose camera is computed from the state at that moment: a path that dives into the chase
view at closest approach keeps Juno and the moon in frame however the flyby is shaped.

Between keyframes with different anchors the focal point pans while the camera is far out
(see `evaluate`), so the view never points at empty space mid-move. Between two mode
keyframes that both show the flyby's moon, the blended camera turns toward the moon whenever
the blend would leave it outside the frame (`keep_in_view`): a dive into the chase view or a
pull back from Juno's own view never loses the moon.

A keyframe looks at an anchor body from a distance, at an azimuth and elevation measured in
the anchor's "sun frame": z is Jupiter's north pole, x points to the Sun projected onto
Jupiter's equator (azimuth 0 = from the sunlit side), y completes the right-handed frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from perijove.scene.camera import CameraState, interpolate
from perijove.scene.easing import Easing
from perijove.show import quaternion


@dataclass(frozen=True)
class Keyframe:
    at_s: float  # seconds into the animation
    anchor: str  # body name ("io", "jupiter", "juno", ...)
    distance_km: float
    azimuth_deg: float = 0.0
    elevation_deg: float = 20.0
    roll_deg: float = 0.0
    ease: Easing = Easing.SMOOTH  # into this keyframe
    mode: str | None = None  # a camera mode's camera instead of anchor/distance/az/el


@dataclass
class CameraPath:
    keyframes: list[Keyframe] = field(default_factory=list)

    def sorted(self) -> list[Keyframe]:
        return sorted(self.keyframes, key=lambda k: k.at_s)


def sun_frame(sun_direction: np.ndarray, pole: np.ndarray) -> np.ndarray:
    """Columns x, y, z of the frame azimuth/elevation are measured in."""
    x = sun_direction - np.dot(sun_direction, pole) * pole
    x /= np.linalg.norm(x)
    y = np.cross(pole, x)
    return np.column_stack([x, y, pole])


def _camera_rotation(k: Keyframe, frame: np.ndarray) -> np.ndarray:
    """Rotation whose columns are the camera's right, up and backward (eye - focal) axes."""
    az, el = math.radians(k.azimuth_deg), math.radians(k.elevation_deg)
    back = frame @ np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az),
                             math.sin(el)])
    pole = frame[:, 2]
    right = np.cross(pole, back)
    if np.linalg.norm(right) < 1e-9:  # looking straight down the pole
        right = frame[:, 1]
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    roll = math.radians(k.roll_deg)
    r2 = math.cos(roll) * right + math.sin(roll) * up
    u2 = -math.sin(roll) * right + math.cos(roll) * up
    return np.column_stack([r2, u2, back])


def evaluate(path: CameraPath, anim_s: float, positions_km: dict[str, np.ndarray],
             frame: np.ndarray) -> CameraState:
    """The camera at `anim_s` seconds into the animation, given where the anchors are now."""
    keys = path.sorted()
    if not keys:
        raise ValueError("a camera path needs at least one keyframe")
    if anim_s <= keys[0].at_s or len(keys) == 1:
        a = b = keys[0]
        s = 0.0
    elif anim_s >= keys[-1].at_s:
        a = b = keys[-1]
        s = 0.0
    else:
        i = max(j for j, k in enumerate(keys) if k.at_s <= anim_s)
        a, b = keys[i], keys[i + 1]
        s = b.ease((anim_s - a.at_s) / (b.at_s - a.at_s))
    # Between two anchors, pan while far away: zooming in, the focal point reaches the new
    # anchor in the first third of the move; zooming out, it leaves the old one in the last
    # third. Otherwise mid-way the camera looks at empty space between them.
    if a.anchor == b.anchor:
        w = s
    elif b.distance_km < a.distance_km:
        w = Easing.SMOOTH(s / 0.35)
    else:
        w = Easing.SMOOTH((s - 0.65) / 0.35)
    focal = (1 - w) * positions_km[a.anchor] + w * positions_km[b.anchor]
    distance = math.exp((1 - s) * math.log(a.distance_km) + s * math.log(b.distance_km))
    q = quaternion.slerp(quaternion.from_matrix(_camera_rotation(a, frame)),
                         quaternion.from_matrix(_camera_rotation(b, frame)), s)
    rot = quaternion.to_matrix(q)
    return CameraState(focal + rot[:, 2] * distance, focal, rot[:, 1])


# How far off the view axis the moon's nearest edge may drift during a blend, as a fraction
# of the view's smaller half-angle: 0.3 keeps a good part of a near moon in the frame while the
# camera dives into the chase view or pulls back (0.6 left a sliver along the frame's edge).
KEEP_IN_VIEW_FRACTION = 0.3

ModeCamera = Callable[[str, object], CameraState]  # (mode name, SceneState) -> camera


def _off_axis_rad(camera: CameraState, point_km: np.ndarray) -> float:
    f = camera.focal_point_km - camera.position_km
    g = point_km - camera.position_km
    c = float(np.dot(f, g) / max(np.linalg.norm(f) * np.linalg.norm(g), 1e-12))
    return math.acos(min(1.0, max(-1.0, c)))


def keep_in_view(camera: CameraState, point_km: np.ndarray, max_off_axis_rad: float
                 ) -> CameraState:
    """The camera turned (about its own position, by the least angle) so that `point_km`
    lies within `max_off_axis_rad` of its view axis; unchanged if it already does."""
    off = _off_axis_rad(camera, point_km)
    if off <= max_off_axis_rad:
        return camera
    pos = camera.position_km
    axis_vec = camera.focal_point_km - pos
    f = axis_vec / np.linalg.norm(axis_vec)
    g = (point_km - pos) / np.linalg.norm(point_km - pos)
    turn = off - max_off_axis_rad
    # Rotate f toward g by `turn`, in the plane they span.
    perp = g - np.dot(g, f) * f
    n = np.linalg.norm(perp)
    if n < 1e-12:
        return camera
    f_new = math.cos(turn) * f + math.sin(turn) * perp / n
    return camera.with_(focal_point_km=pos + f_new * float(np.linalg.norm(axis_vec)))


def evaluate_in(path: CameraPath, anim_s: float, state,  # noqa: ANN001 - SceneState
                mode_camera: ModeCamera | None = None, moon: str | None = None,
                half_angle_rad: float | None = None) -> CameraState:
    """The path's camera at `anim_s` for a SceneState (anchors where the state has them);
    keyframes that name a camera mode take `mode_camera(mode, state)`. With `moon` and the
    view's smaller `half_angle_rad`, a blend between two mode keyframes that both show some
    of the moon keeps some of it in the frame."""
    positions = {k: b.position_km for k, b in state.bodies.items()}
    positions.update({k: c.position_km for k, c in state.spacecraft.items()})
    frame = sun_frame(state.sun_direction, state.jupiter_pole)
    keys = path.sorted()
    if not any(k.mode for k in keys):
        return evaluate(path, anim_s, positions, frame)
    if mode_camera is None:
        raise ValueError("this camera path names camera modes; it needs a flyby")
    if anim_s <= keys[0].at_s or len(keys) == 1:
        a = b = keys[0]
        s = 0.0
    elif anim_s >= keys[-1].at_s:
        a = b = keys[-1]
        s = 0.0
    else:
        i = max(j for j, k in enumerate(keys) if k.at_s <= anim_s)
        a, b = keys[i], keys[i + 1]
        s = b.ease((anim_s - a.at_s) / (b.at_s - a.at_s))

    def camera_of(k: Keyframe) -> CameraState:
        if k.mode:
            return mode_camera(k.mode, state)
        return evaluate(CameraPath([k]), k.at_s, positions, frame)

    ca, cb = camera_of(a), camera_of(b)
    if a is b:
        return ca
    # Pan while far (as between anchors above): pulling out, keep looking at where the camera
    # was until late; diving in, look at where it is going early. A straight blend of the
    # focal points would fly the eye through the moon between Juno and a moon-centred view.
    ratio = cb.distance_km / max(ca.distance_km, 1e-9)
    if 1 / 3 < ratio < 3:
        w = s
    elif ratio < 1:
        w = Easing.SMOOTH(s / 0.35)
    else:
        w = Easing.SMOOTH((s - 0.65) / 0.35)
    fp = (1 - w) * ca.focal_point_km + w * cb.focal_point_km
    blended = interpolate(ca, cb, s)
    direction = blended.position_km - blended.focal_point_km
    blended = blended.with_(focal_point_km=fp, position_km=fp + direction)
    body = state.bodies.get(moon) if moon else None
    if body is None or half_angle_rad is None:
        return blended
    centre, radius_km = body.position_km, float(body.radii_km.max())

    def disc_rad(c: CameraState) -> float:  # the moon's angular radius from the camera
        d = float(np.linalg.norm(centre - c.position_km))
        return math.asin(min(1.0, radius_km / max(d, 1e-9)))

    if all(_off_axis_rad(c, centre) - disc_rad(c) <= half_angle_rad for c in (ca, cb)):
        # Both ends show some of the moon: the blend shows its edge at least this far in.
        limit = disc_rad(blended) + KEEP_IN_VIEW_FRACTION * half_angle_rad
        return keep_in_view(blended, centre, limit)
    return blended
