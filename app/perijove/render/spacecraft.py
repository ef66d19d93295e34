"""Juno's spacecraft: built with trimesh from published dimensions, or NASA's glTF model.

Dimensions (NASA Juno launch press kit, 2011; NASA Juno mission fact sheet): a hexagonal
bus about 3.5 m across and 3.5 m high; three solar wings at 120 deg, each 8.9 m long and
2.7 m wide; the magnetometer boom at the end of one wing (its length here, 2 m, is an
approximation: the press kit gives none); a 2.5 m high-gain antenna (HGA) on top, on the
spin axis. Juno spins at 2 rpm in science mode (Bolton et al. 2017, Space Sci. Rev. 213:5).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import trimesh
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersCore import vtkPolyDataNormals
from vtkmodules.vtkRenderingCore import vtkActor, vtkAssembly, vtkPolyDataMapper

SPIN_RATE_RPM = 2.0
BUS_ACROSS_M = 3.5
BUS_HEIGHT_M = 3.5
WING_LENGTH_M = 8.9
WING_WIDTH_M = 2.7
MAG_BOOM_M = 2.0
HGA_DIAMETER_M = 2.5
SPAN_M = 2 * (BUS_ACROSS_M / 2 + WING_LENGTH_M) + MAG_BOOM_M  # ~ 24 m tip to tip
M_TO_KM = 1e-3


def trimesh_to_polydata(mesh: trimesh.Trimesh) -> vtkPolyData:
    poly = vtkPolyData()
    pts = vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(mesh.vertices, dtype=float), deep=True))
    poly.SetPoints(pts)
    faces = np.asarray(mesh.faces, dtype=np.int64).ravel()
    cells = vtkCellArray()
    cells.SetData(numpy_to_vtkIdTypeArray(np.arange(0, faces.size + 1, 3, dtype=np.int64),
                                          deep=True),
                  numpy_to_vtkIdTypeArray(faces, deep=True))
    poly.SetPolys(cells)
    normals = vtkPolyDataNormals()
    normals.SetInputData(poly)
    normals.SplittingOn()
    normals.SetFeatureAngle(40.0)
    normals.Update()
    return normals.GetOutput()


def juno_parts() -> list[tuple[str, trimesh.Trimesh, tuple[float, float, float]]]:
    """(name, mesh in metres with +z the spin/HGA axis, colour) for each part."""
    parts = []
    bus = trimesh.creation.cylinder(radius=BUS_ACROSS_M / 2, height=BUS_HEIGHT_M, sections=6)
    parts.append(("bus", bus, (0.72, 0.55, 0.25)))  # gold multilayer insulation
    for k in range(3):
        angle = math.radians(90.0 + 120.0 * k)
        length = WING_LENGTH_M
        wing = trimesh.creation.box(extents=(length, WING_WIDTH_M, 0.08))
        wing.apply_translation((BUS_ACROSS_M / 2 + length / 2, 0.0, 0.6))
        wing.apply_transform(trimesh.transformations.rotation_matrix(angle, (0, 0, 1)))
        parts.append((f"wing{k}", wing, (0.10, 0.14, 0.32)))  # solar cells
        if k == 0:
            boom = trimesh.creation.box(extents=(MAG_BOOM_M, 0.5, 0.5))
            boom.apply_translation((BUS_ACROSS_M / 2 + length + MAG_BOOM_M / 2, 0.0, 0.6))
            boom.apply_transform(trimesh.transformations.rotation_matrix(angle, (0, 0, 1)))
            parts.append(("mag_boom", boom, (0.8, 0.8, 0.78)))
    dish = trimesh.creation.cone(radius=HGA_DIAMETER_M / 2, height=0.6, sections=32)
    dish.apply_transform(trimesh.transformations.rotation_matrix(math.pi, (1, 0, 0)))
    dish.apply_translation((0, 0, BUS_HEIGHT_M / 2 + 0.75))
    parts.append(("hga", dish, (0.93, 0.93, 0.9)))
    mast = trimesh.creation.cylinder(radius=0.15, height=0.4)
    mast.apply_translation((0, 0, BUS_HEIGHT_M / 2 + 0.2))
    parts.append(("hga_mast", mast, (0.6, 0.6, 0.6)))
    return parts


def load_gltf_parts(path: Path) -> list[tuple[str, trimesh.Trimesh, tuple[float, float, float]]]:
    """NASA's Juno glTF (Y-up, metres): turned so its +Y (the HGA axis) becomes +z."""
    scene = trimesh.load(str(path), force="scene")
    mesh = scene.to_geometry() if hasattr(scene, "to_geometry") else scene.dump(concatenate=True)
    mesh.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, (1, 0, 0)))
    mesh.apply_translation(-mesh.bounding_box.centroid)
    return [("nasa_model", mesh, (0.8, 0.75, 0.6))]


class JunoActor:
    """The spacecraft at true scale (km), spinning about its HGA axis, HGA toward Earth."""

    def __init__(self, model_path: Path | None = None) -> None:
        self.assembly = vtkAssembly()
        self.source = "built from published dimensions"
        parts = None
        if model_path is not None and model_path.is_file():
            try:
                parts = load_gltf_parts(model_path)
                self.source = f"NASA 3D model ({model_path.name})"
            except (ValueError, OSError, AttributeError):
                parts = None
        for _name, mesh, colour in parts or juno_parts():
            mapper = vtkPolyDataMapper()
            mapper.SetInputData(trimesh_to_polydata(mesh))
            actor = vtkActor()
            actor.SetMapper(mapper)
            prop = actor.GetProperty()
            prop.SetColor(*colour)
            prop.SetAmbient(0.12)
            prop.SetSpecular(0.3)
            self.assembly.AddPart(actor)
        self._matrix = vtkMatrix4x4()
        self.assembly.SetUserMatrix(self._matrix)
        self.radius_km = SPAN_M / 2 * M_TO_KM

    def set_pose(self, position_km: np.ndarray, earth_direction: np.ndarray, t_tdb_s: float
                 ) -> None:
        z = earth_direction / np.linalg.norm(earth_direction)
        ref = np.array([0.0, 0.0, 1.0]) if abs(z[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
        x = np.cross(ref, z)
        x /= np.linalg.norm(x)
        y = np.cross(z, x)
        spin = math.radians((SPIN_RATE_RPM * 6.0 * t_tdb_s) % 360.0)  # 2 rpm = 12 deg/s
        c, s = math.cos(spin), math.sin(spin)
        xs, ys = c * x + s * y, -s * x + c * y
        m = np.eye(4)
        m[:3, :3] = np.column_stack([xs, ys, z]) * M_TO_KM
        m[:3, 3] = position_km
        self._matrix.DeepCopy(m.ravel())
        self.assembly.Modified()
