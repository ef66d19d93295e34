"""Juno from a table: a JPL Horizons vector table or a CSV, interpolated with Hermite splines.

Horizons: the text between $$SOE and $$EOE of a VECTORS request (either the default layout
with `X = ...` lines or CSV_FORMAT=YES), centre Jupiter (599) or its barycentre (5), ICRF
axes, units km and km/s (AU and days are converted). CSV: a header naming `time,x,y,z` and
optionally `vx,vy,vz`; time as ISO 8601 UTC, positions km from Jupiter's centre on ICRF axes.

Every value must be a finite number: a NaN or an infinity is refused with the file and the
row (the file's line number), before any spline sees it.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np

from perijove.core.bodies import AU_KM
from perijove.core.timescale import J2000_JD, SECONDS_PER_DAY, TimeFormatError, parse_utc
from perijove.ephem import EphemerisError

_NUMBER = r"[-+]?\d*\.?\d+(?:[Ee][-+]?\d+)?"


class TrajectoryTable:
    """Juno's states at tabulated times, Jupiter-centred or barycentric (center_id 599 or 5)."""

    def __init__(self, path: Path, t_tdb_s: np.ndarray, pos_km: np.ndarray,
                 vel_km_s: np.ndarray | None, center_id: int) -> None:
        if len(t_tdb_s) < 4:
            raise EphemerisError(f"'{_shown(path)}' holds {len(t_tdb_s)} rows; at least 4 are "
                                 "needed")
        finite = np.isfinite(t_tdb_s) & np.isfinite(pos_km).all(axis=1)
        if vel_km_s is not None:
            finite &= np.isfinite(vel_km_s).all(axis=1)
        if not finite.all():  # the parsers name the row; this guards any other caller
            raise EphemerisError(f"'{_shown(path)}' holds a value that is not a finite number "
                                 f"(row {int(np.argmin(finite)) + 1} of its data)")
        order = np.argsort(t_tdb_s)
        t = t_tdb_s[order]
        if np.any(np.diff(t) <= 0):
            raise EphemerisError(f"'{_shown(path)}' repeats a time; each row needs its own time")
        self.path = path
        self.name = path.name
        self.center_id = center_id
        self.t0, self.t1 = float(t[0]), float(t[-1])
        pos = pos_km[order]
        from scipy.interpolate import CubicHermiteSpline, CubicSpline  # ~1 s: only if used

        if vel_km_s is not None:
            vel = vel_km_s[order]
            self._pos = CubicHermiteSpline(t, pos, vel, axis=0)
            self._vel = self._pos.derivative()
        else:
            self._pos = CubicSpline(t, pos, axis=0)
            self._vel = self._pos.derivative()

    def covers(self, t: np.ndarray) -> np.ndarray:
        return (t >= self.t0) & (t <= self.t1)

    def state_km(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._pos(t), self._vel(t)


def _shown(path: Path | str) -> str:
    from perijove.core.messages import shown_path

    return shown_path(path)


def _not_finite(path: Path, line: int, values: list[float], cells: str) -> None:
    """EphemerisError naming the file and row if any value is NaN or infinite."""
    if all(math.isfinite(v) for v in values):
        return
    raise EphemerisError(f"'{_shown(path)}' row {line} holds a value that is not a finite "
                         f"number (got: {cells[:80]}); fix or delete that row")


def load_table(path_text: str) -> TrajectoryTable:
    path = Path(path_text)
    try:
        found = path.is_file()
        text = path.read_text(encoding="utf-8", errors="replace") if found else ""
    except OSError as exc:
        from perijove.core.messages import os_reason

        raise EphemerisError(f"trajectory file '{_shown(path)}' cannot be read "
                             f"({os_reason(exc)}); check the path") from None
    if not found:
        raise EphemerisError(f"trajectory file '{_shown(path)}' does not exist; check the path")
    if "$$SOE" in text or "JPL/HORIZONS" in text or "Ephemeris / " in text:
        return _parse_horizons(path, text)
    return _parse_csv(path, text)


def _parse_horizons(path: Path, text: str) -> TrajectoryTable:
    if "$$SOE" not in text or "$$EOE" not in text:
        raise EphemerisError(
            f"'{_shown(path)}' looks like a Horizons file but has no $$SOE/$$EOE block; "
            "request a VECTORS table and save the whole output")
    header, rest = text.split("$$SOE", 1)
    body = rest.split("$$EOE", 1)[0]
    soe_line = header.count("\n") + 1  # the file's line number of $$SOE
    center = re.search(r"Center body name:\s*(.+?)\((-?\d+)\)", header)
    if center is None:
        center_id = 599
    else:
        center_id = int(center.group(2))
    if center_id not in (5, 599):
        raise EphemerisError(f"'{_shown(path)}' is centred on body {center_id}; request it "
                             "centred on Jupiter (500@599)")
    if re.search(r"Reference plane\s*:\s*Ecliptic", header, re.I) or re.search(
            r"ecliptic", header.split("Reference frame", 1)[-1][:200], re.I):
        raise EphemerisError(f"'{_shown(path)}' uses ecliptic axes; request the Earth mean "
                             "equator (ICRF) reference plane")
    to_km, to_km_s = 1.0, 1.0
    if re.search(r"Output units\s*:\s*AU-D", header):
        to_km, to_km_s = AU_KM, AU_KM / SECONDS_PER_DAY
    elif re.search(r"Output units\s*:\s*KM-D", header):
        to_km_s = 1.0 / SECONDS_PER_DAY
    times, pos, vel = [], [], []
    if "X =" in body or "X=" in body:
        starts = [m.start() for m in re.finditer(r"(?m)^\s*\d{7}\.\d+\s*=", body)]
        if not starts or body[:starts[0]].strip():
            starts = [0, *starts]
        for a, b in zip(starts, [*starts[1:], len(body)], strict=True):
            rec = body[a:b]
            line = soe_line + body[:a].count("\n") + (len(rec) - len(rec.lstrip("\n")))
            jd = re.match(r"\s*(\d{7}\.\d+)", rec)
            vals = {k: float(v) for k, v in re.findall(rf"\b(X|Y|Z|VX|VY|VZ)\s*=\s*({_NUMBER})",
                                                      rec)}
            if jd is None or not {"X", "Y", "Z"} <= vals.keys():
                raise EphemerisError(f"'{_shown(path)}' row {line} is not a state vector (a "
                                     "record needs X, Y, Z as numbers); request a VECTORS table")
            _not_finite(path, line, list(vals.values()), " ".join(rec.split()))
            times.append(float(jd.group(1)))
            pos.append([vals["X"], vals["Y"], vals["Z"]])
            vel.append([vals.get("VX", np.nan), vals.get("VY", np.nan), vals.get("VZ", np.nan)])
    else:
        for n, line in enumerate(body.splitlines(), soe_line):
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split(",")]
            try:
                numbers = [float(cells[0])] + [float(c) for c in cells[2:8] if c]
            except (ValueError, IndexError):
                raise EphemerisError(
                    f"'{_shown(path)}' row {n} after $$SOE is not a state vector") from None
            if len(numbers) < 4:
                raise EphemerisError(f"'{_shown(path)}' row {n} after $$SOE lacks X, Y, Z")
            _not_finite(path, n, numbers, line.strip())
            times.append(numbers[0])
            pos.append(numbers[1:4])
            vel.append(numbers[4:7] if len(numbers) >= 7 else [np.nan] * 3)
    if not times:
        raise EphemerisError(f"'{_shown(path)}' has no rows between $$SOE and $$EOE")
    jd = np.array(times)
    t = (jd - J2000_JD) * SECONDS_PER_DAY  # Horizons VECTORS tables are in TDB
    p = np.array(pos) * to_km
    v = np.array(vel) * to_km_s
    return TrajectoryTable(path, t, p, None if np.isnan(v).any() else v, center_id)


def _parse_csv(path: Path, text: str) -> TrajectoryTable:
    rows = [(n, next(csv.reader([ln]))) for n, ln in enumerate(text.splitlines(), 1)
            if ln.strip() and not ln.lstrip().startswith("#")]  # (file line number, cells)
    if not rows:
        raise EphemerisError(f"'{_shown(path)}' is empty; give a CSV with columns time,x,y,z")
    header = [h.strip().lower() for h in rows[0][1]]
    names = [h.split("_")[0].split("[")[0].strip() for h in header]
    need = ["time", "x", "y", "z"]
    if names[:4] != need:
        raise EphemerisError(f"'{_shown(path)}' must start with a header time,x,y,z[,vx,vy,vz] "
                             f"(found: {','.join(header[:7])})")
    has_vel = names[4:7] == ["vx", "vy", "vz"]
    times, pos, vel = [], [], []
    for n, row in rows[1:]:
        try:
            t = parse_utc(row[0])
            xyz = [float(c) for c in row[1:4]]
            v = [float(c) for c in row[4:7]] if has_vel else None
            if len(xyz) < 3 or (v is not None and len(v) < 3):
                raise IndexError
        except (TimeFormatError, ValueError, IndexError):
            raise EphemerisError(
                f"'{_shown(path)}' row {n} is not time,x,y,z{',vx,vy,vz' if has_vel else ''} "
                f"(got: {','.join(row)[:80]}); fix or delete that row") from None
        _not_finite(path, n, xyz + (v or []), ",".join(row))
        times.append(t)
        pos.append(xyz)
        if v is not None:
            vel.append(v)
    return TrajectoryTable(path, np.array(times), np.array(pos),
                           np.array(vel) if has_vel else None, 599)
