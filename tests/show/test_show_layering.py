"""The show model and its remote controls import without Qt or VTK (the Session and the
headless node use them with no window)."""

from __future__ import annotations

from tests.test_layering import _import_with_blocked

SHOW_MODULES = ["perijove.show.show_file", "perijove.show.player", "perijove.show.remote",
                "perijove.show.osc"]


def test_show_modules_import_without_qt_or_vtk() -> None:
    result = _import_with_blocked(SHOW_MODULES, {"PySide6", "shiboken6", "vtkmodules", "vtk"})
    assert result.returncode == 0, result.stderr
