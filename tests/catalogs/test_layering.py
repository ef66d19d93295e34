"""The catalogue modules never import Qt or VTK (the model/render split of the project guide)."""

from __future__ import annotations

import subprocess
import sys

MODULES = ["perijove.catalogs.stars", "perijove.catalogs.star_colour",
           "perijove.catalogs.star_brightness", "perijove.catalogs.star_names",
           "perijove.catalogs.milky_way", "perijove.catalogs.gaia_merged",
           "perijove.catalogs.hipparcos", "perijove.catalogs.photometry",
           "perijove.catalogs.catalog_cache", "perijove.catalogs.assets"]

CODE = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'PySide6', 'shiboken6', 'vtkmodules', 'vtk'}:
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
""" + "\n".join(f"import {m}" for m in MODULES) + """
from perijove.catalogs.stars import load_stars
from perijove.catalogs.milky_way import load_milky_way_map
"""


def test_catalogue_modules_import_without_qt_or_vtk() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
