"""`perijove screenshot`: render one frame offscreen (EGL, no display) into a PNG."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from perijove.cli.common import (
    UserError,
    add_kernel_options,
    add_view_options,
    options_from,
    parse_look,
    projection_from,
    session_from,
)


def add_parser(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("screenshot", help="render one frame offscreen to a PNG")
    s.add_argument("--time", metavar="T")
    s.add_argument("--flyby", metavar="ID", help="a flyby id, e.g. PJ57-Io")
    s.add_argument("--at-ca", action="store_true", help="at the flyby's closest approach")
    s.add_argument("--camera", help="camera mode for a flyby: follow, from-juno, target "
                                    "(default) or overview")
    s.add_argument("--size", default="1280x720", metavar="WxH")
    s.add_argument("--out", required=True, metavar="FILE.png")
    s.add_argument("--focus", metavar="BODY")
    s.add_argument("--distance", type=float, metavar="KM")
    s.add_argument("--look", metavar="RA,DEC",
                   help="point the view axis at this sky direction (degrees, ICRF), north up")
    add_view_options(s)
    add_kernel_options(s)
    s.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from perijove.core.bodies import BODIES, MOON_NAMES
    from perijove.core.timescale import parse_utc
    from perijove.export.screenshot import (
        check_output_path,
        look_camera,
        parse_size,
        render_screenshot,
    )
    from perijove.flybys.catalog import find
    from perijove.scene.camera_modes import BodyMode, default_distance_km

    projection = projection_from(args)
    options = options_from(args)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UserError(f"--out '{out}' must end in .png")
    check_output_path(out)  # before anything slow: a bad --out is said at once
    size = parse_size(args.size, (8192, 8192))
    try:
        projection.check_size(size)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    look = parse_look(args.look) if args.look else None
    if args.distance is not None and not (0 < args.distance < 1e10):  # also nan and inf
        raise UserError("--distance must be a positive number of kilometres")
    if args.focus is not None and (args.focus.lower() not in BODIES or args.focus == "sun"):
        if args.focus.lower() != "juno":
            raise UserError(f"unknown body '{args.focus}' for --focus; choose one of: "
                            + ", ".join(b for b in BODIES if b != "sun"))
    if args.flyby:
        if args.focus or args.distance is not None:
            raise UserError("--focus and --distance do not combine with --flyby; use --camera")
        flyby = find(args.flyby)
        if args.at_ca == bool(args.time):
            raise UserError("with --flyby give exactly one of --at-ca or --time T")
        t = flyby.ca_tdb_s if args.at_ca else parse_utc(args.time)
    else:
        if args.at_ca or args.camera:
            raise UserError("--at-ca and --camera need --flyby ID")
        if not args.time:
            raise UserError("give --time T (or --flyby ID --at-ca)")
        t = parse_utc(args.time)
    session = session_from(args, t)
    for warning in session.warnings:
        print(f"perijove: warning: {warning}", file=sys.stderr)
    # A moon kernel given on the command line must cover the time (not a silent fallback).
    for name in MOON_NAMES:
        session.ephemeris.require_coverage(name, np.array([t]))
    session.options = options
    session.set_projection(projection, size[0] / size[1])
    if args.flyby:
        if args.at_ca and not flyby.ca_is_known and not session.ephemeris.source(
                "juno", t).is_measured:
            raise UserError(f"{flyby.id}'s closest approach is published to the day only, and "
                            "no trajectory covers it (only an illustrative orbit); give Juno's "
                            "kernel with --kernel, or choose another flyby")
        session.open_flyby(flyby.id, t, camera=args.camera or "target")
    camera = None
    focus = (args.focus or ("jupiter" if not args.flyby else None))
    if focus is not None and (args.focus or args.distance is not None or look):
        focus = focus.lower()
        distance = args.distance or default_distance_km(focus)
        if look:
            if session.state().position_of(focus) is None:
                raise UserError(f"'{focus}' is not in the scene at that time")
            camera = look_camera(session, focus, distance, *look)
        else:
            session.set_camera_mode(BodyMode(body=focus, distance_km=distance)
                                    if focus != "jupiter" or args.distance else
                                    session.camera_mode("jupiter"))
    render_screenshot(session, size, out, camera, args.face_size)
    print(f"wrote {out}")
    return 0
