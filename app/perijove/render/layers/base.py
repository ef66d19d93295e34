"""What every layer is: it keeps VTK props for the scene graph's nodes of its kind, moves them
to the state of each frame, and adapts to each camera (level of detail)."""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np

from perijove.scene.camera import CameraState
from perijove.scene.options import ViewOptions


@dataclass(frozen=True)
class DrawContext:
    """One render pass: the camera it draws with and its pixel scale; for a cube face, also the
    scale of the projected frame the face is resampled into."""

    camera: CameraState
    pixels_per_radian: float
    options: ViewOptions
    exposure: float = 1.0  # gain on the light surfaces receive (scene/exposure.py)
    frame_pixels_per_radian: float | None = None  # a cube face's frame; None: drawn directly

    @property
    def cube_face(self) -> bool:
        return self.frame_pixels_per_radian is not None

    def radius_px(self, centre_km: np.ndarray, radius_km: float) -> float:
        dist = max(float(np.linalg.norm(centre_km - self.camera.position_km)), 1e-9)
        return math.asin(min(1.0, radius_km / dist)) * self.pixels_per_radian


class Layer:
    """Base: no props; subclasses override what they need."""

    name = "layer"

    def __init__(self, renderer) -> None:  # noqa: ANN001 - SceneRenderer
        # A weak reference: the renderer owns its layers, and a strong one back would make a
        # cycle that only Python's cycle collector frees, on whichever thread happens to
        # allocate. A collection on tqdm's monitor thread then destroyed an OpenGL window
        # there, and the next render on the main thread segfaulted in Mesa. Without the
        # cycle, a renderer and its window go the moment their owner drops them.
        self.renderer = weakref.proxy(renderer)

    def sync(self, graph) -> None:  # noqa: ANN001 - SceneGraph
        """Create or drop props so there is one per node of this layer's kind."""

    def update(self, state, options: ViewOptions) -> None:  # noqa: ANN001 - SceneState
        """Move props to the state (once per frame, whatever the number of passes)."""

    def before_draw(self, ctx: DrawContext) -> None:
        """Adapt to one pass's camera (level of detail); called for every pass."""

    def nearest_surface_km(self, state, eye_km: np.ndarray, hidden: frozenset[str]) -> float:  # noqa: ANN001
        """Distance from the eye to the nearest surface this layer draws (depth slices)."""
        return math.inf

    def farthest_km(self, state, eye_km: np.ndarray) -> float:  # noqa: ANN001
        return 0.0

    def release(self) -> None:
        """Remove every prop (the renderer is going away or the layer is rebuilt)."""
