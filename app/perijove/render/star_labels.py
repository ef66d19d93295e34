"""Labels for the brightest named stars: requests for the same collision-free layout as the
bodies' labels (perijove.scene.layout), at the lowest priority, so a star's name never hides a
body, the spacecraft or a marker, and crowded names are dropped.

Which stars: those with an IAU name (perijove.catalogs.star_names) no fainter than
STAR_NAME_LIMIT_MAG (and than the drawn limit), in view, not behind a body; brightest first,
so where two names compete the brighter star keeps its label.
"""

from __future__ import annotations

import numpy as np

from perijove.catalogs.star_names import star_names
from perijove.render.sky import epoch_tdb_s, hidden_by_globes, project_directions, star_look
from perijove.scene.camera import CameraState
from perijove.scene.graph import PRIORITY_MARKER
from perijove.scene.layout import LabelRequest
from perijove.scene.options import ViewOptions

PRIORITY_STAR = PRIORITY_MARKER + 1  # below every other label
# 142 named stars are brighter than V = 3 (Hipparcos-2, measured): enough to find one's way
# (every first-magnitude star and the constellations' main stars) without filling the sky.
STAR_NAME_LIMIT_MAG = 3.0
STAR_LABEL_COLOUR = (0.62, 0.68, 0.8)  # a quiet blue-grey, apart from the bodies' colours
STAR_KEY_PREFIX = "star:"  # label keys "star:HIP"; drawn in regular weight, bodies in bold


def is_star_label(key: str) -> bool:
    return key.startswith(STAR_KEY_PREFIX)


def star_label_requests(state, camera: CameraState, size_px: tuple[int, int],  # noqa: ANN001
                        options: ViewOptions) -> list[LabelRequest]:
    """Label requests for the named stars in view (none unless stars, labels and star names
    are all on)."""
    if not (options.stars and options.labels and options.star_names):
        return []
    look = star_look(min(options.limiting_mag, STAR_NAME_LIMIT_MAG), options.star_exposure_ev)
    names = star_names()
    named = np.flatnonzero(np.isin(look.stars.hip, np.fromiter(names, dtype=np.int64)))
    if not named.size:
        return []
    d = look.stars.directions_icrf(epoch_tdb_s(state.t_tdb_s))[named]
    xy, visible = project_directions(camera, d, size_px)
    w, h = size_px
    inside = visible & (xy[:, 0] >= 0) & (xy[:, 0] <= w) & (xy[:, 1] >= 0) & (xy[:, 1] <= h)
    inside &= ~hidden_by_globes(state, camera, d)
    out = []
    for k in np.flatnonzero(inside):  # rows are brightest first
        hip = int(look.stars.hip[named[k]])
        out.append(LabelRequest(f"{STAR_KEY_PREFIX}{hip}", names[hip], "", (float(xy[k, 0]),
                                float(xy[k, 1])), PRIORITY_STAR, 0.0, STAR_LABEL_COLOUR))
    return out
