"""Where the catalogues' small shipped tables (assets/*.csv) are, in a checkout or an install."""

from __future__ import annotations

from pathlib import Path


def asset_path(name: str) -> Path:
    """The shipped table `name` (repository assets/, or the installed perijove/assets)."""
    here = Path(__file__).resolve()
    for folder in (here.parents[3] / "assets", here.parents[1] / "assets"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"Perijove's table assets/{name} is missing; reinstall Perijove")


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of a shipped CSV table whose comment lines start with '#'."""
    import csv

    with asset_path(name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))
