"""SceneRenderer: draws a SceneState with a CameraState into a VTK render window.

The same renderer draws the window's viewport and every offscreen screenshot, benchmark,
export frame and cube face, so they show the same pixels. Renderer layers: 0 clears to the
sky; 1..N are depth slices (far to near, see depth.py), each with its own camera copied
from the pass's camera and its own clipping range; then `present` (a projected image shown
in the window: the dome and 360 previews) and `overlay` (labels and text; its camera is the
one mouse interaction moves). The drawable layers (globes, orbits, ...) are modules in
render/layers on one base; this class only syncs them, hands them the state and runs passes.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401, I001  (text rendering for labels)
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL backend)
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkRenderingCore import (
    vtkCamera,
    vtkLight,
    vtkRenderer,
    vtkRenderWindow,
    vtkWindowToImageFilter,
)

from perijove.maps.catalogue import SurfaceMap
from perijove.render import depth
from perijove.render.layers import LAYER_TYPES
from perijove.render.layers.base import DrawContext, Layer
from perijove.render.layers.globes import GlobeLayer
from perijove.scene.camera import CameraState
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective

MAX_SLICES = 3
# Everything drawn lies within this distance of Jupiter: Callisto's orbit (1,882,700 km
# semi-major axis, NSSDCA fact sheet) plus margin.
SYSTEM_EXTENT_KM = 2.0e6
SKY_CLIPPING_RANGE = (0.01, 4.0)  # the sky layers draw at radius 1 to 2 around the origin


class SceneRenderer:
    def __init__(self, maps: dict[str, SurfaceMap], render_window: vtkRenderWindow | None = None,
                 size: tuple[int, int] = (1280, 720),
                 spacecraft_model: Path | None = None) -> None:
        if render_window is None:
            render_window = vtkRenderWindow()
            render_window.SetOffScreenRendering(True)
            render_window.SetSize(*size)
        self.window = render_window
        # 4x multisampling costs 3-4x on llvmpipe; FXAA on the nearest slice instead.
        self.window.SetMultiSamples(0)
        self.window.SetNumberOfLayers(MAX_SLICES + 3)
        self.window.SetAlphaBitPlanes(False)
        self.maps = dict(maps)
        self.spacecraft_model = spacecraft_model
        self.options = ViewOptions()

        self.background = vtkRenderer()
        self.background.SetLayer(0)
        self.background.SetBackground(0.0, 0.0, 0.01)
        self.background.InteractiveOff()
        self.window.AddRenderer(self.background)

        self.light = vtkLight()
        self.light.SetLightTypeToSceneLight()
        self.light.SetPositional(False)
        self.light.SetIntensity(1.0)

        self.slices: list[vtkRenderer] = []
        for i in range(MAX_SLICES):
            r = vtkRenderer()
            r.SetLayer(1 + i)
            r.InteractiveOff()
            r.AutomaticLightCreationOff()
            r.AddLight(self.light)
            r.SetActiveCamera(vtkCamera())
            self.window.AddRenderer(r)
            self.slices.append(r)
        self.slices[-1].UseFXAAOn()

        self.present = vtkRenderer()
        self.present.SetLayer(MAX_SLICES + 1)
        self.present.InteractiveOff()
        self.present.DrawOff()
        self.window.AddRenderer(self.present)

        self.overlay = vtkRenderer()
        self.overlay.SetLayer(MAX_SLICES + 2)
        self.overlay.InteractiveOn()
        self.window.AddRenderer(self.overlay)

        self.layers: list[Layer] = [layer_type(self) for layer_type in LAYER_TYPES]
        self._graph_version: int | None = None
        self.state = None  # the last SceneState handed over

    # ---- scene membership --------------------------------------------------------------
    def add_prop(self, prop) -> None:  # noqa: ANN001
        for r in self.slices:
            r.AddViewProp(prop)

    def remove_prop(self, prop) -> None:  # noqa: ANN001
        for r in self.slices:
            r.RemoveViewProp(prop)

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    @property
    def globes(self) -> GlobeLayer:
        return self.layer("globes")  # type: ignore[return-value]

    def set_map(self, surface: SurfaceMap, pixels: np.ndarray | None = None) -> None:
        """Wear `surface` on its body; ValueError (one line) if the image cannot be read."""
        self.globes.set_map(surface, pixels)
        self.maps[surface.body] = surface

    # ---- per frame -------------------------------------------------------------------------
    def update(self, state, graph, options: ViewOptions | None = None) -> None:  # noqa: ANN001
        """Hand the layers a new state (once per frame, whatever the number of passes)."""
        if options is not None:
            self.options = options
        if graph.version != self._graph_version:
            for layer in self.layers:
                layer.sync(graph)
            self._graph_version = graph.version
        self.light.SetPosition(*state.sun_direction)
        self.light.SetFocalPoint(0.0, 0.0, 0.0)
        for layer in self.layers:
            layer.update(state, self.options)
        self.state = state

    def near_far_km(self, eye_km: np.ndarray, hidden: frozenset[str]) -> tuple[float, float]:
        state = self.state
        nearest = min(layer.nearest_surface_km(state, eye_km, hidden) for layer in self.layers)
        jup = state.bodies["jupiter"].position_km if "jupiter" in state.bodies else np.zeros(3)
        far = float(np.linalg.norm(eye_km - jup)) + SYSTEM_EXTENT_KM
        far = max([far] + [layer.farthest_km(state, eye_km) for layer in self.layers])
        if not math.isfinite(nearest):
            nearest = far * 1e-3
        # Half the distance to the nearest surface: nothing drawn is nearer than that.
        return max(0.5 * nearest, 1e-4), far * 1.02

    def prepare(self, camera: CameraState, window_center: tuple[float, float] = (0.0, 0.0),
                pixels_per_radian: float | None = None, exposure: float = 1.0,
                frame_pixels_per_radian: float | None = None) -> None:
        """Set up one pass: slice cameras and clipping ranges, level of detail, the overlay
        camera (what interaction and picking use), the sky camera. `camera.projection` must be
        Perspective; `window_center` shifts the frustum (cube faces rendered in part); a cube
        face gives its own `pixels_per_radian` and its frame's `frame_pixels_per_radian`."""
        self.aim(camera, window_center)
        width, height = self.window.GetSize()
        px_per_rad = pixels_per_radian or camera.projection.pixels_per_radian((width, height))
        ctx = DrawContext(camera, px_per_rad, self.options, exposure, frame_pixels_per_radian)
        for layer in self.layers:
            layer.before_draw(ctx)

    def aim(self, camera: CameraState, window_center: tuple[float, float] = (0.0, 0.0)
            ) -> None:
        """Point every VTK camera of a pass (the depth slices with their clipping ranges, the
        overlay's, the sky's) without the layers' per-pass work: `prepare` without the
        drawing preparation, and what the benchmark's floor renders each cube face with."""
        if not isinstance(camera.projection, Perspective):
            raise TypeError("a render pass needs a perspective camera; project through cube "
                            "faces for other projections")
        eye = np.asarray(camera.position_km, float)
        near, far = self.near_far_km(eye, camera.hidden)
        ranges = depth.slice_ranges(near, far, MAX_SLICES)
        # Nearest range on the top slice layer; unused (farther) layers skip drawing.
        assigned = dict(zip(range(MAX_SLICES - len(ranges), MAX_SLICES), ranges, strict=True))
        fov = camera.projection.fov_deg
        for i, r in enumerate(self.slices):
            if i in assigned:
                r.DrawOn()
                self._set_vtk_camera(r.GetActiveCamera(), camera, fov, window_center)
                r.GetActiveCamera().SetClippingRange(*assigned[i])
            else:
                r.DrawOff()
        master = self.overlay.GetActiveCamera()
        self._set_vtk_camera(master, camera, fov, window_center)
        master.SetClippingRange(near, far)
        # The sky (layer 0): the pass's orientation and field of view from the origin, so the
        # stars and the Milky Way (unit sphere) lie behind everything the slices draw.
        sky = self.background.GetActiveCamera()
        self._set_vtk_camera(sky, camera.with_(position_km=np.zeros(3),
                                               focal_point_km=camera.basis()[:, 2]),
                             fov, window_center)
        sky.SetClippingRange(*SKY_CLIPPING_RANGE)

    @staticmethod
    def _set_vtk_camera(cam: vtkCamera, camera: CameraState, fov_deg: float,
                        window_center: tuple[float, float]) -> None:
        cam.SetPosition(*camera.position_km)
        cam.SetFocalPoint(*camera.focal_point_km)
        cam.SetViewUp(*camera.view_up)
        cam.SetViewAngle(fov_deg)
        cam.SetWindowCenter(*window_center)

    def draw(self, camera: CameraState, window_center: tuple[float, float] = (0.0, 0.0),
             exposure: float = 1.0) -> None:
        self.prepare(camera, window_center, exposure=exposure)
        self.window.Render()

    def render_bare(self) -> None:
        """Render the same props with the same cameras, with none of Perijove's per-frame
        work: the floor that `perijove bench` compares against."""
        self.window.Render()

    # ---- capture -------------------------------------------------------------------------
    def capture_rgb(self) -> np.ndarray:
        """The last rendered frame as an (H, W, 3) uint8 array, top row first."""
        grab = vtkWindowToImageFilter()
        grab.SetInput(self.window)
        grab.ShouldRerenderOff()
        grab.SetInputBufferTypeToRGB()
        grab.ReadFrontBufferOff()
        grab.Update()
        img = grab.GetOutput()
        w, h, _ = img.GetDimensions()
        arr = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)
        return np.ascontiguousarray(arr[::-1, :, :3])

    def save_png(self, path: str | os.PathLike) -> None:
        write_png(self.capture_rgb(), Path(path))

    def release(self) -> None:
        for layer in self.layers:
            layer.release()


def write_png(rgb: np.ndarray, target: Path) -> None:
    """Write an (H, W, 3) frame as a PNG: to a temporary name first, renamed when complete;
    failure raises OSError naming the file and leaves nothing behind."""
    from PIL import Image

    tmp = target.with_name(f".{target.name}.partial.png")
    try:
        Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8)).save(tmp, format="PNG")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise OSError(f"could not write '{target}' ({reason})") from None
