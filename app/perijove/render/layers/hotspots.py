"""Io's volcanic hot spots (assets/io_hotspots.csv): a glow lying on the ground at each one,
sized and coloured by its radiant power (render/infrared.py holds the scale), and Io's infrared
surface switched on and off with the infrared view.

The glows are unlit: they emit, so neither the night side nor the exposure dims them. In the
ordinary view they are incandescent orange, at full strength on the night side and a little
fainter in sunlight (where a real hot spot would be lost in reflected light, but a user still
wants to find it); in the infrared view they glow by power (colour and brightness too) on Io's
dark surface. Each glow is a small textured square tangent to the surface just above it, so
the globe hides the ones on its far side. A glow is never smaller than MIN_GLOW_PX on screen.
A missing or corrupt table draws nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTexture

from perijove.catalogs.hotspots import Hotspot, load_hotspots
from perijove.render import infrared
from perijove.render.layers.base import DrawContext, Layer
from perijove.render.polydata import polydata
from perijove.scene.graph import NodeKind
from perijove.scene.options import ViewOptions
from perijove.scene.surface_labels import SurfaceSet

BODY = "io"
MIN_GLOW_PX = 4.0
DAY_SIDE_OPACITY = 0.75
VISIBLE_GLOW_RGB = (1.0, 0.42, 0.08)  # the ordinary view: incandescent orange, sized by power
GLOW_TEXTURE_PX = 64
HOTSPOT_COLOUR = VISIBLE_GLOW_RGB


# None: the shipped table (assets/io_hotspots.csv); tests point this at a broken one.
HOTSPOT_TABLE: Path | None = None


def hotspot_rows() -> tuple[tuple[Hotspot, ...], str | None]:
    """The hot spots and the table's warning (None when it was read)."""
    return _rows(HOTSPOT_TABLE)


@lru_cache(maxsize=4)
def _rows(path: Path | None) -> tuple[tuple[Hotspot, ...], str | None]:
    loaded = load_hotspots(path)
    return loaded.items, loaded.warning


@lru_cache(maxsize=4)
def _set(path: Path | None) -> SurfaceSet:
    rows = _rows(path)[0]
    unit = np.array([h.unit_vector() for h in rows]).reshape(-1, 3)
    diameters = np.array([2.0 * infrared.glow_radius_km(h.power_gw) for h in rows], float)
    return SurfaceSet(BODY, tuple(h.hotspot_id for h in rows), tuple(h.volcano for h in rows),
                      unit, diameters, HOTSPOT_COLOUR)


def hotspot_set() -> SurfaceSet:
    """The hot spots as surface points of Io (for picking and for the visibility rules)."""
    return _set(HOTSPOT_TABLE)


def shows_hotspots(options: ViewOptions) -> bool:
    return options.hotspots or options.infrared


def _glow_texture() -> vtkTexture:
    """White, with an alpha of a bright core and a soft halo (peak alpha 1 at the centre)."""
    n = GLOW_TEXTURE_PX
    c = (np.arange(n) + 0.5) / n * 2.0 - 1.0
    r = np.hypot(*np.meshgrid(c, c))
    core = np.clip((0.35 - r) / 0.35, 0.0, 1.0) ** 0.3
    halo = 0.85 * np.clip(1.0 - r, 0.0, 1.0) ** 1.5
    alpha = np.maximum(core, halo)
    rgba = np.empty((n, n, 4), np.uint8)
    rgba[..., :3] = 255
    rgba[..., 3] = np.round(alpha * 255).astype(np.uint8)
    image = vtkImageData()
    image.SetDimensions(n, n, 1)
    image.GetPointData().SetScalars(numpy_to_vtk(rgba.reshape(-1, 4), deep=True))
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.InterpolateOn()
    texture.EdgeClampOn()
    return texture


def _tangent_frames(unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors perpendicular to each row of `unit` (east and north where defined)."""
    z = np.array([0.0, 0.0, 1.0])
    east = np.cross(z, unit)
    polar = np.linalg.norm(east, axis=1) < 1e-6
    east[polar] = np.array([0.0, 1.0, 0.0])
    east /= np.linalg.norm(east, axis=1, keepdims=True)
    north = np.cross(unit, east)
    return east, north


class HotspotLayer(Layer):
    name = "hotspots"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.rows: tuple[Hotspot, ...] = ()
        self.actor: vtkActor | None = None
        self.mapper = vtkPolyDataMapper()
        self.mapper.SetScalarModeToUsePointData()
        self.mapper.SetColorModeToDirectScalars()
        self.matrix = vtkMatrix4x4()
        self.pose = np.eye(4)
        self.state = None
        self.on = False
        self.io_actor: vtkActor | None = None
        self.colours = np.zeros((0, 4), np.uint8)
        self.unit = np.zeros((0, 3))  # body-fixed unit vectors of the rows

    def sync(self, graph) -> None:  # noqa: ANN001
        has_io = any(n.key == BODY for n in graph.nodes(NodeKind.BODY))
        if has_io and self.actor is None:
            self.rows = tuple(hotspot_rows()[0])
            self.unit = np.array([h.unit_vector() for h in self.rows]).reshape(-1, 3)
            if self.rows:
                self.actor = vtkActor()
                self.actor.SetMapper(self.mapper)
                self.actor.SetTexture(_glow_texture())
                self.actor.GetProperty().LightingOff()
                self.actor.SetUserMatrix(self.matrix)
                self.actor.SetVisibility(False)
                self.renderer.add_prop(self.actor)
        elif not has_io and self.actor is not None:
            self.renderer.remove_prop(self.actor)
            self.actor = None
        globe = self.renderer.globes.globes.get(BODY)
        if globe is not None and globe.actor is not self.io_actor:
            self.io_actor = globe.actor
            infrared.install(self.io_actor)

    def update(self, state, options: ViewOptions) -> None:  # noqa: ANN001
        self.state = state
        if self.io_actor is not None:
            infrared.update(self.io_actor, options.infrared)
        b = state.bodies.get(BODY)
        self.on = self.actor is not None and b is not None and shows_hotspots(options)
        if self.actor is None:
            return
        self.actor.SetVisibility(self.on)
        if not self.on:
            return
        self.pose[:3, :3] = b.body_to_icrf
        self.pose[:3, 3] = b.position_km
        sun_body = b.body_to_icrf.T @ state.sun_direction
        daylight = np.clip(self.unit @ sun_body * 4.0, 0.0, 1.0)  # soft across the terminator
        rgba = np.empty((len(self.rows), 4))
        for i, h in enumerate(self.rows):
            rgba[i, :3] = infrared.glow_colour(h.power_gw) if options.infrared else \
                (VISIBLE_GLOW_RGB if h.power_gw is not None else infrared.NO_POWER_RGB)
            rgba[i, 3] = 1.0 if options.infrared else 1.0 - (1.0 - DAY_SIDE_OPACITY) * daylight[i]
        self.colours = np.repeat(np.round(rgba * 255).astype(np.uint8), 4, axis=0)

    def before_draw(self, ctx: DrawContext) -> None:
        if not self.on or self.state is None:
            return
        b = self.state.bodies[BODY]
        radii = np.asarray(b.radii_km, float)
        unit = self.unit
        centres = unit * radii
        world = b.position_km + centres @ b.body_to_icrf.T
        dist = np.linalg.norm(world - ctx.camera.position_km, axis=1)
        km_per_px = np.maximum(dist, 1e-9) / ctx.pixels_per_radian
        radius = np.maximum([infrared.glow_radius_km(h.power_gw) for h in self.rows],
                            MIN_GLOW_PX * km_per_px)
        east, north = _tangent_frames(unit)
        corners = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1)], float)
        points = (centres[:, None, :]
                  + radius[:, None, None] * (corners[None, :, 0, None] * east[:, None, :]
                                             + corners[None, :, 1, None] * north[:, None, :]))
        n = len(self.rows)
        quads = np.arange(4 * n).reshape(n, 4)
        triangles = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
        tcoords = np.tile((corners + 1.0) / 2.0, (n, 1))
        self.mapper.SetInputData(polydata(points.reshape(-1, 3), triangles=triangles,
                                          tcoords=tcoords, colours_rgba=self.colours))
        globe = self.renderer.globes.globes.get(BODY)
        segments = globe.segments if globe is not None else 256
        sag = float(radii.max()) * (1.0 - np.cos(np.pi / segments))
        lift = 1.0 + max(0.002, 2.0 * sag / float(radii.max()))
        m = self.pose.copy()
        m[:3, :3] *= lift
        self.matrix.DeepCopy(m.ravel())
        self.actor.Modified()

    def release(self) -> None:
        if self.actor is not None:
            self.renderer.remove_prop(self.actor)
            self.actor = None
