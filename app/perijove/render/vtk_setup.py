"""Choose VTK's OpenGL window before the first window is made: EGL when there is no display.

Only when there is no display: setting it process-wide with a display present would also
turn the GUI's on-screen VTK widget into an EGL window, which draws garbage under X.
"""

from __future__ import annotations

import os


def prefer_headless_window() -> None:
    """Use EGL offscreen windows (no X needed) when no display is available."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
