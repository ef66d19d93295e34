"""Start the Qt application: build the session, open the main window, run the event loop.

With no --time or --flyby, the window opens where most people come for (PJ57, Juno half an
hour before its 1,500 km pass over Io) or on today's date, as the user chose last time; the
first time, a welcome card explains what is shown. The choice is kept with QSettings.
"""

from __future__ import annotations

import argparse
import sys

from perijove.gui.settings import SETTINGS_START, SETTINGS_WELCOME, settings

__all__ = ["SETTINGS_START", "SETTINGS_WELCOME", "build_window", "run_gui", "settings"]

START_FLYBY = "PJ57-Io"


def build_window(args: argparse.Namespace, first_run_card: bool = False):  # noqa: ANN201
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
    elif t is None:
        store = settings()
        if str(store.value(SETTINGS_START, "flyby")) != "today":
            window.open_flyby(START_FLYBY)
        if first_run_card and str(store.value(SETTINGS_WELCOME, "true")) == "true":
            window.show_welcome()
    return window


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    if getattr(args, "flyby", None):
        from perijove.flybys.catalog import find

        find(args.flyby)  # an unknown id is a one-line error before any window opens

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Perijove")
    app.setDesktopFileName("io.github.perijove.Perijove")
    window = build_window(args, first_run_card=True)
    window.show()
    return app.exec()
