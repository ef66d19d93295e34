"""Juno's trail: a line through past and coming positions that fades with age.

Positions are relative to an anchor body (the flyby's moon), drawn at the anchor's current
position, so the path past the moon stays steady on screen. Samples are denser near closest
approach, and the current position is always a vertex, so the line passes through the craft.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

TRAIL_COLOUR = np.array([90, 200, 255])


def sample_times(t0: float, t1: float, t_ca: float | None, base_step_s: float = 60.0,
                 fine_step_s: float = 2.0, fine_half_span_s: float = 900.0) -> np.ndarray:
    t = np.arange(t0, t1 + base_step_s, base_step_s)
    if t_ca is not None and t0 - fine_half_span_s < t_ca < t1 + fine_half_span_s:
        fine = np.arange(t_ca - fine_half_span_s, t_ca + fine_half_span_s, fine_step_s)
        t = np.concatenate([t, fine[(fine >= t0) & (fine <= t1)]])
    return np.unique(t)


class TrailActor:
    def __init__(self) -> None:
        self.mapper = vtkPolyDataMapper()
        self.mapper.SetColorModeToDirectScalars()
        self.mapper.ScalarVisibilityOn()
        self.actor = vtkActor()
        self.actor.SetMapper(self.mapper)
        prop = self.actor.GetProperty()
        prop.SetLineWidth(2.0)
        prop.LightingOff()
        self.times = np.zeros(0)
        self.relative_km = np.zeros((0, 3))
        self.trail_s = 3 * 3600.0
        self.lead_s = 1 * 3600.0

    def set_samples(self, times: np.ndarray, relative_km: np.ndarray) -> None:
        self.times = times
        self.relative_km = relative_km

    def update(self, t: float, current_relative_km: np.ndarray, anchor_km: np.ndarray) -> None:
        keep = (self.times > t - self.trail_s) & (self.times < t + self.lead_s)
        times = self.times[keep]
        rel = self.relative_km[keep]
        i = int(np.searchsorted(times, t))
        times = np.insert(times, i, t)
        rel = np.insert(rel, i, current_relative_km, axis=0)
        n = len(times)
        # A zero lead is allowed (no future path): guard the fade's division.
        age = np.where(times <= t, (t - times) / max(self.trail_s, 1e-9),
                       (times - t) / max(self.lead_s, 1e-9))
        alpha = np.where(times <= t, 255 * (1 - age) ** 1.5, 110 * (1 - age))
        rgba = np.empty((n, 4), dtype=np.uint8)
        rgba[:, :3] = TRAIL_COLOUR
        rgba[:, 3] = np.clip(alpha, 0, 255).astype(np.uint8)
        # Vertices relative to the anchor; the actor sits at the anchor (precision near it).
        poly = vtkPolyData()
        pts = vtkPoints()
        pts.SetData(numpy_to_vtk(np.ascontiguousarray(rel, dtype=float), deep=True))
        poly.SetPoints(pts)
        lines = vtkCellArray()
        lines.SetData(numpy_to_vtkIdTypeArray(np.array([0, n], dtype=np.int64), deep=True),
                      numpy_to_vtkIdTypeArray(np.arange(n, dtype=np.int64), deep=True))
        poly.SetLines(lines)
        colours = numpy_to_vtk(rgba, deep=True)
        colours.SetName("Colors")
        poly.GetPointData().SetScalars(colours)
        self.mapper.SetInputData(poly)
        self.actor.SetPosition(*anchor_km)
