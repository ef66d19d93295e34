"""The desktop entry, the AppStream metainfo and the icons: valid by the Debian tools, and
consistent with each other, with pyproject.toml and with the renders in docs/."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT

APP_ID = "io.github.perijove.Perijove"
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICON_SIZES_PX = (16, 24, 32, 48, 64, 128, 256, 512)


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_is_valid() -> None:
    result = subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                            capture_output=True, text=True)
    # Silent on success: any error, warning or hint is printed.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_appstream_metainfo_is_valid() -> None:
    result = subprocess.run([tool("appstreamcli", "appstream"), "validate", "--no-net",
                             "--explain", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_names_the_command_and_the_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Perijove"
    assert entry["Exec"].split()[0] == "perijove"  # the console script of pyproject.toml
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "perijove" in pyproject["project"]["scripts"]
    assert entry["Icon"] == APP_ID


def test_metainfo_matches_the_desktop_entry_and_the_licence() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("name") == desktop_entry()["Name"]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert root.findtext("project_license") == pyproject["project"]["license"]["text"]
    assert root.find("content_rating").get("type").startswith("oars-")
    assert root.findtext("provides/binary") == "perijove"


def test_screenshots_are_the_apps_renders_in_docs() -> None:
    shots = ET.parse(METAINFO).getroot().findall("screenshots/screenshot")
    assert len(shots) >= 3
    assert [s.get("type") for s in shots].count("default") == 1
    for shot in shots:
        image = shot.find("image")
        render = ROOT / "docs" / Path(image.text.strip()).name
        assert render.is_file(), f"{image.text} is not one of the renders in docs/"
        with Image.open(render) as im:
            assert im.size == (int(image.get("width")), int(image.get("height")))
        assert shot.findtext("caption")


@pytest.mark.parametrize("size_px", ICON_SIZES_PX)
def test_icon_at_each_size(size_px: int) -> None:
    with Image.open(PACKAGING / "icons" / f"{size_px}x{size_px}" / f"{APP_ID}.png") as im:
        assert im.size == (size_px, size_px) and im.mode == "RGBA"
        alpha = im.getchannel("A")
        # A globe on a transparent background: clear corners, opaque centre.
        corner = alpha.getpixel((0, 0))
        centre = alpha.getpixel((size_px // 2, size_px // 2))
        assert (corner, centre) == (0, 255)
