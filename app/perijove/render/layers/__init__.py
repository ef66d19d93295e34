"""The scene's drawable layers, one module each, on a common base (base.py).

Adding a layer is one module here and one entry in LAYER_TYPES: the renderer builds one of
each, syncs them with the scene graph and hands them the state every frame.
"""

from __future__ import annotations

from perijove.render.layers.features import FeatureLayer
from perijove.render.layers.globes import GlobeLayer
from perijove.render.layers.hotspots import HotspotLayer
from perijove.render.layers.milky_way import MilkyWayLayer
from perijove.render.layers.orbits import OrbitLayer
from perijove.render.layers.ring import RingLayer
from perijove.render.layers.spacecraft import SpacecraftLayer
from perijove.render.layers.stars import StarLayer
from perijove.render.layers.trail import TrailLayer

# The order is the order of update. The sky layers (Milky Way, stars) draw in the background
# renderer, the others in the depth slices; features and hot spots come after the globes: they
# read the globes' tessellation, and the hot spots switch Io's infrared shader.
LAYER_TYPES = (MilkyWayLayer, StarLayer, GlobeLayer, OrbitLayer, RingLayer, TrailLayer,
               SpacecraftLayer, FeatureLayer, HotspotLayer)
