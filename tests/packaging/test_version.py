"""One version, in perijove.__version__: the build, the command line, the changelog and the
AppStream releases all agree with it."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
import zipfile

from packaging.version import Version

import perijove
from tests.conftest import ROOT, run_cli
from tests.packaging.conftest import Dists

METAINFO = ROOT / "packaging" / "io.github.perijove.Perijove.metainfo.xml"


def changelog_releases() -> dict[str, str]:
    """Version -> date (or 'Unreleased') from CHANGELOG.md's '## [X.Y.Z] - DATE' headings."""
    text = (ROOT / "CHANGELOG.md").read_text()
    return dict(re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\S+)", text, re.M))


def test_version_is_a_release_number() -> None:
    assert str(Version(perijove.__version__)) == perijove.__version__


def test_perijove_version_prints_the_single_source() -> None:
    r = run_cli("--version", timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"perijove {perijove.__version__}\n"


def test_pyproject_reads_the_version_from_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "perijove.__version__"}


def test_built_wheel_carries_the_version(dists: Dists) -> None:
    assert dists.wheel.name.startswith(f"perijove-{perijove.__version__}-")
    with zipfile.ZipFile(dists.wheel) as z:
        metadata = z.read(f"perijove-{perijove.__version__}.dist-info/METADATA").decode()
    assert f"\nVersion: {perijove.__version__}\n" in metadata


def test_changelog_has_the_current_version() -> None:
    assert perijove.__version__ in changelog_releases()


def test_appstream_releases_are_the_changelogs_dated_releases() -> None:
    dated = {v: d for v, d in changelog_releases().items() if re.fullmatch(r"\d{4}-\d\d-\d\d", d)}
    releases = ET.parse(METAINFO).getroot().find("releases")
    listed = {r.get("version"): r.get("date") for r in releases.findall("release")}
    assert dated and listed == dated
