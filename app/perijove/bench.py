"""`perijove bench`: how fast scrubbing is, against the bare VTK floor measured in the same run.

scrub step = clock change -> SceneView.update (ephemeris, poses, LOD, labels) -> frame rendered.
floor      = the same actors rendered again with nothing moved (vtkRenderWindow.Render only).
Times on shared machines swing ~40% between runs: the ratio, measured in one run, is the
figure to compare.
"""

from __future__ import annotations

import json
import time

import numpy as np


def _stats_ms(samples_s: list[float]) -> tuple[float, float]:
    a = np.asarray(samples_s) * 1000.0
    return float(np.median(a)), float(np.percentile(a, 95))


def _scrub_and_floor(clock, view, times: np.ndarray) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Interleaved samples, so that machine load affects both alike: a scrub step (clock
    change to frame rendered) and the bare VTK render of the same frame."""
    scrub, floor = [], []
    for t in times:
        a = time.perf_counter()
        clock.set_time(float(t))
        scrub.append(time.perf_counter() - a)
        a = time.perf_counter()
        view.render_bare()
        floor.append(time.perf_counter() - a)
    return scrub, floor


def run_bench(process_start_s: float, steps: int = 60, size: tuple[int, int] = (1280, 720),
              as_json: bool = False) -> dict:
    from perijove.core.clock import SimClock
    from perijove.core.timescale import parse_utc
    from perijove.ephem.system import SystemEphemeris
    from perijove.render.scene_view import SceneView

    ephemeris = SystemEphemeris()
    t0 = parse_utc("2023-12-30T02:36:00Z")
    clock = SimClock(t0, t0, t0 + 12 * 3600.0)
    view = SceneView(ephemeris, size=size)
    clock.changed.connect(lambda t: (view.update(t), view.render()))
    view.update(t0)
    view.preset("overview")
    view.render()
    first_frame_s = time.perf_counter() - process_start_s

    # Warm up (shader variants, LOD meshes), then interleave scrub and floor samples so
    # that machine load affects both alike.
    for i in range(5):
        clock.set_time(t0 + (i + 1) * 60.0)
        view.render()
    # 10 simulated minutes a step: a typical drag.
    scrub, floor = _scrub_and_floor(clock, view, t0 + 600.0 * (1 + np.arange(steps)))
    scrub_med, scrub_p95 = _stats_ms(scrub)
    floor_med, floor_p95 = _stats_ms(floor)

    # The close view: 1,500 km above Io's sunlit side, Io filling the frame at the finest
    # tessellation, its limb and Jupiter beyond (what a flyby shows).
    from perijove.core.bodies import IO

    view.update(t0)
    io = view.positions_km["io"]
    jup = view.positions_km["jupiter"]
    to_jup = (jup - io) / np.linalg.norm(jup - io)
    side = view.sun_direction - np.dot(view.sun_direction, to_jup) * to_jup
    up = side / np.linalg.norm(side) - 0.6 * to_jup
    view.place_camera("io", IO.max_radius_km + 1500.0, up)
    # A minute a step: Io turns beneath.
    close, close_floor = _scrub_and_floor(clock, view, t0 + 60.0 * (1 + np.arange(steps)))
    close_med, close_p95 = _stats_ms(close)
    close_floor_med, _ = _stats_ms(close_floor)
    close_segments = view.globes["io"].segments
    result = {
        "size": f"{size[0]}x{size[1]}",
        "steps": steps,
        "scrub_ms_median": round(scrub_med, 2),
        "scrub_ms_p95": round(scrub_p95, 2),
        "floor_ms_median": round(floor_med, 2),
        "floor_ms_p95": round(floor_p95, 2),
        "overhead_ratio": round(scrub_med / floor_med, 3),
        "first_frame_s": round(first_frame_s, 3),
        "close_scrub_ms_median": round(close_med, 2),
        "close_scrub_ms_p95": round(close_p95, 2),
        "close_floor_ms_median": round(close_floor_med, 2),
        "close_overhead_ratio": round(close_med / close_floor_med, 3),
        "close_io_segments": close_segments,
    }
    return result


def run_export_bench(frames: int = 144, size: tuple[int, int] = (1920, 1080)) -> dict:
    """Export frames per second, end to end (set-up, rendering, encoding, renaming), with one
    worker and with every core, against the floor: the same frames rendered bare and encoded
    with nothing else, in this process."""
    import os
    import tempfile
    from pathlib import Path

    from perijove.core.timescale import parse_utc
    from perijove.export.encoders import open_encoder
    from perijove.export.video import ExportSettings, FrameRenderer, run_export

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
        renderer = FrameRenderer(s)
        renderer.render(0)
        encoder = open_encoder("mp4", Path(tmp) / "floor.mp4", size, 24, {}, None, None)
        spent = 0.0
        for i in range(s.frame_count):
            renderer.render(i)  # positions, camera, overlays for frame i (not timed)
            a = time.perf_counter()
            renderer.view.render_bare()
            encoder.write(renderer.view.capture_rgb())
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
    return "\n".join([
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
    ] + ([
        f"perijove bench export at {result['export_size']}, {result['export_frames']} frames "
        "(PJ57, follow camera, H.264)",
        f"  end to end, 1 worker:      {result['export_fps_workers_1']:.2f} fps",
        f"  end to end, {result['export_cores']} workers:     "
        f"{result['export_fps_all_cores']:.2f} fps "
        f"(x{result['export_scaling_all_cores']:.2f})",
        f"  floor (bare render + encode): {result['export_floor_fps']:.2f} fps",
        f"  ratio floor / 1 worker: {result['export_ratio_workers_1']:.3f}",
    ] if "export_fps_workers_1" in result else []))


def print_result(result: dict, as_json: bool) -> None:
    print(format_report(result))
    if as_json:
        print(json.dumps(result))
