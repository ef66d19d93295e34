"""The Milky Way: the Gaia glow of the stars fainter than the drawn limit (perijove.render.sky,
perijove.catalogs.milky_way) on a sphere around the background camera, behind the stars.

The sphere is the globes' unit sphere mesh (u = longitude / 360, v = (latitude + 90) / 180 on
ICRF axes, so u = RA / 360 and v = (Dec + 90) / 180), scaled to radius 2 so the stars (radius 1)
lie in front of it, unlit, wearing the map as a texture (north at the top of the image).
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTexture

from perijove.catalogs.sky_catalogues import milky_way_limit, milky_way_map
from perijove.render.layers.base import Layer
from perijove.render.layers.globes import cached_sphere_mesh
from perijove.render.sky import milky_way_image

SPHERE_RADIUS = 2.0
SPHERE_SEGMENTS = 128  # chord error 2 (1 - cos(pi/128)) = 6e-4 of the radius: invisible


def image_texture(rgb: np.ndarray) -> vtkTexture:
    """A mipmapped texture from an (H, W, 3) uint8 image whose row 0 is the top (v = 1)."""
    h, w, _ = rgb.shape
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    pixels = numpy_to_vtk(np.ascontiguousarray(rgb[::-1]).reshape(-1, 3), deep=True)
    pixels.SetName("glow")
    image.GetPointData().SetScalars(pixels)
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.InterpolateOn()
    texture.MipmapOn()
    texture.RepeatOff()
    texture.EdgeClampOn()
    return texture


class MilkyWayLayer(Layer):
    name = "milky_way"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(cached_sphere_mesh(SPHERE_SEGMENTS))
        mapper.ScalarVisibilityOff()
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        self.actor.SetScale(SPHERE_RADIUS)
        self.actor.PickableOff()
        prop = self.actor.GetProperty()
        prop.LightingOff()
        prop.SetColor(1.0, 1.0, 1.0)
        self.actor.SetVisibility(False)
        renderer.background.AddActor(self.actor)
        self._key: tuple[float, float] | None = None

    def update(self, state, options) -> None:  # noqa: ANN001
        on = options.milky_way and options.milky_way_brightness > 0.0
        if on:
            key = (milky_way_limit(options.limiting_mag), float(options.milky_way_brightness))
            if key != self._key:
                sky = milky_way_map(options.limiting_mag)
                self._key = key
                self._empty = sky.star_count == 0
                if not self._empty:
                    self.actor.SetTexture(image_texture(milky_way_image(
                        sky, options.milky_way_brightness)))
            on = not self._empty
        self.actor.SetVisibility(on)

    def release(self) -> None:
        self.renderer.background.RemoveActor(self.actor)
