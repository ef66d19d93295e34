"""Camera modes as pure functions of the state: frames, the rig, and what each flyby camera
keeps in view through closest approach (projected with the camera's own projection)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from perijove.core.bodies import BODIES
from perijove.scene.camera import CameraState, Frame, interpolate
from perijove.scene.camera_modes import BodyMode, CameraRig, overview
from perijove.scene.projection import Perspective
from perijove.session import Session

SIZE = (640, 360)
MAJOR_FLYBYS = ("PJ34-Ganymede", "PJ45-Europa", "PJ57-Io", "PJ58-Io")


def _session(flyby: str) -> Session:
    s = Session(use_installed=False)
    s.open_flyby(flyby)
    s.set_projection(Perspective(35.0), SIZE[0] / SIZE[1])
    return s


def test_frame_round_trip() -> None:
    rng = np.random.default_rng(1)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    frame = Frame(rng.normal(size=3) * 1e5, q, 1234.5)
    cam = CameraState(rng.normal(size=3), rng.normal(size=3), rng.normal(size=3))
    back = frame.to_local(frame.to_world(cam))
    for a, b in ((back.position_km, cam.position_km), (back.focal_point_km, cam.focal_point_km),
                 (back.view_up, cam.view_up)):
        assert np.allclose(a, b, atol=1e-9)


def test_rig_keeps_the_users_adjustment_as_the_frame_moves() -> None:
    s = Session(use_installed=False)
    rig = CameraRig(BodyMode(body="io"))
    state = s.state()
    cam = rig.camera(state)
    moved = cam.with_(position_km=cam.position_km + np.array([0.0, 0.0, 5000.0]))
    rig.adjust(state, moved)
    assert np.allclose(rig.camera(state).position_km, moved.position_km)
    # An hour later Io has moved ~62,000 km; the camera keeps its offset from Io.
    later = s.state_at(s.clock.t_tdb_s + 3600.0)
    offset_then = moved.position_km - state.bodies["io"].position_km
    offset_now = rig.camera(later).position_km - later.bodies["io"].position_km
    assert np.allclose(offset_now, offset_then, atol=1e-6)


def test_flight_ends_where_it_should() -> None:
    a = CameraState(np.array([1e6, 0, 0.0]), np.zeros(3), np.array([0, 0, 1.0]))
    b = CameraState(np.array([0, 1e3, 0.0]), np.array([10.0, 0, 0]), np.array([0, 0, 1.0]))
    mid = interpolate(a, b, 0.5)
    # Distance is interpolated logarithmically: halfway between 1e6 and ~1e3 km is ~3e4.
    assert mid.distance_km == pytest.approx(math.sqrt(1e6 * b.distance_km), rel=1e-9)
    end = interpolate(a, b, 1.0)
    assert np.allclose(end.position_km, b.position_km)


def _disc_fraction(cam: CameraState, centre: np.ndarray, radius_km: float) -> float:
    """The fraction of the frame a sphere covers (sampled rays, independent of the camera's
    own projection code)."""
    w, h = SIZE
    ys, xs = np.mgrid[0:h:4, 0:w:4]
    right, up, fwd = cam.basis().T
    t = math.tan(math.radians(cam.projection.fov_deg) / 2)
    d = (fwd + ((xs + 0.5 - w / 2) / (h / 2) * t)[..., None] * right
         + ((h / 2 - ys - 0.5) / (h / 2) * t)[..., None] * up)
    d /= np.linalg.norm(d, axis=-1, keepdims=True)
    oc = centre - cam.position_km
    along = d @ oc
    hit = (along > 0) & (oc @ oc - along ** 2 < radius_km ** 2)
    return float(hit.mean())


@pytest.mark.parametrize("flyby", MAJOR_FLYBYS)
@pytest.mark.parametrize("mode", ["target", "follow", "from-juno"])
def test_every_flyby_camera_shows_the_moon_large_at_ca(flyby: str, mode: str) -> None:
    s = _session(flyby)
    s.set_camera_mode(mode)
    state = s.state_at(s.flyby.ca_tdb_s)
    cam = s.camera(state)
    moon = state.bodies[s.flyby.moon]
    fraction = _disc_fraction(cam, moon.position_km, BODIES[s.flyby.moon].mean_radius_km)
    assert fraction > 0.15, f"{flyby} {mode}: the moon covers {fraction:.0%} of the frame"
    if mode != "from-juno":  # from Juno the craft is the eye itself
        xy, visible = cam.project(state.spacecraft["juno"].position_km, SIZE)
        assert visible[0] and 0 <= xy[0, 0] <= SIZE[0] and 0 <= xy[0, 1] <= SIZE[1]


@pytest.mark.parametrize("flyby", MAJOR_FLYBYS)
def test_opening_a_flyby_frames_juno_and_the_moon(flyby: str) -> None:
    # The default camera from 30 minutes before CA on: Juno and the moon both in frame.
    s = _session(flyby)
    for dt in (-1800.0, -600.0, -120.0, 0.0, 600.0):
        state = s.state_at(s.flyby.ca_tdb_s + dt)
        cam = s.camera(state)
        for key in ("juno", s.flyby.moon):
            xy, visible = cam.project(state.position_of(key), SIZE)
            assert visible[0] and 0 <= xy[0, 0] <= SIZE[0] and 0 <= xy[0, 1] <= SIZE[1], (
                key, dt)


def test_overview_looks_at_jupiter_from_the_sunlit_side() -> None:
    s = Session(use_installed=False)
    state = s.state()
    cam = CameraRig(overview()).camera(state)
    to_eye = cam.position_km - state.bodies["jupiter"].position_km
    assert np.allclose(cam.focal_point_km, state.bodies["jupiter"].position_km)
    assert np.dot(to_eye / np.linalg.norm(to_eye), state.sun_direction) > 0.5
