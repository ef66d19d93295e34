"""Text drawn into exported frames: UTC time, altitude and speed, the title, image credits."""

from __future__ import annotations

from vtkmodules.vtkRenderingCore import vtkRenderer, vtkTextActor


class OverlayText:
    def __init__(self, renderer: vtkRenderer, height_px: int) -> None:
        self.renderer = renderer
        self.height = height_px
        self.actors: dict[str, vtkTextActor] = {}

    def _actor(self, key: str, size_frac: float, corner: str) -> vtkTextActor:
        if key not in self.actors:
            a = vtkTextActor()
            tp = a.GetTextProperty()
            tp.SetFontSize(max(10, int(self.height * size_frac)))
            tp.SetColor(0.92, 0.92, 0.88)
            tp.SetShadow(True)
            if corner.endswith("right"):
                tp.SetJustificationToRight()
            if corner.startswith(("top", "below")):
                tp.SetVerticalJustificationToTop()
            a.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
            x = 0.985 if corner.endswith("right") else 0.015
            y = {"top": 0.97, "below-title": 0.905, "bottom": 0.03}[corner.split("-")[0]
                                                                    if "title" not in corner
                                                                    else "below-title"]
            a.SetPosition(x, y)
            self.renderer.AddViewProp(a)
            self.actors[key] = a
        return self.actors[key]

    def set(self, key: str, text: str) -> None:
        spec = {"title": (0.045, "top-left"), "time": (0.032, "bottom-left"),
                "distance": (0.032, "bottom-right"), "credits": (0.02, "below-title-left")}[key]
        self._actor(key, *spec).SetInput(text)
