"""`perijove bench`: how fast scrubbing, dome frames and export are, each against a floor
measured in the same run.

scrub step = clock change -> SceneState -> layers updated -> camera -> labels -> frame
             rendered (what the window does for a slider move).
floor      = the same props rendered again with nothing moved (vtkRenderWindow.Render only).
dome       = a 2048x2048 180-degree fisheye frame: state, faces, resampling, labels.
dome floor = the same cube-face passes, each face's cameras aimed, rendered bare and read back.
show       = presentation mode's drawer (export/show_live.py) against the window's own frame
             (the perspective viewport; the dome preview) for the same show frames,
             projection and size; and chapter switches, to the first frame showing the new
             chapter.
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
                       s.maps, options=s.options)
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
    # The same close steps with named features and hot spots on (--features) and off,
    # interleaved, each first on alternate steps (the state is cached after the first).
    plain = session.options
    marked = plain.with_(features=True, hotspots=True)
    session.options = marked
    viewport.frame()  # warm-up: the dots' and glows' shaders
    timed: dict[bool, list[float]] = {True: [], False: []}
    for i, t in enumerate(t0 + 60.0 * (1 + np.arange(steps))):
        for on in ((True, False) if i % 2 == 0 else (False, True)):
            session.options = marked if on else plain
            a = time.perf_counter()
            session.clock.set_time(float(t))
            viewport.frame()
            timed[on].append(time.perf_counter() - a)
    session.options = plain
    features_med, _ = _stats_ms(timed[True])
    no_features_med, _ = _stats_ms(timed[False])
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
        "close_features_ms_median": round(features_med, 2),
        "close_no_features_ms_median": round(no_features_med, 2),
        "close_features_ratio": round(features_med / no_features_med, 3),
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
                                  title="bench", workers=workers, fresh=True)

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


def _timed_export(settings) -> tuple[float, float]:  # noqa: ANN001 - ExportSettings
    """(end-to-end fps, render-phase fps): the second from the first frame written to the
    last, which leaves out starting and setting up the workers."""
    from perijove.export.video import run_export

    stamps: list[float] = []
    a = time.perf_counter()
    run_export(settings, lambda p: stamps.append(time.perf_counter()))
    total = time.perf_counter() - a
    n = settings.frame_count
    phase = (n - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return n / total, phase


class _DaskProcesses:
    """`dask scheduler` and `dask worker --nworkers N --nthreads 1` as processes on 127.0.0.1,
    as a user starts them (the scheduler outside the client's process), ended on exit and
    with this process."""

    def __init__(self, workers: int, folder) -> None:  # noqa: ANN001 - Path
        self.workers = workers
        self.folder = folder
        self.processes: list = []

    def _start(self, *args: str):  # noqa: ANN202
        import ctypes
        import signal
        import subprocess
        import sys

        def die_with_bench() -> None:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG

        p = subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, preexec_fn=die_with_bench)
        self.processes.append(p)
        return p

    def __enter__(self) -> str:
        import json

        from distributed import Client

        info = self.folder / "scheduler.json"
        self._start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                    "--scheduler-file", str(info))
        deadline = time.monotonic() + 120
        while not info.is_file():
            if time.monotonic() > deadline:
                raise RuntimeError("the dask scheduler did not start")
            time.sleep(0.1)
        time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        self._start("worker", address, "--host", "127.0.0.1", "--nworkers", str(self.workers),
                    "--nthreads", "1", "--no-dashboard")
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(self.workers, timeout=180)
        return address

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        for p in reversed(self.processes):
            p.terminate()
        for p in self.processes:
            try:
                p.wait(20)
            except Exception:  # noqa: BLE001 - a worker that hangs on shutdown
                p.kill()
                p.wait(5)


def run_cluster_bench(cluster: str = "local:2", frames: int = 48,
                      size: tuple[int, int] = (1280, 720), rounds: int = 2) -> dict:
    """The same export (PJ57, follow camera, H.264) through local worker processes and
    through a Dask cluster of the same number of worker processes on this machine (a
    `dask scheduler` and `dask worker` started before the timer, as a user's cluster is),
    every frame rendered afresh. 1 worker: this process (llvmpipe on every core) and a
    one-worker Dask cluster. Local and Dask runs alternate; each figure is the best of
    `rounds`, so that load from elsewhere on the machine hurts both alike. The overhead
    compares render-phase rates (first frame written to last)."""
    import os
    import tempfile
    from pathlib import Path

    from perijove.core.timescale import parse_utc
    from perijove.export.dask_cluster import parse_local
    from perijove.export.video import ExportSettings

    n = parse_local(cluster)
    if n is None or n < 2:
        raise ValueError("the cluster bench starts its own cluster: give local:N, N >= 2")
    ca = parse_utc("2023-12-30T08:36:01Z")
    saved = os.environ.get("PERIJOVE_CACHE_DIR")
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="perijove-bench-") as tmp:
        os.environ["PERIJOVE_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            def settings(name: str, workers: int = 1, address: str | None = None):  # noqa: ANN202
                return ExportSettings(out=Path(tmp) / name, start_tdb_s=ca - 1800,
                                      end_tdb_s=ca + 1800, duration_s=frames / 24, fps=24,
                                      size=size, camera="follow", flyby_id="PJ57-Io",
                                      title="bench", workers=workers, cluster=address,
                                      fresh=True)

            def dask_run(workers: int) -> tuple[float, float]:
                folder = Path(tempfile.mkdtemp(dir=tmp))
                with _DaskProcesses(workers, folder) as address:
                    return _timed_export(settings(f"dask{workers}.mp4", address=address))

            for _ in range(rounds):
                results.setdefault(f"local_{n}", []).append(
                    _timed_export(settings(f"l{n}.mp4", workers=n)))
                results.setdefault(f"dask_{n}", []).append(dask_run(n))
            results["local_1"] = [_timed_export(settings("l1.mp4"))]
            results["dask_1"] = [dask_run(1)]
        finally:
            if saved is None:
                os.environ.pop("PERIJOVE_CACHE_DIR", None)
            else:
                os.environ["PERIJOVE_CACHE_DIR"] = saved
    best = {k: (max(e for e, _ in v), max(r for _, r in v)) for k, v in results.items()}
    out = {"cluster": cluster, "cluster_workers": n, "cluster_frames": frames,
           "cluster_size": f"{size[0]}x{size[1]}", "cluster_rounds": rounds}
    for k, (end_to_end, phase) in best.items():
        out[f"cluster_{k}_fps"] = round(end_to_end, 2)
        out[f"cluster_{k}_render_fps"] = round(phase, 2)
    out["cluster_dask_overhead"] = round(best[f"local_{n}"][1] / best[f"dask_{n}"][1] - 1, 3)
    out["cluster_dask_overhead_end_to_end"] = round(
        best[f"local_{n}"][0] / best[f"dask_{n}"][0] - 1, 3)
    return out


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
    if "close_features_ms_median" in result:
        lines.append(f"  with features and hot spots {result['close_features_ms_median']:.1f} ms, "
                     f"without {result['close_no_features_ms_median']:.1f} ms   "
                     f"ratio {result['close_features_ratio']:.3f}")
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
    if "cluster_dask_overhead" in result:
        n = result["cluster_workers"]
        lines += [
            f"perijove bench export on {result['cluster']}: {result['cluster_frames']} frames at "
            f"{result['cluster_size']} (H.264), best of {result['cluster_rounds']}",
            "  workers  local processes fps (render phase)   Dask fps (render phase)",
        ]
        for w in (1, n):
            lines.append(f"  {w:7d}  {result[f'cluster_local_{w}_fps']:8.2f} "
                         f"({result[f'cluster_local_{w}_render_fps']:.2f})"
                         f"{'':20s}{result[f'cluster_dask_{w}_fps']:8.2f} "
                         f"({result[f'cluster_dask_{w}_render_fps']:.2f})")
        overhead = 100 * result["cluster_dask_overhead"]
        lines.append(f"  Dask overhead at {n} workers: {overhead:+.1f}% render phase,"
                     f" {100 * result['cluster_dask_overhead_end_to_end']:+.1f}% "
                     "end to end (target: within 10%)")
    for key, what in (("show", "perspective"), ("show_dome", "180-degree dome")):
        if f"{key}_ratio" in result and key + "_size" in result:
            r = {k[len(key) + 1:]: v for k, v in result.items() if k.startswith(key + "_")}
            lines += [
                f"show \"{result['show']}\", {what} at {r['size']}, {r['frames']} frames "
                "(presentation drawer vs the window's own frame, interleaved)",
                f"  presentation median {r['presentation_ms_median']:.1f} ms   p95 "
                f"{r['presentation_ms_p95']:.1f} ms",
                f"  window       median {r['window_ms_median']:.1f} ms   p95 "
                f"{r['window_ms_p95']:.1f} ms   ratio {r['ratio']:.3f}",
                f"  chapter switch to first frame: median {r['switch_ms_median']:.0f} ms, "
                f"max {r['switch_ms_max']:.0f} ms (prepared in {r['prepare_s']:.1f} s, "
                f"warmed up in {r['warm_up_s']:.1f} s)",
            ]
    return "\n".join(lines)


def print_result(result: dict, as_json: bool) -> None:
    print(format_report(result))
    if as_json:
        print(json.dumps(result))


# --- shows: presentation mode against the window ------------------------------------------


class _WindowView:
    """What the window's viewport does per frame (gui/viewport.py), offscreen: perspective
    straight into its render window (exposure, labels, text actors); dome and 360 as a frame
    from cube faces at half detail, shown as an image in the window's own renderer."""

    def __init__(self, session, projection, size: tuple[int, int]) -> None:  # noqa: ANN001
        from vtkmodules.vtkRenderingCore import vtkImageActor

        from perijove.export.show_live import live_face_px, live_frame_size
        from perijove.render.frame_renderer import FrameRenderer
        from perijove.render.overlay2d import OverlayActors
        from perijove.render.view import SceneRenderer
        from perijove.scene.projection import Perspective

        self.session = session
        self.size = size
        self.scene = SceneRenderer(session.maps, size=size,
                                   spacecraft_model=session.spacecraft_model)
        self.actors = OverlayActors(self.scene.overlay)
        self.preview = None
        if not isinstance(projection, Perspective):
            frame_px = live_frame_size(projection, size)
            self.preview = FrameRenderer(session.maps, frame_px, projection,
                                         session.spacecraft_model,
                                         live_face_px(projection, frame_px))
            for r in self.scene.slices:
                r.SetDraw(False)
            self.scene.present.SetDraw(True)
            self.image_actor = vtkImageActor()
            self.scene.present.AddActor(self.image_actor)

    def frame(self) -> None:
        from perijove.render.annotations import annotate
        from perijove.scene.exposure import exposure_gain, exposure_note

        s = self.session
        state = s.state()
        camera = s.camera(state)
        if self.preview is not None:
            self._show(self.preview.render(state, s.scene.graph, camera, s.options,
                                           s.focus()))
        else:
            self.scene.update(state, s.scene.graph, s.options)
            gain = exposure_gain(state, camera, self.size, s.options.exposure_ev)
            ann = annotate(state, s.scene.graph, camera, self.size, s.focus(),
                           s.options.labels, s.maps,
                           note=exposure_note(gain, s.options.exposure_ev is None))
            self.scene.prepare(camera, exposure=gain)
            self.actors.show(ann.texts, ann.rings, self.size[1])
        self.scene.window.Render()

    def _show(self, rgb: np.ndarray) -> None:
        from perijove.render.letterbox import show_letterboxed

        show_letterboxed(self.scene.present, self.image_actor, rgb, self.size)

    def release(self) -> None:
        if self.preview is not None:
            self.preview.release()
        self.scene.release()


def _show_moments(timeline, count: int) -> list[float]:  # noqa: ANN001 - ShowTimeline
    """Show seconds spread over every chapter, away from its transitions (picture on screen,
    captions where the show has them)."""
    from perijove.show.show_file import transition_in_s, transition_out_s

    chapters = timeline.show.chapters
    per = max(2, count // len(chapters))
    out: list[float] = []
    for k, c in enumerate(chapters):
        lo = timeline.chapter_starts_s[k] + transition_in_s(chapters, k) + 0.05
        hi = timeline.chapter_starts_s[k] + c.duration_s - transition_out_s(chapters, k) - 0.05
        out += list(np.linspace(lo, hi, per))
    return out


def _show_session(show):  # noqa: ANN001, ANN202
    from perijove.session import Session

    session = Session(t_tdb_s=show.chapters[0].start_tdb_s, use_installed=False)
    session.clock.set_window(min(c.start_tdb_s for c in show.chapters),
                             max(c.end_tdb_s for c in show.chapters))
    return session


def _presentation_vs_window(show, projection, size: tuple[int, int], count: int  # noqa: ANN001
                            ) -> dict:
    from perijove.export.show_frames import ShowStage
    from perijove.export.show_live import LiveShowDrawer
    from perijove.show.player import ShowTimeline
    from perijove.show.show_file import transition_in_s

    timeline = ShowTimeline(show)
    stage = ShowStage(show, _show_session(show), projection, size)
    a = time.perf_counter()
    stage.prepare()
    prepare_s = time.perf_counter() - a
    drawer = LiveShowDrawer(stage, size_px=size)
    a = time.perf_counter()
    drawer.warm_up(timeline)
    warm_s = time.perf_counter() - a
    # The window, on a session of its own (it evaluates its own state every frame), set up
    # for the same chapter, camera and time by a stage of its own, outside the timing.
    window_stage = ShowStage(show, _show_session(show), projection, size)
    window_stage.prepare()
    window = _WindowView(window_stage.session, projection, size)

    def window_frame(frame) -> float:  # noqa: ANN001
        window_stage.enter(frame.chapter)
        mode = window_stage.session.rig.mode
        if frame.camera.anim_s is not None:
            mode.anim_s = frame.camera.anim_s
        window_stage.session.clock.set_time(frame.t_tdb_s)
        a = time.perf_counter()
        window.frame()
        return time.perf_counter() - a

    moments = _show_moments(timeline, count)
    for k in range(len(show.chapters)):  # the window warmed up on every chapter too
        window_frame(timeline.frame_at(moments[k * len(moments) // len(show.chapters)]))
    presentation, win = [], []

    def presentation_frame(frame) -> float:  # noqa: ANN001
        a = time.perf_counter()
        drawer.draw(frame)
        return time.perf_counter() - a

    for i, s in enumerate(moments):  # interleaved, in turn first: load hits both alike
        frame = timeline.frame_at(s)
        if i % 2:
            win.append(window_frame(frame))
            presentation.append(presentation_frame(frame))
        else:
            presentation.append(presentation_frame(frame))
            win.append(window_frame(frame))

    # Chapter switches: from the middle of another chapter to the first frame that shows the
    # new one (a fade's mid-point, a crossfade's first blended frame), forward and backward.
    n = len(show.chapters)
    switches = []
    for k in [*range(1, n), *range(n - 2, -1, -1)]:
        other = (k + 1) % n
        drawer.draw(timeline.frame_at(timeline.chapter_starts_s[other]
                                      + show.chapters[other].duration_s / 2))
        first = timeline.chapter_starts_s[k] + transition_in_s(show.chapters, k) / 2
        a = time.perf_counter()
        drawer.draw(timeline.frame_at(first))
        switches.append(time.perf_counter() - a)
    drawer.release()
    window.release()
    p_med, p_p95 = _stats_ms(presentation)
    w_med, w_p95 = _stats_ms(win)
    s_med, _ = _stats_ms(switches)
    return {"size": f"{size[0]}x{size[1]}", "frames": len(moments),
            "presentation_ms_median": round(p_med, 1), "presentation_ms_p95": round(p_p95, 1),
            "window_ms_median": round(w_med, 1), "window_ms_p95": round(w_p95, 1),
            "ratio": round(p_med / w_med, 3),
            "switch_ms_median": round(s_med, 1),
            "switch_ms_max": round(max(switches) * 1000.0, 1),
            "prepare_s": round(prepare_s, 2), "warm_up_s": round(warm_s, 2)}


def run_show_bench(show_name: str = "juno-at-io", frames: int = 24,
                   size: tuple[int, int] = (1280, 720), dome_px: int = 1024) -> dict:
    """Presentation mode (export/show_live.py, what `perijove show` draws) against the
    window's own per-frame work, for the same show frames, projection and size, samples
    interleaved; and how long a chapter switch takes to show the new chapter."""
    import os

    from perijove.scene.projection import Fisheye, Perspective
    from perijove.show.show_file import load_show

    show = load_show(show_name)
    out = {"show": show.title, "show_load_average": round(os.getloadavg()[0], 2)}
    for key, projection, px in (("show", Perspective(35.0), size),
                                ("show_dome", Fisheye(180.0, 0.0), (dome_px, dome_px))):
        result = _presentation_vs_window(show, projection, px,
                                         frames if key == "show" else max(8, frames // 2))
        out.update({f"{key}_{k}": v for k, v in result.items()})
    return out
