"""Each default map's longitude convention, checked at named features of Io."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from perijove.maps.catalogue import default_map


def map_pixel(img: np.ndarray, lat_deg: float, lon_west_deg: float, half: int = 3) -> np.ndarray:
    """Mean colour around a feature, with u = east longitude / 360 (the convention we render)."""
    h, w, _ = img.shape
    lon_east = (360.0 - lon_west_deg) % 360.0
    x = int(lon_east / 360.0 * w)
    y = int((90.0 - lat_deg) / 180.0 * h)
    return img[y - half:y + half + 1, x - half:x + half + 1].reshape(-1, 3).mean(axis=0)


@pytest.fixture(scope="module")
def io_map() -> np.ndarray:
    with Image.open(default_map("io").path) as im:
        return np.asarray(im.convert("RGB"), dtype=float)


def darkest_near(img: np.ndarray, lat_deg: float, lon_west_deg: float, radius_deg: float
                 ) -> float:
    steps = np.arange(-radius_deg, radius_deg + 0.01, 0.5)
    return min(map_pixel(img, lat_deg + a, lon_west_deg + b, half=1).mean()
               for a in steps for b in steps)


def test_loki_patera_is_dark(io_map) -> None:
    # Loki Patera, 13 N 309 W (USGS Gazetteer of Planetary Nomenclature): a dark lava lake
    # about 200 km (6 deg) across around a bright island; its dark floor lies within 3 deg.
    assert darkest_near(io_map, 13.0, 309.0, 3.0) < 0.5 * io_map.mean()


def test_pele_ring_is_red(io_map) -> None:
    # Pele, 18.7 S 255.3 W (USGS Gazetteer): a red sulphur ring about 1,200 km across; sample
    # the ring 300 km (about 10 deg) south of the vent.
    r, g, b = map_pixel(io_map, -28.0, 255.3, half=4)
    assert r > 1.3 * b and r > g


@pytest.mark.parametrize("body", ["jupiter", "io", "europa", "ganymede", "callisto"])
def test_default_maps_are_2_to_1(body: str) -> None:
    with Image.open(default_map(body).path) as im:
        w, h = im.size
    assert (w, h) == (2048, 1024)
