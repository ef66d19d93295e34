"""How a surface map becomes a VTK texture: read, rolled so 180 deg east is at the centre
(the globe's u = east longitude / 360), mipmapped and anisotropically filtered. Which map a
globe wears is decided in perijove.maps.catalogue."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkIOImage import vtkJPEGReader, vtkPNGReader
from vtkmodules.vtkRenderingCore import vtkTexture


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
