"""Named features and hot spots land where their published latitude and longitude put them on a
rendered globe: the feature's dot (drawn in the scene), its label's anchor and the feature as
the map shows it agree within a few pixels, in east longitude (the Gazetteer's shapefiles) and in
west longitude (the hot-spot papers)."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.catalogs.features import find_feature
from perijove.catalogs.hotspots import load_hotspots
from perijove.core.bodies import EUROPA, IO
from perijove.core.rotation import planetocentric_to_body_xyz
from perijove.core.timescale import parse_utc
from perijove.render.annotations import annotate
from perijove.render.layers.features import FEATURE_COLOUR
from tests.render.offscreen import OffscreenView

T = parse_utc("2024-02-03T17:48:35Z")  # PJ58 closest approach: a known time
SIZE = (640, 640)


def _look_down_on(body: str, lat_deg: float, lon_east_deg: float, altitude_km: float,
                  **options) -> tuple[OffscreenView, np.ndarray]:
    """A view straight down on a place, lit from the camera; returns the view and the place's
    world position computed here from the latitude and longitude alone."""
    view = OffscreenView(SIZE)
    view.options = view.options.with_(orbits=False, shadows=False, **options)
    view.update(T)
    b = view.state.bodies[body]
    local = planetocentric_to_body_xyz(lat_deg, lon_east_deg)
    place = b.position_km + b.body_to_icrf @ (local * b.radii_km)
    direction = b.body_to_icrf @ local
    view.override_sun(direction)
    radius = {"io": IO, "europa": EUROPA}[body].max_radius_km
    view.place_camera(body, altitude_km + radius, direction)
    return view, place


def _picks(view: OffscreenView) -> dict:
    ann = annotate(view.state, view.session.scene.graph, view.camera.with_(
        projection=view.projection), SIZE, view.focus, view.options.labels, view.session.maps,
        options=view.options)
    return {p.key: p for p in ann.picks}


def _box_blur(img: np.ndarray, half: int) -> np.ndarray:
    """The mean over a (2 half + 1)^2 square round each pixel (edges: the valid part)."""
    c = np.pad(img, half, mode="edge").cumsum(0).cumsum(1)
    c = np.pad(c, ((1, 0), (1, 0)))
    n = 2 * half + 1
    return (c[n:, n:] - c[:-n, n:] - c[n:, :-n] + c[:-n, :-n]) / n ** 2


def _dot_centre(rgb: np.ndarray, near: tuple[float, float], colour: tuple, radius: int = 30
                ) -> tuple[float, float]:
    """Centroid of the pixels within `radius` of `near` that have the dot's colour."""
    x0, y0 = int(round(near[0])), int(round(near[1]))
    box = rgb[y0 - radius:y0 + radius + 1, x0 - radius:x0 + radius + 1].astype(float)
    target = np.array(colour) * 255.0
    match = np.linalg.norm(box - target, axis=2) < 40.0
    assert match.sum() >= 4, "the feature's dot is not drawn near its predicted place"
    ys, xs = np.nonzero(match)
    return x0 - radius + xs.mean(), y0 - radius + ys.mean()


@pytest.mark.parametrize(("body", "name", "dark_radius_px"), [
    # Loki Patera: 13.0083 N, 51.2136 E, 227 km (Gazetteer feature 3459): a dark floor round a
    # bright island, ~12 px in radius from 8,000 km.
    ("io", "Loki Patera", 12.0),
    # Pwyll: 25.2 S, 88.6 E, 45 km (Gazetteer feature 4878): a dark crater floor in a bright
    # ray system, ~15 px in radius from 1,500 km (45 km / 1,500 km x 1,015 px/rad / 2).
    ("europa", "Pwyll", 15.0),
])
def test_feature_dot_label_and_map_agree_with_the_published_position(
        body: str, name: str, dark_radius_px: float) -> None:
    feature = find_feature(body, name)
    altitude = 8_000.0 if body == "io" else 1_500.0
    view, place = _look_down_on(body, feature.lat_deg, feature.lon_east_deg, altitude,
                                features=True, labels=False)  # labels share the dots' colour
    predicted = view.project(place)
    dot = _dot_centre(view.render(), predicted, FEATURE_COLOUR)
    assert np.hypot(dot[0] - predicted[0], dot[1] - predicted[1]) < 2.0, (dot, predicted)
    view.options = view.options.with_(labels=True)
    pick = _picks(view)[f"feature:{body}:{name}"]
    assert np.hypot(pick.anchor_px[0] - predicted[0], pick.anchor_px[1] - predicted[1]) < 0.5
    assert pick.box is not None  # labelled, next to its dot
    box_centre = ((pick.box[0] + pick.box[2]) / 2, (pick.box[1] + pick.box[3]) / 2)
    assert np.hypot(box_centre[0] - predicted[0], box_centre[1] - predicted[1]) < 120
    # The map agrees: the darkest place near the prediction (features off, so no dot; averaged
    # over 7 x 7 px so one dark texel elsewhere does not count) is the feature's dark floor or
    # spot.
    view.options = view.options.with_(features=False, labels=False)
    img = _box_blur(view.render().astype(float).mean(axis=2), 3)
    x, y = int(round(predicted[0])), int(round(predicted[1]))
    box = img[y - 40:y + 41, x - 40:x + 41]
    dy, dx = np.unravel_index(int(np.argmin(box)), box.shape)
    assert np.hypot(dx - 40, dy - 40) <= dark_radius_px, (dx - 40, dy - 40)


def test_a_hotspot_published_in_west_longitude_glows_where_the_paper_puts_it() -> None:
    # Surt's 2001 outburst: 41 N, 340 W (Marchis et al. 2001, DPS abstract 17.02). Converted
    # here from west longitude, independently of the table's east longitude.
    (surt,) = [h for h in load_hotspots() if h.hotspot_id == "marchis2002-surt"]
    lat, lon_west = 41.0, 340.0
    assert (surt.lat_deg, surt.lon_west_deg) == (lat, pytest.approx(lon_west))
    view, place = _look_down_on("io", lat, 360.0 - lon_west, 3_000.0, infrared=True,
                                labels=False)
    predicted = view.project(place)
    img = view.render().astype(float).sum(axis=2)
    x, y = int(round(predicted[0])), int(round(predicted[1]))
    box = img[y - 30:y + 31, x - 30:x + 31]
    bright = box >= box.max() - 3.0  # the glow's flat-topped core
    ys, xs = np.nonzero(bright)
    assert np.hypot(xs.mean() - 30, ys.mean() - 30) < 2.0
    assert _picks(view)["marchis2002-surt"].anchor_px == pytest.approx(predicted, abs=0.5)
