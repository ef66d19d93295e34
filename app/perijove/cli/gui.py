"""`perijove` with no subcommand: open the window."""

from __future__ import annotations

import argparse
import os
import sys

from perijove.cli.common import UserError


def require_display() -> None:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UserError("no display found; run the window under a virtual display "
                        "(xvfb-run -a -s \"-screen 0 1920x1080x24\" perijove) or render "
                        "offscreen with 'perijove screenshot'")


def run(args: argparse.Namespace) -> int:
    # The user's values first: a wrong flyby or time is the sentence to read, display or not.
    if getattr(args, "flyby", None):
        from perijove.flybys.catalog import find

        find(args.flyby)
    if getattr(args, "time", None):
        from perijove.core.timescale import parse_utc

        parse_utc(args.time)
    require_display()
    from perijove.gui.app import run_gui

    return run_gui(args)
