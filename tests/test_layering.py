"""Rooms and doors: the model never imports Qt or VTK; render and export never import Qt; no
layer imports a higher one. Declared in pyproject.toml ([tool.importlinter]) and checked here
with import-linter (imports inside functions count), plus a run-time blocker that really
imports the modules with Qt and VTK made unimportable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

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


def _modules(*packages: str) -> list[str]:
    out = []
    for package in packages:
        folder = ROOT / "app" / Path(*package.split("."))
        if folder.is_dir():
            out += [f"{package}.{p.stem}" if p.stem != "__init__" else package
                    for p in sorted(folder.glob("*.py"))]
        else:
            out.append(package)
    return out


MODEL = _modules("perijove.core", "perijove.ephem", "perijove.flybys", "perijove.data",
                 "perijove.scene", "perijove.maps", "perijove.catalogs", "perijove.show",
                 "perijove.session")
NO_QT = _modules("perijove.render", "perijove.render.layers", "perijove.render.outputs",
                 "perijove.export", "perijove.bench")


def test_model_packages_import_without_qt_or_vtk() -> None:
    assert len(MODEL) > 40
    result = _import_with_blocked(MODEL, {"PySide6", "shiboken6", "vtkmodules", "vtk"})
    assert result.returncode == 0, result.stderr


def test_render_and_export_import_without_qt() -> None:
    result = _import_with_blocked(NO_QT, {"PySide6", "shiboken6"})
    assert result.returncode == 0, result.stderr


def test_blocker_really_blocks() -> None:
    result = _import_with_blocked(["perijove.gui.main_window"], {"PySide6", "shiboken6"})
    assert result.returncode != 0 and "blocked by layering test" in result.stderr


def _lint_imports(config: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return subprocess.run([exe, "--config", str(config), "--no-cache"], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_declared_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_import_contracts_catch_a_violation(tmp_path) -> None:
    # The same tool with one contract the code breaks on purpose (the window imports Qt):
    # it must say so, or a green run above would prove nothing.
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "perijove"\n'
                      "include_external_packages = true\n"
                      "[[tool.importlinter.contracts]]\nname = \"probe\"\n"
                      'type = "forbidden"\nsource_modules = ["perijove.gui"]\n'
                      'forbidden_modules = ["PySide6"]\n')
    result = _lint_imports(config)
    assert result.returncode != 0 and "BROKEN" in result.stdout.upper()
