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
    scrub, floor = [], []
    for i in range(steps):
        a = time.perf_counter()
        clock.set_time(t0 + 600.0 + i * 600.0)  # 10 simulated minutes a step: a typical drag
        scrub.append(time.perf_counter() - a)
        a = time.perf_counter()
        view.render_bare()
        floor.append(time.perf_counter() - a)
    scrub_med, scrub_p95 = _stats_ms(scrub)
    floor_med, floor_p95 = _stats_ms(floor)
    result = {
        "size": f"{size[0]}x{size[1]}",
        "steps": steps,
        "scrub_ms_median": round(scrub_med, 2),
        "scrub_ms_p95": round(scrub_p95, 2),
        "floor_ms_median": round(floor_med, 2),
        "floor_ms_p95": round(floor_p95, 2),
        "overhead_ratio": round(scrub_med / floor_med, 3),
        "first_frame_s": round(first_frame_s, 3),
    }
    return result


def format_report(result: dict) -> str:
    return "\n".join([
        f"perijove bench at {result['size']}, overview, {result['steps']} scrub steps",
        f"  scrub step  median {result['scrub_ms_median']:.1f} ms   "
        f"p95 {result['scrub_ms_p95']:.1f} ms",
        f"  VTK floor   median {result['floor_ms_median']:.1f} ms   "
        f"p95 {result['floor_ms_p95']:.1f} ms",
        f"  overhead ratio (scrub / floor medians): {result['overhead_ratio']:.3f}",
        f"  process start to first frame: {result['first_frame_s']:.2f} s",
    ])


def print_result(result: dict, as_json: bool) -> None:
    print(format_report(result))
    if as_json:
        print(json.dumps(result))
