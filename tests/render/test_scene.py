"""Offscreen renders of the scene: what a person would see, probed by colour."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.core.bodies import IO, JUPITER
from perijove.core.timescale import parse_utc
from perijove.render.depth import slice_ranges
from perijove.scene.camera_modes import CameraRig, overview
from tests.render.offscreen import OffscreenView

T = parse_utc("2023-12-30T08:36:00Z")


@pytest.fixture(scope="module")
def view() -> OffscreenView:
    v = OffscreenView((640, 360))
    v.update(T)
    return v


def _is_jupiter_colour(rgb: np.ndarray) -> bool:
    r, g, b = rgb
    return r > 90 and r >= b and g > 60  # cream/ochre bands, never blue or black


def test_overview_has_jupiter_at_centre(view) -> None:
    view.camera = CameraRig(overview()).camera(view.state)
    view.render()
    img = view.capture_rgb().astype(float)
    h, w, _ = img.shape
    centre = img[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3].reshape(-1, 3).mean(axis=0)
    assert _is_jupiter_colour(centre), centre
    assert img[5:40, 5:40].mean() < 10  # the sky


def test_night_side_is_dark(view) -> None:
    # Look at Jupiter from behind it, against the Sun: almost all of the disc is night.
    view.place_camera("jupiter", 400_000.0, -view.sun_direction)
    view.render()
    night = view.capture_rgb().astype(float)
    view.place_camera("jupiter", 400_000.0, view.sun_direction)
    view.render()
    day = view.capture_rgb().astype(float)
    h, w, _ = day.shape
    c = (slice(h // 2 - 20, h // 2 + 20), slice(w // 2 - 20, w // 2 + 20))
    assert day[c].mean() > 100
    assert night[c].mean() < 0.15 * day[c].mean()


def test_camera_1500_km_above_io_shows_io_jupiter_and_far_orbits(view) -> None:
    """The depth trap: near and far in one frame with no clipping (PLATFORM.md, Depth)."""
    io = view.positions_km["io"]
    jup = view.positions_km["jupiter"]
    to_jup = (jup - io) / np.linalg.norm(jup - io)
    # Off to the sunward side, so the hemisphere of Io in view is lit.
    side = view.sun_direction - np.dot(view.sun_direction, to_jup) * to_jup
    side /= np.linalg.norm(side)
    # 1,500 km above Io's surface, off to one side of the Io-Jupiter line, looking at a point
    # between Io's limb and Jupiter so that both are in the frame.
    up = side - 0.6 * to_jup
    eye = io + up / np.linalg.norm(up) * (IO.max_radius_km + 1500.0)
    look = (io - eye) / np.linalg.norm(io - eye) * 0.45 + to_jup * 0.55
    view.look(eye, eye + look * 10_000.0)
    view.render()
    img = view.capture_rgb().astype(float)
    assert np.linalg.norm(eye - io) - IO.max_radius_km == pytest.approx(1500.0, abs=250)

    def project(p):
        x, y = view.project(p)
        return int(x), int(y)

    jx, jy = project(jup)
    assert 0 <= jx < img.shape[1] and 0 <= jy < img.shape[0], "Jupiter must be in frame"
    assert _is_jupiter_colour(img[jy, jx]), img[jy, jx]
    # Io: every pixel whose ray meets Io's globe (computed here from the camera, independent
    # of VTK's rasteriser) shows lit surface, none is clipped away to black sky.
    mask = _ray_hits_sphere_mask(view, img.shape[1], img.shape[0], io, IO.radii_km[2])
    assert mask.sum() > 0.15 * mask.size, "Io should fill a good part of the frame"
    inner = mask & np.roll(mask, 3, 1) & np.roll(mask, -3, 1) & np.roll(mask, 3, 0)
    assert img[inner].mean() > 60, "Io's surface must be drawn, not clipped"
    assert np.percentile(img[inner].mean(axis=1), 2) > 15, "no clipped (black) holes in Io"
    # Orbit lines far away (Europa's, Ganymede's) are drawn: coloured pixels off the globes.
    slices = view.renderer.slices
    assert len(slices) >= 2
    used = [r for r in slices if r.GetDraw()]
    assert len(used) >= 2, "this view needs more than one depth slice"


def _ray_hits_sphere_mask(view, w: int, h: int, center: np.ndarray, radius: float
                          ) -> np.ndarray:
    cam = view.camera
    eye = cam.position_km
    right, up, fwd = cam.basis().T
    tan_half = np.tan(np.radians(cam.projection.fov_deg) / 2)
    ys, xs = np.mgrid[0:h, 0:w]
    sx = (xs + 0.5 - w / 2) / (h / 2) * tan_half
    sy = (h / 2 - ys - 0.5) / (h / 2) * tan_half
    d = fwd + sx[..., None] * right + sy[..., None] * up
    d /= np.linalg.norm(d, axis=-1, keepdims=True)
    oc = center - eye
    along = d @ oc
    miss2 = oc @ oc - along**2
    return (along > 0) & (miss2 < radius**2)


def test_slices_respect_ratio_and_cover_range() -> None:
    ranges = slice_ranges(750.0, 4.0e6, 3)
    assert ranges[-1][0] == 750.0 and ranges[0][1] == 4.0e6
    for near, far in ranges:
        assert far / near <= 1000.0 * 1.03
    assert len(slice_ranges(1e5, 5e6, 3)) == 1


def test_jupiter_is_oblate_in_render(view) -> None:
    # Seen from the equator plane, Jupiter's disc is 66,854/71,492 = 0.935 as tall as wide.
    pole = view.jupiter_pole()
    side = np.cross(pole, view.sun_direction)
    side /= np.linalg.norm(side)
    eq = np.cross(side, pole)
    view.place_camera("jupiter", 600_000.0, eq if np.dot(eq, view.sun_direction) > 0 else -eq)
    view.options = view.options.with_(orbits=False, labels=False)
    view.render()
    view.options = view.options.with_(orbits=True, labels=True)
    img = view.capture_rgb().astype(float).mean(axis=2)
    lit = img > 25
    rows = np.where(lit.any(axis=1))[0]
    cols = np.where(lit.any(axis=0))[0]
    ratio = (rows[-1] - rows[0]) / (cols[-1] - cols[0])
    assert ratio == pytest.approx(JUPITER.radii_km[2] / JUPITER.radii_km[0], abs=0.02)
