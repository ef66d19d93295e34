"""The moons' orbits as lines around their parent, one period around the current time,
resampled by the scene every half day (the state carries the samples)."""

from __future__ import annotations

from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from perijove.render.layers.base import Layer
from perijove.render.polydata import polydata
from perijove.scene.graph import NodeKind


class _OrbitLine:
    def __init__(self, colour: tuple[float, float, float]) -> None:
        self.mapper = vtkPolyDataMapper()
        self.actor = vtkActor()
        self.actor.SetMapper(self.mapper)
        prop = self.actor.GetProperty()
        prop.SetColor(*colour)
        prop.SetOpacity(0.55)
        prop.SetLineWidth(1.5)
        prop.LightingOff()
        self.sampled_at_tdb_s: float | None = None


class OrbitLayer(Layer):
    name = "orbits"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.lines: dict[str, _OrbitLine] = {}

    def sync(self, graph) -> None:  # noqa: ANN001
        nodes = {n.key: n for n in graph.nodes(NodeKind.ORBIT)}
        for key in list(self.lines):
            if key not in nodes:
                self.renderer.remove_prop(self.lines.pop(key).actor)
        for key, node in nodes.items():
            if key not in self.lines:
                self.lines[key] = _OrbitLine(node.colour)
                self.renderer.add_prop(self.lines[key].actor)

    def update(self, state, options) -> None:  # noqa: ANN001
        for key, line in self.lines.items():
            orbit = state.orbits.get(key)
            visible = orbit is not None and options.orbits
            line.actor.SetVisibility(visible)
            if orbit is None:
                continue
            if line.sampled_at_tdb_s != orbit.sampled_at_tdb_s:
                line.mapper.SetInputData(polydata(orbit.points_rel_km, polyline=True,
                                                  closed=True))
                line.sampled_at_tdb_s = orbit.sampled_at_tdb_s
            line.actor.SetPosition(*state.bodies[orbit.parent].position_km)

    def release(self) -> None:
        for line in self.lines.values():
            self.renderer.remove_prop(line.actor)
        self.lines.clear()
