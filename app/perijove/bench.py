"""`perijove bench`: how fast scrubbing, dome frames and export are, each against a floor
measured in the same run.

scrub step = clock change -> SceneState -> layers updated -> camera -> labels -> frame
             rendered (what the window does for a slider move).
floor      = the same props rendered again with nothing moved (vtkRenderWindow.Render only).
dome       = a 2048x2048 180-degree fisheye frame: state, faces, resampling, labels.
dome floor = the same cube-face passes rendered bare and read back.
Times on shared machines swing ~40% between runs: the ratios, measured in one run with the
samples interleaved, are the figures to compare.
"""

from __future__ import annotations

import json
import time

import numpy as np


def _stats_ms(samples_s: list[float]) -> tuple[float, float]:
    a = np.asarray(samples_s) * 1000.0
    return float(np.median(a)), float(np.percentile(a, 95))


class _Viewport:
    """What the window's perspective viewport does per frame, offscreen."""

    def __init__(self, session, size: tuple[int, int]) -> None:  # noqa: ANN001
        from perijove.render.overlay2d import OverlayActors
        from perijove.render.view import SceneRenderer

        self.session = session
        self.size = size
        self.renderer = SceneRenderer(session.maps, size=size,
                                      spacecraft_model=session.spacecraft_model)
        self.actors = OverlayActors(self.renderer.overlay)

    def frame(self) -> None:
        from perijove.render.annotations import annotate

        s = self.session
        state = s.state()
        camera = s.camera(state)
        self.renderer.update(state, s.scene.graph, s.options)
        ann = annotate(state, s.scene.graph, camera, self.size, s.focus(), s.options.labels,
                       s.maps)
        self.renderer.prepare(camera)
        self.actors.show(ann.texts, ann.rings, self.size[1])
        self.renderer.window.Render()


def _scrub_and_floor(session, viewport: _Viewport, times: np.ndarray  # noqa: ANN001
                     ) -> tuple[list[float], list[float]]:
    """Interleaved samples, so that machine load affects both alike."""
    scrub, floor = [], []
    for t in times:
        a = time.perf_counter()
        session.clock.set_time(float(t))
        viewport.frame()
        scrub.append(time.perf_counter() - a)
        a = time.perf_counter()
        viewport.renderer.render_bare()
        floor.append(time.perf_counter() - a)
    return scrub, floor


def run_bench(process_start_s: float, steps: int = 60, size: tuple[int, int] = (1280, 720)
              ) -> dict:
    from perijove.core.bodies import IO
    from perijove.core.timescale import parse_utc
    from perijove.scene.camera_modes import BodyMode
    from perijove.session import Session

    t0 = parse_utc("2023-12-30T02:36:00Z")
    session = Session(t_tdb_s=t0, use_installed=False)
    session.clock.set_window(t0, t0 + 12 * 3600.0)
    viewport = _Viewport(session, size)
    viewport.frame()
    first_frame_s = time.perf_counter() - process_start_s

    # Warm up (shader variants, LOD meshes), then interleave scrub and floor samples.
    for i in range(5):
        session.clock.set_time(t0 + (i + 1) * 60.0)
        viewport.frame()
    # 10 simulated minutes a step: a typical drag.
    scrub, floor = _scrub_and_floor(session, viewport, t0 + 600.0 * (1 + np.arange(steps)))
    scrub_med, scrub_p95 = _stats_ms(scrub)
    floor_med, floor_p95 = _stats_ms(floor)
    # The sky's cost: scrub steps with the stars alone, the stars and the Milky Way, and
    # neither, interleaved (each at a time of its own, so none reuses another's state).
    sky_on = session.options
    runs = ((sky_on.with_(milky_way=False), []), (sky_on, []),
            (sky_on.with_(stars=False, milky_way=False), []))
    for t in t0 + 600.0 * (1 + np.arange(steps)):
        for k, (options, samples) in enumerate(runs):
            session.options = options
            a = time.perf_counter()
            session.clock.set_time(float(t + 200.0 * k))
            viewport.frame()
            samples.append(time.perf_counter() - a)
    session.options = sky_on
    stars_med, sky_med, no_stars_med = (_stats_ms(samples)[0] for _, samples in runs)

    # The close view: 1,500 km above Io's sunlit side, Io filling the frame at the finest
    # tessellation, its limb and Jupiter beyond (what a flyby shows).
    session.clock.set_time(t0)
    state = session.state()
    io = state.bodies["io"].position_km
    jup = state.bodies["jupiter"].position_km
    to_jup = (jup - io) / np.linalg.norm(jup - io)
    side = state.sun_direction - np.dot(state.sun_direction, to_jup) * to_jup
    up = side / np.linalg.norm(side) - 0.6 * to_jup
    session.set_camera_mode(BodyMode(body="io", distance_km=IO.max_radius_km + 1500.0,
                                     direction=up))
    viewport.frame()
    # A minute a step: Io turns beneath.
    close, close_floor = _scrub_and_floor(session, viewport, t0 + 60.0 * (1 + np.arange(steps)))
    close_med, close_p95 = _stats_ms(close)
    close_floor_med, _ = _stats_ms(close_floor)
    close_segments = viewport.renderer.globes.globes["io"].segments
    return {
        "size": f"{size[0]}x{size[1]}",
        "steps": steps,
        "scrub_ms_median": round(scrub_med, 2),
        "scrub_ms_p95": round(scrub_p95, 2),
        "floor_ms_median": round(floor_med, 2),
        "floor_ms_p95": round(floor_p95, 2),
        "overhead_ratio": round(scrub_med / floor_med, 3),
        "stars_ms_median": round(stars_med, 2),
        "stars_milky_way_ms_median": round(sky_med, 2),
        "no_stars_ms_median": round(no_stars_med, 2),
        "stars_ratio": round(stars_med / no_stars_med, 3),
        "stars_milky_way_ratio": round(sky_med / no_stars_med, 3),
        "first_frame_s": round(first_frame_s, 3),
        "close_scrub_ms_median": round(close_med, 2),
        "close_scrub_ms_p95": round(close_p95, 2),
        "close_floor_ms_median": round(close_floor_med, 2),
        "close_overhead_ratio": round(close_med / close_floor_med, 3),
        "close_io_segments": close_segments,
    }


def run_dome_bench(frames: int = 12, size_px: int = 2048) -> dict:
    """A 180-degree fisheye frame at PJ57, from 60,000 km above Io with Jupiter in view,
    against the same cube-face passes rendered bare and read back."""
    from perijove.core.timescale import parse_utc
    from perijove.render.frame_renderer import FrameRenderer
    from perijove.scene.camera_modes import BodyMode
    from perijove.scene.projection import Fisheye
    from perijove.session import Session

    ca = parse_utc("2023-12-30T08:36:01Z")
    projection = Fisheye(180.0, 30.0)
    session = Session(t_tdb_s=ca - 1800, use_installed=False)
    session.open_flyby("PJ57-Io", ca - 1800)
    session.set_projection(projection, 1.0)
    state = session.state()
    direction = state.sun_direction + 0.5 * state.jupiter_pole
    session.set_camera_mode(BodyMode(body="io", distance_km=60_000.0, direction=direction))
    out = FrameRenderer(session.maps, (size_px, size_px), projection)
    graph = session.scene.graph

    def one(t: float) -> None:
        s = session.state_at(t)
        out.render(s, graph, session.camera(s), session.options, session.focus())

    one(ca - 1800)  # warm-up: shaders, textures, LOD meshes
    dome, floor = [], []
    for i in range(frames):
        t = ca - 1800 + 60.0 * (i + 1)
        a = time.perf_counter()
        one(t)
        dome.append(time.perf_counter() - a)
        camera = session.camera(session.state_at(t))
        a = time.perf_counter()
        out.cube.render_faces(camera, bare=True)
        floor.append(time.perf_counter() - a)
    dome_med, dome_p95 = _stats_ms(dome)
    floor_med, _ = _stats_ms(floor)
    return {"dome_size": f"{size_px}x{size_px}", "dome_faces": len(out.cube.plan.passes),
            "dome_face_px": out.cube.plan.face_px,
            "dome_rendered_mpx": round(out.cube.plan.rendered_pixels / 1e6, 2),
            "dome_ms_median": round(dome_med, 1), "dome_ms_p95": round(dome_p95, 1),
            "dome_floor_ms_median": round(floor_med, 1),
            "dome_ratio": round(dome_med / floor_med, 3)}


def run_export_bench(frames: int = 144, size: tuple[int, int] = (1920, 1080)) -> dict:
    """Export frames per second, end to end (set-up, rendering, encoding, renaming), with one
    worker and with every core, against the floor: the same frames rendered bare and encoded
    with nothing else, in this process."""
    import os
    import tempfile
    from pathlib import Path

    from perijove.core.timescale import parse_utc
    from perijove.export.encoders import open_encoder
    from perijove.export.frames import FrameSource
    from perijove.export.video import ExportSettings, run_export

    ca = parse_utc("2023-12-30T08:36:01Z")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="perijove-bench-") as tmp:
        def settings(name: str, workers: int) -> ExportSettings:
            return ExportSettings(out=Path(tmp) / name, start_tdb_s=ca - 1800,
                                  end_tdb_s=ca + 1800, duration_s=frames / 24, fps=24,
                                  size=size, camera="follow", flyby_id="PJ57-Io",
                                  title="bench", workers=workers)

        # Floor: the same frames (scene moved to frame i untimed), timed only for the bare
        # VTK render, the capture and the encode, after a warm-up render.
        s = settings("floor.mp4", 1)
        source = FrameSource(s)
        source.render(0)
        encoder = open_encoder("mp4", Path(tmp) / "floor.mp4", size, 24, {}, None, None)
        spent = 0.0
        renderer = source.frames.renderer
        for i in range(s.frame_count):
            source.render(i)  # positions, camera, overlays for frame i (not timed)
            a = time.perf_counter()
            renderer.render_bare()
            encoder.write(renderer.capture_rgb())
            spent += time.perf_counter() - a
        a = time.perf_counter()
        encoder.close()
        spent += time.perf_counter() - a
        floor_fps = s.frame_count / spent

        results = {}
        for workers in sorted({1, cores}):
            s = settings(f"w{workers}.mp4", workers)
            a = time.perf_counter()
            run_export(s)
            results[workers] = s.frame_count / (time.perf_counter() - a)
    return {
        "export_size": f"{size[0]}x{size[1]}",
        "export_frames": frames,
        "export_fps_workers_1": round(results[1], 2),
        "export_fps_all_cores": round(results[cores], 2),
        "export_cores": cores,
        "export_floor_fps": round(floor_fps, 2),
        "export_ratio_workers_1": round(floor_fps / results[1], 3),
        "export_scaling_all_cores": round(results[cores] / results[1], 3),
    }


def format_report(result: dict) -> str:
    lines = [
        f"perijove bench at {result['size']}, overview, {result['steps']} scrub steps",
        f"  scrub step  median {result['scrub_ms_median']:.1f} ms   "
        f"p95 {result['scrub_ms_p95']:.1f} ms",
        f"  VTK floor   median {result['floor_ms_median']:.1f} ms   "
        f"p95 {result['floor_ms_p95']:.1f} ms",
        f"  overhead ratio (scrub / floor medians): {result['overhead_ratio']:.3f}",
        f"  process start to first frame: {result['first_frame_s']:.2f} s",
        f"close view, 1,500 km above Io (Io at {result['close_io_segments']} segments)",
        f"  scrub step  median {result['close_scrub_ms_median']:.1f} ms   "
        f"p95 {result['close_scrub_ms_p95']:.1f} ms",
        f"  VTK floor   median {result['close_floor_ms_median']:.1f} ms   "
        f"ratio {result['close_overhead_ratio']:.3f}",
    ]
    if "dome_ms_median" in result:
        lines += [
            f"dome master {result['dome_size']}, 180 deg fisheye: {result['dome_faces']} face "
            f"passes, {result['dome_rendered_mpx']} Mpx at face size {result['dome_face_px']}",
            f"  frame median {result['dome_ms_median']:.1f} ms   p95 {result['dome_ms_p95']:.1f}"
            f" ms   floor (bare face passes) {result['dome_floor_ms_median']:.1f} ms   "
            f"ratio {result['dome_ratio']:.3f}",
        ]
    if "export_fps_workers_1" in result:
        lines += [
            f"perijove bench export at {result['export_size']}, {result['export_frames']} "
            "frames (PJ57, follow camera, H.264)",
            f"  end to end, 1 worker:      {result['export_fps_workers_1']:.2f} fps",
            f"  end to end, {result['export_cores']} workers:     "
            f"{result['export_fps_all_cores']:.2f} fps "
            f"(x{result['export_scaling_all_cores']:.2f})",
            f"  floor (bare render + encode): {result['export_floor_fps']:.2f} fps",
            f"  ratio floor / 1 worker: {result['export_ratio_workers_1']:.3f}",
        ]
    return "\n".join(lines)


def print_result(result: dict, as_json: bool) -> None:
    print(format_report(result))
    if as_json:
        print(json.dumps(result))
