"""Io in JunoCam's light: the built map's registration, the difference map, the cache, bad
map files and the fallback to the embedded default."""

from __future__ import annotations

import hashlib
import os
import shutil

import numpy as np
import pytest
from PIL import Image

from perijove.data import cache, registry
from perijove.data.io_map import MapError, check_map
from perijove.data.manifest import find_item
from perijove.maps import io_map
from tests.conftest import shared_file
from tests.render.test_textures import darkest_near, map_pixel

SIZE = (2048, 1024)


@pytest.fixture(scope="module")
def inputs():
    return (shared_file("textures", "io_junocam_photomosaic_2km_grey_180w.jpg"),
            shared_file("textures", "io_galileo_voyager_clrmerge_2km_180w.jpg"))


@pytest.fixture(scope="module")
def built(inputs, tmp_path_factory) -> np.ndarray:
    out = tmp_path_factory.mktemp("io") / "io.jpg"
    io_map.build_io_junocam_map(*inputs, out, SIZE)
    with Image.open(out) as im:
        assert im.size == SIZE
        return np.asarray(im.convert("RGB"), dtype=float)


# Coordinates: USGS Gazetteer of Planetary Nomenclature.
def test_loki_patera_dark_in_built_map(built) -> None:
    assert darkest_near(built, 13.0, 309.0, 3.0) < 0.5 * built.mean()  # Loki Patera 13N 309W


def test_pele_ring_red_in_built_map(built) -> None:
    r, g, b = map_pixel(built, -28.0, 255.3, half=4)  # Pele 18.7S 255.3W, ring to the south
    assert r > 1.3 * b and r > g


def test_prometheus_and_tvashtar_dark_spots(built) -> None:
    # Prometheus 1.5S 153W (dark vent); Tvashtar Paterae 63N 124W (dark paterae).
    assert darkest_near(built, -1.5, 153.0, 2.0) < 0.6 * built.mean()
    assert darkest_near(built, 63.0, 124.0, 3.0) < 0.6 * built.mean()


def test_luminance_comes_from_junocam(built, inputs) -> None:
    with Image.open(inputs[0]) as g:
        grey = np.asarray(g.convert("L").resize(SIZE), dtype=float)
    luma = built @ np.array([0.299, 0.587, 0.114])
    valid = grey > 2
    assert np.corrcoef(grey[valid], luma[valid])[0, 1] > 0.9


def test_difference_marks_the_northern_high_latitudes(inputs, tmp_path) -> None:
    out = io_map.junocam_difference_map(*inputs, tmp_path / "d.jpg", SIZE)
    with Image.open(out) as im:
        d = np.asarray(im.convert("RGB"), dtype=float)
    marked = np.abs(d[..., 0] - d[..., 2]) > 120  # orange (brighter) or blue (darker) marks
    bands = [marked[k * SIZE[1] // 6:(k + 1) * SIZE[1] // 6].mean() for k in range(6)]
    # 60-90 N, where JunoCam added most, is the most marked 30-degree band of all.
    assert bands[0] == max(bands) and bands[0] > 1.5 * marked.mean()


def test_cache_reuses_and_rebuilds(inputs, tmp_path, monkeypatch) -> None:
    # The cache's decisions, with the (20 s) build itself replaced by one that counts: the
    # build is tested above.
    builds = []

    def counting_build(grey, colour, out, size) -> None:  # noqa: ANN001
        builds.append(size)
        out.write_bytes(b"built")

    monkeypatch.setattr(io_map, "build_io_junocam_map", counting_build)
    grey = tmp_path / "grey.jpg"
    shutil.copy(inputs[0], grey)
    first = io_map.cached("junocam", grey, inputs[1], tmp_path / "c", (512, 256))
    assert builds == [(512, 256)]
    assert io_map.cached("junocam", grey, inputs[1], tmp_path / "c", (512, 256)) == first
    assert len(builds) == 1  # not rebuilt
    stamp = grey.stat().st_mtime_ns
    os.utime(grey, ns=(stamp + 10**9, stamp + 10**9))  # an input changed
    io_map.cached("junocam", grey, inputs[1], tmp_path / "c", (512, 256))
    assert len(builds) == 2
    io_map.cached("junocam", grey, inputs[1], tmp_path / "c", (1024, 512))  # another size
    assert len(builds) == 3
    (tmp_path / "c" / "io_junocam.json").write_text("{not json")  # a damaged stamp
    io_map.cached("junocam", grey, inputs[1], tmp_path / "c", (1024, 512))
    assert len(builds) == 4


def test_bad_map_files(tmp_path) -> None:
    with pytest.raises(MapError, match="does not exist"):
        check_map(tmp_path / "none.jpg")
    corrupt = tmp_path / "corrupt.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" * 10)
    with pytest.raises(MapError, match="not a readable image"):
        check_map(corrupt)
    wide = tmp_path / "wide.png"
    Image.new("RGB", (300, 100)).save(wide)
    with pytest.raises(MapError, match="twice as wide"):
        check_map(wide)


def test_damaged_installed_map_falls_back_to_default(inputs, tmp_path, monkeypatch) -> None:
    from perijove.maps.catalogue import best_map

    monkeypatch.setenv("PERIJOVE_DATA_DIR", str(tmp_path))
    for name, payload in (("io-junocam", b"broken"), ("io-colour", inputs[1].read_bytes())):
        item = find_item(name)
        dst = cache.item_path(item)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(payload)
        registry.record_install(item, dst, hashlib.sha256(payload).hexdigest(), item.url, {})
    warnings: list[str] = []
    surface = best_map("io", warnings)
    assert surface.is_default
    assert len(warnings) == 1 and "embedded default" in warnings[0]


@pytest.fixture(scope="module")
def composite(inputs):
    return io_map._compose(*inputs, SIZE)


def test_no_data_south_of_84s_is_filled_from_the_colour_map(built) -> None:
    # The JunoCam mosaic holds a flat mid-grey (128) fill there (measured on the file): the
    # texture must show the colour mosaic's detail and colour instead.
    rows = built[int((90 + 84) / 180 * SIZE[1]):int((90 + 88) / 180 * SIZE[1])]
    assert rows.mean(axis=2).std() > 3.0
    assert np.abs(rows[..., 0] - rows[..., 2]).mean() > 3.0


def test_nodata_blocks_keep_real_black_paterae() -> None:
    lum = np.full((512, 1024), 120.0, dtype=np.float32)
    lum += np.random.default_rng(1).normal(0, 6, lum.shape).astype(np.float32)
    lum[-64:] = 128.0  # a fill band along the south edge
    lum[200:232, 300:332] = 0.0  # a small pure-black patera
    mask = io_map.nodata_blocks(lum)
    assert mask[-4:].all() and not mask[:-4].any()


def test_babbar_patera_keeps_its_junocam_black(composite) -> None:
    # Babbar Patera, 40 S 272 W (USGS Gazetteer): pure black in the JunoCam mosaic, a real
    # feature, not missing data.
    h, w = SIZE[1], SIZE[0]
    y, x = int((90 + 40) / 180 * h), int((360 - 272) / 360 * w)
    assert composite.nodata[y - 6:y + 7, x - 6:x + 7].max() < 0.01
    assert composite.junocam[y - 6:y + 7, x - 6:x + 7].min() < 15


def test_registration_recovers_a_known_shift() -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(size=(1024, 2048)).astype(np.float32)
    a = np.asarray(Image.fromarray(a).resize((2048, 1024)), dtype=np.float32)
    b = np.roll(a, 3, axis=0)  # colour features 3 px (0.53 deg) further south
    reg = io_map.measure_registration(a, b)
    down, right = reg.displacement(np.array([0.0]), np.array([90.0]))
    assert down[0] == pytest.approx(3 * 180 / 1024, abs=0.05)
    assert right[0] == pytest.approx(0.0, abs=0.05)


def test_real_mosaics_are_registered(composite, inputs) -> None:
    # Between 30 S and 30 N both mosaics show the same surface; there the raw maps are offset
    # by 1-4 px here (0.2-0.7 deg, by phase correlation) and registration must at least halve
    # the mean offset and leave no tile worse than 2.5 px (0.45 deg). (At high latitudes
    # JunoCam's newer imagery shows a changed surface, so correlation means less there.)
    with Image.open(inputs[1]) as c:
        raw_old = np.asarray(c.convert("L").resize(SIZE), dtype=np.float32)
    h, w = SIZE[1], SIZE[0]
    t = 64
    jun, raw, reg = (io_map._highpass(a) for a in (composite.junocam, raw_old, composite.old))
    before, after = [], []
    for lat in (30, 0, -30):
        for lon_w in (300, 200, 100, 20):
            y, x = int((90 - lat) / 180 * h), int((360 - lon_w) / 360 * w)
            win = (slice(y - t, y + t), slice(x - t, x + t))
            before.append(np.hypot(*io_map._phase_shift(jun[win], raw[win])[1:]))
            after.append(np.hypot(*io_map._phase_shift(jun[win], reg[win])[1:]))
    assert composite.registration.samples >= 12
    assert np.mean(after) < 0.5 * np.mean(before), (before, after)
    assert max(after) <= 2.5


def test_difference_ignores_what_a_small_shift_explains() -> None:
    # Registration leftovers (the old map a pixel or two off) are not change; a real change
    # (a new bright deposit) is.
    rng = np.random.default_rng(5)
    base = np.clip(128 + 40 * rng.standard_normal((512, 1024)), 0, 255).astype(np.float32)
    from scipy import ndimage

    base = ndimage.gaussian_filter(base, 1.5)
    old = np.roll(base, (1, 2), axis=(0, 1))  # misregistered by a pixel or two
    junocam = base.copy()
    junocam[200:216, 500:516] += 120.0  # a new deposit, 16 px across
    nodata = np.zeros_like(base)
    overlay = io_map.difference_overlay(junocam, old, nodata)
    alpha = overlay[..., 3].astype(float) / 255
    assert alpha[196:220, 496:520].max() > 0.9  # the change shows (orange)
    assert tuple(overlay[208, 508, :3]) == (255, 150, 0)
    away = np.ones_like(alpha, dtype=bool)
    away[180:236, 480:536] = False
    assert alpha[away].mean() < 0.01  # the shift alone leaves the map almost clear


def test_polar_seam_of_the_junocam_mosaic_is_blended(built) -> None:
    # The JunoCam mosaic has a straight seam near 86.9 N (measured on the file: a bright row
    # along the top of a darker rectangle of newer imagery). In the built map the row-to-row
    # step across it is no larger than the steps around it.
    lum = built.astype(float).mean(axis=2)
    h = lum.shape[0]
    rows = int((90 - 87.5) / 180 * h), int((90 - 86.0) / 180 * h)
    band = lum[rows[0]:rows[1] + 1, int(0.78 * lum.shape[1]):]
    steps = np.abs(np.diff(band, axis=0)).mean(axis=1)
    assert steps.max() < 3.0 * np.median(steps) + 2.0, steps


def _steepest_dn_per_deg(lum: np.ndarray, x: int, lat_deg: tuple[float, float]) -> float:
    """The steepest east-west brightness change within 6 degrees of column x, in grey levels
    per degree, on the mean over a latitude band (differences one degree apart)."""
    ppd = lum.shape[0] / 180.0
    r0, r1 = int((90 - lat_deg[1]) * ppd), int((90 - lat_deg[0]) * ppd)
    profile = lum[r0:r1, x - int(7 * ppd):x + int(7 * ppd)].mean(axis=0)
    k = int(ppd)
    return float(np.abs(profile[k:] - profile[:-k]).max())


def test_a_long_straight_polar_step_is_levelled_and_features_are_not() -> None:
    rng = np.random.default_rng(7)
    h, w = 1024, 2048
    ppd = h / 180.0
    lum = (120.0 + rng.normal(0.0, 6.0, (h, w))).astype(np.float32)
    # A patch 60 grey levels darker, from 55 N to the pole, meeting its neighbour along a
    # meridian in a 4-degree ramp (the shape measured on the JunoCam mosaic).
    x = 1400
    ramp = np.clip((np.arange(w) - x) / (4 * ppd) + 0.5, 0.0, 1.0)
    lum[: int(35 * ppd)] -= 60.0 * ramp[None, :] * (np.arange(w) < 1900)[None, :]
    # A feature: a 40-level step only 8 degrees long (60-52 N, a lava flow's edge), and an
    # equatorial step as long as the patch's.
    lum[int(30 * ppd):int(38 * ppd), 600:640] -= 40.0
    lum[int(70 * ppd):int(110 * ppd), 1000:] -= 60.0
    out = io_map.level_polar_steps(lum)
    assert _steepest_dn_per_deg(lum, x, (60, 85)) > 13  # 60 levels over 4 degrees
    assert _steepest_dn_per_deg(out, x, (60, 85)) < 6  # spread over the levelling's 24 degrees
    assert abs(float((out - lum)[:, : x - int(13 * ppd)].max())) < 0.5  # 12 deg reach
    assert np.array_equal(out[int(30 * ppd):int(38 * ppd), 560:680],
                          lum[int(30 * ppd):int(38 * ppd), 560:680])  # the short feature
    assert np.array_equal(out[int(50 * ppd):int(130 * ppd)], lum[int(50 * ppd):int(130 * ppd)])


def test_the_darker_rectangle_in_the_far_north_is_levelled(inputs) -> None:
    """The JunoCam mosaic's far-north patch meets its brighter neighbour near 0.79 of the
    width (measured on the file: the mean over 58-78 N falls about 15 grey levels per degree
    there); levelled, it changes at less than half that rate, and nothing else moves."""
    lum = io_map._resize(io_map._load(inputs[0], "L"), (2048, 1024))
    out = io_map.level_polar_steps(lum)
    x = int(0.79 * 2048)
    before = _steepest_dn_per_deg(lum, x, (58, 78))
    after = _steepest_dn_per_deg(out, x, (58, 78))
    assert before > 12 and after < before / 2, (before, after)
    moved = np.flatnonzero(np.abs(out - lum).max(axis=0) > 0.5)
    assert moved.min() > x - 12.5 * 1024 / 180 and moved.max() < x + 12.5 * 1024 / 180
