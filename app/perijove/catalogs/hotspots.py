"""Volcanic hot spots on Io with published positions and thermal output (assets/io_hotspots.csv).

Every row names its catalogue and source. Total radiant power (GW) and spectral quantities at one
wavelength (GW/um/sr, GW/um) are different quantities: each row says which one it holds, and
`power_gw` is only set for total power, so nothing mixes them silently. Where two catalogues give
the same volcano both rows are kept and `same_volcano_rows` links them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from perijove.catalogs.surface_position import lon_west_deg, surface_unit_vector
from perijove.catalogs.tables import Loaded, RowError, assets_dir, float_cell, read_rows, text_cell

# quantity -> the unit it must be given in, and whether a wavelength goes with it
QUANTITY_UNITS = {
    "total_power": ("GW", False),
    "spectral_radiance": ("GW/um/sr", True),
    "spectral_intensity": ("GW/um", True),
}

_COLUMNS = ("hotspot_id", "volcano", "gazetteer_feature", "lat_deg", "lon_east_deg",
            "position_source", "quantity", "value", "unit", "wavelength_um", "value_qualifier",
            "uncertainty", "epoch", "instrument", "catalogue", "same_volcano_rows", "notes",
            "source", "source_url")


@dataclass(frozen=True)
class Hotspot:
    hotspot_id: str
    volcano: str  # as the catalogue names it
    gazetteer_feature: str  # the IAU feature it belongs to, "" if none is named
    lat_deg: float  # planetocentric
    lon_east_deg: float  # [0, 360)
    position_source: str
    quantity: str  # a key of QUANTITY_UNITS
    value: float
    unit: str
    wavelength_um: float | None  # None for total_power
    value_qualifier: str  # "~" approximate, ">" lower bound, "" as published
    uncertainty: float | None  # same unit as value
    epoch: str
    instrument: str
    catalogue: str
    same_volcano_rows: tuple[str, ...]  # hotspot_ids of the same volcano in other catalogues
    notes: str
    source: str
    source_url: str

    @property
    def power_gw(self) -> float | None:
        """Total radiant power in GW; None when the row holds a spectral quantity."""
        return self.value if self.quantity == "total_power" else None

    @property
    def lon_west_deg(self) -> float:
        return lon_west_deg(self.lon_east_deg)

    def unit_vector(self) -> np.ndarray:
        """Body-fixed unit vector (+x prime meridian, +z north, east longitude anticlockwise)."""
        return surface_unit_vector(self.lat_deg, self.lon_east_deg)


def _build(row: dict[str, str]) -> Hotspot:
    quantity = text_cell(row, "quantity")
    if quantity not in QUANTITY_UNITS:
        raise RowError(f"quantity '{quantity}' is not one of {', '.join(QUANTITY_UNITS)}")
    unit, needs_wavelength = QUANTITY_UNITS[quantity]
    if row["unit"] != unit:
        raise RowError(f"{quantity} must be given in {unit}, not '{row['unit']}'")
    wavelength = float_cell(row, "wavelength_um", low=0.1, high=1000.0, optional=True)
    if needs_wavelength != (wavelength is not None):
        raise RowError(f"{quantity} {'needs' if needs_wavelength else 'takes no'} wavelength_um")
    if row["value_qualifier"] not in ("", "~", ">"):
        raise RowError(f"value_qualifier '{row['value_qualifier']}' is not '', '~' or '>'")
    return Hotspot(
        hotspot_id=text_cell(row, "hotspot_id"), volcano=text_cell(row, "volcano"),
        gazetteer_feature=row["gazetteer_feature"],
        lat_deg=float_cell(row, "lat_deg", low=-90.0, high=90.0),
        lon_east_deg=float_cell(row, "lon_east_deg", low=0.0, high=360.0) % 360.0,
        position_source=text_cell(row, "position_source"), quantity=quantity,
        value=float_cell(row, "value", low=0.0), unit=unit, wavelength_um=wavelength,
        value_qualifier=row["value_qualifier"],
        uncertainty=float_cell(row, "uncertainty", low=0.0, optional=True),
        epoch=row["epoch"], instrument=row["instrument"], catalogue=text_cell(row, "catalogue"),
        same_volcano_rows=tuple(p.strip() for p in row["same_volcano_rows"].split(";")
                                if p.strip()),
        notes=row["notes"], source=text_cell(row, "source"),
        source_url=text_cell(row, "source_url"),
    )


@lru_cache(maxsize=4)
def load_hotspots(path: Path | None = None) -> Loaded[Hotspot]:
    """All hot spots in file order; a missing or corrupt table gives none and one warning."""
    table = path or assets_dir() / "io_hotspots.csv"
    loaded = read_rows(table, _COLUMNS, _build)
    ids = [h.hotspot_id for h in loaded.items]
    unknown = sorted({r for h in loaded.items for r in h.same_volcano_rows} - set(ids))
    if len(set(ids)) != len(ids) or unknown:
        return Loaded((), f"{table} has repeated hotspot_ids or links to missing ones; "
                          "the table is corrupt, reinstall Perijove")
    return loaded


def catalogues(path: Path | None = None) -> tuple[str, ...]:
    """The catalogues the hot spots come from, sorted."""
    return tuple(sorted({h.catalogue for h in load_hotspots(path).items}))


def hotspot_rows(path: Path | None = None) -> list[dict]:
    """CSV/JSON-ready rows (str, float or None values) with their sources; [] if the table failed.

    The CLI prints load_hotspots().warning when it wants to say why the list is empty.
    """
    return [
        {
            "hotspot_id": h.hotspot_id, "volcano": h.volcano,
            "gazetteer_feature": h.gazetteer_feature or None,
            "lat_deg": h.lat_deg, "lon_east_deg": h.lon_east_deg,
            "lon_west_deg": round(h.lon_west_deg, 6), "position_source": h.position_source,
            "quantity": h.quantity, "value": h.value, "unit": h.unit,
            "wavelength_um": h.wavelength_um, "value_qualifier": h.value_qualifier or None,
            "uncertainty": h.uncertainty, "power_gw": h.power_gw, "epoch": h.epoch or None,
            "instrument": h.instrument, "catalogue": h.catalogue,
            "same_volcano_rows": ";".join(h.same_volcano_rows) or None, "notes": h.notes or None,
            "source": h.source, "source_url": h.source_url,
        }
        for h in load_hotspots(path).items
    ]
