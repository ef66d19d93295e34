"""Map pixels for the globes: no black hole at a pole where a mosaic has no imagery, and
nothing else touched."""

from __future__ import annotations

import numpy as np

from perijove.maps.catalogue import default_map
from perijove.maps.pixels import NO_DATA_LEVEL, fill_polar_gaps, map_pixels


def test_europa_default_map_has_no_black_south_polar_cap() -> None:
    raw = default_map("europa")
    pixels = map_pixels(raw)[::-1]  # top row first again
    h = pixels.shape[0]
    south = pixels[int(170 / 180 * h):]  # south of 80 S: no imagery in the source (measured)
    assert (south.max(axis=2) <= NO_DATA_LEVEL).mean() < 0.001
    # Filled with the colour of the ground around it, not left dark.
    assert south.mean() > 60
    assert "south of 77 S" in raw.credit  # and the credit says so


def test_dark_features_away_from_the_poles_are_kept() -> None:
    rng = np.random.default_rng(3)
    img = rng.integers(90, 160, size=(180, 360, 3), dtype=np.uint8)
    img[-12:] = 0  # a no-data cap south of 84 S, connected to the edge
    img[40:46, 100:108] = 0  # a black patera at 60 N: real, kept
    img[150:160, 200:210] = 0  # a black patera at 65 S, not connected to the cap: kept
    out = fill_polar_gaps(img)
    assert (out[-12:].max(axis=2) > NO_DATA_LEVEL).all()
    assert (out[40:46, 100:108] == 0).all() and (out[150:160, 200:210] == 0).all()
    assert np.array_equal(out[:20], img[:20])  # far from the gap: untouched


def test_maps_without_gaps_are_unchanged() -> None:
    rng = np.random.default_rng(4)
    img = rng.integers(20, 200, size=(90, 180, 3), dtype=np.uint8)
    assert fill_polar_gaps(img) is img
