"""Opening the real window in GUI tests, one way for all of them."""

from __future__ import annotations

import argparse

T_PJ57_CA = "2023-12-30T08:36:00Z"


def open_window(qtbot, time_utc: str = T_PJ57_CA):  # noqa: ANN001, ANN201 - MainWindow
    """The window at `time_utc`, 1200x800, shown, exposed and rendered once."""
    from perijove.gui.app import build_window

    w = build_window(argparse.Namespace(time=time_utc, kernel=[]))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.vtk_widget.GetRenderWindow().Render()
    return w
