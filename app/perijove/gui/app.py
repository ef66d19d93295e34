"""Start the Qt application: build the model, open the main window, run the event loop."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

WINDOW_HALF_SPAN_S = 10 * 86400.0


def build_window(args: argparse.Namespace):  # noqa: ANN201 - MainWindow
    from perijove.core.clock import SimClock
    from perijove.core.timescale import parse_utc
    from perijove.ephem.system import SystemEphemeris
    from perijove.gui.main_window import MainWindow

    if getattr(args, "time", None):
        t = parse_utc(args.time)
    else:
        t = parse_utc(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    ephemeris = SystemEphemeris(getattr(args, "kernel", []) or [],
                                getattr(args, "trajectory", []) or [], use_installed=True)
    clock = SimClock(t, t - WINDOW_HALF_SPAN_S, t + WINDOW_HALF_SPAN_S)
    window = MainWindow(ephemeris, clock)
    flyby_id = getattr(args, "flyby", None)
    if flyby_id:
        window.open_flyby(flyby_id, parse_utc(args.time) if getattr(args, "time", None) else None)
    return window


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    if getattr(args, "flyby", None):
        from perijove.flybys.catalog import find

        find(args.flyby)  # an unknown id is a one-line error before any window opens

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Perijove")
    window = build_window(args)
    window.show()
    return app.exec()
