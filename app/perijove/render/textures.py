"""How a surface map becomes a VTK texture: its pixels (maps/pixels.py: decoded and rolled
so 180 deg east is at the centre) in a mipmapped, anisotropically filtered texture. Which map
a globe wears is decided in perijove.maps.catalogue."""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkRenderingCore import vtkTexture

from perijove.maps.catalogue import SurfaceMap
from perijove.maps.pixels import map_pixels


def texture_from_pixels(pixels: np.ndarray) -> vtkTexture:
    """A texture of (h, w, c) uint8 pixels, rows bottom-up; mipmaps stop shimmer on distant
    globes."""
    h, w, c = pixels.shape
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    array = numpy_to_vtk(pixels.reshape(h * w, c), deep=True)
    array.SetName("pixels")
    image.GetPointData().SetScalars(array)
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.InterpolateOn()
    texture.MipmapOn()
    # 4x: 8x cost ~20 ms more a frame on llvmpipe at 1280x720 for little visible gain.
    texture.SetMaximumAnisotropicFiltering(4.0)
    texture.RepeatOff()
    texture.EdgeClampOn()
    return texture


def load_texture(surface: SurfaceMap) -> vtkTexture:
    return texture_from_pixels(map_pixels(surface))
