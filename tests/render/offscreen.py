"""An offscreen view for render tests: a session's state drawn by the same FrameRenderer as
screenshots and exports, with a camera the test places directly."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from perijove.render.frame_renderer import FrameRenderer
from perijove.render.vtk_setup import prefer_headless_window
from perijove.scene.camera import CameraState, look_from
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Perspective, Projection
from perijove.session import Session


class OffscreenView:
    def __init__(self, size: tuple[int, int] = (640, 360), session: Session | None = None,
                 projection: Projection | None = None, face_px: int | None = None) -> None:
        prefer_headless_window()
        self.session = session or Session(use_installed=False)
        self.size = size
        self.projection = projection or Perspective(35.0)
        self.frames = FrameRenderer(self.session.maps, size, self.projection,
                                    self.session.spacecraft_model, face_px)
        self.renderer = self.frames.renderer
        # A black sky: tests of bodies and lines measure them against it (tests/render/
        # test_stars.py turns the sky on).
        self.options = ViewOptions(stars=False, milky_way=False)
        self.state = None
        self.camera: CameraState | None = None
        self.focus = "jupiter"

    def update(self, t_tdb_s: float) -> None:
        self.state = self.session.state_at(t_tdb_s)

    def override_sun(self, direction: np.ndarray) -> None:
        """Light the scene from `direction` (tests that need a feature lit whatever the
        phase)."""
        self.state = replace(self.state, sun_direction=direction / np.linalg.norm(direction))

    @property
    def positions_km(self) -> dict[str, np.ndarray]:
        s = self.state
        out = {k: b.position_km for k, b in s.bodies.items()}
        out.update({k: c.position_km for k, c in s.spacecraft.items()})
        return out

    @property
    def sun_direction(self) -> np.ndarray:
        return self.state.sun_direction

    def jupiter_pole(self) -> np.ndarray:
        return self.state.jupiter_pole

    def place_camera(self, focus: str, distance_km: float, direction: np.ndarray) -> None:
        centre = self.state.position_of(focus)
        d = direction / np.linalg.norm(direction)
        self.focus = focus
        self.camera = look_from(centre + d * distance_km, centre, self.state.jupiter_pole,
                                self.projection)

    def look(self, eye_km: np.ndarray, target_km: np.ndarray) -> None:
        self.camera = look_from(eye_km, target_km, self.state.jupiter_pole, self.projection)

    def render(self) -> np.ndarray:
        self.rgb = self.frames.render(self.state, self.session.scene.graph, self.camera,
                                      self.options, self.focus)
        return self.rgb

    def capture_rgb(self) -> np.ndarray:
        return self.rgb

    def project(self, point_km: np.ndarray) -> tuple[float, float]:
        """Pixel (x right, y down) of a world point."""
        xy, _ = self.camera.project(point_km, self.size)
        return float(xy[0, 0]), float(xy[0, 1])
