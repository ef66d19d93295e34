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

    def with_(self, **changes: object) -> ViewOptions:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
