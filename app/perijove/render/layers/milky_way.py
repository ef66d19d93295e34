"""The Milky Way: the Gaia glow of the stars fainter than the drawn limit (perijove.render.sky,
perijove.catalogs.milky_way) on a sphere around the background camera, behind the stars.

The sphere is a longitude-latitude mesh on ICRF axes (a vertex at longitude RA and latitude
Dec), radius 2 so the stars (radius 1) lie in front of it, unlit, its vertices coloured from the
glow image. Measured on llvmpipe at 1280x720, the glow costs what filling the frame costs:
a textured full-screen sphere cost a third of a frame, a vertex-coloured one about a fifth
(CPU time); so vertices, not a texture, and only the triangles with a vertex at least
DARK_LEVEL bright (three quarters of the sky at brightness 1): beyond them the glow is under
3/255, black to the eye. With 256 segments the vertices lie 1.4 degrees apart, finer than the
map's 2-degree smoothing, so interpolating between them loses nothing the map holds.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from perijove.catalogs.sky_catalogues import milky_way_limit, milky_way_map
from perijove.render.layers.base import Layer
from perijove.render.polydata import grid_triangles, polydata
from perijove.render.sky import milky_way_image

SPHERE_RADIUS = 2.0
SPHERE_SEGMENTS = 256
DARK_LEVEL = 3  # sRGB 0..255: triangles with every vertex below this are not drawn


def sample_image(image: np.ndarray, ra_deg: np.ndarray, dec_deg: np.ndarray) -> np.ndarray:
    """The image's first channel (north at row 0, RA increasing with the column, cells of
    equal angle) sampled bilinearly at (RA, Dec), wrapping in RA."""
    h, w = image.shape[:2]
    # Cell centres sit at half-integer positions: row i at Dec 90 - (i + 0.5) * 180 / h.
    rows = (90.0 - dec_deg) * h / 180.0 - 0.5
    cols = np.mod(ra_deg, 360.0) * w / 360.0 - 0.5
    grey = image[:, :, 0].astype(float)
    # Bilinear by hand with numpy: scipy.ndimage.map_coordinates does the same, but importing
    # scipy.ndimage costs ~0.3 s of the first frame (measured on the 2-core CI machine).
    rows = np.clip(rows, 0.0, h - 1.0)
    r0 = np.minimum(np.floor(rows).astype(int), h - 2 if h > 1 else 0)
    c0 = np.floor(cols).astype(int)
    fr, fc = rows - r0, cols - c0
    r1 = np.minimum(r0 + 1, h - 1)
    c0w, c1w = np.mod(c0, w), np.mod(c0 + 1, w)
    top = grey[r0, c0w] * (1.0 - fc) + grey[r0, c1w] * fc
    bottom = grey[r1, c0w] * (1.0 - fc) + grey[r1, c1w] * fc
    return top * (1.0 - fr) + bottom * fr


def glow_mesh(image: np.ndarray, n_lon: int = SPHERE_SEGMENTS) -> vtkPolyData:
    """The unit sphere's longitude-latitude mesh, vertex-coloured from the glow image, holding
    only the triangles with a vertex at least DARK_LEVEL bright."""
    n_lat = n_lon // 2
    lon = np.linspace(0.0, 360.0, n_lon + 1)
    lat = np.linspace(-90.0, 90.0, n_lat + 1)
    lon_g, lat_g = np.meshgrid(lon, lat)
    lo, la = np.radians(lon_g.ravel()), np.radians(lat_g.ravel())
    xyz = np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
    grey = np.rint(sample_image(image, lon_g.ravel(), lat_g.ravel())).astype(np.uint8)
    tris = grid_triangles(n_lat, n_lon)
    tris = tris[grey[tris].max(axis=1) >= DARK_LEVEL]
    rgba = np.full((len(xyz), 4), 255, np.uint8)
    rgba[:, :3] = grey[:, None]
    return polydata(xyz, triangles=tris, colours_rgba=rgba)


class MilkyWayLayer(Layer):
    name = "milky_way"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.mapper = mapper = vtkPolyDataMapper()
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
                    self.mapper.SetInputData(glow_mesh(milky_way_image(
                        sky, options.milky_way_brightness)))
            on = not self._empty
        self.actor.SetVisibility(on)

    def release(self) -> None:
        self.renderer.background.RemoveActor(self.actor)
