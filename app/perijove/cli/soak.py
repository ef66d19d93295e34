"""`perijove soak --minutes N`: play every flyby at the fastest rate in the real window and
report memory growth and the slowest frame."""

from __future__ import annotations

import argparse
import math

from perijove.cli.common import UserError


def add_parser(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("soak", help="play every flyby at full speed in the window for a while; "
                                    "report memory growth and the slowest frame")
    s.add_argument("--minutes", type=float, default=60.0)
    s.add_argument("--warm-up", type=float, default=5.0, metavar="MINUTES",
                   help="memory growth is measured after this (default 5)")
    s.add_argument("--json", action="store_true", help="end with one JSON line")
    s.add_argument("--log", metavar="FILE",
                   help="append one JSON line per flyby played (memory, frame times) to FILE")
    s.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from perijove.cli import gui

    if not (math.isfinite(args.minutes) and 0 < args.minutes <= 7 * 24 * 60):
        raise UserError(f"--minutes {args.minutes:g} must be more than 0 and at most a week")
    if not (math.isfinite(args.warm_up) and 0 <= args.warm_up < args.minutes):
        raise UserError(f"--warm-up {args.warm_up:g} must be from 0 to less than --minutes")
    if args.log:
        try:
            with open(args.log, "a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise UserError(f"--log '{args.log}' cannot be written ({exc.strerror or exc})"
                            ) from None
    gui.require_display()
    from perijove.gui.soak import run_soak

    return run_soak(args.minutes, args.json, args.warm_up * 60.0, args.log)
