"""SPICE SPK kernels of any segment type, read with spiceypy, validated on load.

spiceypy keeps one global kernel pool; this module is the only place that touches it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import spiceypy

from perijove.ephem import EphemerisError


@dataclass
class Kernel:
    path: Path
    # naif id -> (n, 2) array of [start, stop] TDB seconds windows
    coverage: dict[int, np.ndarray] = field(default_factory=dict)
    # naif id -> the centre id that body's segments are given relative to
    centers: dict[int, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def covers(self, naif_id: int, t_tdb_s: np.ndarray) -> bool:
        windows = self.coverage.get(naif_id)
        if windows is None:
            return False
        t = np.atleast_1d(t_tdb_s)
        inside = np.zeros(t.shape, dtype=bool)
        for start, stop in windows:
            inside |= (t >= start) & (t <= stop)
        return bool(inside.all())


def load_spk(path: str | os.PathLike) -> Kernel:
    """Load an SPK file into the SPICE pool; one-line EphemerisError if it is not one."""
    p = Path(path)
    if not p.is_file():
        raise EphemerisError(f"kernel file '{p}' does not exist; check the path")
    try:
        with open(p, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise EphemerisError(f"kernel file '{p}' cannot be read: {exc.strerror}") from None
    if not head.startswith(b"DAF/SPK"):
        raise EphemerisError(
            f"'{p}' is not a binary SPK kernel (it does not start with DAF/SPK); "
            "give a .bsp file from NAIF or your mission's navigation team"
        )
    kernel = Kernel(p.resolve())
    try:
        spiceypy.furnsh(str(kernel.path))
        ids = spiceypy.spkobj(str(kernel.path))
        for i in range(spiceypy.card(ids)):
            naif_id = int(ids[i])
            cover = spiceypy.spkcov(str(kernel.path), naif_id)
            n = spiceypy.wncard(cover)
            kernel.coverage[naif_id] = np.array(
                [spiceypy.wnfetd(cover, j) for j in range(n)], dtype=float
            ).reshape(-1, 2)
        kernel.centers = _segment_centers(kernel.path)
    except spiceypy.utils.exceptions.SpiceyError as exc:
        _unload(kernel.path)
        short = str(exc.short).strip() if hasattr(exc, "short") else "SPICE error"
        raise EphemerisError(
            f"kernel file '{p}' is corrupt or unreadable ({short}); download it again"
        ) from None
    return kernel


def _segment_centers(path: Path) -> dict[int, int]:
    centers: dict[int, int] = {}
    handle = spiceypy.dafopr(str(path))
    try:
        spiceypy.dafbfs(handle)
        while spiceypy.daffna():
            dc, ic = spiceypy.dafus(spiceypy.dafgs(), 2, 6)
            centers.setdefault(int(ic[0]), int(ic[1]))
    finally:
        spiceypy.dafcls(handle)
    return centers


def _unload(path: Path) -> None:
    try:
        spiceypy.unload(str(path))
    except spiceypy.utils.exceptions.SpiceyError:
        pass


def unload(kernel: Kernel) -> None:
    _unload(kernel.path)


def state_km(target: int, observer: int, t_tdb_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Geometric state of target from observer, J2000 axes: ((n,3) km, (n,3) km/s)."""
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
    out = np.empty((t.size, 6))
    try:
        for i, et in enumerate(t):
            out[i] = spiceypy.spkgeo(target, float(et), "J2000", observer)[0]
    except spiceypy.utils.exceptions.SpiceyError as exc:
        short = str(getattr(exc, "short", "SPICE error")).strip()
        raise EphemerisError(
            f"the loaded kernels cannot give body {target} from {observer} ({short})"
        ) from None
    return out[:, :3], out[:, 3:]
