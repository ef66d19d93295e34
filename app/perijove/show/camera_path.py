"""Camera paths: keyframes in animation time, eased, distance interpolated logarithmically and
orientation by quaternion slerp. Pure numpy: a path gives a CameraState for any state.

A keyframe either places the camera itself (an anchor, a distance, an azimuth and
elevation) or names a camera mode ("follow", "from-juno", "target": scene/camera_modes.py),
whose camera is computed from the state at that moment: a path that dives into the chase
view at closest approach keeps Juno and the moon in frame however the flyby is shaped.

Between keyframes with different anchors the focal point pans while the camera is far out
(see `evaluate`), so the view never points at empty space mid-move.

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


ModeCamera = Callable[[str, object], CameraState]  # (mode name, SceneState) -> camera


def evaluate_in(path: CameraPath, anim_s: float, state,  # noqa: ANN001 - SceneState
                mode_camera: ModeCamera | None = None) -> CameraState:
    """The path's camera at `anim_s` for a SceneState (anchors where the state has them);
    keyframes that name a camera mode take `mode_camera(mode, state)`."""
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
    return blended.with_(focal_point_km=fp, position_km=fp + direction)
