"""The moons' orbits as lines around Jupiter, resampled when time has moved far enough."""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

# Sidereal periods, days: NASA/NSSDCA Jovian satellite fact sheet (D. Williams).
ORBITAL_PERIOD_D = {"io": 1.769138, "europa": 3.551181, "ganymede": 7.154553, "callisto": 16.689018}
RESAMPLE_AFTER_S = 0.5 * 86400.0
SAMPLES = 360


def polyline(points_km: np.ndarray, closed: bool = False) -> vtkPolyData:
    n = len(points_km)
    ids = np.arange(n, dtype=np.int64)
    if closed:
        ids = np.append(ids, 0)
    poly = vtkPolyData()
    pts = vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(points_km, dtype=float), deep=True))
    poly.SetPoints(pts)
    lines = vtkCellArray()
    lines.SetData(numpy_to_vtkIdTypeArray(np.array([0, ids.size], dtype=np.int64), deep=True),
                  numpy_to_vtkIdTypeArray(ids, deep=True))
    poly.SetLines(lines)
    return poly


class OrbitLine:
    """One moon's orbit relative to Jupiter's centre over one period around time t."""

    def __init__(self, moon: str, color: tuple[float, float, float]) -> None:
        self.moon = moon
        self.mapper = vtkPolyDataMapper()
        self.actor = vtkActor()
        self.actor.SetMapper(self.mapper)
        prop = self.actor.GetProperty()
        prop.SetColor(*color)
        prop.SetOpacity(0.55)
        prop.SetLineWidth(1.5)
        prop.LightingOff()
        self.sampled_at_tdb_s: float | None = None

    @staticmethod
    def anchor_time(t_tdb_s: float) -> float:
        """Orbits are sampled around fixed times, so a frame's lines depend on t alone (export
        renders frames out of order in several processes and must get the same pixels)."""
        return round(t_tdb_s / RESAMPLE_AFTER_S) * RESAMPLE_AFTER_S

    def needs_resample(self, t_tdb_s: float) -> bool:
        return self.sampled_at_tdb_s != self.anchor_time(t_tdb_s)

    def resample(self, t_tdb_s: float, relative_positions_km: np.ndarray) -> None:
        self.mapper.SetInputData(polyline(relative_positions_km, closed=True))
        self.sampled_at_tdb_s = self.anchor_time(t_tdb_s)

    def sample_times(self, t_tdb_s: float) -> np.ndarray:
        period_s = ORBITAL_PERIOD_D[self.moon] * 86400.0
        return self.anchor_time(t_tdb_s) + np.linspace(-0.5, 0.5, SAMPLES,
                                                       endpoint=False) * period_s
