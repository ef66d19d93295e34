"""Frames of an export: a session set up from the settings, a camera schedule, and a frame
renderer in the chosen projection; frame i depends on i alone.
"""

from __future__ import annotations

import numpy as np

from perijove.core.timescale import format_utc
from perijove.export.overlays import overlay_items
from perijove.export.settings import ExportError, ExportSettings
from perijove.render.frame_renderer import FrameRenderer
from perijove.scene.camera_modes import PathMode
from perijove.scene.layout import bodies_in_view
from perijove.session import Session


def session_for(s: ExportSettings) -> Session:
    """The session an export draws: its kernels and tables, the installed data, its flyby
    and camera (a mode, or a camera path evaluated at each frame's animation time)."""
    session = Session(s.kernels, s.trajectories, s.start_tdb_s)
    session.options = s.options
    if s.flyby_id:
        session.open_flyby(s.flyby_id, s.start_tdb_s, window=(s.start_tdb_s, s.end_tdb_s))
    mode = s.camera.split(":", 1)[0]
    if mode == "path":
        from perijove.show.scene_file import load_scene

        session.set_camera_mode(session.path_mode(load_scene(s.camera.split(":", 1)[1])))
    else:
        session.set_camera_mode(mode)
    w, h = s.size
    session.set_projection(s.projection, w / h)
    return session


class FrameSource:
    """Renders frame i of an export to an (H, W, 3) uint8 array."""

    def __init__(self, s: ExportSettings, session: Session | None = None) -> None:
        """`session`: one already made with session_for(s) (saves setting it up twice)."""
        from perijove.render.vtk_setup import prefer_headless_window

        prefer_headless_window()
        self.s = s
        self.session = session if session is not None else session_for(s)
        self.frames = FrameRenderer(self.session.maps, s.size, s.projection,
                                    self.session.spacecraft_model, s.face_px)

    def texts(self, state) -> dict[str, str]:  # noqa: ANN001
        s, out = self.s, {}
        if "title" in s.overlays and s.title:
            out["title"] = s.title
        if "time" in s.overlays:
            out["time"] = format_utc(state.t_tdb_s).replace("T", " ").replace("Z", " UTC")
        track = self.session.track
        if "distance" in s.overlays and track is not None and "juno" in state.spacecraft:
            r = track.readouts(state)
            moon = track.moon.capitalize()
            out["distance"] = (f"altitude above {moon} {r.altitude_km:,.0f} km   "
                               f"speed {r.speed_km_s:.1f} km/s")
        if "credits" in s.overlays:
            camera = self.session.camera(state).with_(projection=s.projection)
            out["credits"] = self.session.credit_line(
                state, bodies_in_view(state, camera, s.size))
        return out

    def render(self, i: int) -> np.ndarray:
        mode = self.session.rig.mode
        if isinstance(mode, PathMode):
            mode.anim_s = i / self.s.fps  # the path runs in animation time, holds included
        state = self.session.state_at(self.s.frame_time(i))
        camera = self.session.camera(state)
        fixed = overlay_items(self.texts(state), self.s.projection, self.s.size)
        return self.frames.render(state, self.session.scene.graph, camera,
                                  self.session.options, self.session.focus(), fixed)

    def metadata(self) -> dict[str, str]:
        return export_metadata(self.s, self.session)

    def release(self) -> None:
        """Free the offscreen window and its textures."""
        self.frames.release()


def export_metadata(s: ExportSettings, session: Session) -> dict[str, str]:
    """Title, the credits of everything drawn over the export (the sources of the frames,
    sampled every few frames, and the maps of the bodies that appear in them), and the
    projection, for the container's metadata."""
    lines: list[str] = []
    for i in sorted(set(np.linspace(0, s.frame_count - 1, min(s.frame_count, 48)).astype(int))):
        mode = session.rig.mode
        if isinstance(mode, PathMode):
            mode.anim_s = i / s.fps
        state = session.state_at(s.frame_time(int(i)))
        camera = session.camera(state).with_(projection=s.projection)
        for line in session.credits(state, bodies_in_view(state, camera, s.size)):
            if line not in lines:
                lines.append(line)
    projection = s.projection.name
    if projection == "fisheye":
        projection += f" {s.projection.aperture_deg:g} deg, tilt {s.projection.tilt_deg:g} deg"
    return {"title": s.title or "Perijove animation",
            "comment": "Data sources: " + "; ".join(lines) + ". Made with Perijove.",
            "artist": "Perijove",
            "copyright": "Imagery and data: as credited in the comment",
            "description": f"projection: {projection}"}


def check_flyby_has_trajectory(s: ExportSettings) -> None:
    """A flyby whose closest approach has no trajectory (a date-only pass with no kernel)
    is refused before anything is rendered."""
    from perijove.core.provenance import SourceKind
    from perijove.data import installed_kernel_paths
    from perijove.ephem.system import SystemEphemeris
    from perijove.flybys.catalog import find

    flyby = find(s.flyby_id)
    eph = SystemEphemeris(s.kernels, s.trajectories, installed_kernel_paths())
    if eph.source("juno", flyby.ca_tdb_s).kind is SourceKind.ILLUSTRATIVE_MODEL:
        raise ExportError(
            f"{flyby.id} has no trajectory at closest approach (its time is not published to "
            "the second, so the model has no arc); load Juno's kernel with --kernel "
            "(juno_rec_orbit.bsp) or choose another flyby")
