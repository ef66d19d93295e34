"""Juno's spacecraft: built with trimesh from its published dimensions (core/spacecraft.py),
or NASA's glTF model when installed; at true scale, posed by the state (spin and pointing
are the scene's, scene/juno_attitude.py).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersCore import vtkPolyDataNormals
from vtkmodules.vtkRenderingCore import vtkActor, vtkAssembly, vtkPolyDataMapper

from perijove.core.spacecraft import (
    BUS_ACROSS_M,
    BUS_HEIGHT_M,
    HGA_DIAMETER_M,
    MAG_BOOM_M,
    SPAN_M,
    WING_LENGTH_M,
    WING_WIDTH_M,
)
from perijove.render.layers.base import Layer
from perijove.render.polydata import polydata
from perijove.scene.graph import NodeKind

if TYPE_CHECKING:  # trimesh (and the scipy it imports) costs ~0.3 s: loaded with the craft
    import trimesh

M_TO_KM = 1e-3
AMBIENT = 0.12
SPECULAR = 0.3


def trimesh_to_polydata(mesh: trimesh.Trimesh) -> vtkPolyData:
    poly = polydata(mesh.vertices, triangles=mesh.faces)
    normals = vtkPolyDataNormals()
    normals.SetInputData(poly)
    normals.SplittingOn()
    normals.SetFeatureAngle(40.0)
    normals.Update()
    return normals.GetOutput()


def juno_parts() -> list[tuple[str, trimesh.Trimesh, tuple[float, float, float]]]:
    """(name, mesh in metres with +z the spin/HGA axis, colour) for each part."""
    import trimesh

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
    import trimesh

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
        self.parts: list[vtkActor] = []
        for _name, mesh, colour in parts or juno_parts():
            mapper = vtkPolyDataMapper()
            mapper.SetInputData(trimesh_to_polydata(mesh))
            actor = vtkActor()
            actor.SetMapper(mapper)
            prop = actor.GetProperty()
            prop.SetColor(*colour)
            prop.SetAmbient(AMBIENT)
            prop.SetSpecular(SPECULAR)
            self.assembly.AddPart(actor)
            self.parts.append(actor)
        self._exposure = 1.0
        self._matrix = vtkMatrix4x4()
        self.assembly.SetUserMatrix(self._matrix)
        self.radius_km = SPAN_M / 2 * M_TO_KM

    def set_exposure(self, gain: float) -> None:
        """The light the craft receives, amplified like the globes' (not its ambient)."""
        if gain != self._exposure:
            self._exposure = gain
            for actor in self.parts:
                actor.GetProperty().SetDiffuse(gain)
                actor.GetProperty().SetSpecular(SPECULAR * gain)

    def set_pose(self, position_km: np.ndarray, body_to_icrf: np.ndarray) -> None:
        m = np.eye(4)
        m[:3, :3] = body_to_icrf * M_TO_KM
        m[:3, 3] = position_km
        self._matrix.DeepCopy(m.ravel())
        self.assembly.Modified()


class SpacecraftLayer(Layer):
    name = "spacecraft"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.craft: dict[str, JunoActor] = {}
        self._shown: dict[str, bool] = {}

    def sync(self, graph) -> None:  # noqa: ANN001
        keys = {n.key for n in graph.nodes(NodeKind.SPACECRAFT)}
        for key in list(self.craft):
            if key not in keys:
                self.renderer.remove_prop(self.craft.pop(key).assembly)
        for key in keys - set(self.craft):
            self.craft[key] = JunoActor(self.renderer.spacecraft_model)
            self.renderer.add_prop(self.craft[key].assembly)

    def update(self, state, options) -> None:  # noqa: ANN001
        for key, actor in self.craft.items():
            c = state.spacecraft.get(key)
            self._shown[key] = c is not None and options.spacecraft
            actor.assembly.SetVisibility(self._shown[key])
            if c is not None:
                actor.set_pose(c.position_km, c.body_to_icrf)

    def before_draw(self, ctx) -> None:  # noqa: ANN001
        eye = np.asarray(ctx.camera.position_km, float)
        for key, actor in self.craft.items():
            actor.assembly.SetVisibility(self._shown.get(key, False)
                                         and key not in ctx.camera.hidden
                                         and not self._eye_inside(key, eye))
            actor.set_exposure(ctx.exposure)

    def _eye_inside(self, key: str, eye_km: np.ndarray) -> bool:
        """The eye within the craft's span (a view from Juno, or a flight through it)."""
        c = self.renderer.state.spacecraft.get(key) if self.renderer.state else None
        return c is not None and float(np.linalg.norm(eye_km - c.position_km)) < 1.2 * \
            c.radius_km

    def nearest_surface_km(self, state, eye_km: np.ndarray, hidden: frozenset[str]) -> float:  # noqa: ANN001
        nearest = math.inf
        for key, c in state.spacecraft.items():
            if key in self.craft and key not in hidden and not self._eye_inside(key, eye_km):
                nearest = min(nearest, float(np.linalg.norm(eye_km - c.position_km))
                              - c.radius_km)
        return nearest

    def farthest_km(self, state, eye_km: np.ndarray) -> float:  # noqa: ANN001
        far = 0.0
        for c in state.spacecraft.values():
            far = max(far, float(np.linalg.norm(eye_km - c.position_km)) + 1.0)
        return far

    def release(self) -> None:
        for actor in self.craft.values():
            self.renderer.remove_prop(actor.assembly)
        self.craft.clear()
