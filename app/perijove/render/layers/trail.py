"""Juno's trail: a line through past and coming positions, fading with age, drawn at its
anchor body (the flyby moon) so the path past the moon stays steady and precise near it."""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from perijove.render.layers.base import Layer
from perijove.render.polydata import polydata
from perijove.scene.graph import NodeKind


class TrailLayer(Layer):
    name = "trail"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.actors: dict[str, tuple[vtkActor, vtkPolyDataMapper]] = {}

    def sync(self, graph) -> None:  # noqa: ANN001
        keys = {n.key for n in graph.nodes(NodeKind.TRAIL)}
        for key in list(self.actors):
            if key not in keys:
                self.renderer.remove_prop(self.actors.pop(key)[0])
        for key in keys - set(self.actors):
            mapper = vtkPolyDataMapper()
            mapper.SetColorModeToDirectScalars()
            mapper.ScalarVisibilityOn()
            actor = vtkActor()
            actor.SetMapper(mapper)
            actor.GetProperty().SetLineWidth(2.0)
            actor.GetProperty().LightingOff()
            self.actors[key] = (actor, mapper)
            self.renderer.add_prop(actor)

    def update(self, state, options) -> None:  # noqa: ANN001
        for key, (actor, mapper) in self.actors.items():
            trail = state.trails.get(key)
            actor.SetVisibility(trail is not None and options.trail)
            if trail is None or not options.trail:
                continue
            n = len(trail.points_rel_km)
            rgba = np.empty((n, 4), dtype=np.uint8)
            rgba[:, :3] = np.rint(np.asarray(trail.colour) * 255)
            rgba[:, 3] = np.rint(trail.alpha * 255)
            mapper.SetInputData(polydata(trail.points_rel_km, polyline=True, colours_rgba=rgba))
            actor.SetPosition(*state.bodies[trail.anchor].position_km)

    def release(self) -> None:
        for actor, _ in self.actors.values():
            self.renderer.remove_prop(actor)
        self.actors.clear()
