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
    # Half the window's height in image pixels: the whole image fits, centred.
    cam.SetParallelScale(window_px[1] / 2 / letterbox_scale((w, h), window_px))
    present.ResetCameraClippingRange()
    return actor


def letterbox_scale(image_wh: tuple[int, int], window_px: tuple[int, int]) -> float:
    """Window pixels per image pixel when an image is shown whole, centred in a window."""
    return min(window_px[0] / image_wh[0], window_px[1] / image_wh[1])


def window_to_image_px(x_px: float, y_px: float, image_wh: tuple[int, int],
                       window_px: tuple[int, int]) -> tuple[float, float] | None:
    """The image pixel (x right, y down) under a window pixel (x right, y down) of a
    letterboxed image, or None in the black bars around it."""
    scale = letterbox_scale(image_wh, window_px)
    fx = (x_px - window_px[0] / 2) / scale + image_wh[0] / 2
    fy = (y_px - window_px[1] / 2) / scale + image_wh[1] / 2
    if 0 <= fx < image_wh[0] and 0 <= fy < image_wh[1]:
        return fx, fy
    return None
