"""Globes: Jupiter and the moons, textured, lit by the Sun, eclipsed by each other, their
tessellation chosen per pass from their size on screen (32 to 256 segments)."""

from __future__ import annotations

import math

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTexture

from perijove.core.bodies import BODIES, JUPITER, SUN
from perijove.maps.catalogue import SurfaceMap
from perijove.render import shading
from perijove.render.layers.base import DrawContext, Layer
from perijove.render.polydata import grid_triangles, polydata
from perijove.render.textures import load_texture, texture_from_pixels
from perijove.scene.graph import NodeKind
from perijove.scene.lighting import jupitershine as jupitershine_of

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
    tris = grid_triangles(n_lat, n_lon)
    return polydata(xyz, triangles=tris, normals=xyz, tcoords=uv)


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


class GlobeLayer(Layer):
    """One globe per BODY node, wearing the session's map for that body."""

    name = "globes"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.globes: dict[str, GlobeActor] = {}
        self.maps: dict[str, SurfaceMap] = {}

    def set_map(self, surface: SurfaceMap, pixels: np.ndarray | None = None) -> None:
        """Wear `surface` on its body (raises ValueError if the image cannot be read);
        `pixels` if they were read already (maps/pixels.py, e.g. on a worker thread)."""
        texture = texture_from_pixels(pixels) if pixels is not None else load_texture(surface)
        self.maps[surface.body] = surface
        if surface.body in self.globes:
            self.globes[surface.body].set_texture(texture)

    def sync(self, graph) -> None:  # noqa: ANN001
        keys = {n.key for n in graph.nodes(NodeKind.BODY) if n.key in BODIES}
        for key in list(self.globes):
            if key not in keys:
                self.renderer.remove_prop(self.globes.pop(key).actor)
        for key in keys - set(self.globes):
            surface = self.renderer.maps[key]
            self.maps[key] = surface
            texture = load_texture(surface)
            globe = GlobeActor(key, BODIES[key].radii_km, texture)
            shading.install(globe.actor)
            self.globes[key] = globe
            self.renderer.add_prop(globe.actor)

    def update(self, state, options) -> None:  # noqa: ANN001
        for key, globe in self.globes.items():
            b = state.bodies.get(key)
            globe.actor.SetVisibility(b is not None)
            if b is not None:
                globe.set_pose(b.position_km, b.body_to_icrf)
        self._update_shading(state, options.shadows, options.jupitershine)

    def set_exposure(self, gain: float) -> None:
        """Exposure for the next passes (it depends on the camera: see scene/exposure.py)."""
        for globe in self.globes.values():
            globe.actor.GetShaderProperty().GetFragmentCustomUniforms().SetUniformf(
                "exposure", float(gain))

    def _update_shading(self, state, enabled: bool, jupitershine: bool) -> None:  # noqa: ANN001
        a, _, c = JUPITER.radii_km
        sun_dir = state.sun_direction
        sun_radius = SUN.radii_km[0] / state.sun_distance_km
        for key, globe in self.globes.items():
            if key not in state.bodies:
                continue
            centre = state.bodies[key].position_km
            reach_self = globe.radii_km.max()
            # Only casters whose penumbra cone can reach this globe go to the shader: most
            # of the time there are none, and the per-fragment loop then costs nothing.
            occluders = []
            slot = -1
            for other, body in state.bodies.items():
                if other == key or other not in self.globes:
                    continue
                d = body.position_km - centre
                along = float(np.dot(d, sun_dir))
                if along <= 0.0:
                    continue
                miss = float(np.linalg.norm(d - along * sun_dir))
                radius = self.globes[other].radii_km.max()
                if miss < reach_self + radius + along * sun_radius * 1.05:
                    if other == "jupiter":
                        slot = len(occluders)
                    occluders.append((body.position_km, radius))
            direction, level = jupitershine_of(state, key) if jupitershine else (None, 0.0)
            shading.update(globe.actor, globe.model_to_world, centre, occluders, slot,
                           state.jupiter_pole, a / c, sun_dir, sun_radius,
                           enabled and bool(occluders), direction, level)

    def before_draw(self, ctx: DrawContext) -> None:
        self.set_exposure(ctx.exposure)
        for globe in self.globes.values():
            globe.set_segments(segments_for_radius_px(
                ctx.radius_px(globe.center_km, float(globe.radii_km.max()))))

    def nearest_surface_km(self, state, eye_km: np.ndarray, hidden: frozenset[str]) -> float:  # noqa: ANN001
        nearest = math.inf
        for key, globe in self.globes.items():
            if key in state.bodies and key not in hidden:
                nearest = min(nearest, float(np.linalg.norm(eye_km - globe.center_km))
                              - float(globe.radii_km.max()))
        return nearest

    def release(self) -> None:
        for globe in self.globes.values():
            self.renderer.remove_prop(globe.actor)
        self.globes.clear()
