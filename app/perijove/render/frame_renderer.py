"""FrameRenderer: one frame as an RGB array, in any projection, with its labels and text.

Screenshots, exports, the benchmark and the window's dome and 360 previews all come through
here, so they share every pixel rule: a perspective frame is drawn straight into an
offscreen window with its text as VTK actors (the same way the window's viewport draws it);
a fisheye or equirectangular frame is assembled from cube faces and its text composited
once onto the finished image.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from perijove.render.annotations import annotate
from perijove.render.outputs.cube import CubeOutput
from perijove.render.overlay2d import OverlayActors, TextItem, composite
from perijove.render.view import SceneRenderer
from perijove.scene.camera import CameraState
from perijove.scene.exposure import exposure_gain, exposure_note
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective, Projection


class FrameRenderer:
    def __init__(self, maps: dict, size_px: tuple[int, int], projection: Projection,
                 spacecraft_model: Path | None = None, face_px: int | None = None) -> None:
        projection.check_size(size_px)
        self.size_px = size_px
        self.projection = projection
        self.maps = maps
        self.renderer = SceneRenderer(maps, size=size_px, spacecraft_model=spacecraft_model)
        self.cube: CubeOutput | None = None
        self.actors: OverlayActors | None = None
        if isinstance(projection, Perspective):
            self.actors = OverlayActors(self.renderer.overlay)
        else:
            self.cube = CubeOutput(self.renderer, projection, size_px, face_px)
        self.last_texts: list[TextItem] = []
        self.last_picks: list = []  # annotations.Pick, in this frame's pixels
        self.last_exposure = 1.0

    def render(self, state, graph, camera: CameraState, options: ViewOptions,  # noqa: ANN001
               focus: str = "jupiter", fixed: list[TextItem] | None = None) -> np.ndarray:
        """The frame (H, W, 3) uint8 for a state seen by a camera (whose projection must be
        this renderer's)."""
        camera = camera.with_(projection=self.projection)
        self.renderer.update(state, graph, options)
        gain = exposure_gain(state, camera, self.size_px, options.exposure_ev)
        self.last_exposure = gain
        ann = annotate(state, graph, camera, self.size_px, focus, options.labels, self.maps,
                       fixed, exposure_note(gain, options.exposure_ev is None), options)
        self.last_texts = ann.texts
        self.last_picks = ann.picks
        if self.cube is None:
            self.renderer.prepare(camera, exposure=gain)
            self.actors.show(ann.texts, ann.rings, self.size_px[1])
            self.renderer.window.Render()
            return self.renderer.capture_rgb()
        rgb = self.cube.render(camera, gain)
        return composite(rgb, ann.texts, ann.rings)

    def set_map(self, surface, pixels=None) -> None:  # noqa: ANN001 - SurfaceMap, ndarray
        self.renderer.set_map(surface, pixels)
        self.maps[surface.body] = surface

    def release(self) -> None:
        self.renderer.release()
        self.renderer.window.Finalize()
