"""Choose VTK's OpenGL window before the first window is made: EGL when there is no display."""

from __future__ import annotations

import os


def prefer_headless_window() -> None:
    """Use EGL offscreen windows (no X needed) unless the user forced another class."""
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
