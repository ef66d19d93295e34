"""A named feature lands where the rotation model says, in a real render of Io."""

from __future__ import annotations

import numpy as np

from perijove.core.bodies import IO
from perijove.core.rotation import body_to_icrf, planetocentric_to_body_xyz
from perijove.core.timescale import parse_utc
from tests.render.offscreen import OffscreenView

T = parse_utc("2024-02-03T17:48:35Z")  # PJ58 closest approach: a known time


def test_loki_patera_at_its_predicted_screen_position() -> None:
    view = OffscreenView((640, 640))
    view.options = view.options.with_(labels=False, orbits=False, shadows=False)
    view.update(T)
    io = view.positions_km["io"]
    rot = body_to_icrf("io", T)
    # Loki Patera 13 N 309 W (USGS Gazetteer of Planetary Nomenclature): east longitude 51 W
    # of the sub-Jupiter meridian, on Io's Jupiter-facing hemisphere. Look straight down on
    # it from 8,000 km; its dark floor must be at the screen position predicted from the
    # IAU rotation model and the camera (the bright island is at the centre of the patera,
    # so look for the dark floor within the patera's ~3 deg radius).
    loki_body = planetocentric_to_body_xyz(13.0, 360.0 - 309.0)
    loki = io + rot @ (loki_body * IO.radii_km[0])
    # A point 10 deg of longitude east of Loki, to check left/right are not mirrored.
    east = io + rot @ (planetocentric_to_body_xyz(13.0, 360.0 - 299.0) * IO.radii_km[0])
    # Make Loki sunlit whatever the phase: light it from the camera for this test.
    direction = rot @ loki_body
    view.override_sun(direction)
    view.place_camera("io", 8_000.0 + IO.max_radius_km, direction)
    view.render()
    img = view.capture_rgb().astype(float).mean(axis=2)

    def project(p: np.ndarray) -> tuple[int, int]:
        x, y = view.project(p)
        return int(x), int(y)

    lx, ly = project(loki)
    ex, ey = project(east)
    assert ex > lx, "east must be to the right when north is up (not mirrored)"
    # Scale: 9,829 km range, 35 deg view over 640 px: ~9.7 km a pixel, so the patera (about
    # 200 km across) has a ~10 px radius. The darkest pixel within 60 px of the prediction
    # must be Loki's floor: inside that radius, and clearly darker than Io's mean.
    box = img[ly - 60:ly + 61, lx - 60:lx + 61]
    dy, dx = np.unravel_index(int(np.argmin(box)), box.shape)
    assert np.hypot(dx - 60, dy - 60) <= 12, (dx - 60, dy - 60)
    assert box.min() < 0.6 * img[img > 20].mean()
