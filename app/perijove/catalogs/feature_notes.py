"""Short sourced notes on features Juno observed (assets/feature_notes.csv), e.g. Loki's islands.

Each note carries the publication or release it comes from and the address of the copy read.
A note's `feature` is the Gazetteer name when `gazetteer_name` is true, otherwise an informal label
(e.g. "Steeple Mountain", "PJ68 southern hot spot").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from perijove.catalogs.tables import Loaded, RowError, assets_dir, read_rows, text_cell

BODIES = ("io", "europa", "ganymede", "callisto")

_COLUMNS = ("body", "feature", "gazetteer_name", "perijoves", "instrument", "date", "note",
            "source", "source_url")


@dataclass(frozen=True)
class FeatureNote:
    body: str
    feature: str
    gazetteer_name: bool  # True: `feature` is an IAU name found in assets/features/<body>.csv
    perijoves: tuple[int, ...]  # Juno perijove numbers; () when not a Juno observation
    instrument: str
    date: str  # ISO date or year of the observation, release or paper
    note: str
    source: str
    source_url: str


def _perijoves(text: str) -> tuple[int, ...]:
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        if not part.upper().startswith("PJ") or not part[2:].isdigit():
            raise RowError(f"perijoves '{text}' is not a ';'-separated list like PJ57;PJ58")
        out.append(int(part[2:]))
    return tuple(out)


def _build(row: dict[str, str]) -> FeatureNote:
    body = text_cell(row, "body").lower()
    if body not in BODIES:
        raise RowError(f"body '{body}' is not one of {', '.join(BODIES)}")
    flag = row["gazetteer_name"].lower()
    if flag not in ("yes", "no"):
        raise RowError(f"gazetteer_name '{row['gazetteer_name']}' is not yes or no")
    url = text_cell(row, "source_url")
    if not url.startswith(("https://", "http://")):
        raise RowError(f"source_url '{url}' is not a web address")
    return FeatureNote(
        body=body, feature=text_cell(row, "feature"), gazetteer_name=flag == "yes",
        perijoves=_perijoves(row["perijoves"]), instrument=row["instrument"],
        date=row["date"], note=text_cell(row, "note"), source=text_cell(row, "source"),
        source_url=url,
    )


@lru_cache(maxsize=4)
def load_feature_notes(path: Path | None = None) -> Loaded[FeatureNote]:
    """All notes, in file order; a missing or corrupt file gives no notes and one warning."""
    return read_rows(path or assets_dir() / "feature_notes.csv", _COLUMNS, _build)


def feature_note(body: str, name: str, *, path: Path | None = None) -> tuple[FeatureNote, ...]:
    """Every note on the feature `name` of `body` (case-insensitive), oldest first; () if none.

    An unknown body is a one-line ValueError naming it and the valid choices.
    """
    key = str(body).strip().lower()
    if key not in BODIES:
        raise ValueError(f"unknown body '{body}'; choose one of: {', '.join(BODIES)}")
    wanted = name.strip().casefold()
    notes = [n for n in load_feature_notes(path).items
             if n.body == key and n.feature.casefold() == wanted]
    return tuple(sorted(notes, key=lambda n: n.date))
