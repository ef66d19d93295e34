"""The flyby and perijove catalogue, read from assets/flybys.csv and assets/perijoves.csv.

Each row carries its own source; an unknown fact is an empty cell, read as None.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from perijove.core.bodies import BODIES
from perijove.core.timescale import parse_utc

# A closest-approach time known to within this many seconds counts as "known" (to model).
KNOWN_TIME_PRECISION_S = 10.0


class FlybyError(KeyError):
    """A flyby id the user gave that is not in the catalogue; one sentence."""

    def __str__(self) -> str:
        return str(self.args[0])


def assets_dir() -> Path:
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "assets", here.parents[1] / "assets"):
        if (candidate / "flybys.csv").is_file():
            return candidate
    raise FileNotFoundError("Perijove's assets folder (flybys.csv) is missing; reinstall")


@dataclass(frozen=True)
class Flyby:
    id: str
    perijove: int
    moon: str  # lower-case body name
    ca_tdb_s: float
    ca_utc: str
    ca_time_precision_s: float
    altitude_km: float | None
    distance_km: float | None  # from the moon's centre
    speed_km_s: float | None
    source: str
    notes: str

    @property
    def title(self) -> str:
        return f"{self.id.split('-')[0]} {self.moon.capitalize()}"

    @property
    def ca_is_known(self) -> bool:
        """Time to the second and distance published: enough to build the model arc on."""
        return self.ca_time_precision_s <= KNOWN_TIME_PRECISION_S and self.distance_km is not None


@dataclass(frozen=True)
class Perijove:
    number: int
    tdb_s: float
    utc: str
    following_apojove_tdb_s: float


def _float(cell: str) -> float | None:
    cell = cell.strip()
    return float(cell) if cell else None


@lru_cache(maxsize=1)
def flybys() -> tuple[Flyby, ...]:
    path = assets_dir() / "flybys.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        out = []
        for row in rows:
            moon = row["moon"].strip().lower()
            if moon not in BODIES:
                raise ValueError(f"{path}: flyby {row['id']} names an unknown moon '{moon}'")
            altitude = _float(row["altitude_km"])
            distance = _float(row["distance_from_center_km"])
            if distance is None and altitude is not None:
                distance = altitude + BODIES[moon].mean_radius_km
            out.append(Flyby(
                id=row["id"].strip(), perijove=int(row["perijove"]), moon=moon,
                ca_tdb_s=parse_utc(row["ca_utc"]), ca_utc=row["ca_utc"].strip(),
                ca_time_precision_s=float(row["ca_time_precision_s"]),
                altitude_km=altitude, distance_km=distance,
                speed_km_s=_float(row["speed_km_s"]), source=row["source"].strip(),
                notes=row["notes"].strip(),
            ))
    return tuple(sorted(out, key=lambda f: f.ca_tdb_s))


@lru_cache(maxsize=1)
def perijoves() -> tuple[Perijove, ...]:
    path = assets_dir() / "perijoves.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return tuple(
            Perijove(int(r["pj"]), parse_utc(r["perijove_utc"]), r["perijove_utc"],
                     parse_utc(r["following_apojove_utc"]))
            for r in rows
        )


def perijove(number: int) -> Perijove | None:
    for p in perijoves():
        if p.number == number:
            return p
    return None


def find(flyby_id: str) -> Flyby:
    """Look a flyby up by id, case-insensitively ('pj57-io', 'PJ57-Io', 'PJ57')."""
    key = flyby_id.strip().lower()
    matches = [f for f in flybys() if f.id.lower() == key]
    if not matches:
        matches = [f for f in flybys() if f.id.lower().split("-")[0] == key]
    if len(matches) == 1:
        return matches[0]
    raise FlybyError(
        f"unknown flyby '{flyby_id}'; choose one of: {', '.join(f.id for f in flybys())}"
    )
