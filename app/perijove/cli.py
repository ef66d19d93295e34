"""The `perijove` command: opens the window, or runs one of its subcommands.

Mistakes a user can make end with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

_PROCESS_START_S = time.perf_counter()

EXIT_USAGE = 2


class UserError(Exception):
    """Anything the user can fix: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as argparse does, no usage dump
        raise UserError(message)


def _add_kernel_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kernel", action="append", default=[], metavar="PATH",
                   help="a SPICE SPK kernel to use (repeatable); it wins where it covers")
    p.add_argument("--trajectory", action="append", default=[], metavar="PATH",
                   help="Juno's trajectory as a JPL Horizons vector table or a CSV "
                        "(time,x,y,z[,vx,vy,vz], km from Jupiter, ICRF)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="perijove", description="The Jovian system and Juno's flybys in 3D.")
    from perijove import __version__

    parser.add_argument("--version", action="version", version=f"perijove {__version__}")
    _add_kernel_option(parser)
    parser.add_argument("--time", metavar="T", help="open at this UTC time (ISO 8601)")
    parser.add_argument("--flyby", metavar="ID", help="open on this flyby, e.g. PJ57-Io")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    e = sub.add_parser("ephem", help="print positions and velocities")
    e.add_argument("body")
    e.add_argument("--center", required=True)
    e.add_argument("--at", metavar="T")
    e.add_argument("--from", dest="t_from", metavar="T0")
    e.add_argument("--to", dest="t_to", metavar="T1")
    e.add_argument("--step", type=float, metavar="SECONDS")
    e.add_argument("--format", choices=("csv", "json"), default="csv")
    _add_kernel_option(e)

    s = sub.add_parser("screenshot", help="render one frame offscreen to a PNG")
    s.add_argument("--time", metavar="T")
    s.add_argument("--flyby", metavar="ID", help="a flyby id, e.g. PJ57-Io")
    s.add_argument("--at-ca", action="store_true", help="at the flyby's closest approach")
    s.add_argument("--camera", choices=("follow", "from-juno", "target", "overview"),
                   help="camera mode for a flyby (default: target)")
    s.add_argument("--size", default="1280x720", metavar="WxH")
    s.add_argument("--out", required=True, metavar="FILE.png")
    s.add_argument("--focus", metavar="BODY")
    s.add_argument("--distance", type=float, metavar="KM")
    _add_kernel_option(s)

    f = sub.add_parser("flybys", help="list Juno's moon flybys")
    f.add_argument("--format", choices=("table", "json"), default="table")

    x = sub.add_parser("export", help="render an animation to video offscreen")
    x.add_argument("--flyby", metavar="ID")
    x.add_argument("--from", dest="t_from", metavar="T0")
    x.add_argument("--to", dest="t_to", metavar="T1")
    x.add_argument("--duration", type=float, metavar="SECONDS",
                   help="length of the video (default 20 s, or the scene file's)")
    x.add_argument("--fps", type=int, default=30)
    x.add_argument("--size", default="1920x1080", metavar="WxH")
    x.add_argument("--camera", default=None,
                   help="follow|from-juno|target|overview|path:FILE (default: target with "
                        "a flyby, else overview)")
    x.add_argument("--overlay", default="time,distance,title,credits",
                   help="comma-separated: time,distance,title,credits (or none)")
    x.add_argument("--format", choices=("mp4", "webm", "gif", "png"),
                   help="default: from --out's suffix (a folder for png)")
    x.add_argument("--out", required=True, metavar="FILE")
    x.add_argument("--workers", type=int, default=1, help="render processes (0: every core)")
    x.add_argument("--crf", type=int, help="quality: lower is better (H.264 default 18)")
    x.add_argument("--bitrate", type=int, metavar="KBPS", help="target bitrate instead of crf")
    x.add_argument("--title", help="title overlay and metadata (default: the flyby's)")
    x.add_argument("--progress-json", action="store_true",
                   help="print progress as JSON lines on stdout (for the GUI)")
    _add_kernel_option(x)

    j = sub.add_parser("juno-model", help="rebuild Juno's embedded model, or measure it")
    j.add_argument("action", choices=("build", "accuracy"))
    j.add_argument("--flyby", default="PJ45-Europa", help="flyby to measure (accuracy)")
    j.add_argument("--kernel", action="append", default=[], metavar="PATH",
                   help="Juno SPK covering the flyby (accuracy)")

    b = sub.add_parser("bench", help="measure scrubbing speed against the bare VTK floor")
    b.add_argument("--json", action="store_true", help="end with one JSON line")
    b.add_argument("--steps", type=int, default=60)
    b.add_argument("--export", action="store_true",
                   help="also measure video export at 1920x1080 (about a minute)")

    from perijove.data.cli_data import add_data_parser

    add_data_parser(sub)
    return parser


def _ephemeris(args: argparse.Namespace):  # noqa: ANN202
    from perijove.ephem.system import SystemEphemeris

    return SystemEphemeris(args.kernel, args.trajectory, use_installed=True)


def cmd_ephem(args: argparse.Namespace) -> int:
    import numpy as np

    from perijove.core.timescale import format_utc_many, parse_utc
    from perijove.ephem.system import BODY_NAMES

    eph = _ephemeris(args)
    for what, name in (("body", args.body), ("--center", args.center)):
        if name.lower() not in BODY_NAMES:
            raise UserError(f"unknown {what} '{name}'; choose one of: {', '.join(BODY_NAMES)}")
    body, center = args.body.lower(), args.center.lower()
    if "juno" in (body, center) and args.kernel and not eph.has_juno_kernel():
        names = ", ".join(k.name for k in eph.kernels)
        raise UserError(f"no kernel given holds Juno (NAIF -61): {names}; give Juno's SPK "
                        "(e.g. juno_rec_orbit.bsp) or drop --kernel to use the model")
    if args.at is not None:
        if args.t_from or args.t_to or args.step is not None:
            raise UserError("give either --at T or --from T0 --to T1 --step SECONDS, not both")
        times = np.array([parse_utc(args.at)])
    else:
        if not (args.t_from and args.t_to and args.step is not None):
            raise UserError("give --at T, or all of --from T0 --to T1 --step SECONDS")
        t0, t1 = parse_utc(args.t_from), parse_utc(args.t_to)
        if not (args.step > 0 and math.isfinite(args.step)):
            raise UserError(f"--step {args.step:g} must be a positive number of seconds")
        if t1 < t0:
            raise UserError("--to is before --from; swap them")
        count = int(np.floor((t1 - t0) / args.step + 1e-9)) + 1
        if count > 1_000_000:
            raise UserError(
                f"that asks for {count:,} rows; use a larger --step (at most 1,000,000)")
        times = t0 + np.arange(count) * args.step
    for name in (body, center):
        eph.require_coverage(name, times)
    # The source can change inside a range (a kernel's coverage ends): each row is computed
    # from, and labelled with, the source that covers its time.
    sources = [eph.source(body, float(t)) for t in times]
    keys = [(b, eph.source(center, float(t))) for b, t in zip(sources, times, strict=True)]
    pos = np.empty((times.size, 3))
    vel = np.empty((times.size, 3))
    for key in dict.fromkeys(keys):
        rows = np.array([k == key for k in keys])
        pos[rows], vel[rows] = eph.state_km(body, center, times[rows])
    rng = np.linalg.norm(pos, axis=1)
    utc = format_utc_many(times, places=3)
    source = sources[0] if len(set(sources)) == 1 else "mixed: see each state"
    if args.format == "json":
        rows = [
            {"utc": u, "x_km": p[0], "y_km": p[1], "z_km": p[2], "vx_km_s": v[0],
             "vy_km_s": v[1], "vz_km_s": v[2], "range_km": r, "source": src}
            for u, p, v, r, src in zip(utc, pos.tolist(), vel.tolist(), rng.tolist(), sources,
                                       strict=True)
        ]
        print(json.dumps({"body": body, "center": center, "frame": "ICRF/J2000",
                          "source": source, "states": rows}, indent=1))
    else:
        print("utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,range_km,source")
        for u, p, v, r, src in zip(utc, pos, vel, rng, sources, strict=True):
            field = f'"{src}"' if "," in src else src  # CSV quoting (RFC 4180)
            print(f"{u},{p[0]:.3f},{p[1]:.3f},{p[2]:.3f},{v[0]:.6f},{v[1]:.6f},{v[2]:.6f},"
                  f"{r:.3f},{field}")
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from perijove.core.timescale import parse_utc
    from perijove.export.screenshot import parse_size, render_screenshot
    from perijove.render.vtk_setup import prefer_headless_window

    prefer_headless_window()
    size = parse_size(args.size)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UserError(f"--out '{out}' must end in .png")
    eph = _ephemeris(args)
    if args.flyby:
        from perijove.flybys.catalog import find
        from perijove.render.flyby_scene import FlybyScene

        if args.focus or args.distance is not None:
            raise UserError("--focus and --distance do not combine with --flyby; use --camera")
        flyby = find(args.flyby)
        if args.at_ca == bool(args.time):
            raise UserError("with --flyby give exactly one of --at-ca or --time T")
        t = flyby.ca_tdb_s if args.at_ca else parse_utc(args.time)
        camera = args.camera or "target"
        render_screenshot(eph, t, size, out,
                          configure=lambda view: FlybyScene.attach(view, flyby).set_camera(
                              camera, t))
    else:
        if args.at_ca or args.camera:
            raise UserError("--at-ca and --camera need --flyby ID")
        if not args.time:
            raise UserError("give --time T (or --flyby ID --at-ca)")
        render_screenshot(eph, parse_utc(args.time), size, out,
                          args.focus.lower() if args.focus else None, args.distance)
    print(f"wrote {out}")
    return 0


def cmd_flybys(args: argparse.Namespace) -> int:
    from perijove.ephem.juno_model import load_fits
    from perijove.flybys.catalog import flybys

    fits = load_fits()
    rows = []
    for f in flybys():
        source = "model (fitted arc)" if f.id in fits else (
            "model (perijove orbit; CA not published to the second)")
        rows.append({"id": f.id, "moon": f.moon, "ca_utc": f.ca_utc,
                     "ca_time_precision_s": f.ca_time_precision_s,
                     "distance_km": f.distance_km, "altitude_km": f.altitude_km,
                     "speed_km_s": f.speed_km_s, "trajectory_source": source,
                     "fact_source": f.source})
    if args.format == "json":
        print(json.dumps(rows, indent=1))
        return 0

    def num(v: float | None, fmt: str) -> str:
        return "unknown" if v is None else format(v, fmt)

    print(f"{'id':15} {'moon':9} {'closest approach (UTC)':22} {'distance km':>12} "
          f"{'altitude km':>12} {'speed km/s':>10}  trajectory")
    for r in rows:
        when = r["ca_utc"] if r["ca_time_precision_s"] <= 10 else r["ca_utc"][:10] + " (date)"
        print(f"{r['id']:15} {r['moon']:9} {when:22} {num(r['distance_km'], ',.0f'):>12} "
              f"{num(r['altitude_km'], ',.0f'):>12} {num(r['speed_km_s'], '.1f'):>10}  "
              f"{r['trajectory_source']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from perijove.core.timescale import parse_utc
    from perijove.export.screenshot import parse_size
    from perijove.export.video import ExportSettings, Progress, run_export
    from perijove.flybys.catalog import find

    out = Path(args.out)
    fmt = args.format or {".mp4": "mp4", ".webm": "webm", ".gif": "gif"}.get(
        out.suffix.lower(), "png" if out.suffix == "" else None)
    if fmt is None:
        raise UserError(f"cannot tell the format from '{out.name}'; end it in .mp4, .webm or "
                        ".gif, or give --format")
    size = parse_size(args.size)
    scene = None
    camera = args.camera
    if camera and camera.startswith("path:"):
        from perijove.scenes.scene_file import load_scene

        scene = load_scene(camera.split(":", 1)[1])
    flyby_id = args.flyby or (scene.flyby_id if scene else None)
    title = args.title
    if args.t_from or args.t_to:
        if not (args.t_from and args.t_to):
            raise UserError("give both --from T0 and --to T1")
        t0, t1 = parse_utc(args.t_from), parse_utc(args.t_to)
    elif scene is not None:
        t0, t1 = scene.start_tdb_s, scene.end_tdb_s
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
    duration = args.duration or (scene.duration_s if scene else 20.0)
    overlays = tuple(o for o in args.overlay.split(",") if o and o != "none")
    unknown = set(overlays) - {"time", "distance", "title", "credits"}
    if unknown:
        raise UserError(f"unknown overlay '{sorted(unknown)[0]}'; choose from time, distance, "
                        "title, credits")
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
    settings = ExportSettings(
        out=out, start_tdb_s=t0, end_tdb_s=t1, duration_s=duration, fps=args.fps, size=size,
        camera=camera or ("target" if flyby_id else "overview"), overlays=overlays, fmt=fmt,
        flyby_id=flyby_id, title=title or "", crf=args.crf, bitrate_kbps=args.bitrate,
        workers=workers, kernels=args.kernel, trajectories=args.trajectory)

    def report(p: Progress) -> None:
        if args.progress_json:
            print(json.dumps({"done": p.done, "total": p.total, "fps": round(p.fps, 2),
                              "eta_s": round(p.eta_s, 1)}), flush=True)
        else:
            width = 30
            filled = int(width * p.done / p.total)
            eta = f"{int(p.eta_s) // 60}:{int(p.eta_s) % 60:02d}"
            print(f"\r[{'#' * filled}{' ' * (width - filled)}] {p.done}/{p.total} frames  "
                  f"{p.fps:5.1f} fps  ETA {eta} ", end="", file=sys.stderr, flush=True)

    try:
        run_export(settings, report)
    except KeyboardInterrupt:
        print("\nperijove: export cancelled; nothing was written", file=sys.stderr)
        return 130
    if not args.progress_json:
        print(file=sys.stderr)
    print(f"wrote {out}")
    return 0


def cmd_juno_model(args: argparse.Namespace) -> int:
    import numpy as np

    from perijove.ephem.juno_model import build_model_file
    from perijove.ephem.system import SystemEphemeris
    from perijove.flybys.catalog import find

    if args.action == "build":
        build_model_file()
        print("wrote assets/juno_model.json")
        return 0
    if not args.kernel:
        raise UserError("accuracy needs --kernel PATH: a Juno SPK covering the flyby")
    flyby = find(args.flyby)
    real = SystemEphemeris(args.kernel)
    if not real.source("juno", flyby.ca_tdb_s).startswith("SPICE"):
        raise UserError(f"no kernel given covers Juno at {flyby.id}'s closest approach")
    model = SystemEphemeris()
    print(f"Juno model vs {real.source('juno', flyby.ca_tdb_s)}, {flyby.id}, Jupiter-centred")
    print(f"{'t - CA':>8}  {'error km':>10}")
    for hours in (-24, -12, -6, -3, -1, -0.25, 0, 0.25, 1, 3, 6, 12, 24):
        t = np.array([flyby.ca_tdb_s + hours * 3600.0])
        err = np.linalg.norm(model.state_km("juno", "jupiter", t)[0]
                             - real.state_km("juno", "jupiter", t)[0])
        print(f"{hours:>+7g}h  {err:>10,.0f}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from perijove.bench import print_result, run_bench
    from perijove.render.vtk_setup import prefer_headless_window

    prefer_headless_window()
    if args.steps < 50:
        raise UserError("--steps must be at least 50 for a meaningful p95")
    result = run_bench(_PROCESS_START_S, steps=args.steps)
    if args.export:
        from perijove.bench import run_export_bench

        result.update(run_export_bench())
    print_result(result, args.json)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UserError("no display found; run the window under a virtual display "
                        "(xvfb-run -a perijove) or render offscreen with 'perijove screenshot'")
    from perijove.gui.app import run_gui

    return run_gui(args)


def main(argv: list[str] | None = None) -> int:
    from perijove.core.timescale import TimeFormatError
    from perijove.data import DataError
    from perijove.data.cli_data import cmd_data
    from perijove.ephem import EphemerisError
    from perijove.export.screenshot import ScreenshotError
    from perijove.export.video import ExportError
    from perijove.flybys.catalog import FlybyError
    from perijove.scenes import SceneFileError

    try:
        args = build_parser().parse_args(argv)
        handler = {"ephem": cmd_ephem, "screenshot": cmd_screenshot, "bench": cmd_bench,
                   "flybys": cmd_flybys, "juno-model": cmd_juno_model,
                   "export": cmd_export, "data": cmd_data}.get(
            args.command, cmd_gui)
        return handler(args)
    except (UserError, TimeFormatError, EphemerisError, ScreenshotError, FlybyError,
            ExportError, SceneFileError, DataError) as exc:
        print(f"perijove: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyError as exc:  # unknown names raised by lookups carry a sentence
        print(f"perijove: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("perijove: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `perijove flybys | head`): nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
