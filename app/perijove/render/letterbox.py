"""A finished RGB frame (a dome master, a 360 frame, a composited show frame) shown whole in
a window's present renderer, letterboxed to fit, as the window's previews, the show's
presentation and the bench show it."""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkImageActor, vtkRenderer


def show_letterboxed(present: vtkRenderer, actor: vtkImageActor | None, rgb: np.ndarray,
                     window_px: tuple[int, int]) -> vtkImageActor:
    """Put `rgb` (h, w, 3 uint8, top row first) on `actor` (made and added to `present` if
    None) and frame it so the whole image fits a window of `window_px`; returns the actor."""
    if actor is None:
        actor = vtkImageActor()
        present.AddActor(actor)
    h, w, _ = rgb.shape
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    image.GetPointData().SetScalars(
        numpy_to_vtk(np.ascontiguousarray(rgb[::-1]).reshape(-1, 3), deep=True))
    actor.SetInputData(image)
    cam = present.GetActiveCamera()
    cam.ParallelProjectionOn()
    cam.SetFocalPoint(w / 2, h / 2, 0)
    cam.SetPosition(w / 2, h / 2, 1000)
    cam.SetViewUp(0, 1, 0)
    cam.SetParallelScale(max(h / 2, w / 2 * window_px[1] / window_px[0]))
    present.ResetCameraClippingRange()
    return actor
