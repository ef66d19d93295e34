"""What a view draws: which layers are on, and the exposure. Shared by the window, the CLI
(`--hide LAYER,...`, `--no-stars`, `--limiting-mag`, `--exposure`) and export, so the same
choices give the same pixels. Ranges (limiting magnitude 0-12, exposure -10..+10 EV, Milky Way
brightness 0-10) are checked where users type them (the CLI, perijove.cli.common)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

# Layers a user can turn off by name (`--hide`); the window's View menu toggles the same.
HIDEABLE = ("orbits", "labels", "trail", "ring", "shadows", "markers", "spacecraft", "stars",
            "milky_way")
# The naked-eye sky: the Bright Star Catalogue (Hoffleit & Warren 1991, 5th revised ed., CDS
# V/50, whose ReadMe describes it as data "for stars brighter than magnitude 6.5"), the
# conventional limit of stars visible to the naked eye at a dark site.
DEFAULT_LIMITING_MAG = 6.5
MILKY_WAY_BRIGHTNESS_RANGE = (0.0, 10.0)  # times the subtle default


@dataclass(frozen=True)
class ViewOptions:
    orbits: bool = True
    labels: bool = True
    trail: bool = True
    ring: bool = False  # Jupiter's faint main ring: an option, off by default
    shadows: bool = True
    markers: bool = True
    spacecraft: bool = True
    jupitershine: bool = True
    # The exposure: None meters what is in view (scene/exposure.py: long for night sides);
    # a number is stops, for the globes and the stars alike (the stars' own levels are set
    # by the limiting magnitude; the automatic exposure leaves them as they are).
    exposure_ev: float | None = None
    features: bool = False  # IAU-named surface features of the moons (labels and dots)
    features_hidden: frozenset[str] = frozenset()  # "io" (a whole body) or "io:patera"
    hotspots: bool = False  # Io's volcanic hot spots, sized by power
    infrared: bool = False  # Io in infrared: a dark, cool surface and hot spots by power
    stars: bool = True  # the Hipparcos stars behind everything
    milky_way: bool = True  # the Gaia glow of the fainter stars
    star_names: bool = False  # IAU names of the brightest stars, at the lowest label priority
    limiting_mag: float = DEFAULT_LIMITING_MAG  # the faintest star drawn (V)
    milky_way_brightness: float = 1.0  # 1 is the subtle default

    @property
    def star_exposure_ev(self) -> float:
        """The stars' exposure in stops: the fixed one, or 0 under the automatic exposure."""
        return 0.0 if self.exposure_ev is None else float(self.exposure_ev)

    def hiding(self, names: str | list[str] | tuple[str, ...]) -> ViewOptions:
        """These options with the named layers off; a one-line ValueError names an unknown
        layer and lists the known ones."""
        if isinstance(names, str):
            names = [n for n in names.split(",") if n.strip()]
        changes = {}
        for raw in names:
            name = raw.strip().lower().replace("-", "_")
            if name not in HIDEABLE:
                raise ValueError(f"unknown layer '{raw}' for --hide; choose from: "
                                 f"{', '.join(HIDEABLE)}")
            changes[name] = False
        return replace(self, **changes)

    def shows_features(self, body: str, feature_type: str | None = None) -> bool:
        """Whether features of `body` (of one type, if given) are drawn."""
        if not self.features or body in self.features_hidden:
            return False
        return feature_type is None or f"{body}:{feature_type}" not in self.features_hidden

    def with_(self, **changes: object) -> ViewOptions:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
