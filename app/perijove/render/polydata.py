"""numpy arrays to vtkPolyData in one place: points with lines or triangles, and the
point arrays (normals, texture coordinates, colours) the layers attach."""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData


def grid_triangles(n_rows: int, n_cols: int) -> np.ndarray:
    """(2 * n_rows * n_cols, 3) point ids: two triangles per cell of a grid of
    (n_rows + 1) x (n_cols + 1) points stored row by row (a latitude-longitude sphere)."""
    row = n_cols + 1
    i, j = np.meshgrid(np.arange(n_rows), np.arange(n_cols), indexing="ij")
    p0 = (i * row + j).ravel()
    p1, p2 = p0 + 1, p0 + row
    p3 = p2 + 1
    return np.concatenate([np.stack([p0, p1, p3], 1), np.stack([p0, p3, p2], 1)])


def _cells(connectivity: np.ndarray, sizes: np.ndarray) -> vtkCellArray:
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    cells = vtkCellArray()
    cells.SetData(numpy_to_vtkIdTypeArray(offsets, deep=True),
                  numpy_to_vtkIdTypeArray(np.ascontiguousarray(connectivity, dtype=np.int64),
                                          deep=True))
    return cells


def polydata(points: np.ndarray, *, polyline: bool = False, closed: bool = False,
             triangles: np.ndarray | None = None, vertices: bool = False,
             normals: np.ndarray | None = None, tcoords: np.ndarray | None = None,
             colours_rgba: np.ndarray | None = None) -> vtkPolyData:
    """A vtkPolyData of `points` (n,3): one polyline through them (optionally closed),
    triangles (m,3) indexing them, or one vertex each."""
    pts = np.ascontiguousarray(points, dtype=float)
    poly = vtkPolyData()
    vp = vtkPoints()
    vp.SetData(numpy_to_vtk(pts, deep=True))
    poly.SetPoints(vp)
    n = len(pts)
    if polyline:
        ids = np.arange(n, dtype=np.int64)
        if closed:
            ids = np.append(ids, 0)
        poly.SetLines(_cells(ids, np.array([ids.size])))
    if triangles is not None:
        tri = np.asarray(triangles, dtype=np.int64)
        poly.SetPolys(_cells(tri.ravel(), np.full(len(tri), 3)))
    if vertices:
        poly.SetVerts(_cells(np.arange(n, dtype=np.int64), np.ones(n, dtype=np.int64)))
    if normals is not None:
        arr = numpy_to_vtk(np.ascontiguousarray(normals, dtype=float), deep=True)
        arr.SetName("Normals")
        poly.GetPointData().SetNormals(arr)
    if tcoords is not None:
        arr = numpy_to_vtk(np.ascontiguousarray(tcoords, dtype=float), deep=True)
        arr.SetName("TCoords")
        poly.GetPointData().SetTCoords(arr)
    if colours_rgba is not None:
        arr = numpy_to_vtk(np.ascontiguousarray(colours_rgba, dtype=np.uint8), deep=True)
        arr.SetName("Colors")
        poly.GetPointData().SetScalars(arr)
    return poly
