"""The Milky Way: the Gaia glow of the stars fainter than the drawn limit (perijove.render.sky,
perijove.catalogs.milky_way) on a sphere around the background camera, behind the stars.

The sphere is the globes' unit sphere mesh (longitude and latitude on ICRF axes, so a vertex at
longitude RA and latitude Dec), scaled to radius 2 so the stars (radius 1) lie in front of it,
unlit, its vertices coloured from the glow image. Vertex colours rather than a texture: on
llvmpipe a full-screen textured sphere cost a third of a 1280x720 frame, a vertex-coloured one
about a twentieth (measured in this project). With 256 segments the vertices lie 1.4 degrees
apart, finer than the 2-degree smoothing of the map, so interpolating between them loses
nothing the map holds.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import map_coordinates
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from perijove.catalogs.sky_catalogues import milky_way_limit, milky_way_map
from perijove.render.layers.base import Layer
from perijove.render.layers.globes import sphere_mesh
from perijove.render.sky import milky_way_image

SPHERE_RADIUS = 2.0
SPHERE_SEGMENTS = 256


def vertex_colours(mesh: vtkPolyData, image: np.ndarray) -> np.ndarray:
    """The image (north at row 0, RA increasing with the column, cells of equal angle) sampled
    bilinearly at the mesh's vertices (unit vectors on ICRF axes): (n, 3) uint8."""
    xyz = vtk_to_numpy(mesh.GetPoints().GetData()).astype(float)
    h, w, _ = image.shape
    ra = np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0])) % 360.0
    dec = np.degrees(np.arcsin(np.clip(xyz[:, 2], -1.0, 1.0)))
    # Cell centres sit at half-integer positions: row i at Dec 90 - (i + 0.5) * 180 / h.
    rows = (90.0 - dec) * h / 180.0 - 0.5
    cols = ra * w / 360.0 - 0.5
    grey = image[:, :, 0].astype(float)
    # Wrap in RA: pad one column on each side; clamp at the poles.
    padded = np.concatenate([grey[:, -1:], grey, grey[:, :1]], axis=1)
    values = map_coordinates(padded, [rows, cols + 1.0], order=1, mode="nearest")
    return np.repeat(np.rint(values).astype(np.uint8)[:, None], 3, axis=1)


class MilkyWayLayer(Layer):
    name = "milky_way"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.mesh = sphere_mesh(SPHERE_SEGMENTS)
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(self.mesh)
        mapper.SetColorModeToDirectScalars()
        mapper.ScalarVisibilityOn()
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        self.actor.SetScale(SPHERE_RADIUS)
        self.actor.PickableOff()
        self.actor.GetProperty().LightingOff()
        self.actor.SetVisibility(False)
        renderer.background.AddActor(self.actor)
        self._key: tuple[float, float] | None = None
        self._empty = True

    def update(self, state, options) -> None:  # noqa: ANN001
        on = options.milky_way and options.milky_way_brightness > 0.0
        if on:
            key = (milky_way_limit(options.limiting_mag), float(options.milky_way_brightness))
            if key != self._key:
                sky = milky_way_map(options.limiting_mag)
                self._key = key
                self._empty = sky.star_count == 0
                if not self._empty:
                    image = milky_way_image(sky, options.milky_way_brightness)
                    colours = numpy_to_vtk(vertex_colours(self.mesh, image), deep=True)
                    colours.SetName("glow")
                    self.mesh.GetPointData().SetScalars(colours)
                    self.mesh.Modified()
            on = not self._empty
        self.actor.SetVisibility(on)

    def release(self) -> None:
        self.renderer.background.RemoveActor(self.actor)
