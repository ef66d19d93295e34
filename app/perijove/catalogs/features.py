"""IAU-named surface features of Io, Europa, Ganymede and Callisto (assets/features/<body>.csv).

The tables come from the IAU/USGS Gazetteer of Planetary Nomenclature;
tools/rebuild_feature_tables.py builds them and its docstring names the downloads. Stored
convention: latitude in degrees on the IAU reference sphere (planetocentric) and east longitude in
[0, 360); the Gazetteer's web pages show the same values as west longitude (360 - east). A missing
or corrupt table gives an empty result and one warning (the layer stays off); an unknown body or
feature type is a ValueError of one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from perijove.catalogs.feature_notes import feature_note  # noqa: F401  (part of this API)
from perijove.catalogs.surface_position import lon_west_deg, surface_unit_vector
from perijove.catalogs.tables import (
    Loaded,
    RowError,
    assets_dir,
    float_cell,
    read_rows,
    text_cell,
)

BODIES = ("io", "europa", "ganymede", "callisto")

# Gazetteer descriptor terms (https://planetarynames.wr.usgs.gov/DescriptorTerms) on these moons.
FEATURE_TYPE_BY_CODE = {
    "AA": "crater", "CA": "catena", "CB": "cavus", "CH": "chaos", "DO": "dorsum",
    "ER": "eruptive center", "FA": "facula", "FE": "flexus", "FL": "fluctus", "FO": "fossa",
    "LE": "lenticula", "LG": "large ringed feature", "LI": "linea", "MA": "macula",
    "MN": "mensa", "MO": "mons", "PE": "patera", "PM": "planum", "RE": "regio",
    "SU": "sulcus", "TH": "tholus", "VA": "vallis",
}

COORDINATE_CONVENTION = (
    "latitude: planetocentric on the IAU sphere (= planetographic on a sphere); "
    "longitude: east-positive, 0-360 deg; body frame +x prime meridian, +z north"
)

_COLUMNS = ("feature_id", "name", "feature_type", "type_code", "lat_deg", "lon_east_deg",
            "diameter_km", "approval_status", "approval_date", "source_coordinates", "source")


@dataclass(frozen=True)
class Feature:
    body: str  # lower-case moon name
    feature_id: int  # Gazetteer feature ID
    name: str  # with diacritics, as the Gazetteer spells it
    feature_type: str  # descriptor term, singular, lower case ("patera")
    type_code: str  # Gazetteer two-letter code ("PE")
    lat_deg: float  # planetocentric
    lon_east_deg: float  # [0, 360)
    diameter_km: float | None  # None where the Gazetteer publishes no size
    approval_status: str  # "" where the source copy does not carry it
    approval_date: str  # ISO date or year; "" where not carried
    source_coordinates: str  # which source field and convention the position came from
    source: str

    @property
    def lon_west_deg(self) -> float:
        return lon_west_deg(self.lon_east_deg)

    @property
    def gazetteer_url(self) -> str:
        return f"https://planetarynames.wr.usgs.gov/Feature/{self.feature_id}"

    def unit_vector(self) -> np.ndarray:
        """Body-fixed unit vector (+x prime meridian, +z north, east longitude anticlockwise)."""
        return surface_unit_vector(self.lat_deg, self.lon_east_deg)


def check_body(body: str) -> str:
    """The lower-case body name, or a one-line ValueError naming it and the valid choices."""
    key = str(body).strip().lower()
    if key not in BODIES:
        raise ValueError(f"unknown body '{body}'; choose one of: {', '.join(BODIES)}")
    return key


def _build(body: str):
    def build(row: dict[str, str]) -> Feature:
        code = text_cell(row, "type_code").upper()
        if code not in FEATURE_TYPE_BY_CODE:
            raise RowError(f"type_code '{code}' is not a Gazetteer descriptor code")
        try:
            feature_id = int(row["feature_id"])
        except ValueError:
            raise RowError(f"feature_id '{row['feature_id']}' is not a number") from None
        lon = float_cell(row, "lon_east_deg", low=0.0, high=360.0)
        return Feature(
            body=body, feature_id=feature_id, name=text_cell(row, "name"),
            feature_type=FEATURE_TYPE_BY_CODE[code], type_code=code,
            lat_deg=float_cell(row, "lat_deg", low=-90.0, high=90.0),
            lon_east_deg=lon % 360.0,
            diameter_km=float_cell(row, "diameter_km", low=0.0, optional=True),
            approval_status=row["approval_status"], approval_date=row["approval_date"],
            source_coordinates=row["source_coordinates"], source=text_cell(row, "source"),
        )
    return build


@lru_cache(maxsize=16)
def _all_features(body: str, directory: Path | None) -> Loaded[Feature]:
    path = (directory or assets_dir() / "features") / f"{body}.csv"
    loaded = read_rows(path, _COLUMNS, _build(body))
    names = [f.name.casefold() for f in loaded.items]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        return Loaded((), f"{path} names {', '.join(twice)} twice; the table is corrupt, "
                          "reinstall Perijove")
    return loaded


def feature_types(body: str, *, directory: Path | None = None) -> tuple[str, ...]:
    """The feature types (descriptor terms) that occur on `body`, sorted; () if its table failed."""
    key = check_body(body)
    return tuple(sorted({f.feature_type for f in _all_features(key, directory).items}))


def _check_type(body: str, feature_type: str, available: tuple[str, ...]) -> str:
    wanted = str(feature_type).strip().lower()
    by_code = FEATURE_TYPE_BY_CODE.get(wanted.upper())
    wanted = by_code or wanted
    if wanted not in available:
        raise ValueError(f"no feature type '{feature_type}' on {body}; choose one of: "
                         f"{', '.join(available)}")
    return wanted


def load_features(body: str, feature_type: str | None = None, *,
                  directory: Path | None = None) -> Loaded[Feature]:
    """Named features of `body` (sorted by name), optionally of one type (name or code).

    Returns Loaded(items, warning): warning is one sentence when the table is missing or corrupt,
    and items is then empty. `directory` overrides the folder holding <body>.csv (tests, rebuilds).
    """
    key = check_body(body)
    loaded = _all_features(key, directory)
    if feature_type is None or loaded.warning:
        return loaded
    wanted = _check_type(key, feature_type, feature_types(key, directory=directory))
    return Loaded(tuple(f for f in loaded.items if f.feature_type == wanted))


def find_feature(body: str, name: str, *, directory: Path | None = None) -> Feature | None:
    """The feature called `name` (case-insensitive) on `body`, or None."""
    wanted = name.strip().casefold()
    for feature in load_features(body, directory=directory).items:
        if feature.name.casefold() == wanted:
            return feature
    return None


def feature_rows(body: str, feature_type: str | None = None, *,
                 directory: Path | None = None) -> list[dict]:
    """CSV/JSON-ready rows (str, float, int or None values) with sources; [] if the table failed.

    The CLI prints load_features(...).warning when it wants to say why a list is empty.
    """
    return [
        {
            "body": f.body, "name": f.name, "feature_type": f.feature_type,
            "type_code": f.type_code,
            "lat_deg": f.lat_deg, "lon_east_deg": f.lon_east_deg,
            "lon_west_deg": round(f.lon_west_deg, 6), "diameter_km": f.diameter_km,
            "approval_status": f.approval_status or None, "approval_date": f.approval_date or None,
            "feature_id": f.feature_id, "gazetteer_url": f.gazetteer_url,
            "coordinate_convention": COORDINATE_CONVENTION,
            "source_coordinates": f.source_coordinates, "source": f.source,
        }
        for f in load_features(body, feature_type, directory=directory).items
    ]
