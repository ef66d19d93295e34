"""Start the Qt application: build the session, open the main window, run the event loop."""

from __future__ import annotations

import argparse
import sys


def build_window(args: argparse.Namespace):  # noqa: ANN201 - MainWindow
    from perijove.core.timescale import parse_utc
    from perijove.gui.main_window import MainWindow
    from perijove.session import Session

    t = parse_utc(args.time) if getattr(args, "time", None) else None
    session = Session(getattr(args, "kernel", []) or [], getattr(args, "trajectory", []) or [],
                      t, build_maps=False)
    window = MainWindow(session)
    flyby_id = getattr(args, "flyby", None)
    if flyby_id:
        window.open_flyby(flyby_id, t)
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
