"""Projected frames (dome fisheye, 360 equirectangular) from cube-face passes.

One SceneRenderer in an offscreen face_px x face_px window renders each planned crop with
its own camera (all depth slices per face, each face's own level of detail); the crops are
read back into an atlas and resampled into the frame in one remap. Labels and text are
composited afterwards onto the finished frame (overlay2d.composite), so nothing is drawn
twice at a face border.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkUnsignedCharArray

from perijove.render.outputs.faces import CubePlan, assemble, face_view, plan_faces
from perijove.render.view import SceneRenderer
from perijove.scene.camera import CameraState
from perijove.scene.projection import Perspective, Projection


class CubeOutput:
    def __init__(self, renderer: SceneRenderer, projection: Projection,
                 size_px: tuple[int, int], face_px: int | None = None) -> None:
        self.plan: CubePlan = plan_faces(projection, size_px, face_px)
        self.projection = projection
        self.size_px = size_px
        self.renderer = renderer
        n = self.plan.face_px
        renderer.window.SetSize(n, n)
        self.atlas = np.zeros((*self.plan.atlas_shape, 3), dtype=np.uint8)
        self._pixels = vtkUnsignedCharArray()

    def face_camera(self, camera: CameraState, face) -> tuple[CameraState, tuple[float, float],  # noqa: ANN001
                                                             tuple[float, float, float, float]]:
        fov, centre, viewport = face_view(self.plan, face)
        basis = camera.basis()
        forward = basis @ face.forward_cam
        up = basis @ face.up_cam
        eye = np.asarray(camera.position_km, float)
        cam = CameraState(eye, eye + forward * max(camera.distance_km, 1e-6), up,
                          Perspective(fov), camera.hidden)
        return cam, centre, viewport

    def render_faces(self, camera: CameraState, bare: bool = False, exposure: float = 1.0
                     ) -> None:
        """Render every planned crop into the atlas (bare: each face's cameras aimed but none
        of the layers' per-pass preparation, the benchmark's floor; the layers must have been
        prepared before)."""
        r = self.renderer
        n = self.plan.face_px
        px_per_rad = n / 2 / self.plan.half_tan
        frame_px_per_rad = self.projection.pixels_per_radian(self.size_px)
        for face in self.plan.passes:
            cam, centre, viewport = self.face_camera(camera, face)
            for vtk_renderer in (r.background, *r.slices):
                vtk_renderer.SetViewport(*viewport)
            if bare:
                r.aim(cam, centre)
                r.render_bare()
            else:
                r.prepare(cam, centre, pixels_per_radian=px_per_rad, exposure=exposure,
                          frame_pixels_per_radian=frame_px_per_rad)
                r.window.Render()
            x0, y0, x1, y1 = face.crop
            cw, ch = x1 - x0, y1 - y0
            r.window.GetPixelData(x0, n - y1, x1 - 1, n - y0 - 1, 0, self._pixels, 0)
            rows = vtk_to_numpy(self._pixels).reshape(ch, cw, 3)
            self.atlas[face.atlas_row:face.atlas_row + ch, :cw] = rows

    def render(self, camera: CameraState, exposure: float = 1.0) -> np.ndarray:
        """The projected frame (H, W, 3) for a camera whose projection is this output's."""
        self.render_faces(camera, exposure=exposure)
        return assemble(self.plan, self.atlas)
