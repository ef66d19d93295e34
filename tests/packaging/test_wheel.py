"""The sdist and the wheel carry the whole app: every module, asset, scene and show file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.conftest import ROOT
from tests.packaging.conftest import DATA_FOLDERS, Dists, checkout_files


def test_wheel_holds_every_file_under_assets_and_scenes(dists: Dists) -> None:
    names = dists.wheel_names()
    expected = {
        f"{inside}/{path.relative_to(ROOT / folder).as_posix()}"
        for folder, inside in DATA_FOLDERS.items() for path in checkout_files(folder)
    }
    assert any(name.endswith("flybys.csv") for name in expected)  # the comparison has teeth
    assert sorted(expected - names) == []


def test_wheel_holds_every_module_of_the_package(dists: Dists) -> None:
    # Modules move between subpackages and new subpackages appear; none may be left behind.
    names = dists.wheel_names()
    modules = {p.relative_to(ROOT / "app").as_posix() for p in (ROOT / "app").rglob("*.py")}
    assert len(modules) > 50
    assert sorted(modules - names) == []


def test_sdist_holds_the_data_changelog_and_packaging(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        names = {n.removeprefix(top + "/") for n in tar.getnames()}
    wanted = {p.relative_to(ROOT).as_posix() for folder in DATA_FOLDERS
              for p in checkout_files(folder)}
    wanted |= {"CHANGELOG.md", "setup.py", "packaging/build", "packaging/perijove.spec",
               "packaging/io.github.perijove.Perijove.desktop",
               "packaging/io.github.perijove.Perijove.metainfo.xml"}
    assert sorted(wanted - names) == []


# Runs inside the installed copy: records every file Python opens while the command line
# lists the flybys, computes Juno's state from the embedded model and renders a flyby frame.
AUDIT = """
import json, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        opened.append(os.path.abspath(os.fspath(args[0])))
sys.addaudithook(hook)
import perijove
from perijove.cli import main
codes = [main(a) for a in (
    ["flybys", "--format", "json"],
    ["ephem", "juno", "--center", "io", "--at", "2023-12-30T08:36:01Z"],
    ["screenshot", "--flyby", "PJ57-Io", "--at-ca", "--size", "320x180", "--out", "shot.png"],
)]
with open(sys.argv[1], "w") as f:
    json.dump({"codes": codes, "package": perijove.__file__, "opened": opened}, f)
"""


def test_installed_code_reads_its_data_from_the_wheel_not_the_checkout(
    unpacked_wheel: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(unpacked_wheel)  # ahead of the checkout's editable install
    report = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-c", AUDIT, str(report)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(report.read_text())
    assert seen["codes"] == [0, 0, 0], result.stderr[-3000:]
    assert Path(seen["package"]).is_relative_to(unpacked_wheel)
    opened = [Path(p) for p in seen["opened"]]
    venv = Path(sys.prefix).resolve()  # the checkout's .venv holds the dependencies
    from_checkout = [p for p in opened if p.is_relative_to(ROOT) and not p.is_relative_to(venv)]
    assert from_checkout == [], "the installed app reached into the checkout"
    data_read = {p.relative_to(unpacked_wheel).as_posix() for p in opened
                 if any(p.is_relative_to(unpacked_wheel / inside)
                        for inside in DATA_FOLDERS.values())}
    assert {"perijove/assets/flybys.csv", "perijove/assets/juno_model.json"} <= data_read
    assert (tmp_path / "shot.png").stat().st_size > 1000
