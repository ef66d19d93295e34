"""The model never imports Qt or VTK; render and export never import Qt (enforced here)."""

from __future__ import annotations

import subprocess
import sys

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def __init__(self, names): self.names = names
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in self.names:
            raise ImportError('blocked by layering test: ' + name)
sys.meta_path.insert(0, Block({blocked!r}))
"""


def _import_with_blocked(modules: list[str], blocked: set[str]) -> subprocess.CompletedProcess:
    code = BLOCKER.format(blocked=blocked) + "\n".join(f"import {m}" for m in modules)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


MODEL = ["perijove.core.clock", "perijove.core.timescale", "perijove.core.bodies",
         "perijove.core.rotation", "perijove.ephem.system", "perijove.ephem.spice_kernels",
         "perijove.ephem.moons_analytic", "perijove.ephem.planets", "perijove.ephem.juno",
         "perijove.ephem.juno_model", "perijove.ephem.trajectory_table",
         "perijove.flybys.catalog", "perijove.scenes.scene_file", "perijove.scenes.camera_path",
         "perijove.data.manifest", "perijove.data.download", "perijove.data.registry",
         "perijove.data.status", "perijove.data.cli_data"]


def test_model_packages_import_without_qt_or_vtk() -> None:
    result = _import_with_blocked(MODEL, {"PySide6", "shiboken6", "vtkmodules", "vtk"})
    assert result.returncode == 0, result.stderr


def test_render_and_export_import_without_qt() -> None:
    result = _import_with_blocked(
        ["perijove.render.scene_view", "perijove.render.flyby_scene", "perijove.export.screenshot",
         "perijove.export.video", "perijove.export.encoders", "perijove.bench"],
        {"PySide6", "shiboken6"},
    )
    assert result.returncode == 0, result.stderr


def test_blocker_really_blocks() -> None:
    result = _import_with_blocked(["perijove.gui.main_window"], {"PySide6", "shiboken6"})
    assert result.returncode != 0 and "blocked by layering test" in result.stderr
