"""Named surface features (IAU Gazetteer): a small dot on the globe at each feature big enough on
screen to be named, and the catalogue as surface points for the labels (render/annotations.py
lays those out with every other label, scene/surface_labels.py decides which are seen).

The dots are drawn in the scene, so the globe in front hides them exactly; the labels beside
them come from the same positions. Which bodies and feature types show follows ViewOptions
(`features`, `features_hidden`). A missing or corrupt table shows nothing for that body; the
one-line warning is `feature_warnings()`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

from perijove.catalogs.features import BODIES as FEATURE_BODIES
from perijove.catalogs.features import load_features
from perijove.render.layers.base import DrawContext, Layer
from perijove.render.polydata import polydata
from perijove.scene.graph import NodeKind
from perijove.scene.options import ViewOptions
from perijove.scene.surface_labels import (
    MIN_LABEL_DIAMETER_PX,
    UNSIZED_DIAMETER_KM,
    SurfaceSet,
)

FEATURE_COLOUR = (0.98, 0.84, 0.56)
DOT_PX = 4.0
# None: the shipped tables (assets/features); tests point this at a folder of broken ones.
FEATURE_DIRECTORY: Path | None = None


@lru_cache(maxsize=8)
def _catalogue(directory: Path | None) -> tuple[dict, tuple[str, ...]]:
    """{body: (SurfaceSet of every feature, feature types in the same order)}, warnings."""
    sets, warnings = {}, []
    for body in FEATURE_BODIES:
        loaded = load_features(body, directory=directory)
        if loaded.warning:
            warnings.append(loaded.warning)
        items = loaded.items
        unit = np.array([f.unit_vector() for f in items]).reshape(-1, 3)
        diameters = np.array([np.nan if f.diameter_km is None else f.diameter_km
                              for f in items], float)
        surface = SurfaceSet(body, tuple(f"feature:{body}:{f.name}" for f in items),
                             tuple(f.name for f in items), unit, diameters, FEATURE_COLOUR)
        sets[body] = (surface, tuple(f.feature_type for f in items))
    return sets, tuple(warnings)


def feature_warnings() -> tuple[str, ...]:
    """One sentence per feature table that could not be read (its body shows no features)."""
    return _catalogue(FEATURE_DIRECTORY)[1]


def _subset(s: SurfaceSet, keep: np.ndarray) -> SurfaceSet:
    idx = np.flatnonzero(keep)
    return SurfaceSet(s.body, tuple(s.keys[i] for i in idx), tuple(s.names[i] for i in idx),
                      s.unit_vectors[idx], s.diameters_km[idx], s.colour)


@lru_cache(maxsize=32)
def _shown(directory: Path | None, features: bool, hidden: frozenset[str]
           ) -> tuple[SurfaceSet, ...]:
    options = ViewOptions(features=features, features_hidden=hidden)
    out = []
    for body, (surface, types) in _catalogue(directory)[0].items():
        if not options.shows_features(body) or len(surface) == 0:
            continue
        keep = np.array([options.shows_features(body, t) for t in types], bool)
        out.append(surface if keep.all() else _subset(surface, keep))
    return tuple(out)


def shown_feature_sets(options: ViewOptions) -> tuple[SurfaceSet, ...]:
    """The features the options show, one SurfaceSet per body (empty when features are off)."""
    if not options.features:
        return ()
    return _shown(FEATURE_DIRECTORY, True, frozenset(options.features_hidden))


class _BodyDots:
    def __init__(self, surface: SurfaceSet) -> None:
        self.surface = surface
        self.mapper = vtkPolyDataMapper()
        self.actor = vtkActor()
        self.actor.SetMapper(self.mapper)
        prop = self.actor.GetProperty()
        prop.LightingOff()
        prop.SetColor(*FEATURE_COLOUR)
        prop.SetPointSize(DOT_PX)
        prop.SetRenderPointsAsSpheres(True)
        self.matrix = vtkMatrix4x4()
        self.actor.SetUserMatrix(self.matrix)
        self.pose = np.eye(4)  # body frame (km) -> world, without the lift
        self.shown: tuple[int, ...] | None = None

    def set_surface(self, surface: SurfaceSet) -> None:
        if surface is not self.surface:
            self.surface = surface
            self.shown = None

    def show(self, indices: np.ndarray, radii_km: np.ndarray) -> None:
        key = tuple(int(i) for i in indices)
        if key == self.shown:
            return
        self.shown = key
        points = self.surface.unit_vectors[indices] * radii_km if len(indices) else \
            np.zeros((0, 3))
        self.mapper.SetInputData(polydata(points, vertices=True))


class FeatureLayer(Layer):
    """One set of dots per moon with named features; only features big enough on screen to be
    labelled get a dot (MIN_LABEL_DIAMETER_PX), so a far globe is not speckled."""

    name = "features"

    def __init__(self, renderer) -> None:  # noqa: ANN001
        super().__init__(renderer)
        self.dots: dict[str, _BodyDots] = {}
        self.state = None
        self.sets: dict[str, SurfaceSet] = {}
        self.graph_bodies: set[str] = set()

    def sync(self, graph) -> None:  # noqa: ANN001
        keys = {n.key for n in graph.nodes(NodeKind.BODY) if n.key in FEATURE_BODIES}
        for key in list(self.dots):
            if key not in keys:
                self.renderer.remove_prop(self.dots.pop(key).actor)
        self.graph_bodies = keys

    def update(self, state, options: ViewOptions) -> None:  # noqa: ANN001
        self.state = state
        self.sets = {s.body: s for s in shown_feature_sets(options)
                     if s.body in self.graph_bodies}
        for body, surface in self.sets.items():
            if body not in self.dots:
                self.dots[body] = _BodyDots(surface)
                self.renderer.add_prop(self.dots[body].actor)
            self.dots[body].set_surface(surface)
        for body, dots in self.dots.items():
            b = state.bodies.get(body)
            on = body in self.sets and b is not None
            dots.actor.SetVisibility(on)
            if on:
                dots.pose[:3, :3] = b.body_to_icrf
                dots.pose[:3, 3] = b.position_km

    def before_draw(self, ctx: DrawContext) -> None:
        state = self.state
        if state is None:
            return
        eye = np.asarray(ctx.camera.position_km, float)
        for body, dots in self.dots.items():
            if body not in self.sets or body not in state.bodies:
                continue
            b = state.bodies[body]
            surface = self.sets[body]
            radii = np.asarray(b.radii_km, float)
            points = b.position_km + (surface.unit_vectors * radii) @ b.body_to_icrf.T
            dist = np.linalg.norm(points - eye, axis=1)
            diameter = np.where(np.isnan(surface.diameters_km), UNSIZED_DIAMETER_KM,
                                surface.diameters_km)
            size_px = diameter / np.maximum(dist, 1e-9) * ctx.pixels_per_radian
            dots.show(np.flatnonzero(size_px >= MIN_LABEL_DIAMETER_PX), radii)
            # Lift the dots off the faceted globe: the chord error of its tessellation, with
            # room to spare, or 0.2 % of the radius (scene/globes: segments chosen per pass).
            segments = self.renderer.globes.globes[body].segments \
                if body in self.renderer.globes.globes else 256
            sag = float(radii.max()) * (1.0 - np.cos(np.pi / segments))
            lift = 1.0 + max(0.002, 2.0 * sag / float(radii.max()))
            m = dots.pose.copy()
            m[:3, :3] *= lift
            dots.matrix.DeepCopy(m.ravel())
            dots.actor.Modified()

    def release(self) -> None:
        for dots in self.dots.values():
            self.renderer.remove_prop(dots.actor)
        self.dots.clear()
