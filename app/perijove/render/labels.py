"""Screen-space body labels: constant size at any zoom, placed beside each globe."""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkFiltersSources import vtkRegularPolygonSource
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkPolyDataMapper2D,
    vtkRenderer,
    vtkTextActor,
)


class LabelLayer:
    def __init__(self, renderer: vtkRenderer, font_px: int = 16) -> None:
        self.renderer = renderer
        self.font_px = font_px
        self.actors: dict[str, vtkTextActor] = {}
        self.markers: dict[str, vtkActor2D] = {}

    def add(self, key: str, text: str, color: tuple[float, float, float] = (0.85, 0.85, 0.8)
            ) -> vtkTextActor:
        actor = vtkTextActor()
        actor.SetInput(text)
        tp = actor.GetTextProperty()
        tp.SetFontSize(self.font_px)
        tp.SetColor(*color)
        tp.SetShadow(True)
        tp.SetBold(True)
        self.renderer.AddViewProp(actor)
        self.actors[key] = actor
        return actor

    def add_marker(self, key: str, color: tuple[float, float, float]) -> None:
        """A small ring drawn where a body is too small to see, so it can be found."""
        ring = vtkRegularPolygonSource()
        ring.SetNumberOfSides(24)
        ring.SetRadius(5.0)
        ring.GeneratePolygonOff()
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputConnection(ring.GetOutputPort())
        actor = vtkActor2D()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(*color)
        actor.GetProperty().SetLineWidth(2.0)
        self.renderer.AddViewProp(actor)
        self.markers[key] = actor

    def place(self, key: str, display_xy: tuple[float, float] | None, offset_px: float) -> None:
        actor = self.actors[key]
        marker = self.markers.get(key)
        if display_xy is None:
            actor.SetVisibility(False)
            if marker is not None:
                marker.SetVisibility(False)
            return
        actor.SetVisibility(True)
        if marker is not None:
            marker.SetVisibility(bool(offset_px < 4.0))
            marker.SetPosition(display_xy[0], display_xy[1])
            offset_px = max(offset_px, 6.0)
        actor.SetDisplayPosition(int(display_xy[0] + offset_px * 0.7),
                                 int(display_xy[1] + offset_px * 0.7))


def project_to_display(renderer: vtkRenderer, point_km: np.ndarray) -> tuple[float, float] | None:
    """Display (x, y) pixels of a world point, or None when it is behind the camera."""
    cam = renderer.GetActiveCamera()
    pos = np.array(cam.GetPosition())
    dop = np.array(cam.GetDirectionOfProjection())
    if float(np.dot(point_km - pos, dop)) <= 0:
        return None
    renderer.SetWorldPoint(float(point_km[0]), float(point_km[1]), float(point_km[2]), 1.0)
    renderer.WorldToDisplay()
    x, y, _ = renderer.GetDisplayPoint()
    return x, y
