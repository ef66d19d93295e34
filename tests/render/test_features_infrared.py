"""The infrared view and the hot-spot glows: brightness rises with power, the brightest spot
rendered is the catalogue's most powerful one in view, Io's surface is dark and cool, the
legend gives units, and a glow is never dimmed by the night side or the exposure."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.catalogs.hotspots import load_hotspots
from perijove.core.bodies import IO
from perijove.core.rotation import planetocentric_to_body_xyz
from perijove.core.timescale import parse_utc
from perijove.render import infrared
from perijove.render.layers.hotspots import VISIBLE_GLOW_RGB
from tests.render.offscreen import OffscreenView

T = parse_utc("2023-12-30T08:36:01Z")  # PJ57 closest approach
SIZE = (800, 800)


def _view_of_io(lat: float, lon_east: float, altitude_km: float, sun: str = "camera",
                **options) -> OffscreenView:
    view = OffscreenView(SIZE)
    view.options = view.options.with_(labels=False, orbits=False, **options)
    view.update(T)
    io = view.state.bodies["io"]
    direction = io.body_to_icrf @ planetocentric_to_body_xyz(lat, lon_east)
    view.override_sun(direction if sun == "camera" else -direction)
    view.place_camera("io", IO.max_radius_km + altitude_km, direction)
    return view


def _peaks(view: OffscreenView, rgb: np.ndarray) -> dict[str, float]:
    """Peak luminance (0-255) within 6 px of each hot spot the camera sees."""
    io = view.state.bodies["io"]
    eye = view.camera.position_km
    lum = rgb.astype(float) @ np.array([0.2126, 0.7152, 0.0722])
    out = {}
    for h in load_hotspots():
        point = io.position_km + io.body_to_icrf @ (h.unit_vector() * io.radii_km)
        normal = point - io.position_km
        if np.dot(normal, eye - point) <= 0.2 * np.linalg.norm(normal) * np.linalg.norm(
                eye - point):
            continue  # on the far side or too near the limb to compare fairly
        x, y = (int(round(c)) for c in view.project(point))
        if 6 <= x < SIZE[0] - 6 and 6 <= y < SIZE[1] - 6:
            out[h.hotspot_id] = float(lum[y - 6:y + 7, x - 6:x + 7].max())
    return out


def test_hotspot_brightness_rises_with_power_and_the_brightest_is_the_most_powerful() -> None:
    # Centred between Surt (41 N, 20 E), Loki Patera (13 N, 51 E), Rarog (42 S, 55 E) and
    # Heno (57 S, 50 E): four catalogued powers in one view (assets/io_hotspots.csv).
    view = _view_of_io(-5.0, 40.0, 6_000.0, infrared=True)
    peaks = _peaks(view, view.render())
    power = {h.hotspot_id: h.power_gw for h in load_hotspots() if h.power_gw is not None}
    in_view = [k for k in peaks if k in power]
    assert {"marchis2002-surt", "veeder2011-loki-patera", "depater2014-rarog",
            "depater2014-heno"} <= set(in_view), peaks
    by_power = sorted(in_view, key=power.get)
    brightness = [peaks[k] for k in by_power]
    assert all(a < b for a, b in zip(brightness, brightness[1:], strict=False)), \
        list(zip(by_power, brightness, strict=True))
    assert max(in_view, key=peaks.get) == max(in_view, key=power.get) == "marchis2002-surt"


def test_the_infrared_surface_is_dark_and_red_and_ignores_sunlight() -> None:
    day = _view_of_io(-5.0, 140.0, 6_000.0, infrared=True)  # few hot spots here
    night = _view_of_io(-5.0, 140.0, 6_000.0, sun="behind", infrared=True)
    img_day, img_night = day.render().astype(float), night.render().astype(float)
    centre = (slice(300, 500), slice(300, 500))
    r, g, b = img_day[centre].reshape(-1, 3).mean(axis=0)
    # SURFACE_TINT (0.30, 0.11, 0.08) x map luminance: dim and red.
    assert r < 0.31 * 255 and r > 1.8 * g and g >= b * 0.9, (r, g, b)
    # A thermal view: the night side looks as the day side does.
    assert np.abs(img_day[centre] - img_night[centre]).mean() < 2.0
    # The ordinary view of the same place is brighter and not red.
    plain = _view_of_io(-5.0, 140.0, 6_000.0).render().astype(float)
    pr, pg, _ = plain[centre].reshape(-1, 3).mean(axis=0)
    assert pr > 1.5 * r and pg > 0.6 * pr


def test_the_legend_has_units_and_its_colours_rise_with_power() -> None:
    view = _view_of_io(-5.0, 40.0, 6_000.0, infrared=True)
    view.render()
    texts = [t.text for t in view.frames.last_texts]
    assert infrared.LEGEND_TITLE in texts
    body = next(t for t in texts if t.startswith(infrared.LEGEND_NOTE))
    for unit in ("10 GW", "100 GW", "1 TW", "10 TW", "100 TW"):
        assert unit in body
    luminance = [np.dot(infrared.glow_colour(p), (0.2126, 0.7152, 0.0722))
                 for p in infrared.LEGEND_POWERS_GW]
    assert all(a < b for a, b in zip(luminance, luminance[1:], strict=False))
    # No legend when the infrared view is off.
    view.options = view.options.with_(infrared=False, hotspots=True)
    view.render()
    assert infrared.LEGEND_TITLE not in [t.text for t in view.frames.last_texts]


@pytest.mark.parametrize("exposure_ev", [None, -3.0])
def test_a_glow_is_not_dimmed_by_the_night_side_or_the_exposure(exposure_ev) -> None:
    # Surt on the night side (the Sun behind Io), in the ordinary view: its glow's core is the
    # full incandescent colour, whatever the exposure (automatic: up to +8 stops on a night
    # side; or a fixed -3 stops).
    view = _view_of_io(41.0, 20.0, 4_000.0, sun="behind", hotspots=True,
                       exposure_ev=exposure_ev)
    rgb = view.render().astype(float)
    io = view.state.bodies["io"]
    (surt,) = [h for h in load_hotspots() if h.hotspot_id == "marchis2002-surt"]
    x, y = (int(round(c)) for c in view.project(
        io.position_km + io.body_to_icrf @ (surt.unit_vector() * io.radii_km)))
    core = rgb[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3).max(axis=0)
    assert core == pytest.approx(np.array(VISIBLE_GLOW_RGB) * 255, abs=8)
    # Around it, Io's night side is much darker than the glow.
    ring = rgb[y + 60:y + 80, x - 10:x + 10].mean()
    assert ring < 0.5 * core.mean()
