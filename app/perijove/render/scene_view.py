"""SceneView: the Jovian system in a VTK render window, driven by simulation time.

The same class draws the GUI's viewport and every offscreen screenshot, benchmark and
export, so that they show the same pixels. Layers: 0 clears to the sky, 1..N are depth
slices (far to near, see depth.py), N+1 holds screen-space labels and owns the master
camera that mouse interaction moves; every slice copies it before each frame.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import vtkmodules.vtkRenderingFreeType  # noqa: F401, I001  (text rendering for labels)
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401  (registers the OpenGL backend)
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkCommand
from vtkmodules.vtkIOImage import vtkPNGWriter
from vtkmodules.vtkRenderingCore import (
    vtkCamera,
    vtkLight,
    vtkRenderer,
    vtkRenderWindow,
    vtkTextActor,
    vtkWindowToImageFilter,
)

from perijove.core.bodies import BODIES, GLOBES, JUPITER, SUN
from perijove.core.rotation import body_to_icrf
from perijove.ephem.system import SystemEphemeris
from perijove.render import depth, shadows
from perijove.render.camera_motion import CameraState
from perijove.render.globe import GlobeActor, segments_for_radius_px
from perijove.render.labels import LabelLayer, project_to_display
from perijove.render.orbits import OrbitLine
from perijove.render.ring import RingActor
from perijove.render.textures import SurfaceMap, best_map, load_texture

MAX_SLICES = 3
VIEW_ANGLE_DEG = 35.0
ORBIT_COLORS = {
    "io": (0.95, 0.85, 0.35),
    "europa": (0.75, 0.8, 0.9),
    "ganymede": (0.6, 0.75, 0.6),
    "callisto": (0.7, 0.6, 0.5),
}
# Everything drawn lies within this distance of Jupiter: Callisto's orbit (1,882,700 km
# semi-major axis, NSSDCA fact sheet) plus margin.
SYSTEM_EXTENT_KM = 2.0e6
OVERVIEW_DISTANCE_KM = 4.6e6


@dataclass
class Readouts:
    focus: str
    distance_from_jupiter_km: float
    distance_from_camera_km: float
    altitude_from_camera_km: float


class SceneView:
    def __init__(self, ephemeris: SystemEphemeris, render_window: vtkRenderWindow | None = None,
                 size: tuple[int, int] = (1280, 720), maps: dict[str, SurfaceMap] | None = None
                 ) -> None:
        self.ephemeris = ephemeris
        if render_window is None:
            render_window = vtkRenderWindow()
            render_window.SetOffScreenRendering(True)
            render_window.SetSize(*size)
        self.window = render_window
        # 4x multisampling costs 3-4x on llvmpipe; FXAA on the nearest slice instead.
        self.window.SetMultiSamples(0)
        self.window.SetNumberOfLayers(MAX_SLICES + 2)
        self.window.SetAlphaBitPlanes(False)

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

        self.overlay = vtkRenderer()
        self.overlay.SetLayer(MAX_SLICES + 1)
        self.overlay.InteractiveOn()
        self.camera = self.overlay.GetActiveCamera()
        self.camera.SetViewAngle(VIEW_ANGLE_DEG)
        self.window.AddRenderer(self.overlay)
        self.labels = LabelLayer(self.overlay)
        self.map_credit = vtkTextActor()
        self.map_credit.GetTextProperty().SetFontSize(13)
        self.map_credit.GetTextProperty().SetColor(0.85, 0.85, 0.8)
        self.map_credit.GetTextProperty().SetShadow(True)
        self.map_credit.SetDisplayPosition(8, 6)
        self.overlay.AddViewProp(self.map_credit)

        self.warnings: list[str] = []  # one-line problems the UI should show (bad map files)
        self.maps: dict[str, SurfaceMap] = {}
        self.globes: dict[str, GlobeActor] = {}
        for b in GLOBES:
            surface = (maps or {}).get(b.name) or best_map(b.name, self.warnings)
            self.maps[b.name] = surface
            texture = load_texture(surface.path, surface.centre_east_lon_deg)
            globe = GlobeActor(b.name, b.radii_km, texture)
            shadows.install(globe.actor)
            self.globes[b.name] = globe
            self._add_to_slices(globe.actor)
            self.labels.add(b.name, b.title)
            self.labels.add_marker(b.name, ORBIT_COLORS.get(b.name, (0.9, 0.8, 0.6)))
        self.orbits: dict[str, OrbitLine] = {}
        for moon, color in ORBIT_COLORS.items():
            orbit = OrbitLine(moon, color)
            self.orbits[moon] = orbit
            self._add_to_slices(orbit.actor)
        self.ring = RingActor()
        self._add_to_slices(self.ring.actor)
        # Other scene parts (spacecraft, trail) register here; each gives its extent.
        self.extras: list = []

        self.t_tdb_s: float | None = None
        self.positions_km: dict[str, np.ndarray] = {}
        self.sun_direction = np.array([1.0, 0.0, 0.0])
        self.focus_name = "jupiter"
        self.show_orbits = True
        self.show_labels = True
        self.show_shadows = True
        self._observer = self.window.AddObserver(vtkCommand.StartEvent, self._before_frame)

    # ---- scene membership --------------------------------------------------------------
    def _add_to_slices(self, actor) -> None:  # noqa: ANN001
        for r in self.slices:
            r.AddActor(actor)

    def add_actor(self, actor) -> None:  # noqa: ANN001
        self._add_to_slices(actor)

    def remove_actor(self, actor) -> None:  # noqa: ANN001
        for r in self.slices:
            r.RemoveActor(actor)

    def set_map(self, surface: SurfaceMap) -> None:
        texture = load_texture(surface.path, surface.centre_east_lon_deg)
        self.globes[surface.body].set_texture(texture)
        self.maps[surface.body] = surface

    # ---- time ----------------------------------------------------------------------------
    def update(self, t_tdb_s: float) -> None:
        """Move every node to time t (no render): one ephemeris call for the whole system."""
        names = [b.name for b in GLOBES]
        old_focus = self.focus_position_km()  # before anything moves, extras included
        positions = self.ephemeris.scene_positions_km(t_tdb_s, [*names, "sun"])
        for name in names:
            self.globes[name].set_pose(positions[name], body_to_icrf(name, t_tdb_s))
        self.ring.set_pose(positions["jupiter"], body_to_icrf("jupiter", t_tdb_s))
        sun = positions["sun"] - positions["jupiter"]
        sun_distance_km = float(np.linalg.norm(sun))
        self.sun_direction = sun / sun_distance_km
        self._update_shadows(names, positions, sun_distance_km, t_tdb_s)
        self.light.SetPosition(*self.sun_direction)
        self.light.SetFocalPoint(0.0, 0.0, 0.0)
        jup = positions["jupiter"]
        for orbit in self.orbits.values():
            if orbit.needs_resample(t_tdb_s):
                times = orbit.sample_times(t_tdb_s)
                rel, _ = self.ephemeris.state_km(orbit.moon, "jupiter", times)
                orbit.resample(t_tdb_s, rel)
            orbit.actor.SetPosition(*jup)
            orbit.actor.SetVisibility(self.show_orbits)
        self.positions_km = positions
        for extra in self.extras:
            extra.update(self, t_tdb_s)
        # The camera rides along with the focused node: it keeps its offset in ICRF.
        new_focus = self.focus_position_km()
        if old_focus is not None and new_focus is not None:
            self._translate_camera(new_focus - old_focus)
        self.t_tdb_s = t_tdb_s

    def _update_shadows(self, names: list[str], positions: dict[str, np.ndarray],
                        sun_distance_km: float, t_tdb_s: float) -> None:
        pole = body_to_icrf("jupiter", t_tdb_s)[:, 2]
        a, _, c = JUPITER.radii_km
        sun_radius = SUN.radii_km[0] / sun_distance_km
        for name in names:
            globe = self.globes[name]
            centre = positions[name]
            reach_self = globe.radii_km.max()
            # Only casters whose penumbra cone can reach this globe go to the shader: most
            # of the time there are none, and the per-fragment loop then costs nothing.
            occluders = []
            slot = -1
            for other in names:
                if other == name:
                    continue
                d = positions[other] - centre
                along = float(np.dot(d, self.sun_direction))
                if along <= 0.0:
                    continue
                miss = float(np.linalg.norm(d - along * self.sun_direction))
                radius = self.globes[other].radii_km.max()
                if miss < reach_self + radius + along * sun_radius * 1.05:
                    if other == "jupiter":
                        slot = len(occluders)
                    occluders.append((positions[other], radius))
            shadows.update(globe.actor, globe.model_to_world, centre, occluders, slot, pole, a / c,
                           self.sun_direction, sun_radius, self.show_shadows and bool(occluders))

    def focus_position_km(self) -> np.ndarray | None:
        if self.focus_name in self.positions_km:
            return self.positions_km[self.focus_name]
        for extra in self.extras:
            pos = extra.position_of(self.focus_name)
            if pos is not None:
                return pos
        return None

    def _translate_camera(self, delta_km: np.ndarray) -> None:
        if not np.any(delta_km):
            return
        pos = np.array(self.camera.GetPosition()) + delta_km
        fp = np.array(self.camera.GetFocalPoint()) + delta_km
        self.camera.SetPosition(*pos)
        self.camera.SetFocalPoint(*fp)

    # ---- camera --------------------------------------------------------------------------
    def jupiter_pole(self) -> np.ndarray:
        t = self.t_tdb_s or 0.0
        return body_to_icrf("jupiter", t)[:, 2]

    def default_view_direction(self, elevation_deg: float = 20.0, phase_deg: float = 35.0
                               ) -> np.ndarray:
        """From the sunlit side, turned `phase_deg` off the Sun and raised above the equator."""
        pole = self.jupiter_pole()
        sun = self.sun_direction - np.dot(self.sun_direction, pole) * pole
        sun /= np.linalg.norm(sun)
        side = np.cross(pole, sun)
        a, e = math.radians(phase_deg), math.radians(elevation_deg)
        d = math.cos(e) * (math.cos(a) * sun + math.sin(a) * side) + math.sin(e) * pole
        return d / np.linalg.norm(d)

    def place_camera(self, focus: str, distance_km: float,
                     direction: np.ndarray | None = None) -> None:
        """Look at `focus` from `distance_km` (centre to eye) along `direction` (unit)."""
        self.focus_name = focus
        center = self.focus_position_km()
        if center is None:
            raise KeyError(f"nothing called '{focus}' in the scene")
        d = self.default_view_direction() if direction is None else direction / np.linalg.norm(
            direction)
        self.camera.SetFocalPoint(*center)
        self.camera.SetPosition(*(center + d * distance_km))
        self.camera.SetViewUp(*self.jupiter_pole())
        self.camera.OrthogonalizeViewUp()

    def camera_state(self) -> CameraState:
        return CameraState(np.array(self.camera.GetFocalPoint()),
                           np.array(self.camera.GetPosition()),
                           np.array(self.camera.GetViewUp()))

    def set_camera_state(self, state: CameraState) -> None:
        self.camera.SetFocalPoint(*state.focal_point_km)
        self.camera.SetPosition(*state.position_km)
        self.camera.SetViewUp(*state.view_up)
        self.camera.OrthogonalizeViewUp()

    def focus(self, name: str, distance_km: float | None = None) -> None:
        """Centre a body; the default distance frames it at about a third of the view."""
        if distance_km is None:
            distance_km = self.default_distance_km(name)
        current = np.array(self.camera.GetPosition()) - (self.focus_position_km()
                                                          if self.focus_name else 0.0)
        keep = None if self.t_tdb_s is None or not np.any(current) else current
        self.place_camera(name, distance_km, keep)

    def default_distance_km(self, name: str) -> float:
        if name == "jupiter":
            return OVERVIEW_DISTANCE_KM
        if name in BODIES:
            return BODIES[name].max_radius_km * 4.5
        for extra in self.extras:
            d = extra.default_distance_km(name)
            if d is not None:
                return d
        return 1000.0

    def preset(self, name: str) -> None:
        """'overview' or a body name: the framing a first-time user expects."""
        if name == "overview":
            direction = self.default_view_direction(28.0, 20.0)
            self.place_camera("jupiter", OVERVIEW_DISTANCE_KM, direction)
        else:
            self.place_camera(name, self.default_distance_km(name))

    # ---- per frame -------------------------------------------------------------------------
    def _nearest_and_farthest_km(self) -> tuple[float, float]:
        eye = np.array(self.camera.GetPosition())
        nearest = math.inf
        for globe in self.globes.values():
            nearest = min(nearest, np.linalg.norm(eye - globe.center_km) - globe.radii_km.max())
        for extra in self.extras:
            nearest = min(nearest, extra.nearest_surface_km(eye))
        jup = self.positions_km.get("jupiter", np.zeros(3))
        far = np.linalg.norm(eye - jup) + SYSTEM_EXTENT_KM
        for extra in self.extras:
            far = max(far, extra.farthest_km(eye))
        # Half the distance to the nearest surface: nothing drawn is nearer than that.
        return max(0.5 * nearest, 1e-4), far * 1.02

    def _before_frame(self, *_: object) -> None:
        width, height = self.window.GetSize()
        near, far = self._nearest_and_farthest_km()
        ranges = depth.slice_ranges(near, far, MAX_SLICES)
        # Nearest range on the top slice layer; unused (farther) layers skip drawing.
        assigned = dict(zip(range(MAX_SLICES - len(ranges), MAX_SLICES), ranges, strict=True))
        for i, r in enumerate(self.slices):
            cam = r.GetActiveCamera()
            if i in assigned:
                r.DrawOn()
                cam.SetPosition(self.camera.GetPosition())
                cam.SetFocalPoint(self.camera.GetFocalPoint())
                cam.SetViewUp(self.camera.GetViewUp())
                cam.SetViewAngle(self.camera.GetViewAngle())
                cam.SetClippingRange(*assigned[i])
            else:
                r.DrawOff()
        self.camera.SetClippingRange(near, far)
        eye = np.array(self.camera.GetPosition())
        half_tan = math.tan(math.radians(self.camera.GetViewAngle()) / 2)
        for name, globe in self.globes.items():
            dist = max(float(np.linalg.norm(eye - globe.center_km)), 1e-3)
            radius_px = globe.radii_km.max() / (dist * half_tan) * height / 2
            globe.set_segments(segments_for_radius_px(radius_px))
            hidden = not self.show_labels or self._behind_a_globe(eye, globe.center_km, name)
            xy = None if hidden else project_to_display(self.overlay, globe.center_km)
            self.labels.place(name, xy, float(min(radius_px, max(width, height))))
        for extra in self.extras:
            extra.before_frame(self, eye, height, half_tan)
        self._place_map_credit(eye, width, height, half_tan)

    def _place_map_credit(self, eye: np.ndarray, width: int, height: int,
                          half_tan: float) -> None:
        """A map's credit shows whenever its globe is on screen at a visible size."""
        lines = []
        for name, surface in self.maps.items():
            if not surface.on_screen_credit:
                continue
            globe = self.globes[name]
            dist = float(np.linalg.norm(eye - globe.center_km))
            radius_px = globe.radii_km.max() / (max(dist, 1e-3) * half_tan) * height / 2
            xy = project_to_display(self.overlay, globe.center_km)
            if radius_px > 6 and xy is not None and -radius_px < xy[0] < width + radius_px \
                    and -radius_px < xy[1] < height + radius_px:
                lines.append(surface.on_screen_credit)
        self.map_credit.SetInput("\n".join(lines))
        self.map_credit.SetVisibility(bool(lines))

    def _behind_a_globe(self, eye: np.ndarray, point_km: np.ndarray, skip: str) -> bool:
        """True when the line of sight to `point_km` passes through a nearer globe."""
        ray = point_km - eye
        length = float(np.linalg.norm(ray))
        ray /= length
        for name, globe in self.globes.items():
            if name == skip:
                continue
            along = float(np.dot(globe.center_km - eye, ray))
            if 0.0 < along < length:
                miss = np.linalg.norm(globe.center_km - eye - along * ray)
                if miss < globe.radii_km.min():
                    return True
        return False

    def render(self) -> None:
        self.window.Render()

    def render_bare(self) -> None:
        """Render the same actors with the same cameras, skipping Perijove's per-frame work:
        the floor that `perijove bench` compares against."""
        self.window.RemoveObserver(self._observer)
        try:
            self.window.Render()
        finally:
            self._observer = self.window.AddObserver(vtkCommand.StartEvent, self._before_frame)

    # ---- readouts and capture ------------------------------------------------------------
    def readouts(self) -> Readouts:
        eye = np.array(self.camera.GetPosition())
        center = self.focus_position_km()
        jup = self.positions_km["jupiter"]
        radius = BODIES[self.focus_name].max_radius_km if self.focus_name in BODIES else 0.0
        d_cam = float(np.linalg.norm(eye - center))
        return Readouts(self.focus_name, float(np.linalg.norm(center - jup)), d_cam,
                        d_cam - radius)

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

    def save_png(self, path: str) -> None:
        """Write the last frame as a PNG: to a temporary name first, renamed when complete.

        vtkPNGWriter only logs failures, so success is checked on disk; failure raises
        OSError and leaves nothing behind.
        """
        target = Path(path)
        tmp = target.with_name(f".{target.name}.partial.png")
        grab = vtkWindowToImageFilter()
        grab.SetInput(self.window)
        grab.ShouldRerenderOff()
        grab.ReadFrontBufferOff()
        grab.Update()
        writer = vtkPNGWriter()
        writer.SetFileName(str(tmp))
        writer.SetInputConnection(grab.GetOutputPort())
        writer.Write()
        if writer.GetErrorCode() or not tmp.is_file() or tmp.stat().st_size == 0:
            tmp.unlink(missing_ok=True)
            raise OSError(f"could not write '{target}' (is the folder writable?)")
        os.replace(tmp, target)
