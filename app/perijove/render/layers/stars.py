"""Stars: the catalogue's stars as round Gaussian spots at their directions at infinity, in the
background renderer (layer 0), so every body and orbit drawn in the depth slices covers them.

The background camera sits at the origin with the pass's orientation, field of view and window
centre (SceneRenderer.prepare); each star is a point on the unit sphere, drawn by
vtkPointGaussianMapper as a small splat facing the eye (perpendicular to its line of sight), a
Gaussian in linear light (SPLAT_SHADER) added to what is below it (emissive: additive
blending). Sizes are set per pass, in radians, from the spot's sigma in pixels
(perijove.render.sky):

- a perspective frame: sigma / pixels-per-radian, times cos(angle off axis)^1.5, which undoes
  the gnomonic stretch (1/cos^2 radially, 1/cos across) in area, so a spot covers the same
  number of pixels anywhere in the frame and at any zoom;
- a cube face of a fisheye or equirectangular frame: sigma / the frame's pixels-per-radian,
  the same angle on every face, so after resampling the spot has the frame's own pixel size,
  and a star on a face border is drawn identically by both faces and lands once (faces
  coarser than the frame keep a spot at least MIN_FACE_SIGMA_PX of their own pixels wide).

Each pass hands VTK only the stars inside its view cone (measured on llvmpipe: the cost grows
with the number of splats, in view or not; a 35-degree view holds a few percent of the sky).
"""

from __future__ import annotations

import math

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor, vtkPointGaussianMapper

from perijove.render.layers.base import DrawContext, Layer
from perijove.render.sky import StarLook, epoch_tdb_s, star_look

SIGMA_ARRAY = "sigma_rad"
BOUND_SIGMAS = 4.5  # each splat reaches 4.5 sigma: beyond it the Gaussian is below 4e-5
# The spot in linear light: the star's sRGB peak colour is decoded, multiplied by the Gaussian
# (and by the colour's alpha: a spot widened on a coarse face is dimmed to keep its light),
# and encoded again (IEC 61966-2-1), so the light a spot holds (decoded) is exactly its flux
# wherever the star falls on the pixel grid. Additive (emissive) blending puts it on the sky.
SPLAT_SHADER = f"""//VTK::Color::Impl
  float dist2 = dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy);
  if (dist2 > {BOUND_SIGMAS ** 2:.4f}) {{ discard; }}
  vec3 peak = ambientColor + diffuseColor;
  vec3 lin = mix(peak / 12.92, pow((peak + 0.055) / 1.055, vec3(2.4)), step(0.04045, peak));
  lin *= opacity * exp(-0.5 * dist2);
  diffuseColor = mix(lin * 12.92, 1.055 * pow(lin, vec3(1.0 / 2.4)) - 0.055,
                     step(0.0031308, lin));
  ambientColor = vec3(0.0);
  opacity = 1.0;
"""
MIN_COS = 0.05  # stars beyond ~87 deg off axis are outside any perspective pass
MIN_FACE_SIGMA_PX = 0.7  # narrower, a spot sampled on a face flickers as it moves


class StarLayer(Layer):
    name = "stars"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.poly = vtkPolyData()
        self.mapper = vtkPointGaussianMapper()
        self.mapper.SetInputData(self.poly)
        self.mapper.SetScaleArray(SIGMA_ARRAY)
        self.mapper.SetScaleFactor(1.0)  # the scale array holds the Gaussian's sigma
        self.mapper.EmissiveOn()
        self.mapper.SetBoundScale(BOUND_SIGMAS)
        self.mapper.SetSplatShaderCode(SPLAT_SHADER)
        self.mapper.SetColorModeToDirectScalars()
        self.mapper.ScalarVisibilityOn()
        self.actor = vtkActor()
        self.actor.SetMapper(self.mapper)
        self.actor.PickableOff()
        self.actor.SetVisibility(False)
        renderer.background.AddActor(self.actor)
        self.look: StarLook | None = None
        self.directions = np.zeros((0, 3))
        self._epoch: float | None = None
        self._pass_key: tuple | None = None
        self.drawn = 0  # stars handed to VTK in the last pass

    def update(self, state, options) -> None:  # noqa: ANN001
        look = star_look(options.limiting_mag, options.star_exposure_ev) if options.stars else None
        shown = look is not None and len(look.stars) > 0
        self.actor.SetVisibility(shown)
        if not shown:
            return
        epoch = epoch_tdb_s(state.t_tdb_s)
        if look is not self.look or epoch != self._epoch:
            self.look, self._epoch, self._pass_key = look, epoch, None
            self.directions = look.stars.directions_icrf(epoch)

    def before_draw(self, ctx: DrawContext) -> None:
        if not self.actor.GetVisibility() or self.look is None:
            return
        forward = ctx.camera.basis()[:, 2]
        width, height = self.renderer.window.GetSize()
        key = (ctx.pixels_per_radian, ctx.frame_pixels_per_radian, width, height,
               *np.round(forward, 12))
        if key == self._pass_key:
            return
        self._pass_key = key
        sigma_px = self.look.sigma_px
        if ctx.cube_face:
            # The frame's pixels; but never under MIN_FACE_SIGMA_PX of the face's own (faces
            # coarser than the frame: the window's dome and 360 previews), the peak lowered by
            # the area gained, so the spot holds the same light.
            wanted = sigma_px / ctx.frame_pixels_per_radian
            sigma = np.maximum(wanted, MIN_FACE_SIGMA_PX / ctx.pixels_per_radian)
        else:
            wanted = sigma = sigma_px / ctx.pixels_per_radian
        # The pass's view cone: the frustum's corners, plus the widest spot.
        half_diagonal = math.atan(math.hypot(width, height) / (2.0 * ctx.pixels_per_radian))
        reach = half_diagonal + BOUND_SIGMAS * float(sigma.max(initial=0.0))
        cos = self.directions @ forward
        rows = np.flatnonzero(cos > math.cos(min(reach, math.pi)))
        sigma, wanted = sigma[rows], wanted[rows]
        if not ctx.cube_face:
            sigma = sigma * np.clip(cos[rows], MIN_COS, 1.0) ** 1.5
            wanted = sigma
        rgba = np.empty((rows.size, 4), np.uint8)
        rgba[:, :3] = self.look.rgb[rows]
        rgba[:, 3] = np.rint(255.0 * (wanted / sigma) ** 2)
        points = vtkPoints()
        points.SetData(numpy_to_vtk(self.directions[rows].astype(np.float32), deep=True))
        self.poly.SetPoints(points)
        colours = numpy_to_vtk(rgba, deep=True)
        colours.SetName("rgba")
        self.poly.GetPointData().SetScalars(colours)
        sizes = numpy_to_vtk(sigma.astype(np.float32), deep=True)
        sizes.SetName(SIGMA_ARRAY)
        self.poly.GetPointData().AddArray(sizes)
        self.poly.Modified()
        self.drawn = int(rows.size)

    def release(self) -> None:
        self.renderer.background.RemoveActor(self.actor)
