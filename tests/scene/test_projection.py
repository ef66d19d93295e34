"""Projections as pure functions, checked at known directions.

Dome master conventions: fulldome.org "Dome Master Show File Format 1.0" (azimuthal
equidistant circle in a square frame; the bottom of the frame is the front of the dome).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from perijove.scene.projection import (
    Equirect,
    Fisheye,
    Perspective,
    ProjectionError,
    parse_projection,
)

SQUARE = (2048, 2048)
WIDE = (4096, 2048)
FORWARD, UP, RIGHT = np.array([0, 0, 1.0]), np.array([0, 1.0, 0]), np.array([1.0, 0, 0])


def test_fisheye_centre_is_the_zenith_and_the_rim_is_the_horizon() -> None:
    dome = Fisheye(180.0, 0.0)
    xy, ok = dome.forward(FORWARD, SQUARE)
    assert ok[0] and np.allclose(xy, [[1024, 1024]])
    # 90 degrees from the zenith (the horizon of a 180-degree dome) lands on the rim.
    for d in (UP, -UP, RIGHT, -RIGHT):
        xy, ok = dome.forward(d, SQUARE)
        assert ok[0] and math.hypot(xy[0, 0] - 1024, xy[0, 1] - 1024) == pytest.approx(1024)
    # The camera's down (the front of the dome) is the bottom of the frame.
    xy, _ = dome.forward(-UP, SQUARE)
    assert np.allclose(xy, [[1024, 2048]])
    # Beyond the aperture is not in view.
    assert not dome.forward(-FORWARD, SQUARE)[1][0]


def test_fisheye_is_equidistant_and_aperture_scales_it() -> None:
    # Azimuthal equidistant: the distance from the centre grows linearly with the angle.
    for aperture in (120.0, 180.0, 220.0):
        dome = Fisheye(aperture, 0.0)
        for angle in (10.0, 30.0, 59.0):
            a = math.radians(angle)
            xy, ok = dome.forward(np.array([math.sin(a), 0.0, math.cos(a)]), SQUARE)
            assert ok[0]
            assert xy[0, 0] - 1024 == pytest.approx(1024 * angle / (aperture / 2), abs=1e-9)


def test_fisheye_tilt_moves_the_view_axis_toward_the_front() -> None:
    # A tilt of T turns the zenith T degrees toward the camera's up, so the view axis appears
    # T degrees below the centre (toward the front of the dome).
    for tilt in (15.0, 30.0, 60.0):
        dome = Fisheye(180.0, tilt)
        xy, _ = dome.forward(FORWARD, SQUARE)
        assert xy[0, 0] == pytest.approx(1024)
        assert xy[0, 1] - 1024 == pytest.approx(1024 * tilt / 90.0)


@pytest.mark.parametrize("projection,size", [(Fisheye(180.0, 0.0), SQUARE),
                                             (Fisheye(200.0, 27.0), SQUARE),
                                             (Equirect(), WIDE),
                                             (Perspective(35.0), (1280, 720))])
def test_forward_and_backward_round_trip(projection, size) -> None:
    rng = np.random.default_rng(7)
    d = rng.normal(size=(2000, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    xy, ok = projection.forward(d, size)
    back, valid = projection.backward(xy[ok], size)
    assert valid.all()
    # The chord between unit vectors equals the angle to first order (arccos near 1 is too
    # coarse to see 1e-9 rad).
    angle = np.linalg.norm(back - d[ok], axis=1)
    assert angle.max() < 1e-9


def test_equirect_longitude_latitude_round_trip_to_1e9_rad() -> None:
    eq = Equirect()
    lon = np.radians(np.linspace(-179.9, 179.9, 37))
    lat = np.radians(np.linspace(-89.9, 89.9, 19))
    lo, la = np.meshgrid(lon, lat)
    d = np.column_stack([np.cos(la.ravel()) * np.sin(lo.ravel()), np.sin(la.ravel()),
                         np.cos(la.ravel()) * np.cos(lo.ravel())])
    xy, _ = eq.forward(d, WIDE)
    # Longitude 0 at the centre, east (the camera's right) to the right, +90 at the top.
    assert np.allclose(xy[:, 0], (lo.ravel() / (2 * math.pi) + 0.5) * WIDE[0], atol=1e-6)
    assert np.allclose(xy[:, 1], (0.5 - la.ravel() / math.pi) * WIDE[1], atol=1e-6)
    back, _ = eq.backward(xy, WIDE)
    lon2 = np.arctan2(back[:, 0], back[:, 2])
    lat2 = np.arcsin(back[:, 1])
    assert np.abs(lon2 - lo.ravel()).max() < 1e-9
    assert np.abs(lat2 - la.ravel()).max() < 1e-9


def test_dome_direction_of_the_front_at_the_horizon_is_the_bottom_centre() -> None:
    dome = Fisheye(180.0, 0.0)
    assert np.allclose(dome.dome_direction_px(0.0, 0.0, SQUARE), (1024, 2048))
    assert np.allclose(dome.dome_direction_px(0.0, 90.0, SQUARE), (1024, 1024))
    assert np.allclose(dome.dome_direction_px(90.0, 0.0, SQUARE), (2048, 1024))


@pytest.mark.parametrize("args,needle", [
    (("mercator",), "unknown projection 'mercator'"),
    (("fisheye", 0.5), "aperture 0.5 is outside 1-360"),
    (("fisheye", 400.0), "aperture 400 is outside 1-360"),
    (("fisheye", 180.0, 95.0), "--tilt 95 is outside 0-90"),
    (("fisheye", 180.0, -1.0), "--tilt -1 is outside 0-90"),
    (("perspective", 0.0), "--fov 0 is outside"),
    (("perspective", float("nan")), "--fov nan is outside"),
    (("equirect", 90.0), "drop --fov"),
])
def test_bad_projection_settings_are_one_sentence(args, needle) -> None:
    with pytest.raises(ProjectionError, match=needle.replace("(", r"\(")):
        parse_projection(*args)


def test_frame_shapes_are_checked() -> None:
    with pytest.raises(ProjectionError, match="square"):
        Fisheye().check_size((1920, 1080))
    with pytest.raises(ProjectionError, match="twice as wide"):
        Equirect().check_size((2048, 2048))
    Fisheye().check_size((4096, 4096))
    Equirect().check_size((4096, 2048))
