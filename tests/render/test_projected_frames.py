"""Dome masters and 360 frames assembled from cube faces: bodies land where the projection
puts them, and a globe across a face border shows no seam."""

from __future__ import annotations

import math

import numpy as np
import pytest

from perijove.core.timescale import parse_utc
from perijove.render.outputs.faces import cube_axes, plan_faces
from perijove.scene.camera import CameraState
from perijove.scene.projection import Equirect, Fisheye
from tests.render.offscreen import OffscreenView

T = parse_utc("2023-12-30T08:36:00Z")


def _view(projection, size) -> OffscreenView:  # noqa: ANN001
    v = OffscreenView(size, projection=projection)
    v.options = v.options.with_(labels=False, orbits=False, ring=False, shadows=False)
    v.update(T)
    return v


def _camera_seeing(view: OffscreenView, body: str, d_cam: np.ndarray, distance_km: float
                   ) -> CameraState:
    """A camera whose frame holds `body` at camera-frame direction d_cam, `distance_km` away,
    lit from the eye (so the disc is full and its centroid is its centre)."""
    centre = view.state.bodies[body].position_km
    # Camera axes: an arbitrary right-handed basis; the body direction expressed in it.
    fwd, up = np.array([0.3, -0.8, 0.52]), np.array([0.1, 0.5, 0.86])
    fwd /= np.linalg.norm(fwd)
    up -= np.dot(up, fwd) * fwd
    up /= np.linalg.norm(up)
    right = np.cross(fwd, up)
    d_world = d_cam[0] * right + d_cam[1] * up + d_cam[2] * fwd
    eye = centre - d_world / np.linalg.norm(d_world) * distance_km
    view.override_sun(-d_world)
    return CameraState(eye, eye + fwd * 1000.0, up, view.projection)


def _centroid(img: np.ndarray, near: tuple[float, float], radius_px: float = 40.0,
              threshold: float = 40.0) -> tuple[float, float, int]:
    """Centroid of the lit pixels within `radius_px` of `near` (other bodies elsewhere in a
    360-degree frame are left out)."""
    lum = img.astype(float).mean(axis=2)
    ys, xs = np.mgrid[0:lum.shape[0], 0:lum.shape[1]]
    mask = (lum > threshold) & (np.hypot(xs + 0.5 - near[0], ys + 0.5 - near[1]) < radius_px)
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return math.nan, math.nan, 0
    return float(xs.mean() + 0.5), float(ys.mean() + 0.5), len(xs)


@pytest.mark.parametrize("projection,size,angle_deg", [
    (Fisheye(180.0, 0.0), (768, 768), 0.0),
    (Fisheye(180.0, 0.0), (768, 768), 52.0),   # on a side face
    (Fisheye(180.0, 25.0), (768, 768), 70.0),
    (Equirect(), (1024, 512), 120.0),           # behind and to the side
    (Equirect(), (1024, 512), -40.0),
])
def test_body_lands_at_its_predicted_pixel(projection, size, angle_deg) -> None:
    view = _view(projection, size)
    a = math.radians(angle_deg)
    d_cam = np.array([math.sin(a) * 0.8, math.sin(a) * 0.6, math.cos(a)])
    # Io from 40,000 km: about 2.6 deg across, a disc some 11-30 px wide in these frames.
    view.camera = _camera_seeing(view, "io", d_cam, 40_000.0)
    view.focus = "io"
    img = view.render()
    expected, visible = view.camera.project(view.state.bodies["io"].position_km, size)
    x, y, n = _centroid(img, (expected[0, 0], expected[0, 1]))
    assert visible[0] and n > 20
    assert math.hypot(x - expected[0, 0], y - expected[0, 1]) <= 2.0, (x, y, expected)


def test_globe_across_a_face_border_shows_no_seam() -> None:
    size = (1024, 1024)
    projection = Fisheye(180.0, 0.0)
    view = _view(projection, size)
    # Jupiter, 45 deg from the zenith toward the camera's right: the border between the top
    # face and the right face runs through its disc.
    a = math.radians(45.0)
    view.camera = _camera_seeing(view, "jupiter", np.array([math.sin(a), 0.0, math.cos(a)]),
                                 700_000.0)
    view.focus = "jupiter"
    img = view.render().astype(float)
    # Which face each pixel comes from (the cube's major axis of its direction).
    ys, xs = np.mgrid[0:size[1], 0:size[0]]
    d, valid = projection.backward(np.column_stack([xs.ravel() + 0.5, ys.ravel() + 0.5]), size)
    face = np.argmax(np.abs(d @ cube_axes(projection)), axis=1).reshape(size[1], size[0])
    lum = img.mean(axis=2)
    disc = lum > 30
    inside = disc & np.roll(disc, 1, axis=1) & np.roll(disc, -1, axis=1)
    step = np.abs(lum - np.roll(lum, 1, axis=1))  # each pixel against its left neighbour
    across = inside & (face != np.roll(face, 1, axis=1))
    along = inside & (face == np.roll(face, 1, axis=1))
    assert across.sum() > 50, "the border must run through the globe for this test"
    # Adjacent pixels across the border differ no more than adjacent pixels elsewhere on
    # the globe (cloud bands give the spread).
    assert step[across].mean() <= 1.5 * step[along].mean() + 1.0, (
        step[across].mean(), step[along].mean())
    assert np.percentile(step[across], 99) <= np.percentile(step[along], 99) + 4.0


def test_a_180_degree_dome_renders_fewer_than_six_faces_in_part() -> None:
    plan = plan_faces(Fisheye(180.0, 0.0), (2048, 2048))
    names = sorted(p.name for p in plan.passes)
    assert "-z" not in names and len(names) == 5
    full = plan.face_px ** 2
    # The top face whole, four side faces in half: three faces' worth of pixels, plus borders.
    assert plan.rendered_pixels < 3.1 * full
    assert len(plan_faces(Equirect(), (2048, 1024)).passes) == 6
