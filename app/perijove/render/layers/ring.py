"""Jupiter's main ring: a faint annulus in Jupiter's equatorial plane.

Radii 122,500-129,000 km from Jupiter's centre: Burns et al. (2004), "Jupiter's ring-moon
system", in Jupiter: The Planet, Satellites and Magnetosphere (Cambridge), Table 11.1.
Its normal optical depth is only ~1e-6 (same source), so it is drawn barely visible.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersSources import vtkDiskSource
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from perijove.render.layers.base import Layer

INNER_RADIUS_KM = 122_500.0
OUTER_RADIUS_KM = 129_000.0


class RingLayer(Layer):
    name = "ring"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        disk = vtkDiskSource()
        disk.SetInnerRadius(INNER_RADIUS_KM)
        disk.SetOuterRadius(OUTER_RADIUS_KM)
        disk.SetCircumferentialResolution(256)
        disk.SetRadialResolution(2)
        mapper = vtkPolyDataMapper()
        mapper.SetInputConnection(disk.GetOutputPort())
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        prop = self.actor.GetProperty()
        prop.SetColor(0.75, 0.62, 0.5)
        prop.SetOpacity(0.18)
        prop.LightingOff()
        prop.BackfaceCullingOff()
        self._matrix = vtkMatrix4x4()
        self.actor.SetUserMatrix(self._matrix)
        self.actor.SetVisibility(False)
        renderer.add_prop(self.actor)

    def update(self, state, options) -> None:  # noqa: ANN001
        jupiter = state.bodies.get("jupiter")
        self.actor.SetVisibility(options.ring and jupiter is not None)
        if jupiter is None:
            return
        m = np.eye(4)
        m[:3, :3] = jupiter.body_to_icrf  # the disk lies in its frame's x-y plane: the equator
        m[:3, 3] = jupiter.position_km
        self._matrix.DeepCopy(m.ravel())
        self.actor.Modified()

    def release(self) -> None:
        self.renderer.remove_prop(self.actor)
