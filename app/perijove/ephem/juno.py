"""Where Juno is: a SPICE kernel that covers the time, else a loaded table, else the model.

All three sit behind one interface used by SystemEphemeris; `source` says in words which
one gives Juno's position at a time, for the status bar and `perijove ephem`.
"""

from __future__ import annotations

import numpy as np

from perijove.core.provenance import Provenance, SourceKind
from perijove.ephem import EphemerisError, spice_kernels
from perijove.ephem.juno_model import JunoModel
from perijove.ephem.trajectory_table import TrajectoryTable, load_table

JUNO_NAIF_ID = -61


class JunoProvider:
    def __init__(self) -> None:
        self.tables: list[TrajectoryTable] = []
        self._model: JunoModel | None = None

    @property
    def model(self) -> JunoModel:
        if self._model is None:
            self._model = JunoModel()
        return self._model

    def add_table(self, path: str) -> TrajectoryTable:
        table = load_table(path)
        self.tables.append(table)
        return table

    def _kernel_mask(self, eph, t: np.ndarray):  # noqa: ANN001, ANN202
        for k in reversed(eph.kernels):
            if JUNO_NAIF_ID in k.coverage:
                inside = np.zeros(t.shape, dtype=bool)
                for start, stop in k.coverage[JUNO_NAIF_ID]:
                    inside |= (t >= start) & (t <= stop)
                if inside.any():
                    return k, inside
        return None, np.zeros(t.shape, dtype=bool)

    def state_km(self, eph, t: np.ndarray, strict: bool = False  # noqa: ANN001
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Juno from the Jupiter-system barycentre, ((n,3) km, (n,3) km/s)."""
        pos = np.full((t.size, 3), np.nan)
        vel = np.full((t.size, 3), np.nan)
        _, in_kernel = self._kernel_mask(eph, t)
        if in_kernel.any():
            p, v = spice_kernels.state_km(JUNO_NAIF_ID, 5, t[in_kernel])
            pos[in_kernel], vel[in_kernel] = p, v
        todo = ~in_kernel
        for table in reversed(self.tables):
            m = todo & table.covers(t)
            if m.any():
                p, v = table.state_km(t[m])
                if table.center_id == 599:
                    jp, jv = eph.state_from_barycenter_km("jupiter", t[m])
                    p, v = p + jp, v + jv
                pos[m], vel[m] = p, v
                todo &= ~m
        if todo.any():
            if not self.model.covers(t[todo]):
                raise EphemerisError(
                    "no Juno trajectory covers that time (the model spans Juno's orbits from "
                    "2016-07-05 on); load a kernel that covers it")
            s = self.model.state_from_jupiter_km(t[todo])
            jp, jv = eph.state_from_barycenter_km("jupiter", t[todo])
            pos[todo], vel[todo] = s[:, :3] + jp, s[:, 3:] + jv
        return pos, vel

    def source(self, eph, t_tdb_s: float) -> Provenance:  # noqa: ANN001
        t = np.array([t_tdb_s])
        kernel, inside = self._kernel_mask(eph, t)
        if inside.any():
            return Provenance(SourceKind.KERNEL, kernel.name,
                              f"Juno trajectory: SPICE kernel {kernel.name} (NASA/JPL Juno "
                              "navigation team, NAIF)", f"SPICE: {kernel.name}")
        for table in reversed(self.tables):
            if table.covers(t).any():
                return Provenance(SourceKind.TABLE, table.name,
                                  f"Juno trajectory: table {table.name}", f"table: {table.name}")
        return self.model.source(t_tdb_s)
