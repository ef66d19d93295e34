"""2D things drawn over a frame: text (labels, titles, captions, credits) and ring markers.

Two ways to draw the same items with the same FreeType glyphs (VTK's text renderer):
`OverlayActors` as VTK 2D actors over a live render window (the perspective viewport,
screenshots and perspective exports: one render, no read-back), and `composite` onto an
RGB array (projected frames, which are assembled from cube faces in numpy, so labels land
once on the final image: no seams, no label twice at a face border).
Coordinates: pixels, x right, y down from the top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401  (registers the FreeType text backend)
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkFiltersSources import vtkRegularPolygonSource
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkPolyDataMapper2D,
    vtkRenderer,
    vtkTextActor,
    vtkTextProperty,
    vtkTextRenderer,
)

BACKING_PAD_PX = 4
_DPI = 72  # VTK text actors render font size in points at 72 dpi: 1 pt = 1 px


@dataclass(frozen=True)
class TextItem:
    text: str
    left_px: float
    top_px: float
    font_px: int
    colour: tuple[float, float, float] = (0.92, 0.92, 0.88)
    bold: bool = True
    backing: float = 0.0  # opacity of a dark box behind the text (0: a shadow only)
    opacity: float = 1.0


@dataclass(frozen=True)
class RingItem:
    centre_px: tuple[float, float]
    radius_px: float
    colour: tuple[float, float, float]
    opacity: float = 1.0


def _property(font_px: int, colour: tuple[float, float, float], bold: bool) -> vtkTextProperty:
    tp = vtkTextProperty()
    tp.SetFontSize(int(font_px))
    tp.SetColor(*colour)
    tp.SetBold(bold)
    tp.SetShadow(True)
    return tp


_RENDERER: vtkTextRenderer | None = None


def _text_renderer() -> vtkTextRenderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = vtkTextRenderer()
    return _RENDERER


@lru_cache(maxsize=4096)
def measure_text(text: str, font_px: int, bold: bool = True) -> tuple[float, float]:
    """Width and height in pixels of one line (or lines) of text as VTK draws it."""
    if not text:
        return 0.0, 0.0
    bbox = [0, 0, 0, 0]
    _text_renderer().GetBoundingBox(_property(font_px, (1, 1, 1), bold), text, bbox, _DPI)
    return float(bbox[1] - bbox[0] + 1), float(bbox[3] - bbox[2] + 1)


def wrap_text(text: str, font_px: int, max_width_px: float, bold: bool = True) -> str:
    """The text broken into lines (at spaces) no wider than `max_width_px` where possible."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and measure_text(trial, font_px, bold)[0] > max_width_px:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


@lru_cache(maxsize=512)
def _glyphs(text: str, font_px: int, colour: tuple[float, float, float], bold: bool
            ) -> np.ndarray:
    """The text as an (h, w, 4) uint8 RGBA bitmap, top row first (shadow included)."""
    img = vtkImageData()
    dims = [0, 0]
    _text_renderer().RenderString(_property(font_px, colour, bold), text, img, dims, _DPI)
    w, h, _ = img.GetDimensions()
    a = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)
    return np.ascontiguousarray(a[:dims[1], :dims[0]][::-1])


def _blend(rgb: np.ndarray, left: int, top: int, patch: np.ndarray, alpha: np.ndarray) -> None:
    h, w = rgb.shape[:2]
    ph, pw = alpha.shape
    x0, y0 = max(left, 0), max(top, 0)
    x1, y1 = min(left + pw, w), min(top + ph, h)
    if x0 >= x1 or y0 >= y1:
        return
    a = alpha[y0 - top:y1 - top, x0 - left:x1 - left, None]
    src = patch[y0 - top:y1 - top, x0 - left:x1 - left]
    dst = rgb[y0:y1, x0:x1].astype(np.float32)
    rgb[y0:y1, x0:x1] = np.rint(dst + (src - dst) * a).astype(np.uint8)


def composite(rgb: np.ndarray, texts: list[TextItem], rings: list[RingItem]) -> np.ndarray:
    """Draw the items onto an (H, W, 3) uint8 frame, in place; returns it."""
    for ring in rings:
        r = ring.radius_px
        x0, y0 = int(np.floor(ring.centre_px[0] - r - 2)), int(np.floor(ring.centre_px[1] - r - 2))
        n = int(2 * r + 5)
        yy, xx = np.mgrid[0:n, 0:n]
        d = np.hypot(xx + x0 + 0.5 - ring.centre_px[0], yy + y0 + 0.5 - ring.centre_px[1])
        alpha = np.clip(1.0 - np.abs(d - r), 0.0, 1.0).astype(np.float32) * ring.opacity
        patch = np.empty((n, n, 3), np.float32)
        patch[:] = np.asarray(ring.colour, np.float32) * 255
        _blend(rgb, x0, y0, patch, alpha)
    for item in texts:
        if not item.text:
            continue
        glyphs = _glyphs(item.text, item.font_px, item.colour, item.bold)
        left, top = int(round(item.left_px)), int(round(item.top_px))
        if item.backing > 0:
            h, w = glyphs.shape[:2]
            pad = BACKING_PAD_PX
            box = np.zeros((h + 2 * pad, w + 2 * pad, 3), np.float32)
            _blend(rgb, left - pad, top - pad, box,
                   np.full(box.shape[:2], item.backing, np.float32))
        alpha = glyphs[..., 3].astype(np.float32) / 255.0 * item.opacity
        _blend(rgb, left, top, glyphs[..., :3].astype(np.float32), alpha)
    return rgb


class OverlayActors:
    """The same items as VTK 2D actors in a renderer, reusing actors between frames."""

    def __init__(self, renderer: vtkRenderer) -> None:
        self.renderer = renderer
        self._texts: list[vtkTextActor] = []
        self._rings: list[vtkActor2D] = []

    def show(self, texts: list[TextItem], rings: list[RingItem], height_px: int) -> None:
        texts = [t for t in texts if t.text]
        while len(self._texts) < len(texts):
            a = vtkTextActor()
            self.renderer.AddViewProp(a)
            self._texts.append(a)
        for actor, item in zip(self._texts, texts, strict=False):
            tp = actor.GetTextProperty()
            tp.SetFontSize(int(item.font_px))
            tp.SetColor(*item.colour)
            tp.SetBold(item.bold)
            tp.SetShadow(True)
            tp.SetOpacity(item.opacity)
            tp.SetBackgroundColor(0.0, 0.0, 0.0)
            tp.SetBackgroundOpacity(item.backing)
            tp.SetFrame(False)
            actor.SetInput(item.text)
            _, h = measure_text(item.text, item.font_px, item.bold)
            actor.SetDisplayPosition(int(round(item.left_px)),
                                     int(round(height_px - item.top_px - h)))
            actor.SetVisibility(True)
        for actor in self._texts[len(texts):]:
            actor.SetVisibility(False)
        while len(self._rings) < len(rings):
            src = vtkRegularPolygonSource()
            src.SetNumberOfSides(24)
            src.GeneratePolygonOff()
            mapper = vtkPolyDataMapper2D()
            mapper.SetInputConnection(src.GetOutputPort())
            a = vtkActor2D()
            a.SetMapper(mapper)
            a.GetProperty().SetLineWidth(2.0)
            a._source = src  # keep the source alive with the actor
            self.renderer.AddViewProp(a)
            self._rings.append(a)
        for actor, ring in zip(self._rings, rings, strict=False):
            actor._source.SetRadius(ring.radius_px)
            actor.GetProperty().SetColor(*ring.colour)
            actor.GetProperty().SetOpacity(ring.opacity)
            actor.SetPosition(ring.centre_px[0], height_px - ring.centre_px[1])
            actor.SetVisibility(True)
        for actor in self._rings[len(rings):]:
            actor.SetVisibility(False)

    def clear(self) -> None:
        self.show([], [], 0)
