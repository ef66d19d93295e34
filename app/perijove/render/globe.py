"""A textured, lit globe whose tessellation follows its size on screen."""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTexture

# Longitude segments per level; latitude uses half as many. Chosen so that the chord error
# of the limb, R * (1 - cos(pi / n)), stays under about half a pixel at each level's size.
LOD_SEGMENTS = (32, 64, 128, 256)


def sphere_mesh(n_lon: int) -> vtkPolyData:
    """Unit sphere in the body frame with u = east longitude / 360, v = (lat + 90) / 180."""
    n_lat = n_lon // 2
    lon = np.linspace(0.0, 2.0 * np.pi, n_lon + 1)
    lat = np.linspace(-np.pi / 2, np.pi / 2, n_lat + 1)
    lon_g, lat_g = np.meshgrid(lon, lat)
    xyz = np.stack(
        [np.cos(lat_g) * np.cos(lon_g), np.cos(lat_g) * np.sin(lon_g), np.sin(lat_g)], axis=-1
    ).reshape(-1, 3)
    uv = np.stack([lon_g / (2 * np.pi), (lat_g + np.pi / 2) / np.pi], axis=-1).reshape(-1, 2)
    row = n_lon + 1
    i, j = np.meshgrid(np.arange(n_lat), np.arange(n_lon), indexing="ij")
    p0 = (i * row + j).ravel()
    p1, p2 = p0 + 1, p0 + row
    p3 = p2 + 1
    tris = np.concatenate([np.stack([p0, p1, p3], 1), np.stack([p0, p3, p2], 1)]).ravel()
    offsets = np.arange(0, tris.size + 1, 3, dtype=np.int64)

    poly = vtkPolyData()
    pts = vtkPoints()
    pts.SetData(numpy_to_vtk(xyz, deep=True))
    poly.SetPoints(pts)
    cells = vtkCellArray()
    cells.SetData(numpy_to_vtkIdTypeArray(offsets, deep=True),
                  numpy_to_vtkIdTypeArray(tris.astype(np.int64), deep=True))
    poly.SetPolys(cells)
    normals = numpy_to_vtk(xyz.copy(), deep=True)
    normals.SetName("Normals")
    poly.GetPointData().SetNormals(normals)
    tc = numpy_to_vtk(uv, deep=True)
    tc.SetName("TCoords")
    poly.GetPointData().SetTCoords(tc)
    return poly


_MESH_CACHE: dict[int, vtkPolyData] = {}


def cached_sphere_mesh(n_lon: int) -> vtkPolyData:
    if n_lon not in _MESH_CACHE:
        _MESH_CACHE[n_lon] = sphere_mesh(n_lon)
    return _MESH_CACHE[n_lon]


def segments_for_radius_px(radius_px: float) -> int:
    """Fewest segments keeping the limb's chord error under ~0.5 px (n > pi*sqrt(R_px))."""
    need = np.pi * np.sqrt(max(radius_px, 1.0))
    for n in LOD_SEGMENTS:
        if n >= need:
            return n
    return LOD_SEGMENTS[-1]


class GlobeActor:
    """One body's globe: a unit sphere scaled to its radii, turned by its rotation model."""

    def __init__(self, name: str, radii_km: tuple[float, float, float], texture: vtkTexture,
                 ambient: float = 0.04) -> None:
        self.name = name
        self.radii_km = np.asarray(radii_km, dtype=float)
        self.mapper = vtkPolyDataMapper()
        self.segments = LOD_SEGMENTS[0]
        self.mapper.SetInputData(cached_sphere_mesh(self.segments))
        self.actor = vtkActor()
        self.actor.SetMapper(self.mapper)
        self.actor.SetTexture(texture)
        prop = self.actor.GetProperty()
        prop.SetAmbient(ambient)
        prop.SetDiffuse(1.0)
        prop.SetSpecular(0.0)
        prop.SetInterpolationToGouraud()
        self._matrix = vtkMatrix4x4()
        self.actor.SetUserMatrix(self._matrix)
        self.center_km = np.zeros(3)
        self.model_to_world = np.eye(4)  # the same matrix, kept for the shadow shader

    def set_texture(self, texture: vtkTexture) -> None:
        self.actor.SetTexture(texture)

    def set_pose(self, center_km: np.ndarray, body_to_icrf: np.ndarray) -> None:
        self.center_km = np.asarray(center_km, dtype=float)
        m = np.eye(4)
        m[:3, :3] = body_to_icrf * self.radii_km[np.newaxis, :]
        m[:3, 3] = self.center_km
        self.model_to_world = m
        self._matrix.DeepCopy(m.ravel())
        self.actor.Modified()

    def set_segments(self, n_lon: int) -> None:
        if n_lon != self.segments:
            self.segments = n_lon
            self.mapper.SetInputData(cached_sphere_mesh(n_lon))
