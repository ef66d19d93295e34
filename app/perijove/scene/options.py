"""What a view draws: which layers are on, and the exposure. Shared by the window, the CLI
(`--hide LAYER,...`) and export, so the same choices give the same pixels."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

# Layers a user can turn off by name (`--hide`); the window's View menu toggles the same.
HIDEABLE = ("orbits", "labels", "trail", "ring", "shadows", "markers", "spacecraft")


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
    exposure_ev: float | None = None  # None: automatic (scene/exposure.py); else stops
    features: bool = False  # IAU-named surface features of the moons (labels and dots)
    features_hidden: frozenset[str] = frozenset()  # "io" (a whole body) or "io:patera"
    hotspots: bool = False  # Io's volcanic hot spots, sized by power
    infrared: bool = False  # Io in infrared: a dark, cool surface and hot spots by power

    def hiding(self, names: str | list[str] | tuple[str, ...]) -> ViewOptions:
        """These options with the named layers off; a one-line ValueError names an unknown
        layer and lists the known ones."""
        if isinstance(names, str):
            names = [n for n in names.split(",") if n.strip()]
        changes = {}
        for raw in names:
            name = raw.strip().lower()
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
