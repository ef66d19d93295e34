"""The sky catalogues as the app uses them: loaded once per process, with their credit lines.

The window, screenshots, exports and the session's credits all ask here, so the stars are
read once (from the user cache after the first run: perijove.catalogs.stars) and the About
box, the credits overlay and the export metadata name exactly what was drawn.
"""

from __future__ import annotations

from functools import lru_cache

from perijove.catalogs.milky_way import MilkyWayMap, load_milky_way_map
from perijove.catalogs.stars import StarCatalog, load_stars

# Hipparcos-2: van Leeuwen F. 2007, "Validation of the new Hipparcos reduction", A&A 474, 653
# (CDS catalogue I/311). Gaia: ESA's required acknowledgement names the mission and DPAC
# (Gaia DR3: Gaia Collaboration, Vallenari A. et al. 2023, A&A 674, A1). Names: the IAU
# Working Group on Star Names (perijove.catalogs.star_names).
STARS_CREDIT = "Stars: Hipparcos-2 catalogue (ESA; F. van Leeuwen 2007, CDS I/311)"
STAR_NAMES_CREDIT = "Star names: IAU Catalog of Star Names (IAU WGSN)"
MILKY_WAY_CREDIT = "Milky Way: Gaia DR3 stars to G = 10 (ESA/Gaia/DPAC)"
MILKY_WAY_STEP_MAG = 0.5  # the glow's faint limit follows the drawn limit in these steps
# The map's G < 10 stars number about 11 per square degree, and the brightest few in each patch
# dominate its summed flux: smoothed by 1 deg the glow is blotchy; by 2 deg it shows the band's
# broad structure (Cygnus, the Galactic centre, the Ophiuchus dark clouds, Carina) cleanly.
MILKY_WAY_SMOOTHING_DEG = 2.0


@lru_cache(maxsize=1)
def star_catalogue() -> StarCatalog:
    """The Hipparcos-2 stars (empty, with one warning line, if the catalogue is missing)."""
    return load_stars()


def milky_way_limit(limiting_mag: float) -> float:
    """The faint limit of the glow for a drawn limit: the nearest half magnitude."""
    return round(float(limiting_mag) / MILKY_WAY_STEP_MAG) * MILKY_WAY_STEP_MAG


@lru_cache(maxsize=4)
def _milky_way_map(faint_limit_g_mag: float) -> MilkyWayMap:
    return load_milky_way_map(faint_limit_g_mag, smoothing_deg=MILKY_WAY_SMOOTHING_DEG)


def milky_way_map(limiting_mag: float) -> MilkyWayMap:
    """The Gaia glow of the stars fainter than the drawn limit (all zero, with one warning
    line, if the catalogue is missing or holds no fainter stars)."""
    return _milky_way_map(milky_way_limit(limiting_mag))
