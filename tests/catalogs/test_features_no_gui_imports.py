"""The catalogue modules are model code: they import without Qt or VTK."""

from __future__ import annotations

from tests.test_layering import _import_with_blocked

MODULES = ["perijove.catalogs.tables", "perijove.catalogs.surface_position",
           "perijove.catalogs.features", "perijove.catalogs.feature_notes",
           "perijove.catalogs.hotspots"]


def test_catalogue_modules_import_without_qt_or_vtk() -> None:
    result = _import_with_blocked(MODULES, {"PySide6", "shiboken6", "vtkmodules", "vtk"})
    assert result.returncode == 0, result.stderr
