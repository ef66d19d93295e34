"""Where the window's choices persist between sessions (QSettings, one file per user): the
start view and the welcome card (perijove.gui.app), View > Sky (the main window)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

SETTINGS_START = "start/view"  # "flyby" or "today"
SETTINGS_WELCOME = "start/welcome"  # show the welcome card
SETTINGS_SKY = "sky/"  # + a View > Sky option's key


def settings() -> QSettings:
    return QSettings("Perijove", "Perijove")
