"""The 4k maps' longitude convention, checked at named features (not assumed).

The app's convention: u = east longitude / 360 with 180 deg at the image centre. The manifest
says the CelestiaContent 4k maps have 0 deg at the centre; after the app's recentring, bright
ray craters and basins must sit at their catalogued coordinates (USGS Gazetteer of Planetary
Nomenclature), and would not under the other convention.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from perijove.data.manifest import ITEMS
from tests.conftest import shared_file

# (file, feature, west longitude deg, latitude deg, look): features from the Gazetteer;
# "bright": brighter than its latitude band; "halo": a bright ray halo around a dark centre.
FEATURES = [
    ("europa_4k.jpg", "Pwyll crater (dark centre, bright rays)", 271.4, -25.2, "halo"),
    ("ganymede_juno_4k.jpg", "Osiris crater (bright rays)", 166.4, -38.1, "bright"),
    ("callisto_4k.jpg", "Valhalla basin (bright centre)", 56.0, 14.7, "bright"),
]


def _app_convention(path) -> np.ndarray:
    """The map as the app textures it: rolled so 180 deg E is at the centre."""
    item = next(i for i in ITEMS if i.filename == path.name)
    with Image.open(path) as im:
        img = np.asarray(im.convert("L").resize((2048, 1024)), dtype=float)
    shift = int(round((180.0 - item.centre_east_lon_deg) / 360.0 * img.shape[1]))
    return np.roll(img, shift, axis=1)


def _box(img: np.ndarray, lon_w: float, lat: float, radius_deg: float) -> np.ndarray:
    h, w = img.shape
    x = int((360.0 - lon_w) / 360.0 * w) % w
    y = int((90.0 - lat) / 180.0 * h)
    r = int(radius_deg / 360.0 * w)
    return img[y - r:y + r + 1, max(x - r, 0):x + r + 1]


def _contrast(img: np.ndarray, lon_w: float, lat: float, look: str) -> float:
    if look == "halo":  # bright surroundings (4 deg) minus the dark centre (1 deg)
        return float(_box(img, lon_w, lat, 4.0).mean() - _box(img, lon_w, lat, 1.0).mean())
    h = img.shape[0]
    y = int((90.0 - lat) / 180.0 * h)
    r = int(2.0 / 360.0 * img.shape[1])
    return float(_box(img, lon_w, lat, 2.0).mean() - img[y - r:y + r + 1].mean())


@pytest.mark.parametrize("file,feature,lon_w,lat,look", FEATURES)
def test_feature_is_where_the_convention_puts_it(file, feature, lon_w, lat, look) -> None:
    img = _app_convention(shared_file("textures", file))
    right = _contrast(img, lon_w, lat, look)
    wrong = _contrast(np.roll(img, img.shape[1] // 2, axis=1), lon_w, lat, look)
    assert right > 4.0 and right > wrong + 4.0, (feature, right, wrong)


def test_jupiter_great_red_spot_latitude() -> None:
    # The Great Red Spot sits near 22 S (planetographic; Simon et al. 2018, OPAL); its
    # longitude drifts, so look for the reddest spot along the map and check its latitude.
    path = shared_file("textures", "jupiter_opal_juno_4k.jpg")
    with Image.open(path) as im:
        rgb = np.asarray(im.convert("RGB").resize((1024, 512)), dtype=float)
    redness = rgb[..., 0] - rgb[..., 2]
    y, _ = np.unravel_index(int(np.argmax(redness[64:448])), redness[64:448].shape)
    lat = 90.0 - (y + 64 + 0.5) / 512 * 180.0
    assert -27.0 < lat < -17.0
