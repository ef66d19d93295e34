"""Eclipse shadows: Io's shadow on Jupiter during a transit computed from the ephemeris, and
Io eclipsed by Jupiter. The expected places come from ray geometry here, not from VTK."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.core.bodies import IO, JUPITER
from perijove.core.timescale import parse_utc
from perijove.ephem.system import SystemEphemeris
from tests.render.offscreen import OffscreenView

SEARCH_FROM = parse_utc("2023-12-01T00:00:00Z")


def _find(condition, step_s: float = 120.0, days: float = 3.0) -> float:
    """Middle of the first interval where condition(times) holds (vectorised search)."""
    t = SEARCH_FROM + np.arange(0.0, days * 86400.0, step_s)
    ok = condition(t)
    i = int(np.argmax(ok))
    assert ok[i], "no event found in the search window"
    j = i + int(np.argmax(~ok[i:]))
    return float(t[(i + j) // 2])


def _geometry(t: np.ndarray):
    eph = SystemEphemeris()
    io, _ = eph.state_km("io", "jupiter", t)
    sun, _ = eph.state_km("sun", "jupiter", t)
    s = sun / np.linalg.norm(sun, axis=1)[:, None]
    along = np.einsum("ij,ij->i", -io, -s)  # Jupiter's centre along Io's anti-sun ray
    miss = np.linalg.norm(-io - along[:, None] * -s, axis=1)
    return io, s, along, miss


def _shadow_point(view: OffscreenView) -> np.ndarray:
    """Where the anti-sun ray from Io's centre meets Jupiter's spheroid (71,492 x 66,854 km)."""
    io, jup = view.positions_km["io"], view.positions_km["jupiter"]
    pole = view.jupiter_pole()
    a, _, c = JUPITER.radii_km

    def stretch(x: np.ndarray) -> np.ndarray:
        return x + pole * np.dot(x, pole) * (a / c - 1)

    o = stretch(io - jup)
    d = stretch(-view.sun_direction)
    d /= np.linalg.norm(d)
    b = np.dot(o, d)
    p = o + (-b - np.sqrt(b * b - (np.dot(o, o) - a * a))) * d
    return jup + p - pole * np.dot(p, pole) * (1 - c / a)


def _centre(view: OffscreenView) -> float:
    img = view.capture_rgb().astype(float)
    h, w, _ = img.shape
    return float(img[h // 2 - 3:h // 2 + 4, w // 2 - 3:w // 2 + 4].mean())


def _centre_with_and_without_shadows(view: OffscreenView, t: float) -> tuple[float, float]:
    out = []
    for on in (True, False):
        view.options = view.options.with_(shadows=on)
        view.update(t)
        view.render()
        out.append(_centre(view))
    view.options = view.options.with_(shadows=True)
    return out[0], out[1]


@pytest.fixture(scope="module")
def view() -> OffscreenView:
    return OffscreenView((400, 300))


def test_io_shadow_on_jupiter_during_transit(view) -> None:
    t = _find(lambda tt: (_geometry(tt)[2] > 0) & (_geometry(tt)[3] < 0.6 * JUPITER.radii_km[2]))
    view.options = view.options.with_(shadows=True)
    view.update(t)
    spot = _shadow_point(view)
    # Look at the predicted spot from 25 deg off the Sun, 40,000 km away.
    pole = view.jupiter_pole()
    side = np.cross(pole, view.sun_direction)
    look = view.sun_direction * np.cos(0.44) + side / np.linalg.norm(side) * np.sin(0.44)
    view.look(spot + look * 40_000.0, spot)
    dark, lit = _centre_with_and_without_shadows(view, t)
    assert lit > 60 and dark < 0.15 * lit, (dark, lit)


def test_no_shadow_there_twelve_hours_later(view) -> None:
    t = _find(lambda tt: (_geometry(tt)[2] > 0) & (_geometry(tt)[3] < 0.6 * JUPITER.radii_km[2]))
    later = t + 12 * 3600.0  # Io has moved ~100 deg along its orbit: no transit
    assert _geometry(np.array([later]))[3][0] > 2 * JUPITER.radii_km[0]
    view.update(later)
    jup = view.positions_km["jupiter"]
    look = view.sun_direction
    view.place_camera("jupiter", 200_000.0, look)
    view.update(later)
    view.render()
    img = view.capture_rgb().astype(float).mean(axis=2)
    h, w = img.shape
    disc = img[h // 2 - 40:h // 2 + 40, w // 2 - 40:w // 2 + 40]
    # Seen from the Sun, a shadow would sit right behind its moon; none is on the disc.
    assert np.percentile(disc, 1) > 40
    assert np.allclose(jup, view.positions_km["jupiter"])


def test_io_eclipsed_by_jupiter(view) -> None:
    # Io behind Jupiter as seen from the Sun: in the shadow cylinder, on the far side.
    t = _find(lambda tt: (_geometry(tt)[2] < 0) & (_geometry(tt)[3] < 0.5 * JUPITER.radii_km[2]))
    view.update(t)
    # Look at Io from its sunward side... which faces Jupiter's night side: from 20,000 km
    # off to the side, at 60 deg from the Sun direction.
    pole = view.jupiter_pole()
    side = np.cross(pole, view.sun_direction)
    look = view.sun_direction * 0.5 + side / np.linalg.norm(side) * 0.866
    view.place_camera("io", IO.max_radius_km * 6, look)
    eclipsed, lit = _centre_with_and_without_shadows(view, t)
    assert lit > 40 and eclipsed < 0.2 * lit, (eclipsed, lit)
