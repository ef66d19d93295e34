"""`perijove show FILE`: play a planetarium show: full screen with an operator console,
as an unattended kiosk, or headless; and `perijove export --show FILE` (export_show).

Presenter keys (the output window): Space play/pause; Right, Down, Page Down next chapter;
Left, Up, Page Up previous chapter; B (or .) black-out; Esc leave. A kiosk ignores every
key and click except the exit chord Ctrl+Alt+Q.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from perijove.cli.common import DEFAULT_SIZES, UserError, add_kernel_options

DEFAULT_HEADLESS_SIZES = {"perspective": "1280x720", "fisheye": "1024x1024",
                          "equirect": "2048x1024"}


def add_parser(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("show", help="play a planetarium show (presentation, kiosk, headless)",
                       description="Play a show file (or a shipped show: juno-at-io, "
                                   "juno-moon-tour). Keys: Space play/pause, arrows or Page "
                                   "Up/Down previous/next chapter, B black-out, Esc leave; a "
                                   "kiosk leaves only on Ctrl+Alt+Q.")
    s.add_argument("file", metavar="FILE", help="a show file, or a shipped show's name")
    s.add_argument("--screen", type=int, metavar="N",
                   help="the screen for the show (0-based; default: the last screen)")
    s.add_argument("--console-screen", type=int, metavar="N",
                   help="the screen for the operator console (default: another screen than "
                        "the show's, else a window)")
    s.add_argument("--no-console", action="store_true", help="no operator console")
    s.add_argument("--projection", help="override the show's: perspective, fisheye (dome) "
                                        "or equirect (360)")
    s.add_argument("--fov", type=float, metavar="DEG",
                   help="perspective field of view or fisheye aperture")
    s.add_argument("--tilt", type=float, metavar="DEG", help="fisheye: the dome's tilt")
    s.add_argument("--face-size", type=int, metavar="PX",
                   help="cube-face size for dome and 360 output (default: as the window's "
                        "previews)")
    s.add_argument("--rate", type=float, default=1.0, metavar="X",
                   help="show seconds per second (default 1; the operator can change it)")
    s.add_argument("--chapter", type=int, metavar="N", help="start at chapter N (1-based)")
    s.add_argument("--paused", action="store_true", help="start paused (Space plays)")
    s.add_argument("--kiosk", action="store_true",
                   help="loop forever, hide the cursor, ignore input except Ctrl+Alt+Q")
    s.add_argument("--headless", action="store_true",
                   help="no window: run the clock, the remote control and offscreen frames")
    s.add_argument("--size", metavar="WxH",
                   help="headless frame size (default 1280x720; 1024x1024 dome; 2048x1024 "
                        "360)")
    s.add_argument("--fps", type=float, default=30.0,
                   help="headless: at most this many frames a second (default 30)")
    s.add_argument("--snapshot", metavar="FILE.png",
                   help="headless: keep the frame on screen in this PNG (once a second)")
    s.add_argument("--json", action="store_true",
                   help="headless: report chapters and the remote's address as JSON lines")
    s.add_argument("--remote", metavar="HOST:PORT",
                   help="serve the HTTP/WebSocket remote control and tablet page (loopback "
                        "unless told; any other address needs a token)")
    s.add_argument("--remote-token", metavar="TOKEN",
                   help="the remote's token (or set PERIJOVE_REMOTE_TOKEN)")
    s.add_argument("--osc", metavar="HOST:PORT",
                   help="listen for OSC commands from a planetarium console (UDP)")
    s.add_argument("--osc-allow", metavar="ADDR,...",
                   help="consoles allowed to send OSC (addresses or networks); needed beyond "
                        "loopback")
    add_kernel_options(s)
    s.set_defaults(handler=run)


# --- options --------------------------------------------------------------------------------


def _projection(args: argparse.Namespace, show):  # noqa: ANN001, ANN202 - Show -> Projection
    from perijove.export.show_frames import show_projection
    from perijove.scene.projection import parse_projection

    if args.projection is None and args.fov is None and args.tilt is None:
        return show_projection(show.projection)
    kind = args.projection or show.projection.kind
    same = parse_projection(kind).name == show.projection.kind
    fov = args.fov if args.fov is not None else (
        show.projection.fov_deg if same and show.projection.kind != "equirect" else None)
    tilt = args.tilt if args.tilt is not None else (
        show.projection.tilt_deg if same and show.projection.kind == "fisheye" else None)
    return parse_projection(kind, fov, tilt)


def _check_numbers(args: argparse.Namespace, show) -> None:  # noqa: ANN001
    from perijove.show.player import MAX_RATE, MIN_RATE

    if not (MIN_RATE <= args.rate <= MAX_RATE):  # also nan
        raise UserError(f"--rate {args.rate:g} must be {MIN_RATE:g} to {MAX_RATE:g} show "
                        "seconds per second")
    n = len(show.chapters)
    if args.chapter is not None and not 1 <= args.chapter <= n:
        raise UserError(f"--chapter {args.chapter} does not exist; this show has chapters "
                        f"1 to {n}")
    if not (0.5 <= args.fps <= 120):
        raise UserError(f"--fps {args.fps:g} must be between 0.5 and 120")
    if args.face_size is not None and not 16 <= args.face_size <= 8192:
        raise UserError(f"--face-size {args.face_size} must be between 16 and 8192 pixels")
    if args.remote_token and not args.remote:
        raise UserError("--remote-token goes with --remote HOST:PORT")
    if args.osc_allow and not args.osc:
        raise UserError("--osc-allow goes with --osc HOST:PORT")
    if not args.headless:
        for name in ("size", "snapshot"):
            if getattr(args, name):
                raise UserError(f"--{name} is for --headless (the window sets the size)")


def _remote_settings(args: argparse.Namespace):  # noqa: ANN202
    """(remote address, token, osc address, osc allow list), checked before anything starts."""
    from perijove.show.osc import DEFAULT_OSC_PORT, parse_allowed
    from perijove.show.remote import RemoteError, check_settings, parse_address, resolve_token

    try:
        remote = token = osc = None
        allow: list[str] = []
        if args.remote:
            remote = parse_address(args.remote)
            token = resolve_token(args.remote_token)
            check_settings(remote, token)
        if args.osc:
            osc = parse_address(args.osc, DEFAULT_OSC_PORT, "--osc")
            allow = [a for a in (args.osc_allow or "").split(",") if a.strip()]
            parse_allowed(allow)
            if not osc.is_loopback and not allow:
                raise RemoteError(f"--osc {osc} listens beyond this computer, and OSC has no "
                                  "passwords; list the consoles allowed to send with "
                                  "--osc-allow ADDRESS (or use 127.0.0.1)")
    except RemoteError as exc:
        raise UserError(str(exc)) from None
    return remote, token, osc, allow


class Servers:
    """The remote control and OSC listener of one show (either may be off)."""

    def __init__(self) -> None:
        self.remote = None
        self.osc = None

    def start(self, player, settings) -> Servers:  # noqa: ANN001
        from perijove.show.osc import OscServer
        from perijove.show.remote import RemoteError, RemoteServer

        remote, token, osc, allow = settings
        try:
            if remote is not None:
                self.remote = RemoteServer(player, remote, token).start()
            if osc is not None:
                self.osc = OscServer(player, osc, allow).start()
        except RemoteError as exc:
            self.stop()
            raise UserError(str(exc)) from None
        return self

    @property
    def any(self) -> bool:
        return self.remote is not None or self.osc is not None

    def stop(self) -> None:
        if self.osc is not None:
            self.osc.stop()
            self.osc = None
        if self.remote is not None:
            self.remote.stop()
            self.remote = None


def _emit(event: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(event), flush=True)
        return
    kind = event["event"]
    if kind == "remote":
        line = f"perijove: remote control at {event['url']}"
    elif kind == "osc":
        line = f"perijove: OSC commands on udp {event['address']}"
    elif kind == "ready":
        line = (f"perijove: show \"{event['show']}\", {event['chapters']} chapters, "
                f"{event['duration_s']:.0f} s ({event['projection']}, ready in "
                f"{event['prepare_s']:.1f} s)")
    elif kind == "credits":
        line = f"credits: first frame in {event['first_frame_ms']:.0f} ms"
    elif kind == "end":
        line = "perijove: the show has ended"
    else:
        line = (f"chapter {event['chapter'] + 1}/{event['chapters']} \"{event['title']}\": "
                f"first frame in {event['first_frame_ms']:.0f} ms")
    print(line, flush=True)


# --- running ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    from perijove.show.player import ShowPlayer
    from perijove.show.show_file import load_show

    show = load_show(args.file)
    projection = _projection(args, show)
    _check_numbers(args, show)
    remote_settings = _remote_settings(args)
    size = None
    if args.headless:
        from perijove.export.screenshot import parse_size

        size = parse_size(args.size or DEFAULT_HEADLESS_SIZES[projection.name], (8192, 8192))
        try:
            projection.check_size(size)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        if args.snapshot and Path(args.snapshot).suffix.lower() != ".png":
            raise UserError(f"--snapshot '{args.snapshot}' must end in .png")
    else:
        _require_display()
    player = ShowPlayer(show, kiosk=args.kiosk, playing=not args.paused, rate=args.rate)
    if args.chapter:
        player.goto(args.chapter - 1)
    servers = Servers().start(player, remote_settings)
    try:
        if args.headless:
            return _run_headless(args, show, projection, size, player, servers)
        from perijove.gui.presentation.app import (
            PresentationError,
            PresentationOptions,
            run_presentation,
        )

        _announce(servers, False)
        session = _session(args, show)
        # A kiosk runs unattended: no console unless a screen is given for one.
        console = not args.no_console and (not args.kiosk or args.console_screen is not None)
        try:
            return run_presentation(player, session, projection, PresentationOptions(
                screen=args.screen, console_screen=args.console_screen, console=console,
                kiosk=args.kiosk, face_px=args.face_size))
        except PresentationError as exc:
            raise UserError(str(exc)) from None
    finally:
        servers.stop()


def _require_display() -> None:
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")):
        raise UserError("no display found for the show's window; run it under a display, or "
                        "use --headless (no window) or 'perijove export --show'")


def _session(args: argparse.Namespace, show):  # noqa: ANN001, ANN202
    from perijove.session import Session

    session = Session(args.kernel, args.trajectory, show.chapters[0].start_tdb_s)
    for warning in session.warnings:
        print(f"perijove: warning: {warning}", file=sys.stderr)
    return session


def _announce(servers: Servers, as_json: bool) -> None:
    if servers.remote is not None:
        _emit({"event": "remote", "url": servers.remote.url}, as_json)
    if servers.osc is not None:
        _emit({"event": "osc", "address": f"{servers.osc.address.host}:{servers.osc.port}"},
              as_json)


def _run_headless(args: argparse.Namespace, show, projection, size, player,  # noqa: ANN001
                  servers: Servers) -> int:
    from perijove.render.vtk_setup import prefer_headless_window

    prefer_headless_window()
    from perijove.export.show_frames import ShowStage
    from perijove.export.show_live import HeadlessShow, LiveShowDrawer, ShowRunner

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    started = time.perf_counter()
    drawer = None
    try:
        session = _session(args, show)
        stage = ShowStage(show, session, projection, size)
        stage.prepare()
        drawer = LiveShowDrawer(stage, size_px=size, face_px=args.face_size)
        runner = ShowRunner(player, drawer, lambda e: _emit(e, args.json))
        _announce(servers, args.json)
        _emit({"event": "ready", "show": show.title, "chapters": len(show.chapters),
               "duration_s": player.timeline.duration_s, "projection": projection.name,
               "size": f"{size[0]}x{size[1]}",
               "prepare_s": round(time.perf_counter() - started, 2)}, args.json)
        headless = HeadlessShow(runner, max_fps=args.fps, exit_at_end=not servers.any,
                                snapshot=Path(args.snapshot) if args.snapshot else None)
        headless.run(stop)
        if not stop.is_set():
            _emit({"event": "end"}, args.json)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if drawer is not None:
            drawer.release()
    return 0


# --- perijove export --show ------------------------------------------------------------------


def export_show(args: argparse.Namespace) -> int:
    """`perijove export --show FILE`: the export options that apply to a show."""
    from tqdm import tqdm

    from perijove.cli.common import options_from
    from perijove.export.screenshot import parse_size
    from perijove.export.show_export import ShowExportSettings, ShowProgress, run_show_export
    from perijove.show.show_file import load_show

    for option, value in (("--flyby", args.flyby), ("--from", args.t_from), ("--to", args.t_to),
                          ("--camera", args.camera), ("--duration", args.duration),
                          ("--title", args.title)):
        if value is not None:
            raise UserError(f"{option} does not combine with --show (the show file gives its "
                            "chapters' flybys, times, cameras and titles)")
    show = load_show(args.show)
    # The export's --projection defaults to perspective: only a different choice, --fov or
    # --tilt overrides the show's own projection.
    override = args.projection != "perspective" or args.fov is not None or \
        args.tilt is not None
    projection = _projection(args if override else argparse.Namespace(
        projection=None, fov=None, tilt=None), show)
    out = Path(args.out)
    fmt = args.format or {".mp4": "mp4", ".webm": "webm"}.get(
        out.suffix.lower(), "png" if out.suffix == "" else None)
    if fmt is None:
        raise UserError(f"cannot tell the format from '{out.name}'; a show exports to a folder "
                        "of PNG frames (no suffix), .mp4 or .webm")
    size = parse_size(args.size or DEFAULT_SIZES[projection.name], (8192, 8192))
    if args.workers < 0:
        raise UserError(f"--workers {args.workers} must be 0 (every core) or more")
    settings = ShowExportSettings(
        show=show, out=out, projection=projection, size=size, fps=args.fps, fmt=fmt,
        face_px=args.face_size, crf=args.crf, bitrate_kbps=args.bitrate,
        workers=args.workers if args.workers > 0 else (os.cpu_count() or 1),
        kernels=args.kernel, trajectories=args.trajectory, options=options_from(args))
    n = settings.frame_count
    started = time.perf_counter()
    tqdm.monitor_interval = 0  # no monitor thread (see cli/export.py)
    bar = tqdm(total=n, unit="frame", file=sys.stderr, leave=True,
               disable=not sys.stderr.isatty() or args.progress_json, dynamic_ncols=True)

    def report(p: ShowProgress) -> None:
        if args.progress_json:
            print(json.dumps({"done": p.done, "total": p.total, "fps": round(p.fps, 2),
                              "eta_s": round(p.eta_s, 1)}), flush=True)
        bar.update(p.done - bar.n)

    try:
        run_show_export(settings, report)
    finally:
        bar.close()
    elapsed = time.perf_counter() - started
    print(f"perijove: {n}/{n} frames ({n / settings.fps:.3f} s of show at {settings.fps} fps) "
          f"in {elapsed:.1f} s", file=sys.stderr)
    print(f"wrote {out}")
    return 0
