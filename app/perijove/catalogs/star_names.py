"""Proper names of stars, by Hipparcos number: the IAU Working Group on Star Names' list.

assets/star_names.csv holds every name of the IAU Catalog of Star Names (IAU-CSN), edition
"Last updated 2018-09-07", that has a HIP number (335 names; credit: IAU WGSN,
https://www.iau.org/public/themes/naming_stars/, Creative Commons Attribution). Each row also
keeps the list's own J2000 position, which the tests use to check every HIP number against the
Hipparcos catalogue. One name, Alula Australis (HIP 55203), has no Hipparcos-2 entry, so no star
carries it in the sky; star_names() still returns it.
"""

from __future__ import annotations

from functools import lru_cache

from perijove.catalogs.assets import read_csv_rows

STAR_NAMES_TABLE = "star_names.csv"


@lru_cache(maxsize=1)
def _names() -> dict[int, str]:
    return {int(row["hip"]): row["name"] for row in read_csv_rows(STAR_NAMES_TABLE)}


def star_names() -> dict[int, str]:
    """IAU WGSN proper names keyed by HIP number (a copy: callers may change it)."""
    return dict(_names())
