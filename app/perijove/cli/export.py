"""`perijove export`: render an animation offscreen to MP4, WebM, GIF or PNG frames."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

from perijove.cli.common import (
    DEFAULT_SIZES,
    UserError,
    add_kernel_options,
    add_view_options,
    options_from,
    projection_from,
)


def add_parser(sub) -> None:  # noqa: ANN001
    x = sub.add_parser("export", help="render an animation to video offscreen")
    x.add_argument("--flyby", metavar="ID")
    x.add_argument("--show", metavar="FILE",
                   help="render a whole show file (or a shipped show) frame-exactly")
    x.add_argument("--from", dest="t_from", metavar="T0")
    x.add_argument("--to", dest="t_to", metavar="T1")
    x.add_argument("--duration", type=float, metavar="SECONDS",
                   help="length of the video (default 20 s, or the scene file's)")
    x.add_argument("--fps", type=int, default=30)
    x.add_argument("--size", default=None, metavar="WxH",
                   help="default 1920x1080; 2048x2048 for fisheye; 4096x2048 for equirect")
    x.add_argument("--camera", default=None,
                   help="follow|from-juno|target|overview|path:FILE (default: the flyby's "
                        "shipped story, else target with a flyby, else overview)")
    x.add_argument("--overlay", default="time,distance,title,credits",
                   help="comma-separated: time,distance,title,credits (or none)")
    x.add_argument("--format", choices=("mp4", "webm", "gif", "png"),
                   help="default: from --out's suffix (a folder for png)")
    x.add_argument("--out", required=True, metavar="FILE")
    x.add_argument("--workers", type=int, default=1, help="render processes (0: every core)")
    x.add_argument("--cluster", metavar="ADDRESS",
                   help="render on the workers of a Dask scheduler, e.g. tcp://HOST:8786 "
                        "(default: $PERIJOVE_DASK_SCHEDULER), or local:N for N processes here")
    x.add_argument("--frames-dir", metavar="DIR",
                   help="keep rendered frames here (a folder every render machine can write); "
                        "default: Perijove's cache folder")
    x.add_argument("--fresh", action="store_true",
                   help="render every frame again, ignoring frames kept by an earlier run")
    x.add_argument("--crf", type=int, help="quality: lower is better (H.264 default 18)")
    x.add_argument("--bitrate", type=int, metavar="KBPS", help="target bitrate instead of crf")
    x.add_argument("--title", help="title overlay and metadata (default: the flyby's)")
    x.add_argument("--progress-json", action="store_true",
                   help="print progress as JSON lines on stdout")
    add_view_options(x)
    add_kernel_options(x)
    x.set_defaults(handler=run)




def story_for(flyby_id: str) -> str | None:
    """'path:NAME' of the shipped camera path telling this flyby's story, if there is one."""
    from perijove.flybys.catalog import find
    from perijove.show.scene_file import SceneFileError, load_scene, shipped_scenes

    flyby = find(flyby_id)
    for name, path in shipped_scenes().items():
        try:
            if load_scene(path).flyby_id == flyby.id:
                return f"path:{name}"
        except SceneFileError:
            continue
    return None


def settings_from(args: argparse.Namespace):  # noqa: ANN201 - ExportSettings
    from perijove.core.timescale import parse_utc
    from perijove.export.screenshot import parse_size
    from perijove.export.settings import ExportSettings
    from perijove.flybys.catalog import find

    projection = projection_from(args)
    options = options_from(args)
    out = Path(args.out)
    fmt = args.format or {".mp4": "mp4", ".webm": "webm", ".gif": "gif"}.get(
        out.suffix.lower(), "png" if out.suffix == "" else None)
    if fmt is None:
        raise UserError(f"cannot tell the format from '{out.name}'; end it in .mp4, .webm or "
                        ".gif, or give --format")
    size = parse_size(args.size or DEFAULT_SIZES[projection.name], (8192, 8192))
    scene = None
    camera = args.camera
    if camera is None and args.flyby and not (args.t_from or args.t_to):
        camera = story_for(args.flyby)  # the flyby's shipped story shows CA best
    if camera and camera.startswith("path:"):
        from perijove.show.scene_file import load_scene

        scene = load_scene(camera.split(":", 1)[1])
    flyby_id = args.flyby or (scene.flyby_id if scene else None)
    title = args.title
    time_keys: tuple[tuple[float, float], ...] = ()
    if args.t_from or args.t_to:
        if not (args.t_from and args.t_to):
            raise UserError("give both --from T0 and --to T1")
        t0, t1 = parse_utc(args.t_from), parse_utc(args.t_to)
    elif scene is not None:
        t0, t1 = scene.start_tdb_s, scene.end_tdb_s
        time_keys = tuple((k.at_s, k.t_tdb_s) for k in scene.time_keys)
    elif flyby_id:
        flyby = find(flyby_id)
        t0, t1 = flyby.ca_tdb_s - 3600.0, flyby.ca_tdb_s + 3600.0
    else:
        raise UserError("give --flyby ID, or --from T0 --to T1, or --camera path:FILE")
    if flyby_id:
        flyby = find(flyby_id)
        flyby_id = flyby.id
        if not title:
            title = scene.title if scene else f"Juno's {flyby.title} flyby"
    if args.duration is not None and not (args.duration > 0 and math.isfinite(args.duration)):
        raise UserError(f"--duration {args.duration:g} must be a positive number of seconds")
    if args.workers < 0:
        raise UserError(f"--workers {args.workers} must be 0 (every core) or more")
    cluster = args.cluster or os.environ.get("PERIJOVE_DASK_SCHEDULER") or None
    if cluster:
        from perijove.export.dask_cluster import check_address

        check_address(cluster)
    duration = args.duration or (scene.duration_s if scene else 20.0)
    if time_keys and args.duration and args.duration != scene.duration_s:
        k = args.duration / scene.duration_s  # the same story, faster or slower
        time_keys = tuple((a * k, t) for a, t in time_keys)
    overlays = tuple(o for o in args.overlay.split(",") if o and o != "none")
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
    return ExportSettings(
        out=out, start_tdb_s=t0, end_tdb_s=t1, duration_s=duration, fps=args.fps, size=size,
        camera=camera or ("target" if flyby_id else "overview"), overlays=overlays, fmt=fmt,
        flyby_id=flyby_id, title=title or "", crf=args.crf, bitrate_kbps=args.bitrate,
        workers=workers, kernels=args.kernel, trajectories=args.trajectory,
        projection=projection, options=options, face_px=args.face_size, cluster=cluster,
        frames_dir=Path(args.frames_dir) if args.frames_dir else None, fresh=args.fresh,
        time_keys=time_keys)


def run(args: argparse.Namespace) -> int:
    import signal

    from tqdm import tqdm

    from perijove.export.lifetime import ExportCancelled, stop_on_signals
    from perijove.export.settings import validate
    from perijove.export.video import Progress, run_export

    if args.show:
        from perijove.cli.show import export_show

        return export_show(args)
    settings = settings_from(args)
    validate(settings)  # before anything counts its frames: one line for absurd values
    started = time.perf_counter()
    # No monitor thread: it only nudges stalled bars, and a thread of its own waking every
    # 10 s is one more place Python's cycle collector can run while frames render.
    tqdm.monitor_interval = 0
    # A bar on a terminal; nothing while running when stderr is a file or a pipe.
    bar = tqdm(total=settings.frame_count, unit="frame", file=sys.stderr, leave=True,
               disable=not sys.stderr.isatty() or args.progress_json, dynamic_ncols=True)
    last: list[Progress] = []

    def report(p: Progress) -> None:
        last[:] = [p]
        if args.progress_json:
            print(json.dumps({"done": p.done, "total": p.total, "fps": round(p.fps, 2),
                              "eta_s": round(p.eta_s, 1), "rendered": p.rendered,
                              "kept": p.kept, "workers": p.workers,
                              "per_worker": p.per_worker}), flush=True)
        bar.update(p.done - bar.n)

    # Ctrl-C and SIGTERM only set a flag that the export checks between frames (VTK's own
    # Ctrl-C handling never gets a KeyboardInterrupt to act on).
    with stop_on_signals() as stop:
        try:
            run_export(settings, report, cancelled=stop)
        except ExportCancelled as exc:
            bar.close()
            kept = (f"; {exc.kept_frames} rendered frames are kept for the next run "
                    "(--fresh ignores them)") if exc.kept_frames else ""
            name = "terminated" if stop.signum == signal.SIGTERM else "interrupted"
            print(f"perijove: {name}; nothing was written to {settings.out}{kept}",
                  file=sys.stderr)
            return 128 + (stop.signum or signal.SIGINT)
        finally:
            bar.close()
    elapsed = time.perf_counter() - started
    n = settings.frame_count
    p = last[0] if last else None
    how = f"; {p.rendered} rendered, {p.kept} from the frame cache" if p else ""
    print(f"perijove: {n}/{n} frames in {elapsed:.1f} s ({n / elapsed:.1f} fps){how}",
          file=sys.stderr)
    print(f"wrote {os.fsencode(settings.out).decode('utf-8', 'replace')}")
    return 0
