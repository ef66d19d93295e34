"""Shared by the packaging tests: the sdist and wheel, built once per session from this checkout."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The repository's data folders and where they sit inside the installed package
# (pyproject.toml's package-dir).
DATA_FOLDERS = {"assets": "perijove/assets", "scenes": "perijove/scenes_shipped"}
JUNK = ("__pycache__", ".pyc", ".pyo")


@dataclass(frozen=True)
class Dists:
    wheel: Path
    sdist: Path

    def wheel_names(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as z:
            return set(z.namelist())


def checkout_files(folder: str) -> list[Path]:
    """Every file under a top-level folder of the checkout, as the build sees it."""
    return sorted(p for p in (ROOT / folder).rglob("*")
                  if p.is_file() and not any(j in str(p) for j in JUNK))


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """`python -m build`: the sdist, then the wheel built from that sdist, as a release is."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package is not installed (pip install -e '.[test]' installs it)")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    (wheel,), (sdist,) = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    return Dists(wheel, sdist)


@pytest.fixture(scope="session")
def unpacked_wheel(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel's contents, as an installer would lay them into site-packages."""
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(dists.wheel) as z:
        z.extractall(target)
    return target
